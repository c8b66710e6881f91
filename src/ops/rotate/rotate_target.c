/* Where rotation's calls go and with which keys (rotate_int.h), and the
 * proofs: a signed request and a canary object, held in memory. */
#include "config.h"
#include "ops/rotate/rotate_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/conn/conn.h"
#include "s3/admin/admin_secret.h"
#include "util/creds_file.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define DEFAULT_TIMEOUT_MS 30000L

static char *dup0(const char *s) { return s ? xstrdup(s) : NULL; }

static const char *const kind_names[ROTATE__COUNT] = { "root", "app-user", "minio-user", "rgw", "iam" };

const char *rotate_kind_name(enum rotate_kind k)
{
	return k < ROTATE__COUNT ? kind_names[k] : "?";
}

void rotate_target_from_survey(struct rotate_target *t, const struct rotate_survey *sv)
{
	memset(t, 0, sizeof *t);
	t->kind = sv->kind;
	t->endpoint = dup0(sv->endpoint);
	t->region = dup0(sv->region);
	t->bucket = dup0(sv->bucket);
	t->admin_endpoint = dup0(sv->admin_endpoint);
	t->admin_region = dup0(sv->admin_region);
	t->admin_root = sv->admin_root;
	t->owner = dup0(sv->owner);
}

void rotate_target_copy(struct rotate_target *to, const struct rotate_target *from)
{
	*to = *from;
	to->endpoint = dup0(from->endpoint);
	to->region = dup0(from->region);
	to->bucket = dup0(from->bucket);
	to->admin_endpoint = dup0(from->admin_endpoint);
	to->admin_region = dup0(from->admin_region);
	to->admin_file = dup0(from->admin_file);
	to->owner = dup0(from->owner);
}

void rotate_target_save(const struct rotate_target *t, struct change_fields *f)
{
	change_fields_add(f, "kind", rotate_kind_name(t->kind));
	if (t->endpoint)
		change_fields_add(f, "endpoint", t->endpoint);
	if (t->region)
		change_fields_add(f, "region", t->region);
	change_fields_add(f, "bucket", t->bucket);
	if (t->admin_endpoint)
		change_fields_add(f, "admin-endpoint", t->admin_endpoint);
	if (t->admin_region)
		change_fields_add(f, "admin-region", t->admin_region);
	if (t->admin_file)
		change_fields_add(f, "admin-file", t->admin_file);
	change_fields_add_long(f, "admin-root", t->admin_root);
	if (t->owner)
		change_fields_add(f, "owner", t->owner);
}

int rotate_target_load(struct rotate_target *t, const struct change_fields *f, const char *kind,
		       struct rdm_error *err)
{
	memset(t, 0, sizeof *t);
	const char *k = change_fields_need(f, kind, "kind", err);
	const char *bucket = change_fields_need(f, kind, "bucket", err);
	if (!k || !bucket)
		return -1;
	size_t i = 0;
	while (i < ROTATE__COUNT && strcmp(kind_names[i], k))
		i++;
	if (i == ROTATE__COUNT)
		return rdm_error_set(err, _("%s: unknown rotation kind '%s'"), kind, k);
	long root = 0;
	change_fields_get_long(f, "admin-root", &root);
	t->kind = (enum rotate_kind)i;
	t->endpoint = dup0(change_fields_get(f, "endpoint"));
	t->region = dup0(change_fields_get(f, "region"));
	t->bucket = xstrdup(bucket);
	t->admin_endpoint = dup0(change_fields_get(f, "admin-endpoint"));
	t->admin_region = dup0(change_fields_get(f, "admin-region"));
	t->admin_file = dup0(change_fields_get(f, "admin-file"));
	t->admin_root = (int)root;
	t->owner = dup0(change_fields_get(f, "owner"));
	return 0;
}

void rotate_target_free(struct rotate_target *t)
{
	free(t->endpoint);
	free(t->region);
	free(t->bucket);
	free(t->admin_endpoint);
	free(t->admin_region);
	free(t->admin_file);
	free(t->owner);
	memset(t, 0, sizeof *t);
}

void rotate_env_of_ctx(struct rotate_env *e, const struct change_ctx *ctx)
{
	e->instance_dir = ctx->instance_dir;
	e->envp = ctx->envp;
	e->ca_file = ctx->ca_file;
	e->timeout_ms = ctx->timeout_ms;
	e->clock_offset = ctx->clock_offset;
}

static struct s3_client *make(const struct rotate_env *e, const char *endpoint, const char *region,
			      enum conn_creds_from from, const struct s3_credentials *creds, const char *label,
			      struct rdm_error *err)
{
	struct conn_request rq = {
		.instance_dir = e->instance_dir,
		.instance_explicit = 1,
		.endpoint = endpoint,
		.region = region,
		.ca_file = e->ca_file,
		.creds = creds,
		.creds_label = label,
		.creds_from = from,
		.envp = e->envp,
		.clock_offset = e->clock_offset,
	};
	struct conn c;
	struct s3_client *cl = NULL;
	if (conn_resolve(&rq, &c, err) == 0) {
		long t = e->timeout_ms ? e->timeout_ms : DEFAULT_TIMEOUT_MS;
		struct conn_client_opts o = { .connect_timeout_ms = t, .timeout_ms = t };
		o.retry.max_attempts = 2;
		cl = conn_client_new(&c, &o, err);
		conn_free(&c);
	}
	return cl;
}

