/* The fake setup engine (see fake_setup_engine.h). */
#include "config.h"
#include "fake_setup_engine.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/secret.h"
#include "util/xalloc.h"

static struct fake_setup *F;

void fake_setup_use(struct fake_setup *f)
{
	F = f;
}

void fake_setup_done(struct fake_setup *f)
{
	free(f->last_auth_secret);
	f->last_auth_secret = NULL;
	free(f->last_fix_check);
	f->last_fix_check = NULL;
	F = NULL;
}

static char *sdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* --- survey -------------------------------------------------------------- */

static int survey_read(const char *dir, char *const *envp, struct setup_survey *o, struct rdm_error *err)
{
	(void)envp;
	memset(o, 0, sizeof *o);
	if (F->survey_fails)
		return rdm_error_set(err, "invenio.cfg:12: not a Python assignment");
	o->instance_dir = xstrdup(dir);
	o->project = xstrdup("demo-repo");
	o->file_storage_s3 = o->uses_invenio_s3 = 1;
	o->site_url = xstrdup("https://127.0.0.1");
	o->site_url_where = xstrdup("invenio.cfg:87");
	o->origin = xstrdup("https://127.0.0.1");
	o->bucket = xstrdup("default");
	if (F->kind == FAKE_FRESH_MINIO) {
		o->kind = SETUP_STORAGE_MINIO;
		o->service = xstrdup("s3");
		o->service_kind = SETUP_STORAGE_MINIO;
		o->service_endpoint = xstrdup("http://localhost:9000");
		o->root_user = xstrdup("CHANGE_ME");
		o->root_user_placeholder = o->root_password_placeholder = 1;
		o->endpoint = xstrdup("http://localhost:9000/");
		o->endpoint_where = xstrdup("invenio.cfg:73");
		o->access_key_id = xstrdup("CHANGE_ME");
		o->access_key_where = xstrdup("invenio.cfg:74");
		o->access_key_placeholder = o->secret_placeholder = 1;
		o->app_uses_root = 1;
		o->creds_in = SETUP_CREDS_CFG;
		o->placeholders = xcalloc(4, sizeof *o->placeholders);
		o->placeholders[o->n_placeholders++] = xstrdup("S3_ACCESS_KEY_ID (invenio.cfg:74)");
		o->placeholders[o->n_placeholders++] = xstrdup("S3_SECRET_ACCESS_KEY (invenio.cfg:75)");
		o->placeholders[o->n_placeholders++] = xstrdup("MINIO_ROOT_PASSWORD (docker-services.yml:65)");
	} else {
		o->kind = F->kind == FAKE_AWS ? SETUP_STORAGE_AWS : SETUP_STORAGE_OTHER;
		o->endpoint = xstrdup(F->kind == FAKE_AWS ? "https://s3.eu-west-1.amazonaws.com"
				      : "http://127.0.0.1:7480");
		o->endpoint_where = xstrdup(".env:1");
		o->region = F->kind == FAKE_AWS ? xstrdup("eu-west-1") : NULL;
		o->access_key_id = xstrdup("AKIAFAKEKEY0001");
		o->access_key_where = xstrdup(".env:2");
		o->creds_in = SETUP_CREDS_ENV;
	}
	o->runner = SETUP_RUNNER_PIPENV;
	return 0;
}

static void survey_free(struct setup_survey *s)
{
	free(s->instance_dir); free(s->project); free(s->service); free(s->service_endpoint);
	free(s->root_user); free(s->cors_allow_origin); free(s->endpoint); free(s->endpoint_where);
	free(s->region); free(s->bucket); free(s->access_key_id); free(s->access_key_where);
	free(s->site_url); free(s->site_url_where); free(s->origin); free(s->pending_change);
	free(s->pending_resume);
	for (size_t i = 0; i < s->n_placeholders; i++)
		free(s->placeholders[i]);
	free(s->placeholders);
	memset(s, 0, sizeof *s);
}

/* --- draft --------------------------------------------------------------- */

