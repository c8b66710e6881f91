/* Ceph RGW admin ops calls (see rgw_admin.h). */
#include "config.h"
#include "s3/admin/rgw_admin.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "s3/admin/admin_call.h"
#include "s3/admin/admin_secret.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

static int bad_answer(struct s3_status *st, const char *operation, const char *why)
{
	st->body_malformed = 1;
	free(st->explanation);
	free(st->remedy);
	st->explanation = xasprintf(_("Ceph RGW answered %s with HTTP %ld, but the answer cannot "
				      "be read: %s."), operation, st->http_status, why);
	st->remedy = xstrdup(_("Check that the endpoint is the RGW S3 endpoint (the admin API is "
			       "under /admin on the same port)."));
	return -1;
}

static int run(struct s3_client *c, const char *operation, const char *method,
	       const struct sigv4_param *params, size_t n, const char *subject, struct buf *answer,
	       struct s3_status *st)
{
	struct s3_admin_request r = { .api = S3_ADMIN_RGW, .operation = operation,
				      .method = method, .path = "/admin/user", .params = params,
				      .n_params = n, .subject = subject };
	return s3_admin_call(c, &r, answer, st);
}

void rgw_user_info_free(struct rgw_user_info *u)
{
	if (!u)
		return;
	free(u->user_id);
	free(u->display_name);
	for (size_t i = 0; i < u->n_keys; i++) {
		free(u->keys[i].user);
		free(u->keys[i].access_key);
	}
	free(u->keys);
	free(u->caps);
	memset(u, 0, sizeof *u);
}

static char *json_dup(json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	return s ? xstrdup(s) : NULL;
}

static char *caps_text(json_t *caps)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < json_array_size(caps); i++) {
		json_t *e = json_array_get(caps, i);
		const char *t = json_string_value(json_object_get(e, "type"));
		const char *p = json_string_value(json_object_get(e, "perm"));
		if (t)
			buf_printf(&b, "%s%s=%s", b.len ? ";" : "", t, p ? p : "");
	}
	return b.len ? buf_detach(&b) : NULL;
}

static int parse_user(json_t *doc, struct rgw_user_info *out)
{
	json_t *keys = json_object_get(doc, "keys");
	if (!json_is_object(doc) || !json_is_array(keys))
		return -1;
	out->user_id = json_dup(doc, "user_id");
	out->display_name = json_dup(doc, "display_name");
	out->suspended = (int)json_integer_value(json_object_get(doc, "suspended"));
	out->caps = caps_text(json_object_get(doc, "caps"));
	size_t n = json_array_size(keys);
	out->keys = n ? xcalloc(n, sizeof *out->keys) : NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *k = json_array_get(keys, i);
		char *ak = json_dup(k, "access_key");
		if (!ak)
			continue;
		out->keys[out->n_keys].access_key = ak;
		out->keys[out->n_keys++].user = json_dup(k, "user");
	}
	return 0;
}

int rgw_admin_user_info(struct s3_client *c, const char *uid, const char *access_key,
			struct rgw_user_info *out, struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	struct sigv4_param p = uid ? (struct sigv4_param){ "uid", uid }
				   : (struct sigv4_param){ "access-key", access_key };
	struct buf answer = BUF_INIT;
	int rc = run(c, "GetUserInfo", "GET", &p, 1, uid ? uid : access_key, &answer, st);
	char *none = NULL;
	if (rc == 0 && s3_admin_take_json_secret(answer.data, answer.len, NULL, &none) != 0)
		rc = bad_answer(st, "GetUserInfo", _("a secret_key value is malformed"));
	if (rc == 0) {
		json_t *doc = json_loadb(answer.data ? answer.data : "", answer.len, 0, NULL);
		if (parse_user(doc, out) != 0) {
			rgw_user_info_free(out);
			rc = bad_answer(st, "GetUserInfo", _("not a user document"));
		}
		json_decref(doc);
	}
	buf_free_secret(&answer);
	return rc;
}

int rgw_user_has_key(const struct rgw_user_info *info, const char *access_key)
{
	for (size_t i = 0; i < info->n_keys; i++)
		if (strcmp(info->keys[i].access_key, access_key) == 0)
			return 1;
	return 0;
}

int rgw_admin_create_key(struct s3_client *c, const char *uid, const char *access_key,
			 char **secret_key, struct s3_status *st)
{
	*secret_key = NULL;
	struct sigv4_param p[] = { { "key", "" }, { "uid", uid }, { "key-type", "s3" },
				   { "access-key", access_key }, { "generate-key", "true" } };
	struct buf answer = BUF_INIT;
	int rc = run(c, "CreateKey", "PUT", p, sizeof p / sizeof *p, uid, &answer, st);
	if (rc == 0 && s3_admin_take_json_secret(answer.data, answer.len, access_key, secret_key) != 0)
		rc = bad_answer(st, "CreateKey", _("a secret_key value is malformed"));
	else if (rc == 0 && !*secret_key)
		rc = bad_answer(st, "CreateKey", _("the new key is not in the answer"));
	buf_free_secret(&answer);
	return rc;
}

/* After an InvalidAccessKeyId: was it the key to remove that is unknown? */
static void explain_missing_key(struct s3_client *c, const char *uid, const char *access_key,
				struct s3_status *st)
{
	struct rgw_user_info info;
	struct s3_status st2 = S3_STATUS_INIT;
	if (rgw_admin_user_info(c, uid, NULL, &info, &st2) == 0 && !rgw_user_has_key(&info, access_key)) {
		free(st->explanation);
		free(st->remedy);
		st->explanation = xasprintf(_("RemoveKey: user %s has no access key %s (any more)."),
					    uid, access_key);
		st->remedy = xstrdup(_("Nothing to revoke if it was already removed; otherwise check "
				       "the access key ID."));
	}
	rgw_user_info_free(&info);
	s3_status_clear(&st2);
}

int rgw_admin_remove_key(struct s3_client *c, const char *uid, const char *access_key,
			 struct s3_status *st)
{
	struct sigv4_param p[] = { { "key", "" }, { "uid", uid }, { "key-type", "s3" },
				   { "access-key", access_key } };
	int rc = run(c, "RemoveKey", "DELETE", p, sizeof p / sizeof *p, access_key, NULL, st);
	if (rc != 0 && st->http_status == 403 && st->code &&
	    strcmp(st->code, "InvalidAccessKeyId") == 0)
		explain_missing_key(c, uid, access_key, st);
	return rc;
}
