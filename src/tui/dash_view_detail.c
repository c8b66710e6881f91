/* The dashboard's detail pane (the selected check's message, remedy and
 * the settings it used, with where each came from) and the help box. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/dash_view_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Lines go from y up to (not including) end; the last free line is kept
 * for "..." when the text does not fit. */
struct pane {
	WINDOW *w;
	int y, end, cols;
	int x;               /* column of wrapped continuation lines */
	const char *prefix;  /* drawn before the first line of a paragraph */
	attr_t prefix_attr;
	int truncated;
};

static int pane_line(void *ctx, const char *text)
{
	struct pane *p = ctx;
	if (p->y >= p->end - 1) {
		p->truncated = 1;
		return 1;
	}
	if (p->prefix) {
		dash_put(p->w, p->y, 1, p->x - 1, p->prefix, p->prefix_attr, 0);
		p->prefix = NULL;
	}
	dash_put(p->w, p->y, p->x, p->cols - p->x, text, A_NORMAL, 0);
	p->y++;
	return 0;
}

/* A paragraph with a label on its first line and a hanging indent. */
static void pane_para(struct pane *p, const char *label, const char *text)
{
	if (p->truncated > 0)
		return;
	int indent = label ? (int)strlen(label) + 2 : 1;
	p->prefix = label;
	p->prefix_attr = A_BOLD;
	p->x = indent;
	dash_wrap(text && *text ? text : "-", p->cols - indent, pane_line, p);
	p->prefix = NULL;
}

static void draw_rule(const struct dash_row *r, const struct dash_style *st, WINDOW *w, int y,
		      int cols)
{
	char text[32];
	attr_t attr;
	short pair;
	mvwhline(w, y, 0, ACS_HLINE, cols);
	int x = 2 + dash_put(w, y, 2, cols - 4, " ", A_NORMAL, 0);
	x += dash_put(w, y, x, cols - x - 2, r->id, A_BOLD, 0);
	x += dash_put(w, y, x, cols - x - 2, ": ", A_NORMAL, 0);
	x += dash_put(w, y, x, cols - x - 2, r->title, A_NORMAL, 0);
	x += dash_put(w, y, x, cols - x - 2, "  ", A_NORMAL, 0);
	dash_status_style(st, r->status, &attr, &pair);
	x += dash_put(w, y, x, cols - x - 2, check_status_label(r->status), attr, pair);
	if (r->changed_at) {
		char at[16];
		dash_clock_format(r->changed_at, at);
		snprintf(text, sizeof text, _(" since %s"), at);
		x += dash_put(w, y, x, cols - x - 2, text, A_NORMAL, 0);
	}
	dash_put(w, y, x, cols - x - 2, " ", A_NORMAL, 0);
}

void dash_view_detail(const struct dash_model *m, const struct dash_style *st, WINDOW *w,
		      int top, int height)
{
	int cols = getmaxx(w);
	const struct dash_row *r = dash_model_selected(m);
	struct pane p = { w, top + 1, top + height, cols, 1, NULL, A_NORMAL, 0 };
	if (!r) {
		mvwhline(w, top, 0, ACS_HLINE, cols);
		dash_put(w, top + 1, 1, cols - 2, _("no results yet"), A_NORMAL, 0);
		return;
	}
	draw_rule(r, st, w, top, cols);
	pane_para(&p, NULL, r->message);
	if (r->remedy) {
		/* One paragraph per remedy line, each with its own "Fix:". */
		const char *s = r->remedy;
		while (*s && p.truncated <= 0) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			char *one = xstrndup(s, n);
			pane_para(&p, _("Fix:"), one);
			free(one);
			s += n + (nl != NULL);
		}
	}
	if (r->n_settings && p.truncated <= 0)
		pane_para(&p, _("Settings used:"), r->settings[0]);
	for (size_t i = 1; i < r->n_settings && p.truncated <= 0; i++) {
		p.x = (int)strlen(_("Settings used:")) + 2;
		p.prefix = NULL;
		dash_wrap(r->settings[i], cols - p.x, pane_line, &p);
	}
	if (p.truncated > 0)
		dash_put(w, p.end - 1, 1, cols - 2, _("... (more: make the terminal taller)"),
			 A_BOLD, 0);
}

static const char *const help_lines[] = {
	N_("Up/Down, k/j    select a check"),
	N_("Home/End, g/G   first / last check"),
	N_("Enter           open or close the details"),
	N_("Esc             close the details"),
	N_("r               run the checks now"),
	N_("p               pause / resume the refresh"),
	N_("?               this help"),
	N_("q               quit"),
	"",
	N_("HISTORY: recent latencies, newest on the right;"),
	N_("x marks a run where the check was critical."),
	"",
	N_("Press any key to close this help."),
};

void dash_view_help(const struct dash_style *st, WINDOW *w)
{
	int lines, cols;
	size_t n = sizeof help_lines / sizeof help_lines[0];
	getmaxyx(w, lines, cols);
	int bw = cols - 4 < 54 ? cols - 4 : 54, bh = (int)n + 4;
	if (bh > lines - 2)
		bh = lines - 2;
	int y0 = (lines - bh) / 2, x0 = (cols - bw) / 2;
	WINDOW *box_w = derwin(w, bh, bw, y0, x0);
	if (!box_w)
		return;
	werase(box_w);
	box(box_w, 0, 0);
	(void)st;
	dash_put(box_w, 0, 2, bw - 4, _(" rdm-s3 dashboard: keys "), A_BOLD, 0);
	for (size_t i = 0; i < n && (int)i + 2 < bh - 1; i++)
		dash_put(box_w, (int)i + 2, 2, bw - 4, *help_lines[i] ? _(help_lines[i]) : "",
			 A_NORMAL, 0);
	delwin(box_w);
}
