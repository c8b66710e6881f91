/* The setup wizard's model without a screen or a server, on the fake
 * engine (tests/helpers/fake_setup_engine.h): Enter on every step of a
 * fresh MinIO instance goes from the instance to the summary; back and
 * cancel before Apply leave without a plan or a run; a wrong secret on
 * another server is refused and blocks Next until corrected; field
 * validation as typed blocks Next; the bucket's real region is offered;
 * another storage resets what belonged to the old one; a failed run rolls
 * back and ends FAILED; Ctrl-C during the run asks and stops it. The work
 * the screen would run on the worker is done here synchronously by
 * serve(). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../helpers/fake_setup_engine.h"
#include "model/setup_model.h"
#include "ops/check/check.h"
#include "util/xalloc.h"

static struct fake_setup fake;

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof fake);
	fake.instance_dir = "/srv/demo-repo";
	fake_setup_use(&fake);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_setup_done(&fake);
	return 0;
}

static void progress(void *ctx, const struct change_event *ev)
{
	setup_model_run_event(ctx, ev);
}

/* Does what the screen's jobs would do for the needs in ev, and for the
 * needs the answers bring (an answer may move on by itself). */
static void serve(struct setup_model *m, unsigned ev)
{
	const struct setup_engine *e = m->eng;
	struct setup_live_opts lo = { NULL, NULL, 0, 0 };
	struct setup_live_answer a;
	struct setup_draft d;
	struct rdm_error err = RDM_ERROR_INIT;
	if (ev & SETUP_NEED_SURVEY) {
		struct setup_survey sv;
		if (e->survey_read(m->instance_dir, NULL, &sv, &err) == 0)
			setup_model_survey_done(m, &sv);
		else
			setup_model_survey_failed(m, err.message);
		rdm_error_clear(&err);
		ev &= ~(unsigned)SETUP_NEED_SURVEY;
		if (m->fix_check)
			ev |= m->need & SETUP_NEED_PLAN; /* a fix goes on to its review */
	}
	while (ev & (SETUP_NEED_AUTH | SETUP_NEED_BUCKETS | SETUP_NEED_REGION | SETUP_NEED_PLAN |
		     SETUP_NEED_RUN)) {
		unsigned more = 0;
		setup_model_job_draft(m, &d);
		if (ev & SETUP_NEED_AUTH) {
			e->live_auth(&d, m->sv, &lo, &a);
			more |= setup_model_auth_done(m, m->gen, &a);
			e->live_answer_free(&a);
		} else if (ev & SETUP_NEED_BUCKETS) {
			e->live_buckets(&d, m->sv, &lo, &a);
			more |= setup_model_buckets_done(m, m->gen, &a);
			e->live_answer_free(&a);
		} else if (ev & SETUP_NEED_REGION) {
			e->live_region(&d, m->sv, d.bucket ? d.bucket : "default", &lo, &a);
			more |= setup_model_region_done(m, m->gen, &a);
			e->live_answer_free(&a);
		} else if (ev & SETUP_NEED_PLAN) {
			struct change c;
			struct setup_resolved res;
			struct setup_opts po = { lo, 1, 1 };
			int rc;
			memset(&res, 0, sizeof res);
			if (m->fix_check)
				rc = e->fix_build(m->fix_check, m->fix_kinds, m->sv, &po, &c, &err);
			else
				rc = e->plan_build(&d, m->sv, &po, &c, &res, &err);
			if (rc == 0) {
				setup_model_plan_done(m, &c, &res);
			} else {
				setup_model_plan_failed(m, err.message);
				e->change_free(&c);
				e->resolved_free(&res);
			}
		} else {
			struct change_outcome out;
			struct change c;
			struct change_run_opts ro = { .progress = progress, .progress_ctx = m };
			setup_model_give_change(m, &c);
			assert_false(m->have_change);
			e->run(&c, &ro, &out, &err);
			setup_model_run_done(m, &c, &out);
		}
		/* the need served first goes; what the answer asked comes in */
		unsigned served = ev & SETUP_NEED_AUTH ? SETUP_NEED_AUTH : ev & SETUP_NEED_BUCKETS ? SETUP_NEED_BUCKETS
				: ev & SETUP_NEED_REGION ? SETUP_NEED_REGION : ev & SETUP_NEED_PLAN ? SETUP_NEED_PLAN
				: SETUP_NEED_RUN;
		ev = (ev & ~served) | more;
		e->draft_free(&d);
		rdm_error_clear(&err);
	}
}

