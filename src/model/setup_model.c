/* The setup wizard's state machine: steps, Next/Back/Cancel and the
 * questions (see setup_model.h). Inputs are in setup_model_input.c, the
 * answers from the worker in setup_model_live.c. */
#include "config.h"
#include "model/setup_model.h"

#include <stdlib.h>
#include <string.h>

#include "model/setup_model_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static const char *const step_titles[SETUP_STEP__COUNT] = {
	N_("Instance"), N_("Storage"), N_("Endpoint"), N_("Credentials"), N_("Bucket"),
	N_("CORS"), N_("Review"), N_("Apply"), N_("Verify"), N_("Summary"),
};

const char *setup_step_title(enum setup_step s)
{
	return s < SETUP_STEP__COUNT ? _(step_titles[s]) : "";
}

struct setup_survey_box *setup_survey_box_new(const struct setup_engine *eng, struct setup_survey *sv)
{
	struct setup_survey_box *b = xcalloc(1, sizeof *b);
	b->sv = *sv;
	memset(sv, 0, sizeof *sv);
	b->eng = eng;
	atomic_init(&b->refs, 1);
	return b;
}

struct setup_survey_box *setup_survey_box_ref(struct setup_survey_box *b)
{
	atomic_fetch_add(&b->refs, 1);
	return b;
}

void setup_survey_box_release(struct setup_survey_box *b)
{
	if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
		return;
	b->eng->survey_free(&b->sv);
	free(b);
}

void setup_model_init(struct setup_model *m, const struct setup_engine *eng, const char *instance_dir)
{
	memset(m, 0, sizeof *m);
	m->eng = eng;
	m->instance_dir = xstrdup(instance_dir);
	eng->draft_init(&m->draft);
	m->survey_state = SETUP_LIVE_RUNNING;
	m->need = SETUP_NEED_SURVEY;
	m->gen = 1; /* answers carry the generation they answered; 0 is none */
	m->run_state = SETUP_LIVE_NONE;
}

void setup_model_init_fix(struct setup_model *m, const struct setup_engine *eng, const char *instance_dir,
			  const char *check_id, unsigned fixes)
{
	setup_model_init(m, eng, instance_dir);
	m->fix_check = xstrdup(check_id ? check_id : "");
	m->fix_kinds = fixes;
}

enum setup_step setup_model_first_step(const struct setup_model *m)
{
	return m->fix_check ? SETUP_STEP_REVIEW : SETUP_STEP_INSTANCE;
}

void setup_model_free(struct setup_model *m)
{
	free(m->fix_check);
	const struct setup_engine *eng = m->eng;
	for (int i = 0; i < SETUP_F__COUNT; i++)
		eng->field_check_free(&m->checks[i]);
	setup_live_clear(&m->auth);
	setup_live_clear(&m->buckets);
	setup_live_clear(&m->region);
	setup_model_clear_buckets(m);
	free(m->bucket_region);
	setup_model_clear_plan(m);
	setup_model_clear_run(m);
	eng->draft_free(&m->draft);
	setup_survey_box_release(m->box);
	free(m->survey_error);
	free(m->instance_dir);
	memset(m, 0, sizeof *m);
}

/* --- entering a step ------------------------------------------------- */

