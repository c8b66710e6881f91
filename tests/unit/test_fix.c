/* ops/fix without a server: for each check id, the change its fix makes
 * on a scratch copy of the sample instance (planned offline: the server
 * is not asked), the cases with no automatic fix and why, and the
 * fix-file-mode step run and undone for real (its journal read back by
 * `rdm-s3 undo`'s engine); and the bucket fix live on the local MinIO
 * used as another S3 server (the app's keys as the files hold them: the
 * probe keeps them, no secret typed). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ops/check/check.h"
#include "ops/fix/fix.h"
#include "ops/setup/setup.h"
#include "../helpers/test_server.h"
#include "test_plan_util.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct fx {
	char *dir;
	struct setup_survey sv;
};

static void survey(struct fx *f)
{
	struct rdm_error err = RDM_ERROR_INIT;
	setup_survey_free(&f->sv);
	if (setup_survey_read(f->dir, NULL, &f->sv, &err) != 0)
		fail_msg("survey: %s", err.message);
}

static int setup_fx(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	const char *top = getenv("top_srcdir");
	char *sample = xasprintf("%s/data/sample-instance", top ? top : ".");
	f->dir = tu_scratch("fix");
	tu_copy_dir(sample, f->dir);
	free(sample);
	survey(f);
	*state = f;
	return 0;
}

static int teardown_fx(void **state)
{
	struct fx *f = *state;
	setup_survey_free(&f->sv);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* The fix's change, offline; rc as fix_plan_build returns it. The step
 * titles in run order go to titles ("a|b|"), the diff to diff (either may
 * be NULL); err's text to why when not 0. */
static int build(struct fx *f, const char *id, unsigned fixes, int verify, struct buf *titles, char **diff,
		 char **why)
{
	struct setup_opts o = { .probe = 0, .verify = verify };
	struct change c;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = fix_plan_build(id, fixes, &f->sv, &o, &c, &err);
	if (rc == 0) {
		struct change_review r;
		change_review_build(&c, &r);
		for (size_t i = 0; titles && i < r.n_steps; i++)
			buf_printf(titles, "%s|", r.steps[i].text.title);
		if (diff)
			*diff = xstrdup(r.diff ? r.diff : "");
		change_review_free(&r);
		char *want = xasprintf("fix %s", id);
		assert_string_equal(c.command, want); /* as the journal and undo --list show it */
		assert_null(c.resume_command);        /* undone, never resumed */
		free(want);
	} else if (why) {
		*why = rdm_error_format(&err);
	}
	rdm_error_clear(&err);
	change_free(&c);
	return rc;
}

static void bucket_fix(void **state)
{
	struct fx *f = *state;
	struct buf t = BUF_INIT;
	char *diff = NULL;
	assert_int_equal(build(f, "bucket", CHECK_FIX_BUCKET, 1, &t, &diff, NULL), 0);
	assert_string_equal(buf_str(&t), "create bucket default|verify with the health checks|");
	assert_string_equal(diff, ""); /* no file changes */
	free(diff);
	buf_free(&t);
}

static void placeholder_fix(void **state)
{
	struct fx *f = *state;
	struct buf t = BUF_INIT;
	char *diff = NULL;
	assert_int_equal(build(f, "instance", CHECK_FIX_PLACEHOLDERS, 1, &t, &diff, NULL), 0);
	/* The root user and a generated password; the app signs with the
	 * root user, so its keys follow; MinIO restarts to read them. */
	assert_non_null(strstr(buf_str(&t), "|restart MinIO|verify with the health checks|"));
	assert_non_null(strstr(diff, "+      MINIO_ROOT_USER: rdm-admin"));
	assert_non_null(strstr(diff, "-      MINIO_ROOT_PASSWORD: CHANGE_ME"));
	assert_non_null(strstr(diff, "S3_ACCESS_KEY_ID"));
	assert_null(strstr(diff, "+      MINIO_ROOT_PASSWORD: CHANGE_ME"));
	/* Nothing else of setup: no bucket, no files location, no CORS. */
	assert_null(strstr(buf_str(&t), "bucket"));
	assert_null(strstr(buf_str(&t), "location"));
	assert_null(strstr(diff, "MINIO_API_CORS_ALLOW_ORIGIN"));
	free(diff);
	buf_free(&t);
}

static void client_compat_fix(void **state)
{
	struct fx *f = *state;
	struct buf t = BUF_INIT;
	char *diff = NULL;
	assert_int_equal(build(f, "client-compat", CHECK_FIX_CLIENT_COMPAT, 1, &t, &diff, NULL), 0);
	assert_string_equal(buf_str(&t), "write 1 file|verify with the health checks|");
	assert_non_null(strstr(diff, "when_required"));
	assert_null(strstr(diff, "MINIO_ROOT"));
	free(diff);
	buf_free(&t);
}