static unsigned act(struct setup_model *m, enum setup_action a)
{
	unsigned ev = setup_model_act(m, a);
	serve(m, ev);
	return ev;
}

static void open_model(struct setup_model *m)
{
	setup_model_init(m, &fake_setup_engine, "/srv/demo-repo");
	assert_int_equal(m->need, SETUP_NEED_SURVEY);
	assert_string_equal(setup_model_blocked(m), "reading the instance's files...");
	serve(m, m->need);
}

static void test_enter_only_fresh_minio(void **state)
{
	(void)state;
	struct setup_model m;
	open_model(&m);
	assert_int_equal(m.step, SETUP_STEP_INSTANCE);
	assert_null(setup_model_blocked(&m));
	/* The safe answers: its MinIO, a new root user and a generated password
	 * in .env, the site's origin for CORS. */
	assert_int_equal(m.draft.storage, SETUP_STORAGE_MINIO);
	assert_string_equal(m.draft.access_key_id, "rdm-admin");
	assert_non_null(m.draft.secret);
	assert_true(m.draft.secret_generated);
	assert_int_equal(m.draft.n_cors_origins, 1);
	const enum setup_step path[] = { SETUP_STEP_STORAGE, SETUP_STEP_ENDPOINT, SETUP_STEP_CREDENTIALS,
					 SETUP_STEP_BUCKET, SETUP_STEP_CORS, SETUP_STEP_REVIEW,
					 SETUP_STEP_APPLY, SETUP_STEP_VERIFY, SETUP_STEP_SUMMARY };
	for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
		act(&m, SETUP_ACT_NEXT);
		assert_int_equal(m.step, path[i]);
		if (m.step == SETUP_STEP_REVIEW) {
			assert_int_equal(m.plan_state, SETUP_LIVE_OK);
			assert_int_equal(m.review.n_files, 2);
			assert_int_equal(fake.run_calls, 0); /* nothing applied before Review */
		}
	}
	/* The own server's new password is not asked of the running MinIO. */
	assert_int_equal(fake.auth_calls, 0);
	assert_int_equal(fake.bucket_calls, 0);
	assert_int_equal(fake.plan_calls, 1);
	assert_int_equal(fake.run_calls, 1);
	assert_int_equal(m.outcome.end, CHANGE_END_DONE);
	assert_true(m.n_rows >= 4);
	assert_true(m.rows[0].done);
	assert_non_null(m.output); /* the restart's output */
	assert_non_null(m.report);
	assert_int_equal(act(&m, SETUP_ACT_NEXT), SETUP_EV_LEAVE);
	assert_int_equal(m.result, SETUP_RESULT_DONE);
	setup_model_free(&m);
}

static void test_back_and_leave_before_apply(void **state)
{
	(void)state;
	struct setup_model m;
	open_model(&m);
	/* Esc on the first step asks; no stays. */
	assert_int_equal(act(&m, SETUP_ACT_BACK), SETUP_EV_REDRAW);
	assert_int_equal(m.question, SETUP_Q_LEAVE);
	act(&m, SETUP_ACT_CONFIRM_NO);
	assert_int_equal(m.question, SETUP_Q_NONE);
	act(&m, SETUP_ACT_NEXT);
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_ENDPOINT);
	act(&m, SETUP_ACT_BACK);
	assert_int_equal(m.step, SETUP_STEP_STORAGE);
	/* Shift-Tab on the first field goes back too. */
	act(&m, SETUP_ACT_FOCUS_PREV);
	assert_int_equal(m.step, SETUP_STEP_INSTANCE);
	for (int i = 0; i < 6; i++)
		act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_REVIEW);
	/* Any other key answers no to the question. */
	act(&m, SETUP_ACT_CANCEL);
	assert_int_equal(m.question, SETUP_Q_LEAVE);
	act(&m, SETUP_ACT_DOWN);
	assert_int_equal(m.question, SETUP_Q_NONE);
	assert_int_equal(m.step, SETUP_STEP_REVIEW);
	act(&m, SETUP_ACT_CANCEL);
	assert_int_equal(act(&m, SETUP_ACT_CONFIRM_YES), SETUP_EV_LEAVE | SETUP_EV_CANCEL_WORK);
	assert_int_equal(m.result, SETUP_RESULT_LEFT);
	assert_int_equal(fake.run_calls, 0);
	setup_model_free(&m);
}