static void draft_init(struct setup_draft *d)
{
	memset(d, 0, sizeof *d);
	d->storage = SETUP_STORAGE_MINIO;
}

static void draft_set(char **field, const char *value)
{
	free(*field);
	*field = sdup(value);
}

static void draft_set_secret(struct setup_draft *d, const char *secret)
{
	secret_free(d->secret);
	d->secret = sdup(secret);
}

static void add_origin(struct setup_draft *d, const char *origin)
{
	d->cors_origins = xrealloc(d->cors_origins, (d->n_cors_origins + 1) * sizeof *d->cors_origins);
	d->cors_origins[d->n_cors_origins++] = xstrdup(origin);
}

static void clear_origins(struct setup_draft *d)
{
	for (size_t i = 0; i < d->n_cors_origins; i++)
		free(d->cors_origins[i]);
	free(d->cors_origins);
	d->cors_origins = NULL;
	d->n_cors_origins = 0;
}

static void draft_free(struct setup_draft *d)
{
	free(d->endpoint); free(d->region); free(d->bucket); free(d->access_key_id);
	secret_free(d->secret);
	clear_origins(d);
	free(d->site_url); free(d->location_name);
	memset(d, 0, sizeof *d);
}

static int generate_secret(struct setup_draft *d, struct rdm_error *err)
{
	(void)err;
	draft_set_secret(d, "Gen3rated0Secret0For0The0Tests0123456789");
	d->secret_generated = 1;
	return 0;
}

static int own(enum setup_storage s)
{
	return s == SETUP_STORAGE_MINIO || s == SETUP_STORAGE_RUSTFS;
}

static void draft_defaults(struct setup_draft *d, const struct setup_survey *sv)
{
	if (!d->bucket)
		draft_set(&d->bucket, sv->bucket ? sv->bucket : "default");
	if (!d->access_key_id) {
		if (own(d->storage))
			draft_set(&d->access_key_id, sv->root_user_placeholder || !sv->root_user ? "rdm-admin"
							     : sv->root_user);
		else if (d->storage == sv->kind)
			draft_set(&d->access_key_id, sv->access_key_id);
	}
	if (!d->region && d->storage == sv->kind && sv->region)
		draft_set(&d->region, sv->region);
	if (!d->endpoint && !own(d->storage) && d->storage == SETUP_STORAGE_OTHER && sv->kind == d->storage)
		draft_set(&d->endpoint, sv->endpoint);
	if (!d->n_cors_origins && sv->origin)
		add_origin(d, sv->origin);
}

/* --- validation ---------------------------------------------------------- */

static enum setup_level say(struct setup_field_check *fc, enum setup_level l, const char *msg)
{
	fc->level = l;
	fc->message = msg ? xstrdup(msg) : NULL;
	return l;
}

static int bucket_name_ok(const char *b)
{
	size_t n = b ? strlen(b) : 0;
	if (n < 3 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= '0' && b[i] <= '9') || b[i] == '-' || b[i] == '.'))
			return 0;
	return b[0] != '-' && b[n - 1] != '-';
}

