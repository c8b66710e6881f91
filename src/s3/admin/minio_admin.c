/* MinIO admin API calls (see minio_admin.h). */
#include "config.h"
#include "s3/admin/minio_admin.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "s3/admin/admin_call.h"
#include "s3/admin/admin_secret.h"
#include "s3/admin/madmin_crypt.h"
#include "s3/client_internal.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define ADMIN_PREFIX "/minio/admin/v3"

struct call {
	const char *operation, *method, *path, *subject;
	struct sigv4_param params[3];
	size_t n_params;
	const struct buf *body; /* NULL: none */
	int encrypted;          /* body is madmin-encrypted */
};

static int run(struct s3_client *c, const struct call *k, struct buf *answer,
	       struct s3_status *st)
{
	char *path = xasprintf(ADMIN_PREFIX "%s", k->path);
	struct s3_admin_request r = {
		.api = S3_ADMIN_MINIO, .operation = k->operation, .method = k->method,
		.path = path, .params = k->params, .n_params = k->n_params,
		.body = k->body ? k->body->data : NULL, .body_len = k->body ? k->body->len : 0,
		.content_type = k->encrypted ? "application/octet-stream"
			      : k->body ? "application/json" : NULL,
		.subject = k->subject,
	};
	int rc = s3_admin_call(c, &r, answer, st);
	free(path);
	return rc;
}

/* A 2xx answer we cannot use: say so in st, as for malformed S3 answers. */
static int bad_answer(struct s3_status *st, const char *operation, const char *why)
{
	st->body_malformed = 1;
	free(st->explanation);
	free(st->remedy);
	st->explanation = xasprintf(_("MinIO answered %s with HTTP %ld, but the answer cannot be "
				      "read: %s."), operation, st->http_status, why);
	st->remedy = xstrdup(_("Check that the endpoint is MinIO's S3 API port and that the admin "
			       "credentials are the ones MinIO knows."));
	return -1;
}

/* Encrypts the JSON plaintext (which holds secrets) with the admin secret. */
static int encrypt_body(struct s3_client *c, struct buf *plain, struct buf *out,
			struct s3_status *st, const char *operation)
{
	struct rdm_error err = RDM_ERROR_INIT;
	const char *secret = s3_client_secret_key(c);
	int rc = secret ? madmin_encrypt(secret, plain->data, plain->len, out, &err)
			: rdm_error_set(&err, _("no admin credentials"));
	buf_free_secret(plain);
	if (rc != 0) {
		s3_status_clear(st);
		st->explanation = xasprintf(_("%s was not sent: %s."), operation, err.message);
		st->remedy = xstrdup(_("Give admin credentials (--admin-credentials-file)."));
	}
	rdm_error_clear(&err);
	return rc;
}

int minio_admin_add_user(struct s3_client *c, const char *user, const char *secret_key,
			 struct s3_status *st)
{
	struct buf plain = BUF_INIT, body = BUF_INIT;
	/* Room for the worst case (every byte escaped as \u00XX): no realloc
	 * leaves a copy of the secret behind. */
	buf_reserve(&plain, 6 * strlen(secret_key) + 64);
	buf_puts(&plain, "{\"secretKey\":");
	s3_admin_json_string(&plain, secret_key);
	buf_puts(&plain, ",\"status\":\"enabled\"}");
	if (encrypt_body(c, &plain, &body, st, "AddUser") != 0)
		return -1;
	struct call k = { "AddUser", "PUT", "/add-user", user, { { "accessKey", user } }, 1, &body, 1 };
	int rc = run(c, &k, NULL, st);
	buf_free(&body);
	return rc;
}

int minio_admin_remove_user(struct s3_client *c, const char *user, struct s3_status *st)
{
	struct call k = { "RemoveUser", "DELETE", "/remove-user", user, { { "accessKey", user } }, 1,
			  NULL, 0 };
	return run(c, &k, NULL, st);
}

int minio_admin_set_user_enabled(struct s3_client *c, const char *user, int enabled,
				 struct s3_status *st)
{
	struct call k = { "SetUserStatus", "PUT", "/set-user-status", user,
			  { { "accessKey", user }, { "status", enabled ? "enabled" : "disabled" } },
			  2, NULL, 0 };
	return run(c, &k, NULL, st);
}