static void goto_step(struct setup_model *m, enum setup_step s)
{
	while (m->step < s) {
		enum setup_step before = m->step;
		act(m, SETUP_ACT_NEXT);
		assert_int_not_equal(m->step, before);
	}
}

static void test_wrong_secret_is_refused_then_corrected(void **state)
{
	(void)state;
	struct setup_model m;
	static const char *const buckets[] = { "default", "archive", NULL };
	fake.kind = FAKE_CEPH;
	fake.wrong_secret = "wrong-secret";
	fake.buckets = buckets;
	open_model(&m);
	assert_int_equal(m.draft.storage, SETUP_STORAGE_OTHER);
	assert_string_equal(m.draft.access_key_id, "AKIAFAKEKEY0001");
	goto_step(&m, SETUP_STEP_CREDENTIALS);
	/* No secret yet: Next is blocked by the field. */
	assert_string_equal(setup_model_blocked(&m), "the secret is empty");
	setup_model_set_text(&m, SETUP_IN_SECRET, "wrong-secret");
	assert_null(setup_model_blocked(&m));
	assert_int_equal(act(&m, SETUP_ACT_NEXT), SETUP_EV_REDRAW | SETUP_NEED_AUTH);
	assert_int_equal(m.step, SETUP_STEP_CREDENTIALS);
	assert_int_equal(m.auth.state, SETUP_LIVE_FAILED);
	assert_string_equal(m.auth.diagnosis, "the key id is known but the secret is wrong");
	assert_non_null(setup_model_blocked(&m));
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_CREDENTIALS);
	assert_int_equal(fake.auth_calls, 1);
	/* Corrected: asked again, accepted, and on to the bucket with the
	 * list without a second Enter. */
	setup_model_set_text(&m, SETUP_IN_SECRET, "right-secret");
	assert_null(setup_model_blocked(&m));
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(fake.auth_calls, 2);
	assert_string_equal(fake.last_auth_secret, "right-secret");
	assert_int_equal(m.auth.state, SETUP_LIVE_OK);
	assert_int_equal(m.step, SETUP_STEP_BUCKET);
	assert_int_equal(m.n_buckets, 2);
	assert_int_equal(m.bucket_sel, 0); /* "default" is there */
	/* The list, then "a new bucket" with a bad name typed. */
	act(&m, SETUP_ACT_DOWN);
	assert_string_equal(m.draft.bucket, "archive");
	setup_model_set_text(&m, SETUP_IN_BUCKET, "Bad_Name");
	assert_int_equal(m.bucket_sel, m.n_buckets);
	assert_non_null(setup_model_blocked(&m));
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_BUCKET);
	setup_model_set_text(&m, SETUP_IN_BUCKET, "uploads");
	act(&m, SETUP_ACT_NEXT); /* where is it? not there: it will be created */
	assert_int_equal(fake.region_calls, 1);
	assert_int_equal(m.bucket_exists, 0);
	assert_int_equal(m.step, SETUP_STEP_CORS);
	/* Changing the keys after the proof asks the server again. */
	act(&m, SETUP_ACT_BACK);
	act(&m, SETUP_ACT_BACK);
	assert_int_equal(m.step, SETUP_STEP_CREDENTIALS);
	setup_model_set_text(&m, SETUP_IN_ACCESS_KEY, "AKIAOTHER");
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(fake.auth_calls, 3);
	assert_int_equal(m.step, SETUP_STEP_BUCKET);
	setup_model_free(&m);
}