static void minio_cors_fix(void **state)
{
	struct fx *f = *state;
	struct buf t = BUF_INIT;
	char *diff = NULL;
	assert_int_equal(build(f, "cors", CHECK_FIX_MINIO_CORS, 1, &t, &diff, NULL), 0);
	assert_string_equal(buf_str(&t), "write 1 file|restart MinIO|verify with the health checks|");
	assert_non_null(strstr(diff, "+      MINIO_API_CORS_ALLOW_ORIGIN: https://127.0.0.1"));
	free(diff);
	buf_free(&t);
}

/* Another S3 server: the bucket's CORS rules (and S3_BUCKET_CORS_RULES,
 * so that `invenio s3 create-bucket` agrees). */
static void bucket_cors_fix(void **state)
{
	struct fx *f = *state;
	char *cfg = tu_join(f->dir, "invenio.cfg"), *text = tu_read(cfg);
	char *p = strstr(text, "S3_ENDPOINT_URL='http://localhost:9000/'");
	assert_non_null(p);
	char *edited = xasprintf("%.*sS3_ENDPOINT_URL='https://s3.example.org/'%s", (int)(p - text), text,
				 p + strlen("S3_ENDPOINT_URL='http://localhost:9000/'"));
	tu_write(cfg, edited, 0644);
	survey(f);
	assert_int_equal(f->sv.kind, SETUP_STORAGE_OTHER);
	struct buf t = BUF_INIT;
	char *diff = NULL, *why = NULL;
	int rc = build(f, "cors", CHECK_FIX_CORS_ORIGIN, 1, &t, &diff, &why);
	if (rc != 0)
		fail_msg("cors fix: %d %s", rc, why);
	assert_string_equal(buf_str(&t), "write 1 file|put CORS rules on bucket default|verify with the health checks|");
	assert_non_null(strstr(diff, "S3_BUCKET_CORS_RULES = [{'AllowedOrigins': ['https://127.0.0.1']"));
	free(diff);
	/* Its placeholder keys: only the operator of that server knows the
	 * real ones. */
	assert_int_equal(build(f, "instance", CHECK_FIX_PLACEHOLDERS, 1, NULL, NULL, &why), 1);
	assert_non_null(strstr(why, "not the instance's own"));
	assert_non_null(strstr(why, "rdm-s3 setup"));
	free(why);
	buf_free(&t);
	free(edited);
	free(text);
	free(cfg);
}

static mode_t mode_of(const char *dir, const char *name)
{
	struct stat sb;
	char *path = tu_join(dir, name);
	assert_int_equal(stat(path, &sb), 0);
	free(path);
	return sb.st_mode & 07777;
}

/* The files holding secrets become 0600; undo gives the modes back. */
static void file_modes_fix_runs_and_undoes(void **state)
{
	struct fx *f = *state;
	char *cfg = tu_join(f->dir, "invenio.cfg"), *yml = tu_join(f->dir, "docker-services.yml");
	chmod(cfg, 0644);
	chmod(yml, 0664);
	struct buf t = BUF_INIT;
	assert_int_equal(build(f, "instance", CHECK_FIX_FILE_MODES, 0, &t, NULL, NULL), 0);
	assert_non_null(strstr(buf_str(&t), "chmod 600 invenio.cfg|"));
	assert_non_null(strstr(buf_str(&t), "chmod 600 docker-services.yml|"));
	assert_null(strstr(buf_str(&t), "docker-compose.yml")); /* holds no secret */
	buf_free(&t);

	struct setup_opts o = { .probe = 0, .verify = 0 };
	struct change c;
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(fix_plan_build("instance", CHECK_FIX_FILE_MODES, &f->sv, &o, &c, &err), 0);
	struct change_run_opts ro = { 0 };
	if (change_run(&c, &ro, &out, &err) != 0)
		fail_msg("run: %s", err.message);
	assert_int_equal(out.end, CHANGE_END_DONE);
	assert_int_equal(mode_of(f->dir, "invenio.cfg"), 0600);
	assert_int_equal(mode_of(f->dir, "docker-services.yml"), 0600);
	change_outcome_free(&out);
	change_free(&c);

	/* Fixed: nothing is left to fix. */
	char *why = NULL;
	assert_int_equal(build(f, "instance", CHECK_FIX_FILE_MODES, 1, NULL, NULL, &why), 1);
	assert_non_null(strstr(why, "nothing is left to fix"));
	free(why);

	/* `rdm-s3 undo`: the journal's step read back, the modes restored. */
	struct change_undo_report rep;
	memset(&rep, 0, sizeof rep);
	if (change_undo_last(f->dir, 0, &ro, &rep, &err) != 0)
		fail_msg("undo: %s", err.message);
	assert_int_equal(rep.n_undone, 2);
	assert_int_equal(mode_of(f->dir, "invenio.cfg"), 0644);
	assert_int_equal(mode_of(f->dir, "docker-services.yml"), 0664);
	change_undo_report_free(&rep);
	rdm_error_clear(&err);
	free(cfg);
	free(yml);
}

