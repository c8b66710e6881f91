/* The dashboard model without a screen: rows from reports, the latency
 * ring and sparkline levels, selection kept across runs, status changes,
 * run failures, and what each user action asks of the loop. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/dashboard_model.h"
#include "test_dashboard_fixture.h"

static size_t row_index(const struct dash_model *m, const char *id)
{
	for (size_t i = 0; i < m->n_rows; i++)
		if (!strcmp(m->rows[i].id, id))
			return i;
	fail_msg("no row %s", id);
	return 0;
}

static void test_rows_from_report(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	assert_int_equal(m.n_rows, 0);
	assert_null(dash_model_selected(&m));
	fix_feed(&m, FIX_HEALTHY, 0, 1);
	assert_int_equal(m.n_rows, 16);
	assert_string_equal(m.rows[0].id, "instance");
	assert_string_equal(m.rows[15].id, "minio-image");
	assert_string_equal(m.instance, "/srv/demo-repo");
	assert_int_equal(m.runs, 1);
	assert_int_equal(m.running, 0);
	assert_int_equal(m.counts[CHECK_OK], 14);
	assert_int_equal(m.counts[CHECK_WARN], 1);
	assert_int_equal(m.counts[CHECK_INFO], 1);
	assert_int_equal(dash_model_worst(&m), CHECK_WARN);
	const struct dash_row *cors = &m.rows[row_index(&m, "cors")];
	assert_non_null(cors->remedy);
	assert_non_null(strstr(cors->remedy, "ExposeHeaders"));
	assert_int_equal(cors->n_settings, 2);
	/* The secret is masked by check_result_setting, and stays masked. */
	const struct dash_row *auth = &m.rows[row_index(&m, "auth")];
	for (size_t i = 0; i < auth->n_settings; i++)
		assert_null(strstr(auth->settings[i], "q7Vx2mLp9RtK4wZs8NbE"));
	assert_int_equal(m.finished_at, FIX_NOW + 1);
	dash_model_free(&m);
}

static void test_history_ring(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	fix_feed(&m, FIX_HEALTHY, 0, DASH_HISTORY + 5);
	const struct dash_row *r = &m.rows[row_index(&m, "tcp")];
	assert_int_equal(r->hist_len, DASH_HISTORY);
	/* The newest sample is the last report's latency. */
	struct check_report rep;
	fix_report(&rep, FIX_HEALTHY, DASH_HISTORY + 4);
	double newest = r->history[(r->hist_head + r->hist_len - 1) % DASH_HISTORY].latency;
	assert_true(newest == rep.results[2].latency_seconds);
	check_report_clear(&rep);
	assert_int_equal(m.runs, DASH_HISTORY + 5);
	dash_model_free(&m);
}

static void test_spark_levels(void **state)
{
	(void)state;
	struct dash_row r;
	int lv[8];
	memset(&r, 0, sizeof r);
	dash_row_spark(&r, 4, lv);
	for (int i = 0; i < 4; i++)
		assert_int_equal(lv[i], DASH_SPARK_NONE);
	/* 1..4 s (exact in binary), then a critical run, then one without
	 * latency. */
	for (int i = 1; i <= 4; i++)
		r.history[r.hist_len++] = (struct dash_sample){ (double)i, CHECK_OK };
	r.history[r.hist_len++] = (struct dash_sample){ 9.0, CHECK_CRIT };
	r.history[r.hist_len++] = (struct dash_sample){ -1, CHECK_SKIPPED };
	dash_row_spark(&r, 8, lv);
	assert_int_equal(lv[0], DASH_SPARK_NONE); /* right-aligned: two empty */
	assert_int_equal(lv[1], DASH_SPARK_NONE);
	assert_int_equal(lv[2], 2);               /* 1/4 of the max */
	assert_int_equal(lv[3], 4);
	assert_int_equal(lv[4], 6);
	assert_int_equal(lv[5], DASH_SPARK_LEVELS - 1); /* the max (crit excluded) */
	assert_int_equal(lv[6], DASH_SPARK_FAIL);
	assert_int_equal(lv[7], DASH_SPARK_NONE);
	/* Narrower than the history: only the newest are shown. */
	dash_row_spark(&r, 2, lv);
	assert_int_equal(lv[0], DASH_SPARK_FAIL);
	assert_int_equal(lv[1], DASH_SPARK_NONE);
}

