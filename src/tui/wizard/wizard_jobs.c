/* The wizard's work on the worker: read the instance, the live questions,
 * build the plan, run it. Each job owns what it works on (a copy of the
 * draft, a reference to the survey, the change it runs), so the screen may
 * go away while it runs; its answer comes back as one message. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tui/wizard/wizard_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

extern char **environ;

struct job_arg {
	const struct setup_engine *eng;
	enum wizard_tag tag;
	char *dir;
	struct setup_survey_box *box;   /* a reference, or NULL (survey job) */
	struct setup_draft draft;       /* a copy */
	int have_draft;
	unsigned gen;
	struct setup_live_opts live;
	char *ca_file;
	char *fix_check;                /* a dashboard fix, or NULL */
	unsigned fix_kinds;
	struct change change;           /* the run job's */
	int have_change;
	atomic_int cancel;              /* the run's flag, mirrored from the job's */
	struct tui_job_ctx *ctx;        /* while running */
};

static void arg_free(void *p)
{
	struct job_arg *a = p;
	if (a->have_draft)
		a->eng->draft_free(&a->draft);
	if (a->have_change)
		a->eng->change_free(&a->change);
	setup_survey_box_release(a->box);
	free(a->dir);
	free(a->ca_file);
	free(a->fix_check);
	free(a);
}

static void survey_msg_free(void *p)
{
	struct wizard_survey_msg *m = p;
	if (m->ok)
		m->eng->survey_free(&m->sv);
	free(m->error);
	free(m);
}

static void live_msg_free(void *p)
{
	struct wizard_live_msg *m = p;
	m->eng->live_answer_free(&m->a);
	free(m);
}

static void plan_msg_free(void *p)
{
	struct wizard_plan_msg *m = p;
	m->eng->change_free(&m->c);
	m->eng->resolved_free(&m->res);
	free(m->error);
	free(m);
}

static void run_msg_free(void *p)
{
	struct wizard_run_msg *m = p;
	m->eng->change_free(&m->c);
	if (m->ok)
		m->eng->outcome_free(&m->out);
	free(m->error);
	free(m);
}

