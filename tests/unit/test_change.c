/* ops/change: the change engine with fake step types whose "server" is a
 * folder of marker files: order by phase, the review, progress events,
 * rollback in reverse (a restart undone after the files), irreversible and
 * advisory steps, stop and resume, cancel, the journal (escaping, secrets
 * only in flight), a kill -9 at every fault point followed by a resume or
 * an undo, and `undo` choosing between a change and a later file set. */
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

#include "instance/plan/backup.h"
#include "ops/change/change.h"
#include "ops/change/journal.h"
#include "test_plan_util.h"
#include "util/xalloc.h"

#define CFG_OLD "S3_SECRET_ACCESS_KEY='CHANGE_ME'\n"
#define CFG_NEW "S3_SECRET_ACCESS_KEY='n3w-Secret-Value-42'\n"
#define ENV_NEW "INVENIO_S3_SECRET_ACCESS_KEY=n3w-Secret-Value-42\n"

/* --- fake steps: "server" = a folder; each step makes or removes a marker */
struct fake {
	char *server;   /* folder standing in for the server */
	char *name;     /* marker file name */
	int fail;       /* run fails (after doing nothing) */
	int stop;       /* run stops (resumable) until the marker "go" exists */
};

static char *marker(const struct fake *f, const char *name) { return tu_join(f->server, name); }
static int has(const char *server, const char *name)
{
	char *p = tu_join(server, name);
	int r = access(p, F_OK) == 0;
	free(p);
	return r;
}
static void append_log(const char *server, const char *line)
{
	char *p = tu_join(server, "log");
	FILE *fp = fopen(p, "a");
	assert_non_null(fp);
	fprintf(fp, "%s\n", line);
	fclose(fp);
	free(p);
}

static int fake_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct fake *f = s->data;
	(void)ctx;
	if (f->fail) {
		change_step_result_fail(r, "it was told to fail", "do not tell it to", "%s failed", f->name);
		return -1;
	}
	if (f->stop && !has(f->server, "go")) {
		change_step_result_fail(r, NULL, "create the marker go, then resume", "%s waits", f->name);
		return 1;
	}
	char *p = marker(f, f->name);
	tu_write(p, "x", 0600);
	free(p);
	append_log(f->server, f->name);
	change_step_result_set(r, "%s made", f->name);
	return 0;
}
static int fake_verify(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct fake *f = s->data;
	(void)ctx;
	(void)r;
	return has(f->server, f->name);
}
static int fake_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct fake *f = s->data;
	(void)ctx;
	char *p = marker(f, f->name);
	unlink(p);
	free(p);
	char *line = xasprintf("undo %s", f->name);
	append_log(f->server, line);
	free(line);
	change_step_result_set(r, "%s removed", f->name);
	return 0;
}
static void fake_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct fake *f = s->data;
	t->title = xasprintf("make %s", f->name);
	t->detail = xstrdup("on the fake server");
	t->undo = s->type->undo ? xstrdup("removed again") : xstrdup("not undone: it stays");
}
static void fake_save(const struct change_step *s, struct change_fields *out)
{
	const struct fake *f = s->data;
	change_fields_add(out, "server", f->server);
	change_fields_add(out, "name", f->name);
	change_fields_add_long(out, "stop", f->stop);
}
static void fake_free(void *data)
{
	struct fake *f = data;
	free(f->server);
	free(f->name);
	free(f);
}
static int fake_load(struct change_step *s, const struct change_fields *in, struct rdm_error *err)
{
	struct fake *f = xcalloc(1, sizeof *f);
	const char *srv = change_fields_need(in, s->type->kind, "server", err);
	const char *name = change_fields_need(in, s->type->kind, "name", err);
	long stop = 0;
	change_fields_get_long(in, "stop", &stop);
	if (!srv || !name) {
		free(f);
		return -1;
	}
	f->server = xstrdup(srv);
	f->name = xstrdup(name);
	f->stop = (int)stop;
	s->data = f;
	return 0;
}

static const struct change_step_type mk_type = { "test-mk", 0, fake_run, fake_verify, fake_undo,
						 fake_describe, fake_save, fake_load, fake_free };
static const struct change_step_type restart_type = { "test-restart", CHANGE_STEP_UNDO_AFTER_FILES, fake_run,
						      fake_verify, fake_undo, fake_describe, fake_save, fake_load,
						      fake_free };
static const struct change_step_type forever_type = { "test-forever", 0, fake_run, fake_verify, NULL,
						      fake_describe, fake_save, fake_load, fake_free };