static enum setup_level field_validate(const struct setup_draft *d, const struct setup_survey *sv,
				       enum setup_field f, struct setup_field_check *fc)
{
	memset(fc, 0, sizeof *fc);
	switch (f) {
	case SETUP_F_STORAGE:
		if (d->storage == SETUP_STORAGE_RUSTFS && (!sv->service || sv->service_kind != SETUP_STORAGE_RUSTFS))
			return say(fc, SETUP_ERROR, "this instance has no RustFS service");
		return SETUP_OK;
	case SETUP_F_ENDPOINT:
		if (d->endpoint && strncmp(d->endpoint, "http://", 7) && strncmp(d->endpoint, "https://", 8))
			return say(fc, SETUP_ERROR, "an endpoint starts with http:// or https://");
		if (d->storage == SETUP_STORAGE_OTHER && !d->endpoint)
			return say(fc, SETUP_ERROR, "another S3 server needs its endpoint URL");
		if (d->endpoint && strstr(d->endpoint, "//localhost") && sv->site_url &&
		    !strstr(sv->site_url, "127.0.0.1"))
			return say(fc, SETUP_WARN, "browsers cannot reach localhost: presigned URLs carry this host");
		return SETUP_OK;
	case SETUP_F_REGION:
		if (d->storage == SETUP_STORAGE_AWS && !d->region)
			return say(fc, SETUP_WARN, "no region: it is detected from the bucket");
		return SETUP_OK;
	case SETUP_F_BUCKET:
		return bucket_name_ok(d->bucket ? d->bucket : "default") ? SETUP_OK
		       : say(fc, SETUP_ERROR, "3-63 characters: lowercase letters, digits, '-' and '.'");
	case SETUP_F_ACCESS_KEY_ID:
		return d->access_key_id && *d->access_key_id ? SETUP_OK
		       : say(fc, SETUP_ERROR, own(d->storage) ? "the root user is empty" : "the key id is empty");
	case SETUP_F_SECRET:
		if (!d->secret || !*d->secret)
			return say(fc, SETUP_ERROR, "the secret is empty");
		if (own(d->storage) && strlen(d->secret) < 8)
			return say(fc, SETUP_ERROR, "MinIO wants at least 8 characters");
		return SETUP_OK;
	case SETUP_F_CORS_ORIGINS:
		for (size_t i = 0; i < d->n_cors_origins; i++)
			if (strncmp(d->cors_origins[i], "http", 4) && strcmp(d->cors_origins[i], "*"))
				return say(fc, SETUP_ERROR, "an origin is scheme://host[:port], or *");
		return d->n_cors_origins ? SETUP_OK : say(fc, SETUP_ERROR, "at least one origin");
	default:
		return SETUP_OK;
	}
}

static void field_check_free(struct setup_field_check *fc)
{
	free(fc->message);
	memset(fc, 0, sizeof *fc);
}

static const char *storage_summary(enum setup_storage s)
{
	switch (s) {
	case SETUP_STORAGE_MINIO: return "the instance's own MinIO container";
	case SETUP_STORAGE_RUSTFS: return "the instance's own RustFS container";
	case SETUP_STORAGE_AWS: return "Amazon S3";
	default: return "another S3-compatible server: Ceph RGW, Garage, ...";
	}
}

/* --- live ----------------------------------------------------------------- */

static void answer_free(struct setup_live_answer *a)
{
	free(a->summary); free(a->diagnosis); free(a->remedy); free(a->region);
	for (size_t i = 0; i < a->n_buckets; i++)
		free(a->buckets[i]);
	free(a->buckets);
	memset(a, 0, sizeof *a);
}

static int live_auth(const struct setup_draft *d, const struct setup_survey *sv,
		     const struct setup_live_opts *o, struct setup_live_answer *a)
{
	(void)sv;
	(void)o;
	memset(a, 0, sizeof *a);
	F->auth_calls++;
	free(F->last_auth_secret);
	F->last_auth_secret = sdup(d->secret);
	if (F->wrong_secret && d->secret && !strcmp(d->secret, F->wrong_secret)) {
		a->summary = xstrdup("refused: SignatureDoesNotMatch");
		a->diagnosis = xstrdup("the key id is known but the secret is wrong");
		a->remedy = xstrdup("type the secret again (F2 shows it)");
		return 0;
	}
	a->ok = 1;
	a->summary = xstrdup(F->kind == FAKE_CEPH ? "accepted by Ceph RGW" : "accepted by Amazon S3");
	a->server = F->kind == FAKE_CEPH ? S3_SERVER_CEPH : S3_SERVER_AWS;
	return 0;
}

static int live_buckets(const struct setup_draft *d, const struct setup_survey *sv,
			const struct setup_live_opts *o, struct setup_live_answer *a)
{
	(void)d; (void)sv; (void)o;
	memset(a, 0, sizeof *a);
	F->bucket_calls++;
	a->ok = 1;
	for (const char *const *b = F->buckets; b && *b; b++) {
		a->buckets = xrealloc(a->buckets, (a->n_buckets + 1) * sizeof *a->buckets);
		a->buckets[a->n_buckets++] = xstrdup(*b);
	}
	a->summary = xasprintf("%zu buckets", a->n_buckets);
	return 0;
}