static void test_validation_as_typed(void **state)
{
	(void)state;
	struct setup_model m;
	fake.kind = FAKE_CEPH;
	open_model(&m);
	goto_step(&m, SETUP_STEP_ENDPOINT);
	assert_int_equal(m.focus, SETUP_IN_ENDPOINT);
	setup_model_set_text(&m, SETUP_IN_ENDPOINT, "rgw.example.org");
	const struct setup_field_check *fc = setup_model_input_check(&m, SETUP_IN_ENDPOINT);
	assert_int_equal(fc->level, SETUP_ERROR);
	assert_string_equal(setup_model_blocked(&m), "an endpoint starts with http:// or https://");
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_ENDPOINT);
	setup_model_set_text(&m, SETUP_IN_ENDPOINT, "https://rgw.example.org");
	assert_int_equal(setup_model_input_check(&m, SETUP_IN_ENDPOINT)->level, SETUP_OK);
	/* Tab moves between the fields and wraps. */
	act(&m, SETUP_ACT_FOCUS_NEXT);
	assert_int_equal(m.focus, SETUP_IN_REGION);
	act(&m, SETUP_ACT_FOCUS_NEXT);
	assert_int_equal(m.focus, SETUP_IN_ENDPOINT);
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_CREDENTIALS);
	/* Where the app reads its keys: a radio. */
	act(&m, SETUP_ACT_FOCUS_NEXT);
	act(&m, SETUP_ACT_FOCUS_NEXT);
	assert_int_equal(m.focus, SETUP_IN_CREDS_IN);
	assert_int_equal(m.draft.creds_in, SETUP_CREDS_ENV);
	act(&m, SETUP_ACT_TOGGLE);
	assert_int_equal(m.draft.creds_in, SETUP_CREDS_CFG);
	setup_model_free(&m);
}

static void test_storage_change_and_region_offer(void **state)
{
	(void)state;
	struct setup_model m;
	static const char *const buckets[] = { "default", NULL };
	fake.buckets = buckets;
	fake.bucket_region = "eu-central-1";
	open_model(&m);
	goto_step(&m, SETUP_STEP_STORAGE);
	assert_int_equal(m.storage_sel, 0);
	act(&m, SETUP_ACT_DOWN); /* RustFS: this instance has none */
	assert_int_equal(m.draft.storage, SETUP_STORAGE_RUSTFS);
	assert_string_equal(setup_model_blocked(&m), "this instance has no RustFS service");
	act(&m, SETUP_ACT_DOWN); /* Amazon S3 */
	assert_int_equal(m.draft.storage, SETUP_STORAGE_AWS);
	assert_null(m.draft.secret); /* the generated MinIO password went */
	assert_null(m.draft.endpoint);
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_ENDPOINT);
	size_t n;
	setup_model_inputs(&m, &n);
	assert_int_equal(n, 1); /* Amazon S3: the region only */
	assert_int_equal(m.focus, SETUP_IN_REGION);
	act(&m, SETUP_ACT_DOWN); /* the list: first us-east-1 */
	assert_string_equal(m.draft.region, "us-east-1");
	for (int i = 0; i < 6; i++)
		act(&m, SETUP_ACT_DOWN);
	assert_string_equal(m.draft.region, "eu-west-1");
	act(&m, SETUP_ACT_NEXT);
	setup_model_set_text(&m, SETUP_IN_ACCESS_KEY, "AKIAFAKE");
	setup_model_set_text(&m, SETUP_IN_SECRET, "secret-of-aws");
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_BUCKET);
	act(&m, SETUP_ACT_NEXT); /* the bucket is in eu-central-1 */
	assert_true(m.region_offer);
	assert_string_equal(m.bucket_region, "eu-central-1");
	act(&m, SETUP_ACT_NEXT); /* Enter takes it */
	assert_string_equal(m.draft.region, "eu-central-1");
	assert_int_equal(m.step, SETUP_STEP_CORS);
	setup_model_free(&m);
}

static void test_failed_run_rolls_back(void **state)
{
	(void)state;
	struct setup_model m;
	fake.run_end = FAKE_RUN_FAIL_AT_RESTART;
	open_model(&m);
	goto_step(&m, SETUP_STEP_APPLY);
	assert_int_equal(m.outcome.end, CHANGE_END_ROLLED_BACK);
	assert_int_equal(m.run_state, SETUP_LIVE_FAILED);
	int undone = 0;
	for (size_t i = 0; i < m.n_rows; i++)
		undone += m.rows[i].undone;
	assert_true(undone >= 2);
	act(&m, SETUP_ACT_BACK); /* no way back past Apply */
	assert_int_equal(m.step, SETUP_STEP_APPLY);
	assert_non_null(m.notice);
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_SUMMARY);
	assert_int_equal(act(&m, SETUP_ACT_NEXT), SETUP_EV_LEAVE);
	assert_int_equal(m.result, SETUP_RESULT_FAILED);
	setup_model_free(&m);
}