static const struct change_step_type proof_type = { "test-proof", CHANGE_STEP_ADVISORY, fake_run, NULL, NULL,
						    fake_describe, fake_save, fake_load, fake_free };
static const struct change_step_type *const types[] = { &mk_type, &restart_type, &forever_type, &proof_type,
							NULL };

/* --- fixture ----------------------------------------------------------- */
struct fx {
	char *dir, *server;
	struct change c;
	struct buf events; /* one line per event: "started 0 make a" ... */
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = tu_scratch("change");
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
	buf_free(&f->events);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f->server);
	free(f);
	return 0;
}

static void add(struct fx *f, const struct change_step_type *t, const char *name, enum change_phase ph, int fail)
{
	struct fake *d = xcalloc(1, sizeof *d);
	d->server = xstrdup(f->server);
	d->name = xstrdup(name);
	d->fail = fail;
	change_add_step(&f->c, t, d, ph);
}

/* The change every test starts from: before the files a, then the files
 * (invenio.cfg and a new .env), the restart r, then b, then a proof. */
static void build(struct fx *f)
{
	change_init(&f->c, f->dir, "test", "rdm-s3 test --resume");
	add(f, &mk_type, "b", CHANGE_PHASE_AFTER_RESTART, 0);
	add(f, &restart_type, "r", CHANGE_PHASE_RESTART, 0);
	add(f, &mk_type, "a", CHANGE_PHASE_BEFORE_FILES, 0);
	add(f, &proof_type, "p", CHANGE_PHASE_VERIFY, 0);
	plan_set_file(&f->c.files, "invenio.cfg", CFG_OLD, strlen(CFG_OLD), 1, CFG_NEW, strlen(CFG_NEW), 1);
	plan_set_file(&f->c.files, ".env", "", 0, 0, ENV_NEW, strlen(ENV_NEW), 1);
	plan_add_secret(&f->c.files, "n3w-Secret-Value-42");
	change_fields_add_secret(&f->c.secrets, "token", "in-flight-only-9");
}

static const char *const kinds[] = { "started", "output", "done", "already", "failed", "stopped",
				     "rollback", "undone", "undo-failed", "not-undone" };

static void record(void *ctx, const struct change_event *ev)
{
	struct fx *f = ctx;
	if (ev->kind == CHANGE_EV_OUTPUT)
		return;
	buf_printf(&f->events, "%s %zu %s\n", kinds[ev->kind], ev->index, ev->title);
}

static struct change_run_opts opts(struct fx *f)
{
	struct change_run_opts o = { .progress = record, .progress_ctx = f, .now = 1764756902, .types = types };
	return o;
}

static char *file(const struct fx *f, const char *rel)
{
	char *p = tu_join(f->dir, rel), *t = tu_read(p);
	free(p);
	return t;
}

static char *log_of(const struct fx *f)
{
	char *p = tu_join(f->server, "log"), *t = tu_read(p);
	free(p);
	return t ? t : xstrdup("");
}

static char *journal_text(const struct fx *f, const char *id)
{
	char *p = xasprintf("%s/.rdm-s3/changes/%s", f->dir, id), *t = tu_read(p);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(p);
	return t;
}

static void assert_original(const struct fx *f)
{
	char *cfg = file(f, "invenio.cfg"), *env = file(f, ".env");
	assert_string_equal(cfg, CFG_OLD);
	assert_null(env);
	free(cfg);
	assert_false(has(f->server, "a"));
	assert_false(has(f->server, "b"));
}

static void assert_applied(const struct fx *f)
{
	char *cfg = file(f, "invenio.cfg"), *env = file(f, ".env");
	assert_string_equal(cfg, CFG_NEW);
	assert_string_equal(env, ENV_NEW);
	free(cfg);
	free(env);
	assert_true(has(f->server, "a"));
	assert_true(has(f->server, "r"));
	assert_true(has(f->server, "b"));
}