static int live_region(const struct setup_draft *d, const struct setup_survey *sv, const char *bucket,
		       const struct setup_live_opts *o, struct setup_live_answer *a)
{
	(void)d; (void)sv; (void)o;
	memset(a, 0, sizeof *a);
	F->region_calls++;
	a->ok = 1;
	a->bucket_exists = 0;
	for (const char *const *b = F->buckets; b && *b; b++)
		if (!strcmp(*b, bucket))
			a->bucket_exists = 1;
	a->region = sdup(F->bucket_region);
	a->summary = xasprintf("bucket %s %s", bucket, a->bucket_exists ? "exists" : "will be created");
	return 0;
}

/* --- the plan ---------------------------------------------------------- */

struct fake_step {
	char *title, *detail;
	int fails; /* the run fails here */
};

static int step_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	(void)s; (void)ctx; (void)r;
	return 0;
}

static void step_describe(const struct change_step *s, struct change_step_text *out)
{
	const struct fake_step *f = s->data;
	out->title = xstrdup(f->title);
	out->detail = sdup(f->detail);
	out->undo = xstrdup("undone on failure");
}

static void step_save(const struct change_step *s, struct change_fields *out)
{
	change_fields_add(out, "title", ((const struct fake_step *)s->data)->title);
}

static int step_load(struct change_step *s, const struct change_fields *in, struct rdm_error *err)
{
	(void)s; (void)in;
	return rdm_error_set(err, "fake steps are not read back");
}

static void step_free(void *p)
{
	struct fake_step *f = p;
	free(f->title);
	free(f->detail);
	free(f);
}

static const struct change_step_type fake_step_type = {
	"fake-step", 0, step_run, NULL, step_run, step_describe, step_save, step_load, step_free,
};

static void add_step(struct change *c, enum change_phase ph, const char *title, const char *detail, int fails)
{
	struct fake_step *f = xcalloc(1, sizeof *f);
	f->title = xstrdup(title);
	f->detail = sdup(detail);
	f->fails = fails;
	change_add_step(c, &fake_step_type, f, ph);
}

static const char cfg_old[] = "S3_ENDPOINT_URL = 'http://localhost:9000/'\n"
			      "S3_ACCESS_KEY_ID = 'CHANGE_ME'\nS3_SECRET_ACCESS_KEY = 'CHANGE_ME'\n";
static const char cfg_new[] = "S3_ENDPOINT_URL = 'http://localhost:9000/'\n";

static int plan_build(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		      struct change *c, struct setup_resolved *res, struct rdm_error *err)
{
	(void)o;
	F->plan_calls++;
	change_init(c, sv->instance_dir, "setup", "rdm-s3 setup --resume");
	memset(res, 0, sizeof *res);
	if (F->plan_fails)
		return rdm_error_set(err, "bucket %s belongs to another account: choose another name",
				     d->bucket ? d->bucket : "default");
	char *env = xasprintf("INVENIO_S3_ACCESS_KEY_ID=%s\nINVENIO_S3_SECRET_ACCESS_KEY=%s\n",
			      d->access_key_id, d->secret);
	plan_set_file(&c->files, "invenio.cfg", cfg_old, strlen(cfg_old), 1, cfg_new, strlen(cfg_new), 0);
	plan_set_file(&c->files, ".env", "", 0, 0, env, strlen(env), 1);
	plan_add_secret(&c->files, d->secret);
	secure_wipe(env, strlen(env));
	free(env);
	const char *b = d->bucket ? d->bucket : "default";
	char *t = xasprintf("create bucket %s", b);
	add_step(c, CHANGE_PHASE_BEFORE_FILES, t, "with the credentials that work today", 0);
	free(t);
	if (own(d->storage))
		add_step(c, CHANGE_PHASE_RESTART, "restart MinIO",
			 "docker compose --file docker-compose.yml up -d s3",
			 F->run_end == FAKE_RUN_FAIL_AT_RESTART);
	add_step(c, CHANGE_PHASE_AFTER_RESTART, "create files location s3-default",
		 "pipenv run invenio files location create s3-default s3://default --default", 0);
	add_step(c, CHANGE_PHASE_VERIFY, "verify", "the health checks", 0);
	res->storage = d->storage;
	res->endpoint = xstrdup(d->endpoint ? d->endpoint : sv->service_endpoint ? sv->service_endpoint
							  : "https://s3.amazonaws.com");
	res->bucket = xstrdup(b);
	res->access_key_id = sdup(d->access_key_id);
	res->secret_generated = d->secret_generated;
	return 0;
}