/* What entering step s asks of the worker. */
static unsigned enter(struct setup_model *m, enum setup_step s)
{
	size_t n;
	const enum setup_input *in;
	unsigned ev = SETUP_EV_REDRAW;
	m->step = s;
	m->advance = 0;
	m->notice = NULL;
	m->question = SETUP_Q_NONE;
	in = setup_model_inputs(m, &n);
	m->focus = n ? in[0] : SETUP_IN_NONE;
	setup_model_validate_step(m);
	switch (s) {
	case SETUP_STEP_BUCKET:
		if (!setup_model_own_server(m) && m->buckets.for_gen != m->gen) {
			m->buckets.state = SETUP_LIVE_RUNNING;
			m->need |= SETUP_NEED_BUCKETS;
			ev |= SETUP_NEED_BUCKETS;
		}
		break;
	case SETUP_STEP_REVIEW:
		setup_model_clear_plan(m);
		m->plan_state = SETUP_LIVE_RUNNING;
		m->need |= SETUP_NEED_PLAN;
		ev |= SETUP_NEED_PLAN;
		break;
	case SETUP_STEP_APPLY:
		setup_model_clear_run(m);
		/* A row per step, in run order, before any has started. */
		m->rows = xcalloc(m->review.n_steps + 1, sizeof *m->rows);
		for (size_t i = 0; i < m->review.n_steps; i++)
			if (m->review.steps[i].text.title)
				m->rows[i].title = xstrdup(m->review.steps[i].text.title);
		m->n_rows = m->review.n_steps;
		m->run_state = SETUP_LIVE_RUNNING;
		m->need |= SETUP_NEED_RUN;
		ev |= SETUP_NEED_RUN;
		break;
	default:
		break;
	}
	return ev;
}

/* Next on the credentials step: the keys must be proven first (not for
 * the instance's own server: its new credentials only work once Apply
 * restarted it). */
static unsigned next_credentials(struct setup_model *m)
{
	if (setup_model_own_server(m) || (m->auth.state == SETUP_LIVE_OK && m->auth.for_gen == m->gen))
		return enter(m, SETUP_STEP_BUCKET);
	if (m->auth.state == SETUP_LIVE_RUNNING)
		return SETUP_EV_NONE;
	setup_live_clear(&m->auth);
	m->auth.state = SETUP_LIVE_RUNNING;
	m->need |= SETUP_NEED_AUTH;
	m->advance = 1;
	return SETUP_EV_REDRAW | SETUP_NEED_AUTH;
}

/* Next on the bucket step: where the bucket is (not for the own server). */
static unsigned next_bucket(struct setup_model *m)
{
	if (m->region_offer) {
		/* Enter takes the bucket's real region. */
		m->eng->draft_set(&m->draft.region, m->bucket_region);
		m->region_offer = 0;
		return enter(m, SETUP_STEP_CORS);
	}
	if (setup_model_own_server(m))
		return enter(m, SETUP_STEP_CORS);
	if (m->region.state == SETUP_LIVE_OK && m->region.for_gen == m->gen)
		return enter(m, SETUP_STEP_CORS);
	if (m->region.state == SETUP_LIVE_RUNNING)
		return SETUP_EV_NONE;
	setup_live_clear(&m->region);
	m->region.state = SETUP_LIVE_RUNNING;
	m->need |= SETUP_NEED_REGION;
	m->advance = 1;
	return SETUP_EV_REDRAW | SETUP_NEED_REGION;
}

static unsigned next(struct setup_model *m);

unsigned setup_model_enter(struct setup_model *m, enum setup_step s)
{
	return enter(m, s);
}

unsigned setup_model_advance(struct setup_model *m, enum setup_step from)
{
	int go = m->advance && m->step == from && m->question == SETUP_Q_NONE;
	m->advance = 0;
	return go ? next(m) : SETUP_EV_REDRAW;
}

static unsigned next(struct setup_model *m)
{
	if (setup_model_blocked(m))
		return SETUP_EV_REDRAW; /* the help line says why */
	switch (m->step) {
	case SETUP_STEP_CREDENTIALS: return next_credentials(m);
	case SETUP_STEP_BUCKET: return next_bucket(m);
	case SETUP_STEP_REVIEW:
		if (!m->review.n_files && !m->review.n_steps)
			return enter(m, SETUP_STEP_SUMMARY);
		return enter(m, SETUP_STEP_APPLY);
	case SETUP_STEP_APPLY:
		return enter(m, m->outcome.end == CHANGE_END_DONE ? SETUP_STEP_VERIFY : SETUP_STEP_SUMMARY);
	case SETUP_STEP_SUMMARY:
		m->result = m->have_outcome && m->outcome.end == CHANGE_END_DONE ? SETUP_RESULT_DONE
			    : m->have_outcome && m->outcome.end != CHANGE_END_NOTHING ? SETUP_RESULT_FAILED
			    : SETUP_RESULT_LEFT;
		return SETUP_EV_LEAVE;
	default: return enter(m, m->step + 1);
	}
}