static char *json_dup(json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	return s && *s ? xstrdup(s) : NULL;
}

void minio_user_info_free(struct minio_user_info *u)
{
	if (!u)
		return;
	free(u->status);
	free(u->policy_name);
	free(u->updated_at);
	memset(u, 0, sizeof *u);
}

int minio_admin_user_info(struct s3_client *c, const char *user, struct minio_user_info *out,
			  struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	struct buf answer = BUF_INIT;
	struct call k = { "GetUserInfo", "GET", "/user-info", user, { { "accessKey", user } }, 1,
			  NULL, 0 };
	int rc = run(c, &k, &answer, st);
	if (rc == 0) {
		json_t *doc = json_loadb(answer.data ? answer.data : "", answer.len, 0, NULL);
		if (!json_is_object(doc)) {
			rc = bad_answer(st, "GetUserInfo", _("not a JSON object"));
		} else {
			out->status = json_dup(doc, "status");
			out->policy_name = json_dup(doc, "policyName");
			out->updated_at = json_dup(doc, "updatedAt");
		}
		json_decref(doc);
	}
	buf_free_secret(&answer);
	return rc;
}

void minio_bucket_policy_json(const char *bucket, struct buf *out)
{
	char *b = xasprintf("arn:aws:s3:::%s", bucket), *o = xasprintf("arn:aws:s3:::%s/*", bucket);
	json_t *doc = json_pack(
		"{s:s, s:[{s:s, s:[s,s,s], s:[s]}, {s:s, s:[s,s,s,s,s], s:[s]}]}",
		"Version", "2012-10-17", "Statement",
		"Effect", "Allow", "Action", "s3:GetBucketLocation", "s3:ListBucket",
		"s3:ListBucketMultipartUploads", "Resource", b,
		"Effect", "Allow", "Action", "s3:GetObject", "s3:PutObject", "s3:DeleteObject",
		"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "Resource", o);
	char *text = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_COMPACT);
	buf_puts(out, text ? text : "");
	free(text);
	json_decref(doc);
	free(b);
	free(o);
}

int minio_admin_add_bucket_policy(struct s3_client *c, const char *policy_name,
				  const char *bucket, struct s3_status *st)
{
	struct buf body = BUF_INIT;
	minio_bucket_policy_json(bucket, &body);
	struct call k = { "AddCannedPolicy", "PUT", "/add-canned-policy", policy_name,
			  { { "name", policy_name } }, 1, &body, 0 };
	int rc = run(c, &k, NULL, st);
	buf_free(&body);
	return rc;
}

int minio_admin_remove_policy(struct s3_client *c, const char *policy_name, struct s3_status *st)
{
	struct call k = { "RemoveCannedPolicy", "DELETE", "/remove-canned-policy", policy_name,
			  { { "name", policy_name } }, 1, NULL, 0 };
	return run(c, &k, NULL, st);
}

int minio_admin_set_user_policy(struct s3_client *c, const char *user, const char *policy_name,
				struct s3_status *st)
{
	struct call k = { "SetPolicy", "PUT", "/set-user-or-group-policy", user,
			  { { "isGroup", "false" }, { "policyName", policy_name },
			    { "userOrGroup", user } }, 3, NULL, 0 };
	return run(c, &k, NULL, st);
}

int minio_admin_add_service_account(struct s3_client *c, const char *parent_user,
				     const char *access_key, const char *secret_key,
				     const char *description, struct s3_status *st)
{
	struct buf plain = BUF_INIT, body = BUF_INIT;
	buf_reserve(&plain, 6 * (strlen(parent_user) + strlen(access_key) + strlen(secret_key) +
				 (description ? strlen(description) : 0)) + 128);
	buf_puts(&plain, "{\"targetUser\":");
	s3_admin_json_string(&plain, parent_user);
	buf_puts(&plain, ",\"accessKey\":");
	s3_admin_json_string(&plain, access_key);
	buf_puts(&plain, ",\"secretKey\":");
	s3_admin_json_string(&plain, secret_key);
	if (description) {
		buf_puts(&plain, ",\"description\":");
		s3_admin_json_string(&plain, description);
	}
	buf_putc(&plain, '}');
	if (encrypt_body(c, &plain, &body, st, "AddServiceAccount") != 0)
		return -1;
	/* The answer repeats the key pair, encrypted: nothing to read. */
	struct call k = { "AddServiceAccount", "PUT", "/add-service-account", access_key, { { 0 } },
			  0, &body, 1 };
	int rc = run(c, &k, NULL, st);
	buf_free(&body);
	return rc;
}

