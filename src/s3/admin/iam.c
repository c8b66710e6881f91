/* IAM Query API calls (see iam.h). */
#include "config.h"
#include "s3/admin/iam.h"

#include <stdlib.h>
#include <string.h>

#include "s3/admin/admin_call.h"
#include "s3/admin/admin_secret.h"
#include "s3/model/xml.h"
#include "s3/sigv4/sigv4.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define IAM_VERSION "2010-05-08"
#define MAX_PAGES 100

static int bad_answer(struct s3_status *st, const char *operation, const char *why)
{
	st->body_malformed = 1;
	free(st->explanation);
	free(st->remedy);
	st->explanation = xasprintf(_("IAM answered %s with HTTP %ld, but the answer cannot be "
				      "read: %s."), operation, st->http_status, why);
	st->remedy = xstrdup(_("Check that the IAM endpoint is IAM's (https://iam.amazonaws.com)."));
	return -1;
}

/* Form body: Action, the given parameters (NULL values skipped), Version. */
static int call(struct s3_client *c, const char *action, const struct sigv4_param *params,
		size_t n, const char *subject, struct buf *answer, struct s3_status *st)
{
	struct buf body = BUF_INIT;
	buf_printf(&body, "Action=%s", action);
	for (size_t i = 0; i < n; i++) {
		if (!params[i].value)
			continue;
		buf_printf(&body, "&%s=", params[i].name);
		sigv4_uri_encode(&body, params[i].value, strlen(params[i].value), 0);
	}
	buf_puts(&body, "&Version=" IAM_VERSION);
	struct s3_admin_request r = {
		.api = S3_ADMIN_IAM, .operation = action, .method = "POST", .path = "/",
		.body = body.data, .body_len = body.len,
		.content_type = "application/x-www-form-urlencoded; charset=utf-8",
		.subject = subject,
	};
	int rc = s3_admin_call(c, &r, answer, st);
	buf_free(&body);
	return rc;
}