static void test_selection(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	assert_int_equal(dash_model_act(&m, DASH_ACT_DOWN), DASH_EV_NONE); /* no rows */
	fix_feed(&m, FIX_HEALTHY, 0, 1);
	assert_int_equal(dash_model_act(&m, DASH_ACT_UP), DASH_EV_NONE);
	assert_int_equal(dash_model_act(&m, DASH_ACT_DOWN), DASH_EV_REDRAW);
	assert_int_equal(dash_model_act(&m, DASH_ACT_DOWN), DASH_EV_REDRAW);
	assert_string_equal(dash_model_selected(&m)->id, "tcp");
	assert_int_equal(dash_model_act(&m, DASH_ACT_END), DASH_EV_REDRAW);
	assert_int_equal(m.selected, 15);
	assert_int_equal(dash_model_act(&m, DASH_ACT_DOWN), DASH_EV_NONE);
	assert_int_equal(dash_model_act(&m, DASH_ACT_HOME), DASH_EV_REDRAW);
	assert_int_equal(m.selected, 0);
	/* The selection follows the check, not the position, across runs. */
	m.selected = row_index(&m, "cors");
	fix_feed(&m, FIX_DEAD, 1, 1);
	assert_string_equal(dash_model_selected(&m)->id, "cors");
	dash_model_free(&m);
}

static void test_actions(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	fix_feed(&m, FIX_HEALTHY, 0, 1);
	assert_int_equal(dash_model_act(&m, DASH_ACT_DETAIL), DASH_EV_REDRAW);
	assert_true(m.detail_open);
	assert_int_equal(dash_model_act(&m, DASH_ACT_CLOSE), DASH_EV_REDRAW);
	assert_false(m.detail_open);
	assert_int_equal(dash_model_act(&m, DASH_ACT_CLOSE), DASH_EV_NONE);
	assert_int_equal(dash_model_act(&m, DASH_ACT_PAUSE), DASH_EV_PAUSE | DASH_EV_REDRAW);
	assert_true(m.paused);
	assert_int_equal(dash_model_act(&m, DASH_ACT_PAUSE), DASH_EV_PAUSE | DASH_EV_REDRAW);
	assert_false(m.paused);
	assert_int_equal(dash_model_act(&m, DASH_ACT_RERUN), DASH_EV_RERUN);
	dash_model_run_started(&m, FIX_NOW + 100);
	assert_true(m.running);
	assert_int_equal(dash_model_act(&m, DASH_ACT_RERUN), DASH_EV_NONE); /* already running */
	/* Help is modal: q only closes it, the next q quits. */
	assert_int_equal(dash_model_act(&m, DASH_ACT_HELP), DASH_EV_REDRAW);
	assert_true(m.help_open);
	assert_int_equal(dash_model_act(&m, DASH_ACT_QUIT), DASH_EV_REDRAW);
	assert_false(m.help_open);
	assert_int_equal(dash_model_act(&m, DASH_ACT_QUIT), DASH_EV_QUIT);
	dash_model_free(&m);
}

static void test_dead_server_and_recovery(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	fix_feed(&m, FIX_HEALTHY, 0, 3);
	size_t tcp = row_index(&m, "tcp"), auth = row_index(&m, "auth");
	assert_int_equal(m.rows[tcp].changed_at, 0);
	fix_feed(&m, FIX_DEAD, 3, 2);
	assert_int_equal(m.rows[tcp].status, CHECK_CRIT);
	assert_int_equal(m.rows[tcp].changed_at, FIX_NOW + 31); /* run 3 finished */
	assert_int_equal(m.rows[auth].status, CHECK_SKIPPED);
	assert_int_equal(dash_model_worst(&m), CHECK_CRIT);
	assert_non_null(strstr(m.rows[tcp].remedy, "start the S3 server"));
	int lv[5];
	dash_row_spark(&m.rows[tcp], 5, lv);
	assert_true(lv[2] >= 0 && lv[3] == DASH_SPARK_FAIL && lv[4] == DASH_SPARK_FAIL);
	fix_feed(&m, FIX_HEALTHY, 5, 1);
	assert_int_equal(m.rows[tcp].status, CHECK_OK);
	assert_int_equal(m.rows[tcp].changed_at, FIX_NOW + 51);
	assert_null(m.rows[tcp].remedy);
	assert_int_equal(dash_model_worst(&m), CHECK_WARN);
	dash_model_free(&m);
}

