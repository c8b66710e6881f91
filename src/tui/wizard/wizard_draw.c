/* The wizard's frame: the title bar with the step number, the list of
 * steps (done, current, to come), the body of the step, the reason Next
 * waits, the key help line, and the question or help box over it all. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/draw.h"
#include "tui/wizard/wizard_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define STEPS_W 14 /* the step list's column */
#define MIN_COLS 60
#define MIN_LINES 20

/* A fix shows only its own steps (review to summary). */
static void draw_steps(const struct setup_model *m, struct tui_draw_ctx *d)
{
	const struct tui_glyphs *g = tui_glyphs(d->st);
	int first = (int)setup_model_first_step(m);
	for (int s = first; s < SETUP_STEP__COUNT && 2 + s - first < d->lines - 3; s++) {
		int y = 2 + s - first;
		const char *mark = s < (int)m->step ? g->done : s == (int)m->step ? g->pointer : " ";
		attr_t a = s == (int)m->step ? A_BOLD : A_NORMAL;
		short pair = s < (int)m->step ? tui_pair(d->st, TUI_PAIR_OK) : 0;
		tui_put(d->w, y, 1, 2, mark, a, pair);
		tui_put(d->w, y, 3, STEPS_W - 3, setup_step_title((enum setup_step)s), a, 0);
	}
}

/* The keys of the step, as data (the htop FunctionBar lesson). */
static size_t step_hints(const struct wizard *w, struct tui_keyhint *h)
{
	const struct setup_model *m = &w->m;
	size_t n = 0;
	int typing = wizard_input_is_text(m, m->focus);
	switch (m->step) {
	case SETUP_STEP_REVIEW: h[n++] = (struct tui_keyhint){ "Enter", N_("apply") }; break;
	case SETUP_STEP_APPLY:
		h[n++] = m->run_state == SETUP_LIVE_RUNNING ? (struct tui_keyhint){ "Ctrl-C", N_("stop and roll back") }
			 : (struct tui_keyhint){ "Enter", N_("next") };
		break;
	case SETUP_STEP_SUMMARY: h[n++] = (struct tui_keyhint){ "Enter", N_("finish") }; break;
	default: h[n++] = (struct tui_keyhint){ "Enter", N_("next") }; break;
	}
	if (m->fix_check && !(m->step == SETUP_STEP_APPLY && m->run_state == SETUP_LIVE_RUNNING))
		h[n++] = (struct tui_keyhint){ "Esc", N_("dashboard") };
	else if (m->step < SETUP_STEP_APPLY)
		h[n++] = (struct tui_keyhint){ "Esc", N_("back") };
	size_t n_inputs;
	setup_model_inputs(m, &n_inputs);
	if (n_inputs > 1)
		h[n++] = (struct tui_keyhint){ "Tab", N_("field") };
	if (!typing && m->focus != SETUP_IN_NONE)
		h[n++] = (struct tui_keyhint){ "Up/Down", N_("choose") };
	if (m->step == SETUP_STEP_REVIEW)
		h[n++] = (struct tui_keyhint){ "Up/Down", N_("scroll") };
	if (m->focus == SETUP_IN_SECRET)
		h[n++] = (struct tui_keyhint){ "F2", N_("show") };
	if (m->step >= SETUP_STEP_VERIFY && !m->fix_check)
		h[n++] = (struct tui_keyhint){ "d", N_("dashboard") };
	h[n++] = (struct tui_keyhint){ typing ? "F1" : "?", N_("help") };
	if (m->step < SETUP_STEP_APPLY)
		h[n++] = (struct tui_keyhint){ "Ctrl-C", N_("cancel") };
	return n;
}

static void draw_question(const struct setup_model *m, struct tui_draw_ctx *d)
{
	const char *title = m->question == SETUP_Q_STOP ? _("Stop") : _("Leave the setup");
	const char *text = m->question == SETUP_Q_STOP
			   ? _("Stop after the current step and roll back what was done? [y/N]")
			   : _("Nothing has been written and nothing was created on the server. Leave? [y/N]");
	int w = d->cols - 8 < 60 ? d->cols - 8 : 60;
	size_t n;
	char **lines = tui_wrap_lines(text, w - 4, &n);
	int h = (int)n + 4, y = (d->lines - h) / 2, x = (d->cols - w) / 2;
	tui_box(d->w, d->st, y, x, h, w, title);
	for (size_t i = 0; i < n; i++)
		tui_put(d->w, y + 2 + (int)i, x + 2, w - 4, lines[i], A_BOLD, 0);
	tui_lines_free(lines);
}

static const char *const help_text = N_(
	"Enter        next step (on Review: apply)\n"
	"Esc          back one step (on the first: leave)\n"
	"Tab          next field; Shift-Tab the one before\n"
	"Up/Down      choose in a list; scroll the review\n"
	"Space        choose a radio button\n"
	"F2           show or hide the secret being typed\n"
	"r            ask the server again\n"
	"F1, ?        this help\n"
	"Ctrl-C       leave (asks first); during Apply: stop and roll back\n"
	"\n"
	"Nothing is written and nothing is created on the server before you "
	"press Enter on the Review step. A problem with a field is shown under "
	"it as you type; the line above the keys says why Enter waits.");