/* Back to the dashboard: nothing written (before Apply), or what the fix
 * did stays. */
static unsigned leave_fix(struct setup_model *m)
{
	m->result = m->have_outcome && m->outcome.end == CHANGE_END_DONE ? SETUP_RESULT_DONE
		    : m->have_outcome && m->outcome.end != CHANGE_END_NOTHING ? SETUP_RESULT_FAILED
		    : SETUP_RESULT_LEFT;
	return SETUP_EV_LEAVE | SETUP_EV_CANCEL_WORK;
}

static unsigned back(struct setup_model *m)
{
	unsigned ev = 0;
	if (m->fix_check && !(m->step == SETUP_STEP_APPLY && m->run_state == SETUP_LIVE_RUNNING)) {
		m->need &= ~(unsigned)(SETUP_NEED_SURVEY | SETUP_NEED_PLAN);
		return leave_fix(m);
	}
	if (m->step == SETUP_STEP_INSTANCE) {
		m->question = SETUP_Q_LEAVE;
		return SETUP_EV_REDRAW;
	}
	if (m->step >= SETUP_STEP_APPLY) {
		m->notice = _("What was applied stays: undo it with 'rdm-s3 undo'.");
		return SETUP_EV_REDRAW;
	}
	/* A question in flight is not waited for. */
	m->advance = 0;
	if (m->need & (SETUP_NEED_AUTH | SETUP_NEED_BUCKETS | SETUP_NEED_REGION | SETUP_NEED_PLAN)) {
		ev |= SETUP_EV_CANCEL_WORK;
		m->need &= ~(unsigned)(SETUP_NEED_AUTH | SETUP_NEED_BUCKETS | SETUP_NEED_REGION |
				       SETUP_NEED_PLAN);
		if (m->auth.state == SETUP_LIVE_RUNNING)
			m->auth.state = SETUP_LIVE_NONE;
		if (m->region.state == SETUP_LIVE_RUNNING)
			m->region.state = SETUP_LIVE_NONE;
		if (m->buckets.state == SETUP_LIVE_RUNNING)
			m->buckets.state = SETUP_LIVE_NONE;
		if (m->step == SETUP_STEP_CREDENTIALS || m->step == SETUP_STEP_BUCKET)
			return ev | SETUP_EV_REDRAW; /* Esc cancels the test, not the step */
	}
	m->region_offer = 0;
	return ev | (enter(m, m->step - 1) & ~(unsigned)(SETUP_NEED_BUCKETS | SETUP_NEED_PLAN));
}

static unsigned cancel(struct setup_model *m)
{
	if (m->step == SETUP_STEP_APPLY && m->run_state == SETUP_LIVE_RUNNING) {
		m->question = SETUP_Q_STOP;
		return SETUP_EV_REDRAW;
	}
	if (m->step >= SETUP_STEP_APPLY) {
		m->step = SETUP_STEP_SUMMARY;
		return next(m);
	}
	m->question = SETUP_Q_LEAVE;
	return SETUP_EV_REDRAW;
}

static unsigned answer(struct setup_model *m, int yes)
{
	enum setup_question q = m->question;
	m->question = SETUP_Q_NONE;
	if (!yes)
		return SETUP_EV_REDRAW;
	if (q == SETUP_Q_LEAVE) {
		m->result = SETUP_RESULT_LEFT;
		return SETUP_EV_LEAVE | SETUP_EV_CANCEL_WORK;
	}
	if (q == SETUP_Q_STOP) {
		m->notice = _("Stopping after the current step, then rolling back...");
		return SETUP_EV_STOP_RUN | SETUP_EV_REDRAW;
	}
	return SETUP_EV_REDRAW;
}

