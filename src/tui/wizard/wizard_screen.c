/* The setup wizard's view (see wizard_screen.h): keys to the model's
 * actions, the text fields that edit the draft, the jobs that serve the
 * model's needs, the spinner while they run. Drawing: wizard_draw*.c. */
#include "config.h"
#include "tui/wizard/wizard_screen.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/keys.h"
#include "tui/wizard/wizard_int.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define SPIN_MS 120

int wizard_input_is_text(const struct setup_model *m, enum setup_input in)
{
	switch (in) {
	case SETUP_IN_ENDPOINT: case SETUP_IN_ACCESS_KEY: case SETUP_IN_SECRET: case SETUP_IN_BUCKET:
	case SETUP_IN_ORIGINS:
		return 1;
	case SETUP_IN_REGION: return m->draft.storage != SETUP_STORAGE_AWS;
	default: return 0;
	}
}

/* The fields show the draft of the step being entered. */
static void load_fields(struct wizard *w)
{
	if (w->fields_loaded && w->fields_for == w->m.step)
		return;
	for (int i = 0; i < SETUP_IN__COUNT; i++) {
		char *t = setup_model_text(&w->m, (enum setup_input)i);
		tui_field_set(&w->fields[i], t);
		tui_field_blur(&w->fields[i]);
		secret_free(t);
	}
	w->fields_for = w->m.step;
	w->fields_loaded = w->m.survey_state == SETUP_LIVE_OK;
	if (w->m.step != SETUP_STEP_REVIEW)
		w->review_built = 0;
}

/* The text fields the operator is not in show the draft (a list may have
 * changed it: the bucket picked, the storage's defaults). */
static void sync_fields(struct wizard *w)
{
	for (int i = 0; i < SETUP_IN__COUNT; i++) {
		if (i == (int)w->m.focus || !wizard_input_is_text(&w->m, (enum setup_input)i))
			continue;
		char *t = setup_model_text(&w->m, (enum setup_input)i), *now = tui_field_text(&w->fields[i]);
		if (strcmp(t, now))
			tui_field_set(&w->fields[i], t);
		secret_free(t);
		secret_free(now);
	}
}

/* What the model's answer asks of the loop. */
static void apply(struct wizard *w, unsigned ev, struct tui_req *req)
{
	if (ev & SETUP_EV_REDRAW)
		req->flags |= TUI_EV_REDRAW;
	if (ev & SETUP_EV_CANCEL_WORK) {
		req->flags |= TUI_EV_CANCEL;
		w->work = 0;
	}
	wizard_serve(w, ev, req);
	if (ev & SETUP_EV_DASHBOARD) {
		req->flags |= TUI_EV_ACTION;
		req->action = WIZARD_DASHBOARD;
	}
	if (ev & SETUP_EV_LEAVE) {
		if (w->cfg.standalone) {
			req->flags |= TUI_EV_QUIT;
			req->status = w->m.result == SETUP_RESULT_FAILED;
		} else {
			req->flags |= TUI_EV_CLOSE | TUI_EV_ACTION;
			req->action = WIZARD_CLOSED;
			req->action_arg = &w->m.result;
		}
	}
	if (w->work && !(req->flags & TUI_EV_TICK)) {
		req->flags |= TUI_EV_TICK;
		req->tick_ms = SPIN_MS;
	}
	load_fields(w);
	sync_fields(w);
}

static unsigned field_key(struct wizard *w, int key)
{
	enum setup_input in = w->m.focus;
	if (!wizard_input_is_text(&w->m, in))
		return SETUP_EV_NONE;
	enum tui_field_result r = tui_field_key(&w->fields[in], key);
	if (r == TUI_FIELD_IGNORED)
		return SETUP_EV_NONE;
	if (r == TUI_FIELD_MOVED)
		return SETUP_EV_REDRAW;
	char *t = tui_field_text(&w->fields[in]);
	unsigned ev = setup_model_set_text(&w->m, in, t);
	secret_free(t);
	return ev | SETUP_EV_REDRAW;
}

/* Keys that are not text: the wizard's own. */
static unsigned own_key(struct wizard *w, int key, int typing)
{
	struct setup_model *m = &w->m;
	if (m->question != SETUP_Q_NONE)
		return setup_model_act(m, key == 'y' || key == 'Y' ? SETUP_ACT_CONFIRM_YES
				       : SETUP_ACT_CONFIRM_NO);
	switch (key) {
	case '\r': case '\n': case KEY_ENTER: return setup_model_act(m, SETUP_ACT_NEXT);
	case 27: return setup_model_act(m, SETUP_ACT_BACK);
	case TUI_KEY_INTERRUPT: return setup_model_act(m, SETUP_ACT_CANCEL);
	case '\t': return setup_model_act(m, SETUP_ACT_FOCUS_NEXT);
	case KEY_BTAB: return setup_model_act(m, SETUP_ACT_FOCUS_PREV);
	case KEY_UP: return setup_model_act(m, SETUP_ACT_UP);
	case KEY_DOWN: return setup_model_act(m, SETUP_ACT_DOWN);
	case ' ': return typing ? SETUP_EV_NONE : setup_model_act(m, SETUP_ACT_TOGGLE);
	case 'r': case 'R': return typing ? SETUP_EV_NONE : setup_model_act(m, SETUP_ACT_RETRY);
	case 'd': case 'D': return typing ? SETUP_EV_NONE : setup_model_act(m, SETUP_ACT_DASHBOARD);
	default: return SETUP_EV_NONE;
	}
}