static const char *const fix_help_text = N_(
	"Enter        on Review: apply the fix; then next step\n"
	"Esc          back to the dashboard (before Apply: nothing written)\n"
	"Up/Down      scroll the review\n"
	"r            ask the server again\n"
	"F1, ?        this help\n"
	"Ctrl-C       leave (asks first); during Apply: stop and roll back\n"
	"\n"
	"The fix is one change, like setup's: the diff of every file and the "
	"server steps are shown first, nothing is written before you press "
	"Enter on the Review step, a failure rolls back, and 'rdm-s3 undo' "
	"undoes it later. The checks run again at the end.");

static void draw_help(const struct setup_model *m, struct tui_draw_ctx *d)
{
	int w = d->cols - 6 < 70 ? d->cols - 6 : 70;
	size_t n;
	char **lines = tui_wrap_lines(m->fix_check ? _(fix_help_text) : _(help_text), w - 4, &n);
	int h = (int)n + 4 < d->lines - 2 ? (int)n + 4 : d->lines - 2;
	int y = (d->lines - h) / 2, x = (d->cols - w) / 2;
	tui_box(d->w, d->st, y, x, h, w, m->fix_check ? _("fix: keys") : _("setup: keys"));
	for (size_t i = 0; i < n && (int)i < h - 3; i++)
		tui_put(d->w, y + 2 + (int)i, x + 2, w - 4, lines[i], A_NORMAL, 0);
	tui_lines_free(lines);
}

static void draw_title(const struct wizard *w, struct tui_draw_ctx *d)
{
	const struct tui_glyphs *g = tui_glyphs(d->st);
	const char *slash = strrchr(w->cfg.instance_dir, '/');
	int first = (int)setup_model_first_step(&w->m);
	char *prefix = w->m.fix_check ? xasprintf(_(" rdm-s3 fix %s %s "), w->m.fix_check, g->dot)
				      : xasprintf(" rdm-s3 setup %s ", g->dot);
	char *label = xstrdup(slash && slash[1] ? slash + 1 : w->cfg.instance_dir);
	int step = (int)w->m.step < first ? first : (int)w->m.step;
	char *right = xasprintf(_("Step %d of %d"), step - first + 1, SETUP_STEP__COUNT - first);
	tui_title_bar(d->w, d->st, prefix, label, right);
	free(prefix);
	free(label);
	free(right);
}

void wizard_draw(struct tui_view *v, struct tui_draw_ctx *d)
{
	struct wizard *w = (struct wizard *)v;
	const struct setup_model *m = &w->m;
	struct tui_keyhint hints[12];
	if (d->lines < MIN_LINES || d->cols < MIN_COLS) {
		char text[64];
		snprintf(text, sizeof text, _("terminal too small: need %dx%d"), MIN_COLS, MIN_LINES);
		tui_put(d->w, 0, 0, d->cols, text, A_BOLD, 0);
		return;
	}
	draw_title(w, d);
	draw_steps(m, d);
	/* Wider terminals give the tables (review, checks) more room; prose
	 * keeps its width (the step bodies wrap it). */
	struct wizard_area a = { 2, STEPS_W + 1, d->lines - 6, d->cols - STEPS_W - 2 };
	if (m->fix_check && m->step < SETUP_STEP_REVIEW)
		tui_put(d->w, a.y, a.x, a.w, m->survey_error ? m->survey_error : _("Reading the instance's files..."),
			A_NORMAL, 0);
	else if (m->step < SETUP_STEP_REVIEW)
		wizard_draw_input_step(w, d, &a);
	else
		wizard_draw_apply_step(w, d, &a);
	const char *blocked = setup_model_blocked(m);
	char *why = m->notice ? xstrdup(m->notice) : blocked ? xasprintf(_("Enter waits: %s"), blocked) : NULL;
	if (why) {
		attr_t at;
		short pair;
		tui_status_style(d->st, CHECK_WARN, &at, &pair);
		if (w->work && (m->auth.state == SETUP_LIVE_RUNNING || m->region.state == SETUP_LIVE_RUNNING ||
				m->plan_state == SETUP_LIVE_RUNNING || m->run_state == SETUP_LIVE_RUNNING ||
				m->survey_state == SETUP_LIVE_RUNNING)) {
			const char *const *sp = tui_glyphs(d->st)->spinner;
			size_t nsp = 0;
			while (sp[nsp])
				nsp++;
			tui_put(d->w, d->lines - 3, 1, 2, sp[w->spin % nsp], A_BOLD, 0);
		}
		tui_put(d->w, d->lines - 3, 3, d->cols - 4, why, at, pair);
		free(why);
	}
	tui_hline(d->w, d->st, d->lines - 2, 0, d->cols);
	tui_keyhints(d->w, d->lines - 1, 1, d->cols, hints, step_hints(w, hints));
	if (m->question != SETUP_Q_NONE)
		draw_question(m, d);
	else if (w->help_open)
		draw_help(m, d);
}
