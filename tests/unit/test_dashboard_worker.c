/* The dashboard's background work. One check run on the shell's worker
 * with a fake probe: STARTED then DONE with the report, the probe made
 * once on first use and shared by later runs, a probe that cannot start or
 * cannot be made gives a failed run, and the probe outlives the screen
 * while a run still uses it. Then the dashboard view's schedule, driven
 * without a terminal by calling its functions with a given clock: a run
 * at once, the next one an interval after the start of the last, r runs
 * now, p pauses and resumes (a due run starts on resume), a paused start
 * runs nothing. Waits are bounded (10 s); nothing asserts how long
 * anything took. */
#include "config.h"

#include <curses.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/check.h"
#include "tui/dash/dash_job.h"
#include "tui/dash/dash_screen.h"
#include "tui/shell/keys.h"
#include "tui/shell/worker.h"

#define WAIT_MS 60000 /* a bound, not a measure: sanitizer builds on a loaded machine are slow */

struct fake_probe {
	struct check_probe base;
	int fail_begin, fail_make;
	int makes, frees, begins, ends; /* written by the worker; read after a message */
};

static int fake_begin(struct check_probe *p, unsigned needs, struct check_facts *facts,
		      struct rdm_error *err)
{
	struct fake_probe *fp = (struct fake_probe *)p;
	(void)needs;
	fp->begins++;
	if (fp->fail_begin)
		return rdm_error_set(err, "no transport");
	facts->target.now = 1750000000;
	return 0;
}

/* Gathers nothing: every verdict that needs data says UNKNOWN. */
static void fake_gather(struct check_probe *p, unsigned needs, struct check_facts *facts)
{
	(void)p;
	(void)needs;
	(void)facts;
}

static void fake_end(struct check_probe *p, struct check_facts *facts)
{
	(void)facts;
	((struct fake_probe *)p)->ends++;
}

static struct check_probe *fake_make(void *ctx, struct rdm_error *err)
{
	struct fake_probe *fp = ctx;
	fp->makes++;
	if (fp->fail_make) {
		rdm_error_set(err, "cannot read the instance");
		return NULL;
	}
	return &fp->base;
}

static void fake_free(struct check_probe *p)
{
	((struct fake_probe *)p)->frees++;
}

static struct fake_probe probe_new(void)
{
	struct fake_probe p;
	memset(&p, 0, sizeof p);
	p.base.begin = fake_begin;
	p.base.gather = fake_gather;
	p.base.end = fake_end;
	return p;
}

static struct tui_worker *worker(void)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct tui_worker *w = tui_worker_new(&err);
	assert_non_null(w);
	return w;
}

/* The next message (bounded wait); fails the test after WAIT_MS. */
static struct tui_msg *next_msg(struct tui_worker *w)
{
	for (;;) {
		struct tui_msg *m = tui_worker_take(w);
		if (m)
			return m;
		struct pollfd pfd = { tui_worker_fd(w), POLLIN, 0 };
		if (poll(&pfd, 1, WAIT_MS) == 0)
			fail_msg("no message from the worker within %d ms", WAIT_MS);
	}
}

static void submit_run(struct tui_worker *w, struct dash_probe_holder *h, int tag)
{
	struct dash_run run = { check_table, NULL, "fake", h, NULL };
	struct tui_job job = dash_run_job(&run, tag);
	struct rdm_error err = RDM_ERROR_INIT;
	assert_true(tui_worker_submit(w, &job, &err) > 0);
}

/* Expects one run: STARTED, DONE, then the job's end. Returns DONE. */
static struct tui_msg *expect_run(struct tui_worker *w, int tag)
{
	struct tui_msg *m = next_msg(w);
	assert_int_equal(m->tag, tag);
	assert_int_equal(m->kind, DASH_MSG_STARTED);
	assert_true(((struct dash_msg *)m->data)->at > 0);
	tui_msg_free(m);
	struct tui_msg *done = next_msg(w);
	assert_int_equal(done->kind, DASH_MSG_DONE);
	assert_true(((struct dash_msg *)done->data)->duration >= 0);
	m = next_msg(w);
	assert_int_equal(m->kind, TUI_MSG_DONE);
	tui_msg_free(m);
	return done;
}

static void test_runs_share_one_probe(void **state)
{
	(void)state;
	struct fake_probe p = probe_new();
	struct dash_probe_holder *h = dash_probe_holder_new(fake_make, fake_free, &p);
	struct tui_worker *w = worker();
	submit_run(w, h, 1);
	struct tui_msg *m = expect_run(w, 1);
	struct dash_msg *dm = m->data;
	assert_false(dm->failed);
	assert_string_equal(dm->report.instance, "fake");
	assert_int_equal(dm->report.n, 16);
	assert_string_equal(dm->report.results[0].id, "instance");
	tui_msg_free(m);
	submit_run(w, h, 2);
	tui_msg_free(expect_run(w, 2));
	assert_int_equal(p.makes, 1);
	assert_int_equal(p.begins, 2);
	assert_int_equal(p.ends, 2);
	tui_worker_free(w);
	assert_int_equal(p.frees, 0); /* the screen still holds it */
	dash_probe_holder_release(h);
	assert_int_equal(p.frees, 1);
}

static void test_probe_begin_fails(void **state)
{
	(void)state;
	struct fake_probe p = probe_new();
	p.fail_begin = 1;
	struct dash_probe_holder *h = dash_probe_holder_borrow(&p.base);
	struct tui_worker *w = worker();
	submit_run(w, h, 7);
	struct tui_msg *m = expect_run(w, 7);
	struct dash_msg *dm = m->data;
	assert_true(dm->failed);
	assert_non_null(strstr(dm->err.message, "no transport"));
	assert_int_equal(dm->report.n, 0);
	tui_msg_free(m);
	assert_int_equal(p.ends, 0); /* a failed begin is not followed by end */
	tui_worker_free(w);
	dash_probe_holder_release(h);
	assert_int_equal(p.frees, 0); /* borrowed: never freed by the holder */
}