static void test_stop_during_run(void **state)
{
	(void)state;
	struct setup_model m;
	open_model(&m);
	goto_step(&m, SETUP_STEP_REVIEW);
	/* Enter starts the run; the screen would run it on the worker. */
	assert_true(setup_model_act(&m, SETUP_ACT_NEXT) & SETUP_NEED_RUN);
	assert_int_equal(m.step, SETUP_STEP_APPLY);
	assert_string_equal(setup_model_blocked(&m), "applying...");
	assert_int_equal(setup_model_act(&m, SETUP_ACT_CANCEL), SETUP_EV_REDRAW);
	assert_int_equal(m.question, SETUP_Q_STOP);
	assert_int_equal(setup_model_act(&m, SETUP_ACT_CONFIRM_YES), SETUP_EV_STOP_RUN | SETUP_EV_REDRAW);
	struct change_outcome out = { 0 };
	struct change c;
	setup_model_give_change(&m, &c);
	out.end = CHANGE_END_CANCELLED;
	setup_model_run_done(&m, &c, &out);
	assert_null(setup_model_blocked(&m));
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_SUMMARY);
	setup_model_free(&m);
}

static void test_survey_fails(void **state)
{
	(void)state;
	struct setup_model m;
	fake.survey_fails = 1;
	open_model(&m);
	assert_int_equal(m.survey_state, SETUP_LIVE_FAILED);
	assert_string_equal(m.survey_error, "invenio.cfg:12: not a Python assignment");
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_INSTANCE);
	setup_model_free(&m);
}

/* A dashboard fix: straight to the review of the fix's change (no input
 * step, no live question), Esc leaves without a run, Enter applies,
 * verifies and ends DONE; a check without a fix stops at the review with
 * the reason, and Esc leaves. */
static void test_fix_mode(void **state)
{
	(void)state;
	struct setup_model m;
	setup_model_init_fix(&m, &fake_setup_engine, fake.instance_dir, "bucket", CHECK_FIX_BUCKET);
	assert_int_equal(setup_model_first_step(&m), SETUP_STEP_REVIEW);
	serve(&m, m.need);
	assert_int_equal(m.step, SETUP_STEP_REVIEW);
	assert_int_equal(m.plan_state, SETUP_LIVE_OK);
	assert_int_equal(fake.fix_calls, 1);
	assert_int_equal(fake.plan_calls, 0);
	assert_int_equal(fake.auth_calls, 0);
	assert_string_equal(fake.last_fix_check, "bucket");
	assert_int_equal(m.review.n_steps, 2);
	/* Esc: back to the dashboard, nothing run. */
	unsigned ev = act(&m, SETUP_ACT_BACK);
	assert_true(ev & SETUP_EV_LEAVE);
	assert_int_equal(m.result, SETUP_RESULT_LEFT);
	assert_int_equal(fake.run_calls, 0);
	setup_model_free(&m);

	setup_model_init_fix(&m, &fake_setup_engine, fake.instance_dir, "bucket", CHECK_FIX_BUCKET);
	serve(&m, m.need);
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_APPLY);
	assert_int_equal(fake.run_calls, 1);
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_VERIFY);
	/* d on verify: back to the dashboard it came from, not another one. */
	ev = act(&m, SETUP_ACT_DASHBOARD);
	assert_false(ev & SETUP_EV_DASHBOARD);
	assert_true(ev & SETUP_EV_LEAVE);
	assert_int_equal(m.result, SETUP_RESULT_DONE);
	setup_model_free(&m);

	setup_model_init_fix(&m, &fake_setup_engine, fake.instance_dir, "dns", 0);
	serve(&m, m.need);
	assert_int_equal(m.step, SETUP_STEP_REVIEW);
	assert_int_equal(m.plan_state, SETUP_LIVE_FAILED);
	assert_non_null(strstr(setup_model_blocked(&m), "no fix can be made now"));
	act(&m, SETUP_ACT_NEXT);
	assert_int_equal(m.step, SETUP_STEP_REVIEW); /* Enter does nothing */
	ev = act(&m, SETUP_ACT_BACK);
	assert_true(ev & SETUP_EV_LEAVE);
	assert_int_equal(m.result, SETUP_RESULT_LEFT);
	setup_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fix_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_only_fresh_minio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_and_leave_before_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_secret_is_refused_then_corrected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation_as_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_storage_change_and_region_offer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_run_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_during_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_survey_fails, setup, teardown),
	};
	return cmocka_run_group_tests_name("setup_model", tests, NULL, NULL);
}