/* --- tests ------------------------------------------------------------- */
static void order_and_review(void **state)
{
	struct fx *f = *state;
	build(f);
	size_t n, *order = change_order(&f->c, &n);
	assert_int_equal(n, 5);
	assert_int_equal(order[0], 2);          /* a: before the files */
	assert_int_equal(order[1], (size_t)-1); /* the files */
	assert_int_equal(order[2], 1);          /* r: restart */
	assert_int_equal(order[3], 0);          /* b: after the restart */
	assert_int_equal(order[4], 3);          /* p: proof */
	free(order);
	/* 2 points per step, 2*2+3 inside the files step. */
	assert_int_equal(change_fault_points(&f->c), 2 * 5 + 7);
	struct change_review r;
	change_review_build(&f->c, &r);
	assert_int_equal(r.n_files, 2);
	assert_string_equal(r.files[1].rel, ".env");
	assert_true(r.files[1].created);
	assert_true(r.files[1].secret);
	assert_int_equal(r.files[0].lines_added, 1);
	assert_int_equal(r.files[0].lines_removed, 1);
	assert_null(strstr(r.diff, "n3w-Secret-Value-42")); /* masked */
	assert_non_null(strstr(r.diff, "CHANGE_ME"));
	assert_int_equal(r.n_steps, 5);
	assert_true(r.steps[1].is_files);
	assert_string_equal(r.steps[1].text.title, "write 2 files");
	assert_string_equal(r.steps[0].text.title, "make a");
	assert_true(r.steps[0].reversible);
	assert_true(r.steps[4].advisory);
	change_review_free(&r);
}

static void run_all_done(void **state)
{
	struct fx *f = *state;
	build(f);
	struct change_run_opts o = opts(f);
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_DONE);
	assert_applied(f);
	assert_non_null(out.backup_id);
	assert_int_equal(out.n_written, 2);
	assert_string_equal(buf_str(&f->events),
			    "started 0 make a\ndone 0 make a\nstarted 1 write 2 files\ndone 1 write 2 files\n"
			    "started 2 make r\ndone 2 make r\nstarted 3 make b\ndone 3 make b\n"
			    "started 4 make p\ndone 4 make p\n");
	char *j = journal_text(f, out.journal_id);
	assert_non_null(strstr(j, "state done\n"));
	assert_non_null(strstr(j, "step files phase=20 state=done"));
	assert_non_null(strstr(j, "field set "));
	assert_null(strstr(j, "in-flight-only-9")); /* secrets and planned files: in flight only */
	assert_null(strstr(j, "n3w-Secret-Value-42"));
	free(j);
	struct change_pending p;
	assert_int_equal(change_find_pending(f->dir, types, &p, &err), 0);
	change_outcome_free(&out);
}

static void failure_rolls_back(void **state)
{
	struct fx *f = *state;
	build(f);
	add(f, &forever_type, "kept", CHANGE_PHASE_AFTER_RESTART, 0); /* irreversible */
	add(f, &mk_type, "bad", CHANGE_PHASE_AFTER_RESTART, 1);
	struct change_run_opts o = opts(f);
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_ROLLED_BACK);
	assert_string_equal(out.step_title, "make bad");
	assert_string_equal(out.diagnosis, "it was told to fail");
	assert_int_equal(out.n_not_undone, 1);
	assert_original(f);
	assert_true(has(f->server, "kept")); /* irreversible: left in place */
	/* Reverse order, with the restart undone right after the files. */
	char *log = log_of(f);
	assert_string_equal(log, "a\nr\nb\nkept\nundo bad\nundo b\nundo r\nundo a\n");
	free(log);
	assert_non_null(strstr(buf_str(&f->events), "undone 1 write 2 files\nundone 2 make r\nundone 0 make a\n"));
	assert_non_null(strstr(buf_str(&f->events), "not-undone 4 make kept\n"));
	char *j = journal_text(f, out.journal_id);
	assert_non_null(strstr(j, "state rolled-back\n"));
	free(j);
	/* Nothing left to undo: the rollback is not undone again. */
	struct change_undo_report rep;
	assert_int_equal(change_undo_last(f->dir, 0, &o, &rep, &err), -1);
	assert_non_null(strstr(err.message, "nothing to undo"));
	rdm_error_clear(&err);
	change_undo_report_free(&rep);
	change_outcome_free(&out);
}

static void advisory_failure_keeps_change(void **state)
{
	struct fx *f = *state;
	build(f);
	((struct fake *)f->c.steps[3].data)->fail = 1; /* the proof */
	struct change_run_opts o = opts(f);
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_DONE);
	assert_int_equal(out.n_advisory_failed, 1);
	assert_applied(f);
	change_outcome_free(&out);
}