static unsigned retry(struct setup_model *m)
{
	if (m->step == SETUP_STEP_CREDENTIALS && m->auth.state == SETUP_LIVE_FAILED) {
		m->auth.state = SETUP_LIVE_NONE;
		return next_credentials(m);
	}
	if (m->step == SETUP_STEP_BUCKET && m->buckets.state == SETUP_LIVE_FAILED) {
		m->buckets.state = SETUP_LIVE_RUNNING;
		m->need |= SETUP_NEED_BUCKETS;
		return SETUP_EV_REDRAW | SETUP_NEED_BUCKETS;
	}
	if (m->step == SETUP_STEP_BUCKET && m->region.state == SETUP_LIVE_FAILED) {
		m->region.state = SETUP_LIVE_NONE;
		return next_bucket(m);
	}
	if (m->step == SETUP_STEP_REVIEW && m->plan_state == SETUP_LIVE_FAILED)
		return enter(m, SETUP_STEP_REVIEW);
	return SETUP_EV_NONE;
}

unsigned setup_model_act(struct setup_model *m, enum setup_action a)
{
	if (m->question != SETUP_Q_NONE && a != SETUP_ACT_CONFIRM_YES && a != SETUP_ACT_CONFIRM_NO)
		return answer(m, 0); /* any other key: no */
	switch (a) {
	case SETUP_ACT_NEXT: return next(m);
	case SETUP_ACT_BACK: return back(m);
	case SETUP_ACT_CANCEL: return cancel(m);
	case SETUP_ACT_CONFIRM_YES: return answer(m, 1);
	case SETUP_ACT_CONFIRM_NO: return answer(m, 0);
	case SETUP_ACT_UP: return setup_model_move(m, -1);
	case SETUP_ACT_DOWN: return setup_model_move(m, 1);
	case SETUP_ACT_FOCUS_NEXT: return setup_model_focus(m, 1);
	case SETUP_ACT_FOCUS_PREV: return setup_model_focus(m, -1) ? SETUP_EV_REDRAW : back(m);
	case SETUP_ACT_TOGGLE: return setup_model_move(m, 1);
	case SETUP_ACT_RETRY: return retry(m);
	case SETUP_ACT_DASHBOARD:
		if (m->step < SETUP_STEP_VERIFY)
			return SETUP_EV_NONE;
		return m->fix_check ? leave_fix(m) : SETUP_EV_DASHBOARD;
	}
	return SETUP_EV_NONE;
}

const char *setup_model_blocked(const struct setup_model *m)
{
	if (m->fix_check && m->step == SETUP_STEP_INSTANCE)
		return m->survey_state == SETUP_LIVE_FAILED ? _("the instance's files cannot be read: Esc goes back")
							    : _("reading the instance's files...");
	switch (m->step) {
	case SETUP_STEP_INSTANCE:
		if (m->survey_state == SETUP_LIVE_RUNNING)
			return _("reading the instance's files...");
		if (m->survey_state == SETUP_LIVE_FAILED)
			return _("the instance's files cannot be read (see above)");
		return NULL;
	case SETUP_STEP_REVIEW:
		if (m->plan_state == SETUP_LIVE_RUNNING)
			return _("preparing the change (asking the server)...");
		if (m->plan_state == SETUP_LIVE_FAILED && m->fix_check)
			return _("no fix can be made now: Esc goes back to the dashboard, r asks again");
		if (m->plan_state == SETUP_LIVE_FAILED)
			return _("the change cannot be made: Esc to go back and fix it, r to try again");
		return NULL;
	case SETUP_STEP_APPLY:
		return m->run_state == SETUP_LIVE_RUNNING ? _("applying...") : NULL;
	default:
		return setup_model_step_blocked(m);
	}
}