static void test_run_failed(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	fix_feed(&m, FIX_HEALTHY, 0, 1);
	dash_model_run_started(&m, FIX_NOW + 10);
	dash_model_run_failed(&m, "no transport", FIX_NOW + 11);
	assert_false(m.running);
	assert_string_equal(m.run_error, "no transport");
	assert_int_equal(m.n_rows, 16); /* last results kept */
	assert_int_equal(m.runs, 1);
	fix_feed(&m, FIX_HEALTHY, 2, 1);
	assert_null(m.run_error);
	dash_model_free(&m);
}

/* f: a row whose result carries fix bits asks for the fix (when fixes
 * can be applied here); any other row leaves a notice that says why not,
 * which the next key clears. */
static void test_fix(void **state)
{
	(void)state;
	struct dash_model m;
	struct check_report rep;
	int fixable;
	dash_model_init(&m, 10);
	fix_report(&rep, FIX_HEALTHY, 0);
	rep.results[6].status = CHECK_CRIT; /* bucket: missing */
	rep.results[6].fixes = CHECK_FIX_BUCKET;
	dash_model_apply_report(&m, &rep, FIX_NOW + 1, 0.42);
	check_report_clear(&rep);
	size_t b = row_index(&m, "bucket"), c = row_index(&m, "cors"), d = row_index(&m, "dns");
	assert_int_equal(m.rows[b].fixes, CHECK_FIX_BUCKET);
	/* Not in an instance (an endpoint alone): no fix, and the reason. */
	m.selected = b;
	assert_int_equal(dash_model_act(&m, DASH_ACT_FIX), DASH_EV_REDRAW);
	assert_non_null(strstr(m.notice, "run the dashboard in the instance's folder"));
	assert_int_equal(dash_model_act(&m, DASH_ACT_DOWN), DASH_EV_REDRAW); /* clears, and moves */
	assert_null(m.notice);
	assert_int_equal(m.selected, b + 1);
	m.can_fix = 1;
	m.selected = b;
	assert_int_equal(dash_model_act(&m, DASH_ACT_FIX), DASH_EV_FIX);
	assert_null(m.notice);
	assert_string_equal(dash_model_fix_note(&m, &m.rows[b], &fixable), "create the missing bucket");
	assert_true(fixable);
	/* A warning without fix bits: why there is none. */
	m.selected = c;
	assert_int_equal(dash_model_act(&m, DASH_ACT_FIX), DASH_EV_REDRAW);
	assert_non_null(strstr(m.notice, "no automatic fix for cors"));
	assert_non_null(dash_model_fix_note(&m, &m.rows[c], &fixable));
	assert_false(fixable);
	/* An OK row: nothing to fix, no line in the details. */
	dash_model_act(&m, DASH_ACT_HOME);
	m.selected = d;
	assert_null(dash_model_fix_note(&m, &m.rows[d], &fixable));
	dash_model_act(&m, DASH_ACT_FIX);
	assert_string_equal(m.notice, "dns: nothing to fix");
	/* Help open: the key only closes it (and the notice). */
	dash_model_act(&m, DASH_ACT_HELP);
	assert_null(m.notice);
	assert_true(m.help_open);
	assert_int_equal(dash_model_act(&m, DASH_ACT_FIX), DASH_EV_REDRAW);
	assert_false(m.help_open);
	dash_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_from_report),
		cmocka_unit_test(test_history_ring),
		cmocka_unit_test(test_spark_levels),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_dead_server_and_recovery),
		cmocka_unit_test(test_run_failed),
		cmocka_unit_test(test_fix),
	};
	return cmocka_run_group_tests_name("dashboard_model", tests, NULL, NULL);
}