static void test_probe_cannot_be_made(void **state)
{
	(void)state;
	struct fake_probe p = probe_new();
	p.fail_make = 1;
	struct dash_probe_holder *h = dash_probe_holder_new(fake_make, fake_free, &p);
	struct tui_worker *w = worker();
	submit_run(w, h, 1);
	struct tui_msg *m = expect_run(w, 1);
	assert_true(((struct dash_msg *)m->data)->failed);
	assert_string_equal(((struct dash_msg *)m->data)->err.message, "cannot read the instance");
	tui_msg_free(m);
	tui_worker_free(w);
	dash_probe_holder_release(h);
	assert_int_equal(p.begins, 0);
	assert_int_equal(p.frees, 0);
}

/* The screen lets go while a run is queued: the run still has the probe,
 * and the last release frees it. */
static void test_probe_outlives_screen(void **state)
{
	(void)state;
	struct fake_probe p = probe_new();
	struct dash_probe_holder *h = dash_probe_holder_new(fake_make, fake_free, &p);
	struct tui_worker *w = worker();
	submit_run(w, h, 1);
	dash_probe_holder_release(h);
	tui_msg_free(expect_run(w, 1));
	tui_worker_free(w); /* joins: the job's reference is gone */
	assert_int_equal(p.makes, 1);
	assert_int_equal(p.frees, 1);
}

/* --- the view's schedule ---------------------------------------------- */

struct sched {
	struct fake_probe p;
	struct dash_probe_holder *h;
	struct tui_view *v;
};

static void sched_open(struct sched *s, int paused)
{
	s->p = probe_new();
	s->h = dash_probe_holder_borrow(&s->p.base);
	struct dash_screen_config c = { check_table, NULL, s->h, "fake", 10, paused, NULL, 0 };
	s->v = dash_screen_new(&c);
}

static void sched_close(struct sched *s)
{
	s->v->ops->free(s->v);
	dash_probe_holder_release(s->h);
}

/* The jobs a request holds are never run here: free their arguments. */
static int jobs_in(struct tui_req *req)
{
	int n = req->n_jobs;
	for (int i = 0; i < req->n_jobs; i++)
		req->jobs[i].free_arg(req->jobs[i].arg);
	return n;
}

static struct tui_req at(long long now)
{
	struct tui_req r;
	memset(&r, 0, sizeof r);
	r.now_ms = now;
	return r;
}

static void job_done(struct sched *s, int tag, struct tui_req *req)
{
	struct tui_msg m = { 1, tag, TUI_MSG_DONE, NULL, NULL };
	s->v->ops->msg(s->v, &m, req);
}

static void test_schedule(void **state)
{
	(void)state;
	struct sched s;
	sched_open(&s, 0);
	struct tui_req r = at(1000);
	s.v->ops->opened(s.v, &r);
	assert_int_equal(jobs_in(&r), 1); /* a run at once */
	r = at(2500);
	job_done(&s, 1, &r);
	assert_int_equal(jobs_in(&r), 0);
	assert_true(r.flags & TUI_EV_TICK);
	assert_int_equal(r.tick_ms, 8500); /* 10 s after the start */
	r = at(11000);
	s.v->ops->tick(s.v, &r);
	assert_int_equal(jobs_in(&r), 1);
	r = at(11200);
	job_done(&s, 2, &r);
	jobs_in(&r);
	r = at(12000);
	s.v->ops->key(s.v, 'r', &r); /* run now */
	assert_int_equal(jobs_in(&r), 1);
	r = at(12100);
	job_done(&s, 1, &r); /* an old job's end changes nothing */
	assert_int_equal(r.flags & TUI_EV_TICK, 0);
	r = at(12500);
	job_done(&s, 3, &r);
	jobs_in(&r);
	r = at(13000);
	s.v->ops->key(s.v, 'p', &r); /* pause */
	assert_int_equal(jobs_in(&r), 0);
	r = at(40000);
	s.v->ops->tick(s.v, &r); /* the tick asked for before the pause */
	assert_int_equal(jobs_in(&r), 0);
	r = at(41000);
	s.v->ops->key(s.v, 'p', &r); /* resume: a run is due */
	assert_int_equal(jobs_in(&r), 1);
	r = at(41100);
	s.v->ops->key(s.v, TUI_KEY_INTERRUPT, &r); /* left to the loop: status 130 */
	assert_int_equal(r.flags, 0);
	r = at(41200);
	s.v->ops->key(s.v, 'q', &r);
	assert_true(r.flags & TUI_EV_CLOSE);
	sched_close(&s);
}

static void test_paused_start(void **state)
{
	(void)state;
	struct sched s;
	sched_open(&s, 1);
	struct tui_req r = at(1000);
	s.v->ops->opened(s.v, &r);
	assert_int_equal(jobs_in(&r), 0);
	r = at(2000);
	s.v->ops->key(s.v, 'r', &r); /* r still runs while paused */
	assert_int_equal(jobs_in(&r), 1);
	r = at(2500);
	job_done(&s, 1, &r);
	assert_int_equal(jobs_in(&r), 0);
	assert_int_equal(r.flags & TUI_EV_TICK, 0);
	sched_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_share_one_probe),
		cmocka_unit_test(test_probe_begin_fails),
		cmocka_unit_test(test_probe_cannot_be_made),
		cmocka_unit_test(test_probe_outlives_screen),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_paused_start),
	};
	return cmocka_run_group_tests_name("dashboard_worker", tests, NULL, NULL);
}