void iam_user_free(struct iam_user *u)
{
	if (!u)
		return;
	free(u->user_name);
	free(u->user_id);
	free(u->arn);
	free(u->create_date);
	memset(u, 0, sizeof *u);
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static void take_user(void *ctx, const char *const *v)
{
	struct iam_user *u = ctx;
	if (u->user_name)
		return;
	u->user_name = dup_or_null(v[0]);
	u->user_id = dup_or_null(v[1]);
	u->arn = dup_or_null(v[2]);
	u->create_date = dup_or_null(v[3]);
}

int iam_get_user(struct s3_client *c, const char *user, struct iam_user *out,
		 struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	struct sigv4_param p = { "UserName", user };
	struct buf answer = BUF_INIT;
	int rc = call(c, "GetUser", &p, 1, user, &answer, st);
	static const char *const fields[] = { "UserName", "UserId", "Arn", "CreateDate" };
	struct rdm_error err = RDM_ERROR_INIT;
	if (rc == 0 && (s3_xml_parse_records(answer.data, answer.len, "GetUserResponse", "User",
					     fields, 4, take_user, out, &err) != 0 ||
			!out->user_name)) {
		iam_user_free(out);
		rc = bad_answer(st, "GetUser", err.message ? err.message : _("no user in it"));
	}
	rdm_error_clear(&err);
	buf_free(&answer);
	return rc;
}

void iam_access_key_free(struct iam_access_key *k)
{
	if (!k)
		return;
	free(k->user_name);
	free(k->access_key_id);
	free(k->status);
	free(k->create_date);
	memset(k, 0, sizeof *k);
}

void iam_access_keys_free(struct iam_access_keys *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		iam_access_key_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static const char *const key_fields[] = { "UserName", "AccessKeyId", "Status", "CreateDate" };

static void fill_key(struct iam_access_key *k, const char *const *v)
{
	k->user_name = dup_or_null(v[0]);
	k->access_key_id = dup_or_null(v[1]);
	k->status = dup_or_null(v[2]);
	k->create_date = dup_or_null(v[3]);
}

static void take_created(void *ctx, const char *const *v)
{
	struct iam_access_key *k = ctx;
	if (!k->access_key_id)
		fill_key(k, v);
}

int iam_create_access_key(struct s3_client *c, const char *user, struct iam_access_key *out,
			  char **secret_key, struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	*secret_key = NULL;
	struct sigv4_param p = { "UserName", user };
	struct buf answer = BUF_INIT;
	int rc = call(c, "CreateAccessKey", &p, 1, user, &answer, st);
	struct rdm_error err = RDM_ERROR_INIT;
	if (rc == 0 && s3_admin_take_xml_secret(answer.data, answer.len, "SecretAccessKey",
						secret_key) != 0)
		rc = bad_answer(st, "CreateAccessKey", _("the secret key element is malformed"));
	else if (rc == 0 && (s3_xml_parse_records(answer.data, answer.len,
						  "CreateAccessKeyResponse", "AccessKey",
						  key_fields, 4, take_created, out, &err) != 0 ||
			     !out->access_key_id || !*secret_key))
		rc = bad_answer(st, "CreateAccessKey",
				err.message ? err.message : _("no access key in it"));
	if (rc != 0) {
		iam_access_key_free(out);
		secret_free(*secret_key);
		*secret_key = NULL;
	}
	rdm_error_clear(&err);
	buf_free_secret(&answer);
	return rc;
}

int iam_update_access_key(struct s3_client *c, const char *user, const char *access_key_id,
			  int active, struct s3_status *st)
{
	struct sigv4_param p[] = { { "AccessKeyId", access_key_id },
				   { "Status", active ? "Active" : "Inactive" }, { "UserName", user } };
	return call(c, "UpdateAccessKey", p, 3, access_key_id, NULL, st);
}

int iam_delete_access_key(struct s3_client *c, const char *user, const char *access_key_id,
			  struct s3_status *st)
{
	struct sigv4_param p[] = { { "AccessKeyId", access_key_id }, { "UserName", user } };
	return call(c, "DeleteAccessKey", p, 2, access_key_id, NULL, st);
}

struct page {
	struct iam_access_keys *out;
	char *marker;
	int truncated;
};

static void take_listed(void *ctx, const char *const *v)
{
	struct page *pg = ctx;
	struct iam_access_keys *l = pg->out;
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	memset(&l->items[l->n], 0, sizeof *l->items);
	fill_key(&l->items[l->n++], v);
}

static void take_page(void *ctx, const char *const *v)
{
	struct page *pg = ctx;
	pg->truncated = v[0] && strcmp(v[0], "true") == 0;
	free(pg->marker);
	pg->marker = dup_or_null(v[1]);
}

int iam_list_access_keys(struct s3_client *c, const char *user, struct iam_access_keys *out,
			 struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	struct page pg = { out, NULL, 0 };
	static const char *const page_fields[] = { "IsTruncated", "Marker" };
	int rc = 0;
	for (int i = 0; rc == 0 && i < MAX_PAGES; i++) {
		struct sigv4_param p[] = { { "Marker", pg.marker }, { "UserName", user } };
		pg.truncated = 0;
		struct buf answer = BUF_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		rc = call(c, "ListAccessKeys", p, 2, user, &answer, st);
		if (rc == 0 &&
		    (s3_xml_parse_records(answer.data, answer.len, "ListAccessKeysResponse", "member",
					  key_fields, 4, take_listed, &pg, &err) != 0 ||
		     s3_xml_parse_records(answer.data, answer.len, "ListAccessKeysResponse",
					  "ListAccessKeysResult", page_fields, 2, take_page, &pg,
					  &err) != 0))
			rc = bad_answer(st, "ListAccessKeys", err.message);
		rdm_error_clear(&err);
		buf_free(&answer);
		if (!pg.truncated || !pg.marker)
			break;
	}
	free(pg.marker);
	if (rc != 0)
		iam_access_keys_free(out);
	return rc;
}