struct s3_client *rotate_admin_client(const struct rotate_target *t, const struct rotate_env *e,
				      struct rdm_error *err)
{
	const char *ep = t->admin_endpoint ? t->admin_endpoint : t->endpoint;
	const char *region = t->admin_endpoint ? t->admin_region : t->region;
	if (t->admin_file) {
		struct creds_file f;
		if (creds_file_read_private(t->admin_file, &f, err) != 0)
			return NULL;
		struct s3_credentials cr = { f.access_key_id, f.secret_access_key, f.session_token };
		char *label = xasprintf("--admin-credentials-file %s", t->admin_file);
		struct s3_client *cl = make(e, ep, region, CONN_CREDS_GIVEN, &cr, label, err);
		free(label);
		creds_file_free(&f);
		return cl;
	}
	return make(e, ep, region, t->admin_root ? CONN_CREDS_SERVER_ROOT : CONN_CREDS_APP, NULL, NULL, err);
}

struct s3_client *rotate_key_client(const struct rotate_target *t, const struct rotate_env *e, const char *ak,
				    const char *sk, struct rdm_error *err)
{
	if (!ak)
		return make(e, t->endpoint, t->region, CONN_CREDS_APP, NULL, NULL, err);
	struct s3_credentials cr = { ak, sk, NULL };
	return make(e, t->endpoint, t->region, CONN_CREDS_GIVEN, &cr, _("the key being rotated (in memory)"), err);
}

int rotate_refused_for_key(const struct s3_status *st)
{
	static const char *const codes[] = { "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidClientTokenId",
					     "InvalidToken", "AuthorizationHeaderMalformed", NULL };
	if (st->transport != S3_TRANSPORT_OK || (st->http_status != 403 && st->http_status != 401 &&
						  st->http_status != 400))
		return 0;
	for (size_t i = 0; st->code && codes[i]; i++)
		if (!strcmp(st->code, codes[i]))
			return 1;
	/* HEAD answers have no body: 403 without a code is the key (AccessDenied
	 * would come with a body on GET, and a known key may HEAD its bucket). */
	return st->http_status == 403 && !st->code;
}

static int canary(struct s3_client *cl, const char *bucket, struct s3_status *st, const char **what)
{
	char *ak = NULL, *sk = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	if (s3_admin_new_key_pair("C", &ak, &sk, &err) != 0) {
		rdm_error_clear(&err);
		ak = xstrdup("C0");
	}
	secret_free(sk);
	char *key = xasprintf("rdm-s3-rotate/canary-%s", ak);
	char *body = xasprintf("rdm-s3 rotation canary %s; safe to delete\n", ak);
	struct buf got = BUF_INIT;
	int rc;
	*what = "PutObject";
	rc = s3_put_object(cl, bucket, key, body, strlen(body), NULL, NULL, st);
	if (rc == 0) {
		s3_status_clear(st);
		*what = "GetObject";
		rc = s3_get_object(cl, bucket, key, 0, &got, NULL, st);
		if (rc == 0 && (got.len != strlen(body) || memcmp(buf_str(&got), body, got.len))) {
			st->explanation = xstrdup(_("the canary object read back differs from what was written"));
			rc = -1;
		}
		struct s3_status dst = S3_STATUS_INIT;
		int drc = s3_delete_object(cl, bucket, key, &dst);
		if (rc == 0 && drc != 0) {
			*what = "DeleteObject";
			s3_status_clear(st);
			*st = dst;
			memset(&dst, 0, sizeof dst);
			rc = -1;
		}
		s3_status_clear(&dst);
	}
	buf_free(&got);
	free(body);
	free(key);
	free(ak);
	return rc;
}

int rotate_prove(struct s3_client *cl, const char *bucket, int with_canary, int wait_s, struct s3_status *st,
		 const char **what)
{
	for (int waited = 0;; waited++) {
		s3_status_clear(st);
		*what = "HeadBucket";
		int rc = s3_head_bucket(cl, bucket, NULL, st);
		if (rc == 0) {
			s3_status_clear(st);
			return with_canary ? canary(cl, bucket, st, what) : 0;
		}
		if (!rotate_refused_for_key(st) || waited >= wait_s)
			return -1;
		sleep(1);
	}
}

/* GetBucketLocation, not HeadBucket: its error answer has a body, so a
 * key the server does not know (InvalidAccessKeyId, SignatureDoesNotMatch)
 * is told apart from a key without the permission (AccessDenied). */
int rotate_wait_refused(struct s3_client *cl, const char *bucket, int wait_s, struct s3_status *st)
{
	for (int waited = 0;; waited++) {
		char *region = NULL;
		s3_status_clear(st);
		int rc = s3_get_bucket_location(cl, bucket, &region, st);
		free(region);
		if (rc != 0 && rotate_refused_for_key(st))
			return 1;
		if (rc != 0 || waited >= wait_s)
			return 0;
		sleep(1);
	}
}

int rotate_fail(struct change_step_result *r, const struct s3_status *st, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *summary = s3_status_summary(st);
	change_step_result_fail(r, st->explanation, st->remedy, "%s: %s", buf_str(&b), summary);
	free(summary);
	buf_free(&b);
	return -1;
}
