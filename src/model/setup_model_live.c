/* The wizard model's answers from the worker: the survey, the live
 * questions, the plan and its review, the run's progress and outcome. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/setup_model_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void setup_live_clear(struct setup_live *l)
{
	free(l->summary);
	free(l->diagnosis);
	free(l->remedy);
	memset(l, 0, sizeof *l);
}

static void take_live(struct setup_live *l, unsigned gen, const struct setup_live_answer *a)
{
	setup_live_clear(l);
	l->state = a->ok ? SETUP_LIVE_OK : SETUP_LIVE_FAILED;
	l->for_gen = gen;
	l->summary = dup_or_null(a->summary);
	l->diagnosis = dup_or_null(a->diagnosis);
	l->remedy = dup_or_null(a->remedy);
}

void setup_model_clear_buckets(struct setup_model *m)
{
	for (size_t i = 0; i < m->n_buckets; i++)
		free(m->bucket_names[i]);
	free(m->bucket_names);
	m->bucket_names = NULL;
	m->n_buckets = m->bucket_sel = 0;
	setup_live_clear(&m->buckets);
}

void setup_model_clear_plan(struct setup_model *m)
{
	if (m->plan_state == SETUP_LIVE_OK) {
		m->eng->review_free(&m->review);
		m->eng->resolved_free(&m->resolved);
	}
	if (m->have_change)
		m->eng->change_free(&m->change);
	m->have_change = 0;
	free(m->plan_error);
	m->plan_error = NULL;
	m->plan_state = SETUP_LIVE_NONE;
	m->report = NULL;
}

void setup_model_clear_run(struct setup_model *m)
{
	for (size_t i = 0; i < m->n_rows; i++) {
		free(m->rows[i].title);
		free(m->rows[i].message);
	}
	free(m->rows);
	m->rows = NULL;
	m->n_rows = 0;
	free(m->output);
	m->output = NULL;
	if (m->have_outcome)
		m->eng->outcome_free(&m->outcome);
	m->have_outcome = 0;
	free(m->run_error);
	m->run_error = NULL;
}

static size_t choice_index(enum setup_storage s)
{
	for (size_t i = 0; i < setup_n_storage_choices; i++)
		if (setup_storage_choices[i] == s)
			return i;
	return 0;
}

void setup_model_survey_done(struct setup_model *m, struct setup_survey *sv)
{
	setup_survey_box_release(m->box);
	m->box = setup_survey_box_new(m->eng, sv);
	m->sv = &m->box->sv;
	m->survey_state = SETUP_LIVE_OK;
	m->need &= ~(unsigned)SETUP_NEED_SURVEY;
	/* The storage it uses today is the safe answer; the engine's defaults
	 * fill the rest for that storage. */
	m->draft.storage = m->sv->kind;
	m->eng->draft_defaults(&m->draft, m->sv);
	m->storage_sel = choice_index(m->draft.storage);
	if (setup_model_own_server(m) && !m->draft.secret &&
	    (m->sv->root_password_placeholder || m->sv->secret_placeholder)) {
		struct rdm_error err = RDM_ERROR_INIT;
		m->eng->draft_generate_secret(&m->draft, &err);
		rdm_error_clear(&err);
	}
	for (size_t i = 0; m->draft.region && setup_aws_regions[i]; i++)
		if (!strcmp(setup_aws_regions[i], m->draft.region)) {
			m->region_sel = i;
			m->region_from_list = 1;
		}
	setup_model_validate_step(m);
	if (m->fix_check)
		setup_model_enter(m, SETUP_STEP_REVIEW); /* the fix's change is the plan */
}

void setup_model_survey_failed(struct setup_model *m, const char *message)
{
	free(m->survey_error);
	m->survey_error = xstrdup(message ? message : "?");
	m->survey_state = SETUP_LIVE_FAILED;
	m->need &= ~(unsigned)SETUP_NEED_SURVEY;
}

unsigned setup_model_auth_done(struct setup_model *m, unsigned for_gen, const struct setup_live_answer *a)
{
	m->need &= ~(unsigned)SETUP_NEED_AUTH;
	if (for_gen != m->gen || m->auth.state != SETUP_LIVE_RUNNING)
		return SETUP_EV_REDRAW; /* the keys changed meanwhile, or Esc stopped it */
	take_live(&m->auth, for_gen, a);
	return setup_model_advance(m, SETUP_STEP_CREDENTIALS);
}

unsigned setup_model_buckets_done(struct setup_model *m, unsigned for_gen, const struct setup_live_answer *a)
{
	m->need &= ~(unsigned)SETUP_NEED_BUCKETS;
	if (for_gen != m->gen || m->buckets.state != SETUP_LIVE_RUNNING)
		return SETUP_EV_REDRAW;
	setup_model_clear_buckets(m);
	take_live(&m->buckets, for_gen, a);
	m->bucket_names = xcalloc(a->n_buckets + 1, sizeof *m->bucket_names);
	for (size_t i = 0; i < a->n_buckets; i++)
		m->bucket_names[m->n_buckets++] = xstrdup(a->buckets[i]);
	/* The draft's bucket selected when the server has it, else "a new bucket". */
	const char *want = m->draft.bucket ? m->draft.bucket : SETUP_DEFAULT_BUCKET;
	m->bucket_sel = m->n_buckets;
	for (size_t i = 0; i < m->n_buckets; i++)
		if (!strcmp(m->bucket_names[i], want))
			m->bucket_sel = i;
	return SETUP_EV_REDRAW;
}

