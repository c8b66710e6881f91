/* setup-cors: put the bucket's CORS rules (Amazon S3, Ceph RGW and the
 * other servers; MinIO's are server-wide, set in its compose service). The
 * rules the bucket had before are kept in the step, so undo puts them back
 * (or removes the configuration when there was none). */
#include "config.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

struct cors_step {
	struct step_conn conn;
	char *bucket;
	char *rules;     /* JSON */
	char *previous;  /* JSON, or NULL: none */
};

void *setup_cors_new(const struct step_conn *c, const char *bucket, const char *rules_json,
		     const char *previous_json)
{
	struct cors_step *p = xcalloc(1, sizeof *p);
	step_conn_init(&p->conn, c->endpoint, c->region, c->root);
	p->bucket = xstrdup(bucket);
	p->rules = xstrdup(rules_json);
	p->previous = previous_json ? xstrdup(previous_json) : NULL;
	return p;
}

static void cors_free(void *data)
{
	struct cors_step *p = data;
	step_conn_free(&p->conn);
	free(p->bucket);
	free(p->rules);
	free(p->previous);
	free(p);
}

static int put(struct s3_client *cl, const char *bucket, const char *json, struct change_step_result *r)
{
	struct s3_cors c = S3_CORS_INIT;
	struct s3_status st = S3_STATUS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = s3_cors_from_json(json, strlen(json), &c, &err);
	if (rc != 0)
		change_step_result_fail(r, err.message, NULL, _("the CORS rules of the change are damaged"));
	else if ((rc = s3_put_bucket_cors(cl, bucket, &c, &st)) != 0)
		step_fail(r, &st, _("putting CORS rules on bucket %s failed"), bucket);
	s3_cors_free(&c);
	s3_status_clear(&st);
	rdm_error_clear(&err);
	return rc;
}

static int cors_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct cors_step *p = s->data;
	struct s3_client *cl = step_client(&p->conn, ctx, r);
	int rc = cl ? put(cl, p->bucket, p->rules, r) : -1;
	if (rc == 0)
		change_step_result_set(r, _("CORS rules put on bucket %s"), p->bucket);
	s3_client_free(cl);
	return rc;
}

/* The bucket's rules as canonical JSON, or NULL when it has none. */
static int current(struct s3_client *cl, const char *bucket, char **json, struct change_step_result *r)
{
	struct s3_cors c = S3_CORS_INIT;
	struct s3_status st = S3_STATUS_INIT;
	int rc = 0;
	*json = NULL;
	if (s3_get_bucket_cors(cl, bucket, &c, &st) == 0) {
		struct buf b = BUF_INIT;
		s3_cors_to_json(&c, S3_CORS_JSON_ARRAY, &b);
		*json = buf_detach(&b);
	} else if (!st.code || strcmp(st.code, "NoSuchCORSConfiguration")) {
		rc = step_fail(r, &st, _("reading the CORS rules of bucket %s failed"), bucket);
	}
	s3_cors_free(&c);
	s3_status_clear(&st);
	return rc;
}

static char *canonical(const char *json)
{
	struct s3_cors c = S3_CORS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf b = BUF_INIT;
	if (s3_cors_from_json(json, strlen(json), &c, &err) == 0)
		s3_cors_to_json(&c, S3_CORS_JSON_ARRAY, &b);
	s3_cors_free(&c);
	rdm_error_clear(&err);
	return b.data ? buf_detach(&b) : xstrdup("");
}

static int cors_verify(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct cors_step *p = s->data;
	struct s3_client *cl = step_client(&p->conn, ctx, r);
	char *now = NULL, *want = canonical(p->rules);
	int rc = cl ? current(cl, p->bucket, &now, r) : -1;
	if (rc == 0)
		rc = now && !strcmp(now, want);
	free(now);
	free(want);
	s3_client_free(cl);
	return rc;
}

static int cors_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct cors_step *p = s->data;
	struct s3_client *cl = step_client(&p->conn, ctx, r);
	if (!cl)
		return -1;
	int rc;
	if (p->previous) {
		rc = put(cl, p->bucket, p->previous, r);
		if (rc == 0)
			change_step_result_set(r, _("the previous CORS rules of bucket %s put back"), p->bucket);
	} else {
		struct s3_status st = S3_STATUS_INIT;
		rc = s3_delete_bucket_cors(cl, p->bucket, &st);
		if (rc != 0 && st.code && !strcmp(st.code, "NoSuchBucket"))
			rc = 0; /* the bucket went (undone before): so did its rules */
		if (rc == 0)
			change_step_result_set(r, _("the CORS rules of bucket %s removed"), p->bucket);
		else
			step_fail(r, &st, _("removing the CORS rules of bucket %s failed"), p->bucket);
		s3_status_clear(&st);
	}
	s3_client_free(cl);
	return rc;
}

static void cors_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct cors_step *p = s->data;
	struct s3_cors c = S3_CORS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf d = BUF_INIT;
	if (s3_cors_from_json(p->rules, strlen(p->rules), &c, &err) == 0)
		for (size_t i = 0; i < c.n_rules; i++) {
			const struct s3_cors_rule *rule = &c.rules[i];
			for (size_t k = 0; k < rule->allowed_origins.n; k++)
				buf_printf(&d, "%s%s", d.len ? ", " : "", rule->allowed_origins.items[k]);
			buf_puts(&d, ": ");
			for (size_t k = 0; k < rule->allowed_methods.n; k++)
				buf_printf(&d, "%s%s", k ? " " : "", rule->allowed_methods.items[k]);
		}
	s3_cors_free(&c);
	rdm_error_clear(&err);
	t->title = xasprintf(_("put CORS rules on bucket %s"), p->bucket);
	t->detail = buf_detach(&d);
	t->undo = xstrdup(p->previous ? _("the previous rules put back") : _("removed again"));
}

static void cors_save(const struct change_step *s, struct change_fields *f)
{
	const struct cors_step *p = s->data;
	step_conn_save(&p->conn, f);
	change_fields_add(f, "bucket", p->bucket);
	change_fields_add(f, "rules", p->rules);
	change_fields_add(f, "previous", p->previous);
}

static int cors_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	const char *bucket = change_fields_need(f, s->type->kind, "bucket", err);
	const char *rules = bucket ? change_fields_need(f, s->type->kind, "rules", err) : NULL;
	struct step_conn c;
	if (!rules || step_conn_load(&c, f, s->type->kind, err) != 0)
		return -1;
	s->data = setup_cors_new(&c, bucket, rules, change_fields_get(f, "previous"));
	step_conn_free(&c);
	return 0;
}

const struct change_step_type setup_step_cors = {
	.kind = "setup-cors",
	.run = cors_run,
	.verify = cors_verify,
	.undo = cors_undo,
	.describe = cors_describe,
	.save = cors_save,
	.load = cors_load,
	.free_data = cors_free,
};