static void stop_then_resume(void **state)
{
	struct fx *f = *state;
	build(f);
	((struct fake *)f->c.steps[1].data)->stop = 1; /* the restart waits */
	struct change_run_opts o = opts(f);
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_STOPPED);
	assert_string_equal(out.remedy, "create the marker go, then resume");
	assert_false(has(f->server, "b"));
	char *j = journal_text(f, out.journal_id);
	assert_non_null(strstr(j, "state stopped\n"));
	assert_non_null(strstr(j, "secret token in-flight-only-9\n")); /* still in flight */
	free(j);
	struct change_pending p;
	assert_int_equal(change_find_pending(f->dir, types, &p, &err), 1);
	assert_true(p.stopped);
	assert_int_equal(p.n_done, 2);
	assert_string_equal(p.next_title, "make r");
	assert_string_equal(p.resume_command, "rdm-s3 test --resume");
	change_pending_free(&p);
	change_outcome_free(&out);
	/* Still waiting: stops again. */
	struct change c2;
	assert_int_equal(change_resume(f->dir, "test", &o, &c2, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_STOPPED);
	change_outcome_free(&out);
	change_free(&c2);
	char *go = tu_join(f->server, "go");
	tu_write(go, "", 0600);
	free(go);
	buf_truncate(&f->events, 0);
	assert_int_equal(change_resume(f->dir, "test", &o, &c2, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_DONE);
	assert_applied(f);
	assert_non_null(strstr(buf_str(&f->events), "already 0 make a\nalready 1 write 2 files\nstarted 2 make r\n"));
	change_outcome_free(&out);
	change_free(&c2);
	assert_int_equal(change_resume(f->dir, "test", &o, &c2, &out, &err), -1);
	assert_non_null(strstr(err.message, "nothing to resume"));
	rdm_error_clear(&err);
	change_free(&c2);
}

static atomic_int cancel_flag;

static void cancel_after_files(void *ctx, const struct change_event *ev)
{
	record(ctx, ev);
	if (ev->kind == CHANGE_EV_DONE && ev->is_files)
		atomic_store(&cancel_flag, 1);
}

static void cancel_rolls_back(void **state)
{
	struct fx *f = *state;
	build(f);
	struct change_run_opts o = opts(f);
	o.progress = cancel_after_files;
	o.cancel = &cancel_flag;
	atomic_store(&cancel_flag, 0);
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	assert_int_equal(out.end, CHANGE_END_CANCELLED);
	assert_original(f);
	assert_false(has(f->server, "r")); /* never started */
	change_outcome_free(&out);
}

/* Run the change in a child killed at fault point n; 1 when it died. */
static int run_killed(struct fx *f, unsigned n)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct change_run_opts o = opts(f);
		o.fault_at = n;
		o.progress = NULL;
		struct change_outcome out;
		struct rdm_error err = RDM_ERROR_INIT;
		int rc = change_run(&f->c, &o, &out, &err);
		_exit(rc == 0 && out.end == CHANGE_END_DONE ? 0 : 3);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status)) {
		assert_int_equal(WTERMSIG(status), SIGKILL);
		return 1;
	}
	assert_int_equal(WEXITSTATUS(status), 0);
	return 0;
}

static void reset(struct fx *f)
{
	change_free(&f->c);
	tu_remove_tree(f->dir);
	assert_int_equal(mkdir(f->dir, 0700), 0);
	assert_int_equal(mkdir(f->server, 0700), 0);
	char *cfg = tu_join(f->dir, "invenio.cfg");
	tu_write(cfg, CFG_OLD, 0644);
	free(cfg);
	build(f);
}

static void kill_everywhere_resume_or_undo(void **state)
{
	struct fx *f = *state;
	build(f);
	unsigned points = change_fault_points(&f->c);
	for (unsigned n = 1; n <= points; n++) {
		for (int mode = 0; mode < 2; mode++) {
			reset(f);
			assert_int_equal(run_killed(f, n), 1);
			struct change_run_opts o = opts(f);
			struct rdm_error err = RDM_ERROR_INIT;
			if (mode == 0) { /* resume finishes it */
				struct change c2;
				struct change_outcome out;
				if (change_resume(f->dir, "test", &o, &c2, &out, &err) != 0)
					fail_msg("kill at %u: resume: %s", n, err.message);
				if (out.end != CHANGE_END_DONE)
					fail_msg("kill at %u: resume ended %s: %s", n, change_end_name(out.end),
						 out.message ? out.message : "");
				assert_applied(f);
				change_outcome_free(&out);
				change_free(&c2);
			} else { /* undo rolls everything back */
				struct change_undo_report rep;
				if (change_undo_last(f->dir, 0, &o, &rep, &err) != 0)
					fail_msg("kill at %u: undo: %s", n, err.message);
				if (!rep.with_steps)
					fail_msg("kill at %u: undo did not undo the change", n);
				assert_original(f);
				change_undo_report_free(&rep);
			}
		}
	}
	/* One past the last point: the change just runs. */
	reset(f);
	assert_int_equal(run_killed(f, points + 1), 0);
}

