/* ops/change, the two features rotation added: values a step learns while
 * it runs (a key the server makes) written by the files step in place of
 * fill tokens (also after a kill, from the journal; secrets only in flight;
 * a token with no value fails the files step and rolls back), and
 * CHANGE_STEP_UNDO_BARRIER (a failed undo stops the rollback there: the
 * files keep what they hold). Fake steps; the "server" is a folder. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ops/change/change.h"
#include "test_plan_util.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define CFG_OLD "S3_ACCESS_KEY_ID='OLDKEY'\nS3_SECRET_ACCESS_KEY='old-Secret-1'\n"
#define NEW_AK "AKNEWFROMSERVER0001"
#define NEW_SK "srv-Made-Secret/9+z"

/* --- a step that "makes a key on the server" (a marker file) ---------- */
struct maker {
	char *server;
	char *ak, *sk;      /* NULL until run */
	int fail_undo;      /* its undo fails (a key that cannot come back) */
};

static int maker_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct maker *m = s->data;
	(void)ctx;
	free(m->ak);
	secret_free(m->sk);
	m->ak = xstrdup(NEW_AK);
	m->sk = xstrdup(NEW_SK);
	char *p = tu_join(m->server, "key");
	tu_write(p, NEW_AK, 0600);
	free(p);
	change_step_result_set(r, "key made");
	return 0;
}
static int maker_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct maker *m = s->data;
	(void)ctx;
	if (m->fail_undo) {
		change_step_result_fail(r, NULL, "leave it", "cannot be undone");
		return -1;
	}
	char *p = tu_join(m->server, "key");
	unlink(p);
	free(p);
	change_step_result_set(r, "key deleted");
	return 0;
}
static void maker_describe(const struct change_step *s, struct change_step_text *t)
{
	(void)s;
	t->title = xstrdup("make a key");
	t->undo = xstrdup("deleted");
}
static void maker_save(const struct change_step *s, struct change_fields *f)
{
	const struct maker *m = s->data;
	change_fields_add(f, "server", m->server);
	change_fields_add_long(f, "fail-undo", m->fail_undo);
	if (m->ak)
		change_fields_add(f, "fill.access-key", m->ak);
	if (m->sk)
		change_fields_add_secret(f, "fill.secret", m->sk);
}
static void maker_free(void *data)
{
	struct maker *m = data;
	free(m->server);
	free(m->ak);
	secret_free(m->sk);
	free(m);
}
static int maker_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	const char *srv = change_fields_need(f, s->type->kind, "server", err);
	if (!srv)
		return -1;
	struct maker *m = xcalloc(1, sizeof *m);
	long fu = 0;
	change_fields_get_long(f, "fail-undo", &fu);
	m->server = xstrdup(srv);
	m->fail_undo = (int)fu;
	const char *ak = change_fields_get(f, "fill.access-key"), *sk = change_fields_get(f, "fill.secret");
	m->ak = ak ? xstrdup(ak) : NULL;
	m->sk = sk ? xstrdup(sk) : NULL;
	s->data = m;
	return 0;
}

static const struct change_step_type maker_type = { "test-maker", 0, maker_run, NULL, maker_undo,
						    maker_describe, maker_save, maker_load, maker_free };
static const struct change_step_type barrier_type = { "test-barrier", CHANGE_STEP_UNDO_BARRIER, maker_run, NULL,
						      maker_undo, maker_describe, maker_save, maker_load,
						      maker_free };
static const struct change_step_type *const types[] = { &maker_type, &barrier_type, NULL };

/* --- fixture ----------------------------------------------------------- */
struct fx {
	char *dir, *server;
	struct change c;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = tu_scratch("change-fill");
	f->server = tu_join(f->dir, "server");
	assert_int_equal(mkdir(f->server, 0700), 0);
	char *cfg = tu_join(f->dir, "invenio.cfg");
	tu_write(cfg, CFG_OLD, 0644);
	free(cfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	change_free(&f->c);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f->server);
	free(f);
	return 0;
}

/* The change: the key made before the files; the files hold tokens (the
 * access key, the secret, and with missing = 1 one nobody fills). */
static void build(struct fx *f, const struct change_step_type *t, int missing, int fail_undo)
{
	char *ak = change_fill_token("access-key"), *sk = change_fill_token("secret"),
	     *other = change_fill_token("nobody");
	char *cfg = xasprintf("S3_ACCESS_KEY_ID='%s'\nS3_SECRET_ACCESS_KEY='%s'\n%s", ak, sk,
			      missing ? other : "");
	change_init(&f->c, f->dir, "test", "rdm-s3 test --resume");
	struct maker *m = xcalloc(1, sizeof *m);
	m->server = xstrdup(f->server);
	m->fail_undo = fail_undo;
	change_add_step(&f->c, t, m, CHANGE_PHASE_BEFORE_FILES);
	plan_set_file(&f->c.files, "invenio.cfg", CFG_OLD, strlen(CFG_OLD), 1, cfg, strlen(cfg), 1);
	free(cfg);
	free(ak);
	free(sk);
	free(other);
}