static void event_free(void *p)
{
	struct change_event *ev = p;
	free((char *)ev->title);
	free((char *)ev->message);
	free((char *)ev->diagnosis);
	free((char *)ev->remedy);
	free((char *)ev->output);
	free(ev);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void survey_run(struct tui_job_ctx *ctx, void *p)
{
	struct job_arg *a = p;
	struct wizard_survey_msg *m = xcalloc(1, sizeof *m);
	struct rdm_error err = RDM_ERROR_INIT;
	m->eng = a->eng;
	m->ok = a->eng->survey_read(a->dir, environ, &m->sv, &err) == 0;
	if (!m->ok)
		m->error = rdm_error_format(&err);
	rdm_error_clear(&err);
	tui_job_post(ctx, WIZ_MSG_SURVEY, m, survey_msg_free);
}

static void live_run(struct tui_job_ctx *ctx, void *p)
{
	struct job_arg *a = p;
	struct wizard_live_msg *m = xcalloc(1, sizeof *m);
	const struct setup_survey *sv = &a->box->sv;
	m->eng = a->eng;
	m->gen = a->gen;
	if (a->tag == WIZ_TAG_AUTH)
		a->eng->live_auth(&a->draft, sv, &a->live, &m->a);
	else if (a->tag == WIZ_TAG_BUCKETS)
		a->eng->live_buckets(&a->draft, sv, &a->live, &m->a);
	else
		a->eng->live_region(&a->draft, sv, a->draft.bucket ? a->draft.bucket : SETUP_DEFAULT_BUCKET,
				    &a->live, &m->a);
	tui_job_post(ctx, WIZ_MSG_LIVE, m, live_msg_free);
}

static void plan_run(struct tui_job_ctx *ctx, void *p)
{
	struct job_arg *a = p;
	struct wizard_plan_msg *m = xcalloc(1, sizeof *m);
	struct setup_opts o = { a->live, 1, 1 };
	struct rdm_error err = RDM_ERROR_INIT;
	int rc;
	m->eng = a->eng;
	if (a->fix_check && a->eng->fix_build)
		rc = a->eng->fix_build(a->fix_check, a->fix_kinds, &a->box->sv, &o, &m->c, &err);
	else if (a->fix_check) {
		change_init(&m->c, a->dir, NULL, NULL);
		rc = rdm_error_set(&err, _("this build has no automatic fixes"));
	}
	else
		rc = a->eng->plan_build(&a->draft, &a->box->sv, &o, &m->c, &m->res, &err);
	m->ok = rc == 0;
	if (!m->ok) {
		char *text = rdm_error_format(&err);
		m->error = rc > 0 ? xasprintf(_("no automatic fix: %s"), text) : text;
		if (rc > 0)
			free(text);
	}
	rdm_error_clear(&err);
	tui_job_post(ctx, WIZ_MSG_PLAN, m, plan_msg_free);
}

/* The engine's progress, on the job's thread: a copy goes to the screen;
 * a cancel asked of the job becomes the engine's flag. */
static void progress(void *p, const struct change_event *ev)
{
	struct job_arg *a = p;
	struct change_event *c = xmalloc(sizeof *c);
	*c = *ev;
	c->title = dup_or_null(ev->title);
	c->message = dup_or_null(ev->message);
	c->diagnosis = dup_or_null(ev->diagnosis);
	c->remedy = dup_or_null(ev->remedy);
	c->output = ev->output ? xstrndup(ev->output, ev->output_len) : NULL;
	tui_job_post(a->ctx, WIZ_MSG_EVENT, c, event_free);
	if (tui_job_cancelled(a->ctx))
		atomic_store(&a->cancel, 1);
}

static void run_run(struct tui_job_ctx *ctx, void *p)
{
	struct job_arg *a = p;
	struct wizard_run_msg *m = xcalloc(1, sizeof *m);
	struct rdm_error err = RDM_ERROR_INIT;
	struct change_run_opts o = {
		.progress = progress, .progress_ctx = a, .cancel = &a->cancel, .ca_file = a->ca_file,
		.timeout_ms = a->live.timeout_ms,
	};
	a->ctx = ctx;
	m->eng = a->eng;
	m->ok = a->eng->run(&a->change, &o, &m->out, &err) == 0;
	if (!m->ok)
		m->error = rdm_error_format(&err);
	rdm_error_clear(&err);
	/* The change goes back with the answer. */
	m->c = a->change;
	memset(&a->change, 0, sizeof a->change);
	a->have_change = 0;
	tui_job_post(ctx, WIZ_MSG_RUN, m, run_msg_free);
}

static struct job_arg *arg_new(struct wizard *w, enum wizard_tag tag)
{
	struct job_arg *a = xcalloc(1, sizeof *a);
	a->eng = w->cfg.eng;
	a->tag = tag;
	a->dir = xstrdup(w->cfg.instance_dir);
	a->ca_file = w->cfg.ca_file ? xstrdup(w->cfg.ca_file) : NULL;
	a->live.ca_file = a->ca_file;
	a->live.timeout_ms = w->cfg.timeout_ms;
	a->gen = w->m.gen;
	a->fix_check = w->m.fix_check ? xstrdup(w->m.fix_check) : NULL;
	a->fix_kinds = w->m.fix_kinds;
	atomic_init(&a->cancel, 0);
	if (w->m.box)
		a->box = setup_survey_box_ref(w->m.box);
	if (tag != WIZ_TAG_SURVEY) {
		setup_model_job_draft(&w->m, &a->draft);
		a->have_draft = 1;
	}
	return a;
}

static void start(struct wizard *w, enum wizard_tag tag, void (*run)(struct tui_job_ctx *, void *),
		  struct tui_req *req)
{
	struct job_arg *a = arg_new(w, tag);
	if (tag == WIZ_TAG_RUN) {
		setup_model_give_change(&w->m, &a->change);
		a->have_change = 1;
	}
	struct tui_job job = { run, a, arg_free, tag };
	tui_req_job(req, &job);
	w->work++;
}

void wizard_serve(struct wizard *w, unsigned ev, struct tui_req *req)
{
	if (ev & SETUP_NEED_SURVEY)
		start(w, WIZ_TAG_SURVEY, survey_run, req);
	if (ev & SETUP_NEED_AUTH)
		start(w, WIZ_TAG_AUTH, live_run, req);
	if (ev & SETUP_NEED_BUCKETS)
		start(w, WIZ_TAG_BUCKETS, live_run, req);
	if (ev & SETUP_NEED_REGION)
		start(w, WIZ_TAG_REGION, live_run, req);
	if (ev & SETUP_NEED_PLAN)
		start(w, WIZ_TAG_PLAN, plan_run, req);
	if (ev & SETUP_NEED_RUN)
		start(w, WIZ_TAG_RUN, run_run, req);
	if (ev & SETUP_EV_STOP_RUN)
		req->flags |= TUI_EV_CANCEL; /* the run sees it at its next step */
}

unsigned wizard_take(struct wizard *w, const struct tui_msg *msg)
{
	struct setup_model *m = &w->m;
	unsigned ev = SETUP_EV_REDRAW;
	if (msg->kind == TUI_MSG_DONE) {
		if (w->work)
			w->work--;
		return SETUP_EV_REDRAW;
	}
	switch (msg->kind) {
	case WIZ_MSG_SURVEY: {
		struct wizard_survey_msg *s = msg->data;
		if (s->ok) {
			setup_model_survey_done(m, &s->sv);
			s->ok = 0; /* moved */
			if (m->fix_check)
				ev |= m->need & SETUP_NEED_PLAN; /* a fix goes on to its review */
		} else {
			setup_model_survey_failed(m, s->error);
		}
		break;
	}
	case WIZ_MSG_LIVE: {
		const struct wizard_live_msg *l = msg->data;
		if (msg->tag == WIZ_TAG_AUTH)
			ev |= setup_model_auth_done(m, l->gen, &l->a);
		else if (msg->tag == WIZ_TAG_BUCKETS)
			ev |= setup_model_buckets_done(m, l->gen, &l->a);
		else
			ev |= setup_model_region_done(m, l->gen, &l->a);
		break;
	}
	case WIZ_MSG_PLAN: {
		struct wizard_plan_msg *p = msg->data;
		if (m->step != SETUP_STEP_REVIEW || m->plan_state != SETUP_LIVE_RUNNING)
			break; /* Esc left the review meanwhile */
		if (p->ok) {
			setup_model_plan_done(m, &p->c, &p->res);
			change_init(&p->c, "", "", ""); /* moved: leave something to free */
		} else {
			setup_model_plan_failed(m, p->error);
		}
		break;
	}
	case WIZ_MSG_EVENT:
		setup_model_run_event(m, msg->data);
		break;
	case WIZ_MSG_RUN: {
		struct wizard_run_msg *r = msg->data;
		if (r->ok) {
			setup_model_run_done(m, &r->c, &r->out);
			r->ok = 0;
		} else {
			setup_model_run_failed(m, &r->c, r->error);
		}
		change_init(&r->c, "", "", "");
		break;
	}
	default:
		break;
	}
	return ev;
}
