/* The dashboard view (see dash_screen.h). */
#include "config.h"
#include "tui/dash/dash_screen.h"

#include <stdlib.h>
#include <string.h>

#include "model/dashboard_model.h"
#include "tui/dash/dash_view.h"
#include "tui/shell/keys.h"
#include "util/xalloc.h"

struct dash_screen {
	struct tui_view base;
	struct dash_model model;
	struct dash_run run;
	char *label;
	long long interval_ms;
	int running;          /* a run job is in flight */
	int rerun;            /* run again when it ends (it may predate a fix) */
	int generation;       /* tag of the newest run job */
	long long last_start; /* monotonic ms of the newest run's start */
};

static void start_run(struct dash_screen *s, struct tui_req *req)
{
	struct tui_job job = dash_run_job(&s->run, ++s->generation);
	tui_req_job(req, &job);
	s->running = 1;
	s->last_start = req->now_ms;
}

/* Not running: run now when due, else come back when it is. */
static void schedule(struct dash_screen *s, struct tui_req *req)
{
	if (s->running || s->model.paused)
		return;
	long long due = s->last_start + s->interval_ms;
	if (!s->generation || req->now_ms >= due) {
		start_run(s, req);
		return;
	}
	req->flags |= TUI_EV_TICK;
	req->tick_ms = (int)(due - req->now_ms);
}

static void screen_opened(struct tui_view *v, struct tui_req *req)
{
	schedule((struct dash_screen *)v, req);
}

static void screen_draw(struct tui_view *v, struct tui_draw_ctx *d)
{
	struct dash_screen *s = (struct dash_screen *)v;
	dash_view_layout(&s->model, d->lines, d->cols);
	dash_view_draw(&s->model, d->st, d->w);
}

static void screen_key(struct tui_view *v, int key, struct tui_req *req)
{
	struct dash_screen *s = (struct dash_screen *)v;
	if (key == TUI_KEY_INTERRUPT)
		return; /* Ctrl-C: the loop ends the program */
	unsigned ev = dash_view_key(&s->model, key);
	if (ev & DASH_EV_REDRAW)
		req->flags |= TUI_EV_REDRAW;
	if (ev & DASH_EV_RERUN)
		start_run(s, req);
	if (ev & DASH_EV_PAUSE) {
		req->flags |= TUI_EV_REDRAW;
		schedule(s, req);
	}
	if (ev & DASH_EV_QUIT) {
		req->flags |= TUI_EV_CLOSE | TUI_EV_ACTION;
		req->action = DASH_SCREEN_CLOSED;
	}
	if (ev & DASH_EV_FIX) {
		req->flags |= TUI_EV_ACTION;
		req->action = DASH_SCREEN_FIX;
		req->action_arg = dash_model_selected(&s->model);
	}
}

void dash_screen_rerun(struct tui_view *v, struct tui_req *req)
{
	struct dash_screen *s = (struct dash_screen *)v;
	req->flags |= TUI_EV_REDRAW;
	if (!s->running)
		start_run(s, req);
	else
		s->rerun = 1;
}

static void screen_msg(struct tui_view *v, const struct tui_msg *m, struct tui_req *req)
{
	struct dash_screen *s = (struct dash_screen *)v;
	const struct dash_msg *dm = m->data;
	if (m->kind == TUI_MSG_DONE) {
		if (m->tag == s->generation) {
			s->running = 0;
			if (s->rerun) {
				s->rerun = 0;
				start_run(s, req);
			} else {
				schedule(s, req);
			}
		}
		return;
	}
	if (!dm)
		return;
	if (dm->kind == DASH_MSG_STARTED)
		dash_model_run_started(&s->model, dm->at);
	else if (dm->failed)
		dash_model_run_failed(&s->model, dm->err.message ? dm->err.message : "?", dm->at);
	else
		dash_model_apply_report(&s->model, &dm->report, dm->at, dm->duration);
	req->flags |= TUI_EV_REDRAW;
}

static void screen_tick(struct tui_view *v, struct tui_req *req)
{
	schedule((struct dash_screen *)v, req);
}

static void screen_free(struct tui_view *v)
{
	struct dash_screen *s = (struct dash_screen *)v;
	dash_model_free(&s->model);
	dash_probe_holder_release(s->run.probe);
	free(s->label);
	free(s);
}

static const struct tui_view_ops dash_screen_ops = {
	.name = "dashboard",
	.draw = screen_draw,
	.key = screen_key,
	.opened = screen_opened,
	.msg = screen_msg,
	.tick = screen_tick,
	.free = screen_free,
};

struct tui_view *dash_screen_new(const struct dash_screen_config *cfg)
{
	struct dash_screen *s = xcalloc(1, sizeof *s);
	s->base.ops = &dash_screen_ops;
	dash_model_init(&s->model, cfg->interval_s);
	s->model.paused = cfg->paused;
	s->model.can_fix = cfg->can_fix;
	/* Shown in the title while the first run is going on. */
	s->model.instance = cfg->label ? xstrdup(cfg->label) : NULL;
	s->label = cfg->label ? xstrdup(cfg->label) : NULL;
	s->interval_ms = (long long)cfg->interval_s * 1000;
	s->run.table = cfg->table;
	s->run.sel = cfg->sel;
	s->run.label = s->label;
	s->run.probe = dash_probe_holder_ref(cfg->probe);
	s->run.clock = cfg->clock;
	return &s->base;
}