static struct change_run_opts opts(void)
{
	struct change_run_opts o = { .now = 1764756902, .types = types };
	return o;
}

static char *cfg_text(const struct fx *f)
{
	char *p = tu_join(f->dir, "invenio.cfg"), *t = tu_read(p);
	free(p);
	return t;
}

static int has_key(const struct fx *f)
{
	char *p = tu_join(f->server, "key");
	int r = access(p, F_OK) == 0;
	free(p);
	return r;
}

static char *journal(const struct fx *f, const char *id)
{
	char *p = xasprintf("%s/.rdm-s3/changes/%s", f->dir, id), *t = tu_read(p);
	free(p);
	return t;
}

/* --- tests ----------------------------------------------------------- */
static void token_shape(void **state)
{
	(void)state;
	char *t = change_fill_token("access-key");
	assert_string_equal(t, "RDMS3FILLACCESSKEYEND");
	for (const char *p = t; *p; p++)
		assert_true((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'));
	free(t);
}

static void values_replace_tokens(void **state)
{
	struct fx *f = *state;
	build(f, &maker_type, 0, 0);
	struct change_run_opts o = opts();
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_DONE);
	char *cfg = cfg_text(f);
	assert_string_equal(cfg, "S3_ACCESS_KEY_ID='" NEW_AK "'\nS3_SECRET_ACCESS_KEY='" NEW_SK "'\n");
	free(cfg);
	char *j = journal(f, out.journal_id);
	assert_null(strstr(j, NEW_SK)); /* the secret leaves the journal when the change ends */
	assert_null(strstr(j, "srv-Made"));
	free(j);
	change_outcome_free(&out);
}

static void missing_value_rolls_back(void **state)
{
	struct fx *f = *state;
	build(f, &maker_type, 1, 0);
	struct change_run_opts o = opts();
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_ROLLED_BACK);
	assert_non_null(strstr(out.message, "was not made by the step before them"));
	char *cfg = cfg_text(f);
	assert_string_equal(cfg, CFG_OLD);
	free(cfg);
	assert_false(has_key(f)); /* the key it made is deleted again */
	change_outcome_free(&out);
}

/* Killed right after the key was made (before it is journaled done) and
 * right before the files: the resume writes the values from the journal. */
static void resume_fills_from_journal(void **state)
{
	struct fx *f = *state;
	for (unsigned at = 2; at <= 3; at++) {
		change_free(&f->c);
		tu_remove_tree(f->dir);
		assert_int_equal(mkdir(f->dir, 0700), 0);
		assert_int_equal(mkdir(f->server, 0700), 0);
		char *p = tu_join(f->dir, "invenio.cfg");
		tu_write(p, CFG_OLD, 0644);
		free(p);
		build(f, &maker_type, 0, 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct change_run_opts o = opts();
			o.fault_at = at;
			struct change_outcome out;
			struct rdm_error err = RDM_ERROR_INIT;
			change_run(&f->c, &o, &out, &err);
			_exit(3);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		change_free(&f->c);
		struct change_run_opts o = opts();
		struct change_outcome out;
		struct rdm_error err = RDM_ERROR_INIT;
		assert_int_equal(change_resume(f->dir, "test", &o, &f->c, &out, &err), 0);
		assert_int_equal(out.end, CHANGE_END_DONE);
		char *cfg = cfg_text(f);
		assert_string_equal(cfg, "S3_ACCESS_KEY_ID='" NEW_AK "'\nS3_SECRET_ACCESS_KEY='" NEW_SK "'\n");
		free(cfg);
		change_outcome_free(&out);
	}
}

/* Undo of a finished change whose barrier step cannot be undone: the
 * rollback stops there, the files keep the new key. Without the barrier
 * the files would be restored under a key that no longer exists. */
static void barrier_stops_undo(void **state)
{
	struct fx *f = *state;
	build(f, &maker_type, 0, 0);
	/* after the files, a step whose undo fails (a key revoked for good) */
	struct maker *m = xcalloc(1, sizeof *m);
	m->server = tu_join(f->server, "revoked");
	m->fail_undo = 1;
	assert_int_equal(mkdir(m->server, 0700), 0);
	change_add_step(&f->c, &barrier_type, m, CHANGE_PHASE_AFTER_RESTART);
	struct change_run_opts o = opts();
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	change_outcome_free(&out);
	struct change_undo_report rep;
	memset(&rep, 0, sizeof rep);
	assert_int_equal(change_undo_last(f->dir, 0, &o, &rep, &err), -1);
	char *cfg = cfg_text(f);
	assert_non_null(strstr(cfg, NEW_AK)); /* the files were not restored */
	free(cfg);
	assert_true(has_key(f));
	change_undo_report_free(&rep);
	rdm_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_shape),
		cmocka_unit_test_setup_teardown(values_replace_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_value_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(resume_fills_from_journal, setup, teardown),
		cmocka_unit_test_setup_teardown(barrier_stops_undo, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
