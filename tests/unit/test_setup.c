/* ops/setup without a server: the survey of the sample instance, the
 * draft's defaults, each field's verdict in the words a screen shows, the
 * plan built offline for every storage kind (files, steps and their order),
 * and the connection resolver's choices (in-memory keys, the app's keys
 * only, the root credentials only, S3_CA_BUNDLE relative to the instance). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops/conn/conn.h"
#include "ops/setup/setup.h"
#include "test_plan_util.h"
#include "util/xalloc.h"

struct fx {
	char *dir;
	struct setup_survey sv;
	struct setup_draft d;
};

static int setup_fx(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	const char *top = getenv("top_srcdir");
	char *sample = xasprintf("%s/data/sample-instance", top ? top : ".");
	f->dir = tu_scratch("setup");
	tu_copy_dir(sample, f->dir);
	free(sample);
	struct rdm_error err = RDM_ERROR_INIT;
	if (setup_survey_read(f->dir, NULL, &f->sv, &err) != 0)
		fail_msg("survey: %s", err.message);
	setup_draft_init(&f->d);
	*state = f;
	return 0;
}

static int teardown_fx(void **state)
{
	struct fx *f = *state;
	setup_survey_free(&f->sv);
	setup_draft_free(&f->d);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void survey_of_the_sample(void **state)
{
	struct fx *f = *state;
	const struct setup_survey *sv = &f->sv;
	assert_string_equal(sv->project, "demo-repo");
	assert_true(sv->file_storage_s3);
	assert_true(sv->uses_invenio_s3);
	assert_int_equal(sv->kind, SETUP_STORAGE_MINIO);
	assert_string_equal(sv->service, "s3");
	assert_int_equal(sv->service_kind, SETUP_STORAGE_MINIO);
	assert_string_equal(sv->service_endpoint, "http://localhost:9000");
	assert_true(sv->root_user_placeholder);
	assert_true(sv->root_password_placeholder);
	assert_true(sv->app_uses_root);
	assert_string_equal(sv->endpoint, "http://localhost:9000/");
	assert_string_equal(sv->endpoint_where, "invenio.cfg:73");
	assert_string_equal(sv->bucket, "default");
	assert_int_equal(sv->creds_in, SETUP_CREDS_CFG);
	assert_string_equal(sv->origin, "https://127.0.0.1");
	assert_false(sv->client_compat);
	assert_int_equal(sv->runner, SETUP_RUNNER_PIPENV);
	assert_int_equal(sv->n_placeholders, 4);
	assert_string_equal(sv->placeholders[0], "S3_ACCESS_KEY_ID (invenio.cfg:74)");
	assert_null(sv->pending_change);
}

static void draft_defaults(void **state)
{
	struct fx *f = *state;
	setup_draft_defaults(&f->d, &f->sv);
	assert_int_equal(f->d.storage, SETUP_STORAGE_MINIO);
	assert_string_equal(f->d.bucket, "default");
	assert_string_equal(f->d.access_key_id, "rdm-admin"); /* CHANGE_ME is replaced */
	assert_null(f->d.secret);                             /* generating is the front end's call */
	assert_int_equal(f->d.n_cors_origins, 1);
	assert_string_equal(f->d.cors_origins[0], "https://127.0.0.1");
	assert_int_equal(f->d.creds_in, SETUP_CREDS_ENV);
	assert_string_equal(f->d.location_name, "s3-default");
	/* The secret is the one thing still missing: the screen says so. */
	enum setup_field bad;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(setup_draft_validate(&f->d, &f->sv, &bad, &err), -1);
	assert_int_equal(bad, SETUP_F_SECRET);
	assert_non_null(strstr(err.message, "--secret-file: the root password is still the placeholder"));
	rdm_error_clear(&err);
	assert_int_equal(setup_draft_generate_secret(&f->d, &err), 0);
	assert_int_equal(strlen(f->d.secret), 40);
	assert_true(f->d.secret_generated);
	assert_int_equal(setup_draft_validate(&f->d, &f->sv, &bad, &err), 0);
}

