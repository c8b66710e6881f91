/* setup-bucket: create the bucket the app will use (setup_steps.h). The
 * plan adds it only when the bucket did not exist, so its undo deletes the
 * bucket again, if it is still empty (S3 refuses to delete one that is not,
 * and then it is kept: it holds files now). */
#include "config.h"
#include "ops/setup/setup_steps.h"
#include "ops/bucket/bucket_ensure.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

struct bucket_step {
	struct step_conn conn;
	char *bucket;
};

void *setup_bucket_new(const struct step_conn *c, const char *bucket)
{
	struct bucket_step *b = xcalloc(1, sizeof *b);
	step_conn_init(&b->conn, c->endpoint, c->region, c->root);
	b->bucket = xstrdup(bucket);
	return b;
}

static void bucket_free(void *data)
{
	struct bucket_step *b = data;
	step_conn_free(&b->conn);
	free(b->bucket);
	free(b);
}

/* 1 exists (and these credentials may use it), 0 not, -1 failed (r says). */
static int exists(struct s3_client *cl, const char *bucket, struct change_step_result *r)
{
	struct s3_status st = S3_STATUS_INIT;
	int rc = s3_head_bucket(cl, bucket, NULL, &st) == 0 ? 1 : st.http_status == 404 ? 0 : -1;
	if (rc < 0)
		step_fail(r, &st, _("cannot tell whether bucket %s exists"), bucket);
	s3_status_clear(&st);
	return rc;
}

static int bucket_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct bucket_step *b = s->data;
	struct s3_client *cl = step_client(&b->conn, ctx, r);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	int rc = exists(cl, b->bucket, r);
	if (rc == 1) {
		change_step_result_set(r, _("bucket %s is there"), b->bucket);
		rc = 0;
	} else if (rc == 0) {
		struct bucket_ensure_result er;
		rc = ops_bucket_ensure(cl, b->bucket, &er, &st); /* asked twice (a resume): fine */
		if (rc == 0)
			change_step_result_set(r, b->conn.region ? _("bucket %s created in %s") : _("bucket %s created"),
					       b->bucket, b->conn.region);
		else
			step_fail(r, &st, _("creating bucket %s failed"), b->bucket);
	}
	s3_status_clear(&st);
	s3_client_free(cl);
	return rc;
}

static int bucket_verify(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct bucket_step *b = s->data;
	struct s3_client *cl = step_client(&b->conn, ctx, r);
	int rc = cl ? exists(cl, b->bucket, r) : -1;
	s3_client_free(cl);
	return rc;
}

static int bucket_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct bucket_step *b = s->data;
	struct s3_client *cl = step_client(&b->conn, ctx, r);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	int rc = 0;
	if (s3_delete_bucket(cl, b->bucket, &st) == 0)
		change_step_result_set(r, _("bucket %s deleted"), b->bucket);
	else if (st.code && !strcmp(st.code, "NoSuchBucket"))
		change_step_result_set(r, _("bucket %s was not there"), b->bucket);
	else if (st.code && !strcmp(st.code, "BucketNotEmpty"))
		change_step_result_set(r, _("bucket %s kept: it holds files now"), b->bucket);
	else
		rc = step_fail(r, &st, _("deleting bucket %s failed"), b->bucket);
	s3_status_clear(&st);
	s3_client_free(cl);
	return rc;
}

static void bucket_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct bucket_step *b = s->data;
	t->title = xasprintf(_("create bucket %s"), b->bucket);
	t->detail = b->conn.region ? xasprintf(_("in region %s, %s"), b->conn.region, step_conn_words(&b->conn, s->phase))
				   : xstrdup(step_conn_words(&b->conn, s->phase));
	t->undo = xstrdup(_("deleted again if still empty"));
}

static void bucket_save(const struct change_step *s, struct change_fields *f)
{
	const struct bucket_step *b = s->data;
	step_conn_save(&b->conn, f);
	change_fields_add(f, "bucket", b->bucket);
}

static int bucket_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	const char *bucket = change_fields_need(f, s->type->kind, "bucket", err);
	struct step_conn c;
	if (!bucket || step_conn_load(&c, f, s->type->kind, err) != 0)
		return -1;
	s->data = setup_bucket_new(&c, bucket);
	step_conn_free(&c);
	return 0;
}

const struct change_step_type setup_step_bucket = {
	.kind = "setup-bucket",
	.run = bucket_run,
	.verify = bucket_verify,
	.undo = bucket_undo,
	.describe = bucket_describe,
	.save = bucket_save,
	.load = bucket_load,
	.free_data = bucket_free,
};