static void undo_change_and_later_set(void **state)
{
	struct fx *f = *state;
	build(f);
	struct change_run_opts o = opts(f);
	struct change_outcome out;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(change_run(&f->c, &o, &out, &err), 0);
	change_outcome_free(&out);
	/* A later plain file change (config set) over the change's files. */
	struct plan p;
	plan_init(&p, f->dir);
	const char *later = "S3_SECRET_ACCESS_KEY='later-value-000'\n";
	plan_set_file(&p, "invenio.cfg", CFG_NEW, strlen(CFG_NEW), 1, later, strlen(later), 1);
	struct plan_apply_opts ao = { .now = 1764756999, .command = "config set" };
	struct plan_result pr;
	assert_int_equal(plan_apply(&p, &ao, &pr, &err), 0);
	plan_result_free(&pr);
	plan_free(&p);
	/* First undo: the later file set only. */
	struct change_undo_report rep;
	assert_int_equal(change_undo_last(f->dir, 0, &o, &rep, &err), 0);
	assert_false(rep.with_steps);
	assert_string_equal(rep.command, "config set");
	change_undo_report_free(&rep);
	assert_applied(f);
	/* Second: the change, files and server steps together. */
	assert_int_equal(change_undo_last(f->dir, 0, &o, &rep, &err), 0);
	assert_true(rep.with_steps);
	assert_string_equal(rep.command, "test");
	assert_int_equal(rep.n_undone, 4); /* b, the files, r, a */
	assert_int_equal(rep.files.n_restored, 2);
	change_undo_report_free(&rep);
	assert_original(f);
	assert_int_equal(change_undo_last(f->dir, 0, &o, &rep, &err), -1);
	rdm_error_clear(&err);
	change_undo_report_free(&rep);
}

static void journal_escaping(void **state)
{
	struct fx *f = *state;
	struct journal j, k;
	struct rdm_error err = RDM_ERROR_INIT;
	int lock;
	assert_int_equal(backup_lock(f->dir, &lock, &err), 0);
	assert_int_equal(journal_create(&j, f->dir, 1764756902, &err), 0);
	j.command = xstrdup("odd %command\nline");
	j.state = JOURNAL_RUNNING;
	struct change_fields fl = CHANGE_FIELDS_INIT;
	change_fields_add(&fl, "v", " two\nlines 100% \t");
	change_fields_add_secret(&fl, "s", "sec");
	journal_add_step(&j, "test-mk", CHANGE_PHASE_BEFORE_FILES, &fl);
	change_fields_free(&fl);
	assert_int_equal(journal_save(&j, &err), 0);
	assert_int_equal(journal_load(&k, f->dir, j.id, &err), 0);
	assert_string_equal(k.command, "odd %command\nline");
	assert_string_equal(change_fields_get(&k.steps[0].fields, "v"), " two\nlines 100% \t");
	assert_string_equal(change_fields_get(&k.steps[0].fields, "s"), "sec");
	assert_true(k.steps[0].fields.v[1].secret);
	journal_free(&k);
	j.state = JOURNAL_DONE; /* ended: the secret field is not written */
	assert_int_equal(journal_save(&j, &err), 0);
	assert_int_equal(journal_load(&k, f->dir, j.id, &err), 0);
	assert_null(change_fields_get(&k.steps[0].fields, "s"));
	journal_free(&k);
	/* A damaged journal names its line. */
	char *p = xstrdup(j.path);
	tu_write(p, "version 1\nstep nonsense\n", 0600);
	assert_int_equal(journal_load(&k, f->dir, j.id, &err), -1);
	assert_non_null(strstr(err.where, ":2"));
	rdm_error_clear(&err);
	journal_free(&k);
	journal_free(&j);
	free(p);
	backup_unlock(lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(order_and_review, setup, teardown),
		cmocka_unit_test_setup_teardown(run_all_done, setup, teardown),
		cmocka_unit_test_setup_teardown(failure_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(advisory_failure_keeps_change, setup, teardown),
		cmocka_unit_test_setup_teardown(stop_then_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(kill_everywhere_resume_or_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_change_and_later_set, setup, teardown),
		cmocka_unit_test_setup_teardown(journal_escaping, setup, teardown),
	};
	return cmocka_run_group_tests_name("change", tests, NULL, NULL);
}