static void screen_key(struct tui_view *v, int key, struct tui_req *req)
{
	struct wizard *w = (struct wizard *)v;
	int typing = w->m.question == SETUP_Q_NONE && wizard_input_is_text(&w->m, w->m.focus);
	unsigned ev;
	if (key == KEY_RESIZE) {
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	if (w->help_open) {
		w->help_open = 0;
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	if (key == KEY_F(1) || (key == '?' && !typing)) {
		w->help_open = 1;
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	/* The panes of review and apply scroll with the arrows. */
	if ((w->m.step == SETUP_STEP_REVIEW && tui_pane_key(&w->review, key)) ||
	    (w->m.step == SETUP_STEP_APPLY && key != ' ' && tui_pane_key(&w->output, key))) {
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	enum setup_input before = w->m.focus;
	ev = typing ? field_key(w, key) : SETUP_EV_NONE;
	if (ev == SETUP_EV_NONE)
		ev = own_key(w, key, typing);
	if (w->m.focus != before && before < SETUP_IN__COUNT)
		tui_field_blur(&w->fields[before]); /* a shown secret hides again */
	apply(w, ev, req);
}

static void screen_msg(struct tui_view *v, const struct tui_msg *m, struct tui_req *req)
{
	struct wizard *w = (struct wizard *)v;
	unsigned ev = wizard_take(w, m);
	apply(w, ev, req);
}

static void screen_tick(struct tui_view *v, struct tui_req *req)
{
	struct wizard *w = (struct wizard *)v;
	if (!w->work)
		return;
	w->spin++;
	req->flags |= TUI_EV_REDRAW | TUI_EV_TICK;
	req->tick_ms = SPIN_MS;
}

static void screen_opened(struct tui_view *v, struct tui_req *req)
{
	struct wizard *w = (struct wizard *)v;
	apply(w, w->m.need, req);
}

static void screen_free(struct tui_view *v)
{
	struct wizard *w = (struct wizard *)v;
	for (int i = 0; i < SETUP_IN__COUNT; i++)
		tui_field_free(&w->fields[i]);
	tui_pane_free(&w->review);
	tui_pane_free(&w->output);
	setup_model_free(&w->m);
	free((char *)w->cfg.instance_dir);
	free((char *)w->cfg.shown_dir);
	free((char *)w->cfg.ca_file);
	free((char *)w->cfg.fix_check);
	free((char *)w->cfg.fix_summary);
	free(w);
}

static const struct tui_view_ops wizard_ops = {
	.name = "setup",
	.draw = wizard_draw,
	.key = screen_key,
	.opened = screen_opened,
	.msg = screen_msg,
	.tick = screen_tick,
	.free = screen_free,
};

struct tui_view *wizard_screen_new(const struct wizard_config *c)
{
	struct wizard *w = xcalloc(1, sizeof *w);
	w->base.ops = &wizard_ops;
	w->cfg = *c;
	w->cfg.instance_dir = xstrdup(c->instance_dir);
	w->cfg.shown_dir = xstrdup(c->shown_dir ? c->shown_dir : c->instance_dir);
	w->cfg.ca_file = c->ca_file ? xstrdup(c->ca_file) : NULL;
	w->cfg.fix_check = c->fix_check ? xstrdup(c->fix_check) : NULL;
	w->cfg.fix_summary = c->fix_summary ? xstrdup(c->fix_summary) : NULL;
	if (c->fix_check)
		setup_model_init_fix(&w->m, c->eng, c->instance_dir, c->fix_check, c->fix_kinds);
	else
		setup_model_init(&w->m, c->eng, c->instance_dir);
	for (int i = 0; i < SETUP_IN__COUNT; i++)
		tui_field_init(&w->fields[i], i == SETUP_IN_SECRET, NULL, NULL);
	tui_pane_init(&w->review, TUI_PANE_DIFF);
	tui_pane_init(&w->output, TUI_PANE_PLAIN);
	w->output.follow = 1;
	return &w->base;
}

const struct setup_model *wizard_screen_model(const struct tui_view *v)
{
	return &((const struct wizard *)v)->m;
}