/* The dashboard's fix: only the bucket's, as ops/fix builds it (no files,
 * the bucket, the checks). */
static int fix_build(const char *check_id, unsigned fixes, const struct setup_survey *sv, const struct setup_opts *o,
		     struct change *c, struct rdm_error *err)
{
	(void)o;
	F->fix_calls++;
	free(F->last_fix_check);
	F->last_fix_check = sdup(check_id);
	F->last_fix_kinds = fixes;
	change_init(c, sv->instance_dir, "fix bucket", NULL);
	if (strcmp(check_id, "bucket") != 0) {
		rdm_error_set(err, "rdm-s3 cannot fix this itself: see the remedy");
		return 1;
	}
	add_step(c, CHANGE_PHASE_BEFORE_FILES, "create bucket default", "with the root user of the MinIO", 0);
	add_step(c, CHANGE_PHASE_VERIFY, "verify", "the health checks", 0);
	return 0;
}

static void resolved_free(struct setup_resolved *r)
{
	free(r->endpoint); free(r->region); free(r->region_given); free(r->bucket); free(r->access_key_id);
	free(r->origins); free(r->restart_command); free(r->location_command);
	memset(r, 0, sizeof *r);
}

/* --- the run ------------------------------------------------------------ */

static struct check_result fake_results[3];
static struct check_report fake_report;

static void emit(const struct change_run_opts *o, enum change_event_kind kind, size_t k, size_t n,
		 const struct change_review *rv, const char *message, const char *diagnosis,
		 const char *remedy, long ms)
{
	struct change_event ev = {
		.kind = kind, .index = k, .count = n, .is_files = rv->steps[k].is_files,
		.title = rv->steps[k].text.title, .message = message, .diagnosis = diagnosis,
		.remedy = remedy, .duration_ms = ms,
	};
	if (o->progress)
		o->progress(o->progress_ctx, &ev);
}

static void emit_output(const struct change_run_opts *o, size_t k, size_t n, const struct change_review *rv,
			const char *text)
{
	struct change_event ev = {
		.kind = CHANGE_EV_OUTPUT, .index = k, .count = n, .title = rv->steps[k].text.title,
		.output = text, .output_len = strlen(text),
	};
	if (o->progress)
		o->progress(o->progress_ctx, &ev);
}

static void rollback(const struct change_run_opts *o, size_t upto, size_t n, const struct change_review *rv)
{
	for (size_t k = upto; k-- > 0;)
		emit(o, CHANGE_EV_UNDONE, k, n, rv, "undone", NULL, NULL, 3);
}

static void fill_outcome(struct change_outcome *out, const struct change *c, enum change_end end)
{
	memset(out, 0, sizeof *out);
	out->end = end;
	out->journal_id = xstrdup("20250615T150640Z");
	if (end == CHANGE_END_DONE) {
		out->backup_id = xstrdup("20250615T150640Z");
		out->backup_dir = xasprintf("%s/.rdm-s3/backups/20250615T150640Z", c->instance_dir);
		out->written = xcalloc(2, sizeof *out->written);
		out->written[out->n_written++] = xstrdup("invenio.cfg");
		out->written[out->n_written++] = xstrdup(".env");
	}
}