/* field f of the draft gives level, and its text contains want. */
static void field_says(struct fx *f, enum setup_field fld, enum setup_level level, const char *want)
{
	struct setup_field_check fc;
	enum setup_level got = setup_field_validate(&f->d, &f->sv, fld, &fc);
	if (got != level || (want && (!fc.message || !strstr(fc.message, want))))
		fail_msg("%s: level %d '%s', wanted %d '%s'", setup_field_label(fld), got,
			 fc.message ? fc.message : "", level, want ? want : "");
	setup_field_check_free(&fc);
}

static void fields_in_the_screens_words(void **state)
{
	struct fx *f = *state;
	setup_draft_defaults(&f->d, &f->sv);
	setup_draft_set_secret(&f->d, "short");
	field_says(f, SETUP_F_SECRET, SETUP_ERROR, "8 characters");
	setup_draft_set_secret(&f->d, "long-enough-password");
	field_says(f, SETUP_F_SECRET, SETUP_OK, NULL);
	setup_draft_set(&f->d.bucket, "My_Bucket");
	field_says(f, SETUP_F_BUCKET, SETUP_ERROR, "My_Bucket");
	setup_draft_set(&f->d.bucket, "default");
	setup_draft_set(&f->d.access_key_id, "CHANGE_ME");
	field_says(f, SETUP_F_ACCESS_KEY_ID, SETUP_ERROR, "placeholder");
	setup_draft_set(&f->d.endpoint, "localhost:9000");
	field_says(f, SETUP_F_ENDPOINT, SETUP_ERROR, "http:// or https://");
	setup_draft_set(&f->d.endpoint, NULL);
	setup_draft_set(&f->d.site_url, "https://repo.example.org");
	/* The survey's site URL is what browsers use: make it public. */
	free(f->sv.site_url);
	f->sv.site_url = xstrdup("https://repo.example.org");
	field_says(f, SETUP_F_ENDPOINT, SETUP_WARN, "browsers get presigned URLs for localhost");
	setup_draft_add_origin(&f->d, "https://repo.example.org/upload");
	field_says(f, SETUP_F_CORS_ORIGINS, SETUP_ERROR, "is not an origin");
	setup_draft_clear_origins(&f->d);
	field_says(f, SETUP_F_CORS_ORIGINS, SETUP_WARN, "no origin");
	setup_draft_set(&f->d.location_name, "s3_default");
	field_says(f, SETUP_F_FILES_LOCATION, SETUP_ERROR, "invenio-files-rest");
	f->d.storage = SETUP_STORAGE_RUSTFS;
	field_says(f, SETUP_F_STORAGE, SETUP_ERROR, "runs MinIO, not RustFS");
	f->d.storage = SETUP_STORAGE_OTHER;
	field_says(f, SETUP_F_ENDPOINT, SETUP_ERROR, "needs its endpoint");
	f->d.storage = SETUP_STORAGE_AWS;
	field_says(f, SETUP_F_REGION, SETUP_WARN, "the bucket's own region");
	assert_string_equal(setup_field_flag(SETUP_F_CORS_ORIGINS), "--cors-origin");
}

static void plan(struct fx *f, struct change *c, struct setup_resolved *res)
{
	struct setup_opts o = { .probe = 0, .verify = 1 };
	struct rdm_error err = RDM_ERROR_INIT;
	if (setup_plan_build(&f->d, &f->sv, &o, c, res, &err) != 0)
		fail_msg("plan: %s", err.message);
}

static void titles(const struct change *c, struct buf *out)
{
	struct change_review r;
	change_review_build(c, &r);
	for (size_t i = 0; i < r.n_steps; i++)
		buf_printf(out, "%s|", r.steps[i].text.title);
	change_review_free(&r);
}