unsigned setup_model_region_done(struct setup_model *m, unsigned for_gen, const struct setup_live_answer *a)
{
	m->need &= ~(unsigned)SETUP_NEED_REGION;
	if (for_gen != m->gen || m->region.state != SETUP_LIVE_RUNNING)
		return SETUP_EV_REDRAW;
	take_live(&m->region, for_gen, a);
	m->bucket_exists = a->bucket_exists;
	free(m->bucket_region);
	m->bucket_region = dup_or_null(a->region);
	m->region_offer = a->ok && a->region && m->draft.region && strcmp(a->region, m->draft.region);
	if (a->ok && a->region && !m->draft.region) /* not asked: take the real one */
		m->eng->draft_set(&m->draft.region, a->region);
	/* A region to offer waits for the operator's Enter. */
	return m->region_offer ? SETUP_EV_REDRAW : setup_model_advance(m, SETUP_STEP_BUCKET);
}

void setup_model_plan_done(struct setup_model *m, struct change *c, struct setup_resolved *res)
{
	setup_model_clear_plan(m);
	m->need &= ~(unsigned)SETUP_NEED_PLAN;
	m->change = *c;
	m->resolved = *res;
	memset(c, 0, sizeof *c);
	memset(res, 0, sizeof *res);
	m->have_change = 1;
	m->eng->review_build(&m->change, &m->review);
	m->plan_state = SETUP_LIVE_OK;
}

void setup_model_plan_failed(struct setup_model *m, const char *message)
{
	setup_model_clear_plan(m);
	m->need &= ~(unsigned)SETUP_NEED_PLAN;
	m->plan_error = xstrdup(message ? message : "?");
	m->plan_state = SETUP_LIVE_FAILED;
}

/* The row of a run-order index (rows are made as steps first appear). */
static struct setup_run_row *row_at(struct setup_model *m, size_t index, size_t count, const char *title)
{
	if (count > m->n_rows) {
		m->rows = xrealloc(m->rows, count * sizeof *m->rows);
		memset(m->rows + m->n_rows, 0, (count - m->n_rows) * sizeof *m->rows);
		m->n_rows = count;
	}
	if (index >= m->n_rows)
		return NULL;
	struct setup_run_row *r = &m->rows[index];
	if (title && !r->title)
		r->title = xstrdup(title);
	return r;
}

static void append_output(struct setup_model *m, const char *data, size_t len)
{
	size_t old = m->output ? strlen(m->output) : 0;
	m->output = xrealloc(m->output, old + len + 1);
	memcpy(m->output + old, data, len);
	m->output[old + len] = 0;
}

void setup_model_run_event(struct setup_model *m, const struct change_event *ev)
{
	struct setup_run_row *r = row_at(m, ev->index, ev->count, ev->title);
	if (ev->kind == CHANGE_EV_OUTPUT) {
		append_output(m, ev->output, ev->output_len);
		return;
	}
	if (!r)
		return;
	r->last = ev->kind;
	switch (ev->kind) {
	case CHANGE_EV_STARTED: r->started = 1; break;
	case CHANGE_EV_DONE: case CHANGE_EV_ALREADY_DONE:
		r->done = 1;
		r->duration_ms = ev->duration_ms;
		break;
	case CHANGE_EV_FAILED: case CHANGE_EV_STOPPED: r->failed = 1; break;
	case CHANGE_EV_UNDONE: r->undone = 1; break;
	case CHANGE_EV_UNDO_FAILED: r->failed = 1; break;
	case CHANGE_EV_NOT_UNDONE: r->not_undone = 1; break;
	default: break;
	}
	if (ev->message) {
		free(r->message);
		r->message = xstrdup(ev->message);
	}
}

void setup_model_give_change(struct setup_model *m, struct change *out)
{
	*out = m->change;
	memset(&m->change, 0, sizeof m->change);
	m->have_change = 0;
}

static void take_change(struct setup_model *m, struct change *c)
{
	if (m->have_change)
		m->eng->change_free(&m->change);
	m->change = *c;
	memset(c, 0, sizeof *c);
	m->have_change = 1;
}

void setup_model_run_done(struct setup_model *m, struct change *c, struct change_outcome *out)
{
	take_change(m, c);
	m->need &= ~(unsigned)SETUP_NEED_RUN;
	if (m->have_outcome)
		m->eng->outcome_free(&m->outcome);
	m->outcome = *out;
	memset(out, 0, sizeof *out);
	m->have_outcome = 1;
	m->run_state = m->outcome.end == CHANGE_END_DONE ? SETUP_LIVE_OK : SETUP_LIVE_FAILED;
	m->report = m->have_change ? m->eng->verify_report(&m->change) : NULL;
	m->notice = NULL;
}

void setup_model_run_failed(struct setup_model *m, struct change *c, const char *message)
{
	take_change(m, c);
	m->need &= ~(unsigned)SETUP_NEED_RUN;
	free(m->run_error);
	m->run_error = xstrdup(message ? message : "?");
	m->run_state = SETUP_LIVE_FAILED;
}

void setup_model_job_draft(const struct setup_model *m, struct setup_draft *out)
{
	const struct setup_engine *e = m->eng;
	const struct setup_draft *d = &m->draft;
	e->draft_init(out);
	out->storage = d->storage;
	e->draft_set(&out->endpoint, d->endpoint);
	e->draft_set(&out->region, d->region);
	e->draft_set(&out->bucket, d->bucket);
	e->draft_set(&out->access_key_id, d->access_key_id);
	e->draft_set_secret(out, d->secret);
	out->secret_generated = d->secret_generated;
	out->creds_in = d->creds_in;
	for (size_t i = 0; i < d->n_cors_origins; i++)
		e->draft_add_origin(out, d->cors_origins[i]);
	e->draft_set(&out->site_url, d->site_url);
	out->restart = d->restart;
	out->files_location = d->files_location;
	e->draft_set(&out->location_name, d->location_name);
}
