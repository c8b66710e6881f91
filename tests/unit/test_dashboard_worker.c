/* The dashboard's worker thread with a fake probe: runs arrive through the
 * pipe as STARTED/DONE pairs, "run now" works (also while paused), a
 * paused start runs nothing, a zero interval keeps running, a probe that
 * cannot start gives a failed run, and stop frees everything (ASan/LSan).
 * Waits are bounded (10 s) and nothing asserts how long anything took. */
#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/check.h"
#include "tui/dash_worker.h"

#define WAIT_MS 10000

struct fake_probe {
	struct check_probe base;
	int fail;
	int begins, ends; /* written by the worker; read after a message */
};

static int fake_begin(struct check_probe *p, unsigned needs, struct check_facts *facts,
		      struct rdm_error *err)
{
	struct fake_probe *fp = (struct fake_probe *)p;
	(void)needs;
	fp->begins++;
	if (fp->fail)
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

static struct fake_probe probe_new(int fail)
{
	struct fake_probe p = { { fake_begin, fake_gather, fake_end }, fail, 0, 0 };
	return p;
}

static struct dash_worker *start(struct fake_probe *p, int interval, int paused)
{
	struct dash_worker_config cfg = { check_table, NULL, &p->base, "fake", interval, paused };
	struct rdm_error err = RDM_ERROR_INIT;
	struct dash_worker *w = dash_worker_start(&cfg, &err);
	assert_non_null(w);
	rdm_error_clear(&err);
	return w;
}

/* The next message (bounded wait); fails the test after WAIT_MS. */
static struct dash_msg *next_msg(struct dash_worker *w)
{
	for (;;) {
		struct dash_msg *m = dash_worker_take(w);
		if (m)
			return m;
		struct pollfd pfd = { dash_worker_fd(w), POLLIN, 0 };
		int r = poll(&pfd, 1, WAIT_MS);
		if (r == 0)
			fail_msg("no message from the worker within %d ms", WAIT_MS);
	}
}

/* Expects one run: STARTED then DONE; returns DONE (caller frees). */
static struct dash_msg *expect_run(struct dash_worker *w)
{
	struct dash_msg *m = next_msg(w);
	assert_int_equal(m->kind, DASH_MSG_STARTED);
	assert_true(m->at > 0);
	dash_msg_free(m);
	m = next_msg(w);
	assert_int_equal(m->kind, DASH_MSG_DONE);
	assert_true(m->duration >= 0);
	return m;
}

static void test_first_run_and_rerun(void **state)
{
	(void)state;
	struct fake_probe p = probe_new(0);
	struct dash_worker *w = start(&p, 3600, 0);
	struct dash_msg *m = expect_run(w);
	assert_false(m->failed);
	assert_string_equal(m->report.instance, "fake");
	assert_int_equal(m->report.n, 16);
	assert_string_equal(m->report.results[0].id, "instance");
	dash_msg_free(m);
	assert_int_equal(p.begins, 1);
	/* The next scheduled run is an hour away: only "run now" brings one. */
	dash_worker_rerun(w);
	dash_msg_free(expect_run(w));
	assert_int_equal(p.begins, 2);
	assert_int_equal(p.ends, 2);
	/* While paused, "run now" still runs. */
	dash_worker_pause(w, 1);
	dash_worker_rerun(w);
	dash_msg_free(expect_run(w));
	assert_int_equal(p.begins, 3);
	dash_worker_stop(w);
}

static void test_paused_start_runs_nothing(void **state)
{
	(void)state;
	struct fake_probe p = probe_new(0);
	struct dash_worker *w = start(&p, 0, 1);
	dash_worker_stop(w); /* joins: whatever the thread did is visible */
	assert_int_equal(p.begins, 0);
}

static void test_interval_repeats(void **state)
{
	(void)state;
	struct fake_probe p = probe_new(0);
	struct dash_worker *w = start(&p, 0, 0);
	for (int i = 0; i < 3; i++)
		dash_msg_free(expect_run(w));
	/* Resume after pause: the due run starts again. */
	dash_worker_pause(w, 1);
	dash_worker_pause(w, 0);
	struct dash_msg *m = next_msg(w);
	assert_true(m->kind == DASH_MSG_STARTED || m->kind == DASH_MSG_DONE);
	dash_msg_free(m);
	dash_worker_stop(w); /* unread messages are freed (LeakSanitizer) */
	assert_true(p.begins >= 3);
	assert_int_equal(p.begins, p.ends);
}

static void test_probe_failure(void **state)
{
	(void)state;
	struct fake_probe p = probe_new(1);
	struct dash_worker *w = start(&p, 3600, 0);
	struct dash_msg *m = expect_run(w);
	assert_true(m->failed);
	assert_non_null(m->err.message);
	assert_non_null(strstr(m->err.message, "no transport"));
	assert_int_equal(m->report.n, 0);
	dash_msg_free(m);
	assert_int_equal(p.ends, 0); /* a failed begin is not followed by end */
	dash_worker_stop(w);
	dash_worker_stop(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_run_and_rerun),
		cmocka_unit_test(test_paused_start_runs_nothing),
		cmocka_unit_test(test_interval_repeats),
		cmocka_unit_test(test_probe_failure),
	};
	return cmocka_run_group_tests_name("dashboard_worker", tests, NULL, NULL);
}