static void no_automatic_fix(void **state)
{
	struct fx *f = *state;
	char *why = NULL;
	/* A check without fixes: its own reason. */
	assert_int_equal(build(f, "dns", CHECK_FIX_BUCKET, 1, NULL, NULL, &why), 1);
	assert_non_null(strstr(why, "outside the instance"));
	free(why);
	/* Bits that are not the check's own are ignored. */
	assert_int_equal(build(f, "bucket", CHECK_FIX_CLIENT_COMPAT, 1, NULL, NULL, &why), 1);
	free(why);
	/* A finding with no fix bits (a bucket owned by another account). */
	assert_int_equal(build(f, "bucket", 0, 1, NULL, NULL, &why), 1);
	assert_non_null(strstr(why, "see the remedy"));
	free(why);
	/* No origin known: nothing to add to CORS. */
	char *cfg = tu_join(f->dir, "invenio.cfg"), *text = tu_read(cfg);
	char *p = strstr(text, "SITE_UI_URL");
	assert_non_null(p);
	p[0] = '#'; /* commented out */
	tu_write(cfg, text, 0644);
	survey(f);
	assert_int_equal(build(f, "cors", CHECK_FIX_MINIO_CORS, 1, NULL, NULL, &why), 1);
	assert_non_null(strstr(why, "SITE_UI_URL"));
	free(why);
	free(text);
	free(cfg);
}

/* Every check either has fixes or says, in its own words, why not. */
static void every_check_has_fixes_or_a_reason(void **state)
{
	(void)state;
	const char *generic = fix_unavailable("no-such-check");
	for (size_t i = 0; check_table[i]; i++) {
		const char *id = check_table[i]->id;
		if (fix_kinds_of(id))
			continue;
		const char *why = fix_unavailable(id);
		if (!strcmp(why, generic))
			fail_msg("check %s has neither a fix nor a reason", id);
	}
	assert_int_equal(fix_kinds_of("bucket"), CHECK_FIX_BUCKET);
	assert_int_equal(fix_kinds_of("instance"), CHECK_FIX_PLACEHOLDERS | CHECK_FIX_FILE_MODES);
	assert_string_equal(fix_summary(CHECK_FIX_BUCKET), "create the missing bucket");
}

/* Replaces the whole line that starts with `start` in file name. */
static void set_line(const char *dir, const char *name, const char *start, const char *line)
{
	char *path = tu_join(dir, name), *text = tu_read(path);
	char *p = strstr(text, start);
	assert_non_null(p);
	char *end = strchr(p, '\n');
	char *edited = xasprintf("%.*s%s%s", (int)(p - text), text, line, end ? end : "");
	tu_write(path, edited, 0600);
	free(edited);
	free(text);
	free(path);
}