int minio_admin_delete_service_account(struct s3_client *c, const char *access_key,
				       struct s3_status *st)
{
	struct call k = { "DeleteServiceAccount", "DELETE", "/delete-service-account", access_key,
			  { { "accessKey", access_key } }, 1, NULL, 0 };
	return run(c, &k, NULL, st);
}

void minio_service_accounts_free(struct minio_service_accounts *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct minio_service_account *a = &l->items[i];
		free(a->access_key);
		free(a->parent_user);
		free(a->status);
		free(a->name);
		free(a->description);
		free(a->expiration);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

static int parse_accounts(const struct buf *plain, struct minio_service_accounts *out)
{
	json_t *doc = json_loadb(plain->data ? plain->data : "", plain->len, 0, NULL);
	json_t *arr = json_object_get(doc, "accounts");
	if (!json_is_object(doc) || !(json_is_array(arr) || json_is_null(arr) || !arr)) {
		json_decref(doc);
		return -1;
	}
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
	out->items = n ? xcalloc(n, sizeof *out->items) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(arr, i);
		struct minio_service_account *a = &out->items[out->n];
		if (!(a->access_key = json_dup(e, "accessKey")))
			continue;
		a->parent_user = json_dup(e, "parentUser");
		a->status = json_dup(e, "accountStatus");
		a->name = json_dup(e, "name");
		a->description = json_dup(e, "description");
		a->expiration = json_dup(e, "expiration");
		out->n++;
	}
	json_decref(doc);
	return 0;
}

int minio_admin_list_service_accounts(struct s3_client *c, const char *user,
				      struct minio_service_accounts *out, struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	struct buf answer = BUF_INIT, plain = BUF_INIT;
	struct call k = { "ListServiceAccounts", "GET", "/list-service-accounts", user,
			  { { "user", user ? user : "" } }, user ? 1 : 0, NULL, 0 };
	int rc = run(c, &k, &answer, st);
	if (rc == 0) {
		struct rdm_error err = RDM_ERROR_INIT;
		if (madmin_decrypt(s3_client_secret_key(c), answer.data, answer.len, &plain, &err) != 0)
			rc = bad_answer(st, "ListServiceAccounts", err.message);
		else if (parse_accounts(&plain, out) != 0)
			rc = bad_answer(st, "ListServiceAccounts", _("not the expected JSON document"));
		rdm_error_clear(&err);
	}
	buf_free_secret(&plain);
	buf_free_secret(&answer);
	return rc;
}

int minio_admin_service_account_parent(struct s3_client *c, const char *access_key, char **parent,
				       struct s3_status *st)
{
	*parent = NULL;
	struct buf answer = BUF_INIT, plain = BUF_INIT;
	struct call k = { "InfoServiceAccount", "GET", "/info-service-account", access_key,
			  { { "accessKey", access_key } }, 1, NULL, 0 };
	int rc = run(c, &k, &answer, st);
	if (rc == 0) {
		struct rdm_error err = RDM_ERROR_INIT;
		json_t *doc = NULL;
		if (madmin_decrypt(s3_client_secret_key(c), answer.data, answer.len, &plain, &err) != 0)
			rc = bad_answer(st, "InfoServiceAccount", err.message);
		else if (!(doc = json_loadb(plain.data ? plain.data : "", plain.len, 0, NULL)) ||
			 !(*parent = json_dup(doc, "parentUser")))
			rc = bad_answer(st, "InfoServiceAccount", _("not the expected JSON document"));
		json_decref(doc);
		rdm_error_clear(&err);
	}
	buf_free_secret(&plain);
	buf_free_secret(&answer);
	return rc;
}