static void plans_offline_per_kind(void **state)
{
	struct fx *f = *state;
	struct change c;
	struct setup_resolved res;
	struct buf t = BUF_INIT;
	/* MinIO: nothing known about the server, so the bucket comes after the
	 * restart, with the new root credentials. */
	f->d.storage = SETUP_STORAGE_MINIO;
	setup_draft_defaults(&f->d, &f->sv);
	setup_draft_set_secret(&f->d, "Another-Long-Secret-42");
	plan(f, &c, &res);
	titles(&c, &t);
	assert_string_equal(buf_str(&t), "write 4 files|restart MinIO|create bucket default|"
					 "create the files location s3-default|verify with the health checks|");
	assert_string_equal(res.endpoint, "http://localhost:9000/"); /* kept as written */
	assert_string_equal(res.restart_command, "docker compose --file docker-compose.yml up -d s3");
	struct change_review r;
	change_review_build(&c, &r);
	assert_null(strstr(r.diff, "Another-Long-Secret-42"));
	assert_non_null(strstr(r.diff, "+      MINIO_API_CORS_ALLOW_ORIGIN: https://127.0.0.1"));
	change_review_free(&r);
	change_free(&c);
	setup_resolved_free(&res);
	buf_truncate(&t, 0);
	/* Amazon S3: the regional endpoint, no checksum preset, bucket CORS. */
	setup_draft_free(&f->d);
	setup_draft_init(&f->d);
	f->d.storage = SETUP_STORAGE_AWS;
	setup_draft_set(&f->d.region, "eu-central-1");
	setup_draft_set(&f->d.access_key_id, "AKIAEXAMPLE");
	setup_draft_set_secret(&f->d, "aws-secret-key-example");
	setup_draft_defaults(&f->d, &f->sv);
	f->d.files_location = SETUP_LOCATION_PRINT;
	plan(f, &c, &res);
	titles(&c, &t);
	assert_string_equal(buf_str(&t), "write 4 files|create bucket default|put CORS rules on bucket default|"
					 "verify with the health checks|");
	assert_string_equal(res.endpoint, "https://s3.eu-central-1.amazonaws.com");
	assert_false(res.client_compat);
	assert_non_null(strstr(res.location_command, "pipenv run invenio files location create s3-default"));
	change_review_build(&c, &r);
	assert_non_null(strstr(r.diff, "S3_REGION_NAME = 'eu-central-1'"));
	assert_non_null(strstr(r.diff, "S3_BUCKET_CORS_RULES = [{'AllowedOrigins': ['https://127.0.0.1']"));
	assert_null(strstr(r.diff, "when_required"));
	assert_true(r.n_notes > 0);
	change_review_free(&r);
	change_free(&c);
	setup_resolved_free(&res);
	buf_free(&t);
}

static void resolver_choices(void **state)
{
	struct fx *f = *state;
	char *cfg = tu_join(f->dir, "invenio.cfg"), *text = tu_read(cfg);
	char *more = xasprintf("%sS3_CA_BUNDLE = 'certs/ca.pem'\n", text);
	tu_write(cfg, more, 0644);
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_credentials given = { "TYPED", "typed-secret", NULL };
	struct conn_request rq = { .instance_dir = f->dir, .instance_explicit = 1, .creds = &given,
				   .creds_label = "typed in the wizard" };
	assert_int_equal(conn_resolve(&rq, &c, &err), 0);
	assert_string_equal(c.access_key_id, "TYPED");
	assert_string_equal(c.creds_source, "typed in the wizard");
	assert_int_equal(c.creds_from, CONN_FROM_REQUEST);
	char *ca = xasprintf("%s/certs/ca.pem", f->dir);
	assert_string_equal(c.ca_file, ca);
	assert_non_null(strstr(c.ca_source, "S3_CA_BUNDLE (invenio.cfg:"));
	assert_int_equal(c.server, S3_SERVER_MINIO);
	assert_string_equal(c.service, "s3");
	assert_string_equal(c.bucket, "default");
	assert_string_equal(c.origin, "https://127.0.0.1");
	conn_free(&c);
	rq.creds = NULL;
	rq.ca_file = "/etc/ssl/mine.pem";
	rq.creds_from = CONN_CREDS_SERVER_ROOT;
	assert_int_equal(conn_resolve(&rq, &c, &err), 0);
	assert_string_equal(c.ca_file, "/etc/ssl/mine.pem"); /* --ca-file wins */
	assert_non_null(strstr(c.creds_source, "MINIO_ROOT_USER"));
	conn_free(&c);
	rq.creds_from = CONN_CREDS_NONE;
	assert_int_equal(conn_resolve(&rq, &c, &err), 0);
	assert_null(c.access_key_id);
	conn_free(&c);
	free(ca);
	free(more);
	free(text);
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(survey_of_the_sample, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(draft_defaults, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(fields_in_the_screens_words, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(plans_offline_per_kind, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(resolver_choices, setup_fx, teardown_fx),
	};
	return cmocka_run_group_tests_name("setup", tests, NULL, NULL);
}