static void bucket_fix_live(void **state)
{
	struct fx *f = *state;
	struct ts_server srv;
	ts_server_require("minio", &srv);
	char *bucket = xasprintf("fix-live-%ld", (long)getpid());
	char *ep = xasprintf("S3_ENDPOINT_URL='%s/'", srv.endpoint);
	char *key = xasprintf("S3_ACCESS_KEY_ID='%s'", srv.access_key);
	char *secret = xasprintf("S3_SECRET_ACCESS_KEY='%s'", srv.secret_key);
	set_line(f->dir, "invenio.cfg", "S3_ENDPOINT_URL=", ep);
	set_line(f->dir, "invenio.cfg", "S3_ACCESS_KEY_ID=", key);
	set_line(f->dir, "invenio.cfg", "S3_SECRET_ACCESS_KEY=", secret);
	char *ini = tu_join(f->dir, ".invenio"), *text = tu_read(ini);
	char *more = xasprintf("%s\n[rdm-s3]\nbucket = %s\n", text, bucket);
	tu_write(ini, more, 0644);
	survey(f);
	assert_false(setup_storage_is_own_server(f->sv.kind));
	assert_string_equal(f->sv.bucket, bucket);

	/* Setup's live question with no secret typed: the app's key is kept,
	 * and proven. */
	struct setup_draft d;
	struct setup_live_answer a;
	setup_draft_init(&d);
	setup_draft_defaults(&d, &f->sv);
	setup_draft_set(&d.endpoint, srv.endpoint);
	assert_string_equal(d.access_key_id, srv.access_key);
	assert_null(d.secret);
	setup_live_auth(&d, &f->sv, NULL, &a);
	if (!a.ok)
		fail_msg("keeping the app's key: %s", a.summary ? a.summary : "?");
	setup_live_answer_free(&a);
	setup_draft_free(&d);

	struct setup_opts o = { .probe = 1, .verify = 0 };
	struct change c;
	struct change_outcome out;
	struct change_run_opts ro = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	if (fix_plan_build("bucket", CHECK_FIX_BUCKET, &f->sv, &o, &c, &err) != 0)
		fail_msg("fix: %s", err.message);
	assert_int_equal(c.n_steps, 1);
	if (change_run(&c, &ro, &out, &err) != 0)
		fail_msg("run: %s", err.message);
	assert_int_equal(out.end, CHANGE_END_DONE);
	change_outcome_free(&out);
	change_free(&c);
	/* The server says the bucket is there now: nothing left to fix. */
	assert_int_equal(fix_plan_build("bucket", CHECK_FIX_BUCKET, &f->sv, &o, &c, &err), 1);
	assert_non_null(strstr(err.message, "nothing is left to fix"));
	rdm_error_clear(&err);
	change_free(&c);
	/* Undone: the (empty) bucket goes, and the fix is offered again. */
	struct change_undo_report rep;
	memset(&rep, 0, sizeof rep);
	if (change_undo_last(f->dir, 0, &ro, &rep, &err) != 0)
		fail_msg("undo: %s", err.message);
	assert_int_equal(rep.n_undone, 1);
	change_undo_report_free(&rep);
	assert_int_equal(fix_plan_build("bucket", CHECK_FIX_BUCKET, &f->sv, &o, &c, &err), 0);
	change_free(&c);
	rdm_error_clear(&err);
	ts_server_free(&srv);
	free(more);
	free(text);
	free(ini);
	free(secret);
	free(key);
	free(ep);
	free(bucket);
}

/* The own MinIO's root credentials as the files hold them, tried live:
 * the local MinIO stands in for the instance's s3 service (its published
 * port and root user in docker-services.yml). */
static void own_minio_today_live(void **state)
{
	struct fx *f = *state;
	struct ts_server srv;
	ts_server_require("minio", &srv);
	char *port = xasprintf("      - \"127.0.0.1:%d:9000\"", srv.port);
	char *user = xasprintf("      MINIO_ROOT_USER: %s", srv.access_key);
	char *pass = xasprintf("      MINIO_ROOT_PASSWORD: %s", srv.secret_key);
	set_line(f->dir, "docker-services.yml", "      - \"${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9000:9000\"", port);
	set_line(f->dir, "docker-services.yml", "      MINIO_ROOT_USER:", user);
	set_line(f->dir, "docker-services.yml", "      MINIO_ROOT_PASSWORD:", pass);
	survey(f);
	struct setup_live_answer a;
	setup_live_today(&f->sv, NULL, &a);
	if (!a.ok)
		fail_msg("today's root credentials: %s", a.summary ? a.summary : "?");
	assert_non_null(strstr(a.summary, srv.access_key));
	assert_null(strstr(a.summary, srv.secret_key));
	setup_live_answer_free(&a);
	/* Files that say another password: refused, with the diagnosis. */
	set_line(f->dir, "docker-services.yml", "      MINIO_ROOT_PASSWORD:", "      MINIO_ROOT_PASSWORD: not-the-password-1");
	survey(f);
	setup_live_today(&f->sv, NULL, &a);
	assert_false(a.ok);
	assert_non_null(strstr(a.summary, "were refused"));
	assert_non_null(a.diagnosis);
	setup_live_answer_free(&a);
	ts_server_free(&srv);
	free(port);
	free(user);
	free(pass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(bucket_fix, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(placeholder_fix, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(client_compat_fix, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(minio_cors_fix, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(bucket_cors_fix, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(file_modes_fix_runs_and_undoes, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(no_automatic_fix, setup_fx, teardown_fx),
		cmocka_unit_test(every_check_has_fixes_or_a_reason),
		cmocka_unit_test_setup_teardown(bucket_fix_live, setup_fx, teardown_fx),
		cmocka_unit_test_setup_teardown(own_minio_today_live, setup_fx, teardown_fx),
	};
	return cmocka_run_group_tests_name("fix", tests, NULL, NULL);
}