static int run(struct change *c, const struct change_run_opts *o, struct change_outcome *out,
	       struct rdm_error *err)
{
	struct change_review rv;
	(void)err;
	F->run_calls++;
	change_review_build(c, &rv);
	size_t n = rv.n_steps;
	enum change_end end = CHANGE_END_DONE;
	for (size_t k = 0; k < n; k++) {
		if (o->cancel && atomic_load(o->cancel)) {
			emit(o, CHANGE_EV_ROLLBACK, k, n, &rv, "stopped: rolling back", NULL, NULL, 0);
			rollback(o, k, n, &rv);
			end = CHANGE_END_CANCELLED;
			break;
		}
		emit(o, CHANGE_EV_STARTED, k, n, &rv, NULL, NULL, NULL, 0);
		int restart = strstr(rv.steps[k].text.title, "restart") != NULL;
		if (restart)
			emit_output(o, k, n, &rv, "Container demo-repo-s3-1  Recreate\nContainer demo-repo-s3-1  Started\n");
		if (restart && F->run_end == FAKE_RUN_FAIL_AT_RESTART) {
			emit(o, CHANGE_EV_FAILED, k, n, &rv, "docker compose exited with status 1",
			     "the container engine is not running", "start docker, then run the setup again", 0);
			emit(o, CHANGE_EV_ROLLBACK, k, n, &rv, NULL, NULL, NULL, 0);
			rollback(o, k, n, &rv);
			end = CHANGE_END_ROLLED_BACK;
			break;
		}
		emit(o, CHANGE_EV_DONE, k, n, &rv, rv.steps[k].is_files ? "2 files written" : "done", NULL, NULL,
		     (long)(10 * (k + 1)));
	}
	fill_outcome(out, c, end);
	if (end == CHANGE_END_ROLLED_BACK) {
		out->step_title = xstrdup("restart MinIO");
		out->message = xstrdup("docker compose exited with status 1");
		out->diagnosis = xstrdup("the container engine is not running");
		out->remedy = xstrdup("start docker, then run the setup again");
	}
	change_review_free(&rv);
	return 0;
}

static void outcome_free(struct change_outcome *o)
{
	free(o->journal_id); free(o->backup_id); free(o->backup_dir);
	for (size_t i = 0; i < o->n_written; i++)
		free(o->written[i]);
	free(o->written);
	free(o->step_title); free(o->message); free(o->diagnosis); free(o->remedy);
	memset(o, 0, sizeof *o);
}

static const struct check_report *verify_report(const struct change *c)
{
	static const char *const ids[3] = { "auth", "bucket", "cors" };
	static char *msgs[3] = { "ListBuckets accepted access key rdm-admin", "bucket default exists",
				 "GET and PUT allowed from https://127.0.0.1" };
	(void)c;
	for (int i = 0; i < 3; i++) {
		memset(&fake_results[i], 0, sizeof fake_results[i]);
		fake_results[i].id = ids[i];
		fake_results[i].title = ids[i];
		fake_results[i].status = CHECK_OK;
		fake_results[i].latency_seconds = -1;
		fake_results[i].message = msgs[i];
	}
	fake_report.instance = (char *)"demo-repo";
	fake_report.results = fake_results;
	fake_report.n = 3;
	return &fake_report;
}

const struct setup_engine fake_setup_engine = {
	.survey_read = survey_read,
	.survey_free = survey_free,
	.draft_init = draft_init,
	.draft_free = draft_free,
	.draft_set = draft_set,
	.draft_set_secret = draft_set_secret,
	.draft_add_origin = add_origin,
	.draft_clear_origins = clear_origins,
	.draft_generate_secret = generate_secret,
	.draft_defaults = draft_defaults,
	.field_validate = field_validate,
	.field_check_free = field_check_free,
	.storage_summary = storage_summary,
	.storage_is_own_server = own,
	.live_auth = live_auth,
	.live_buckets = live_buckets,
	.live_region = live_region,
	.live_answer_free = answer_free,
	.plan_build = plan_build,
	.resolved_free = resolved_free,
	.review_build = change_review_build,
	.review_free = change_review_free,
	.run = run,
	.outcome_free = outcome_free,
	.verify_report = verify_report,
	.change_free = change_free,
	.fix_build = fix_build,
};
