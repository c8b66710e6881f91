/* The dashboard's detail pane (the selected check's message, remedy and
 * the settings it used, with where each came from) and the help box. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/dash/dash_view_int.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The detail as lines: each with its column and, on the first line of a
 * paragraph, its bold label ("Fix:"). Built for a width, then drawn from
 * the scroll position. */
struct dline {
	char *label; /* or NULL */
	int x;
	char *text;
};

struct dlines {
	struct dline *v;
	size_t n, cap;
	const char *label; /* for the next line, then NULL */
	int x;
};

static int add_dline(void *ctx, const char *text)
{
	struct dlines *d = ctx;
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	d->v[d->n].label = d->label ? xstrdup(d->label) : NULL;
	d->v[d->n].x = d->x;
	d->v[d->n++].text = xstrdup(text);
	d->label = NULL;
	return 0;
}

/* A paragraph with a label on its first line and a hanging indent. */
static void para(struct dlines *d, int cols, const char *label, const char *text)
{
	d->x = label ? (int)strlen(label) + 2 : 1;
	d->label = label;
	tui_wrap(text && *text ? text : "-", cols - d->x, add_dline, d);
	d->label = NULL;
}

static void build(const struct dash_model *m, const struct dash_row *r, int cols, struct dlines *d)
{
	int fixable;
	const char *fix = dash_model_fix_note(m, r, &fixable);
	memset(d, 0, sizeof *d);
	para(d, cols, NULL, r->message);
	/* One paragraph per remedy line, each with its own "Fix:". */
	for (const char *s = r->remedy; s && *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *one = xstrndup(s, n);
		para(d, cols, _("Fix:"), one);
		free(one);
		s += n + (nl != NULL);
	}
	if (fix) {
		char *text = fixable ? xasprintf(_("press f to %s (review, apply, verify)"), fix)
				     : xasprintf(_("none: %s"), fix);
		para(d, cols, _("Automatic fix:"), text);
		free(text);
	}
	if (r->n_settings)
		para(d, cols, _("Settings used:"), r->settings[0]);
	for (size_t i = 1; i < r->n_settings; i++) { /* one label for the list */
		d->x = (int)strlen(_("Settings used:")) + 2;
		tui_wrap(r->settings[i], cols - d->x, add_dline, d);
	}
}

static void dlines_free(struct dlines *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].label);
		free(d->v[i].text);
	}
	free(d->v);
}

size_t dash_view_detail_count(const struct dash_model *m, int cols)
{
	const struct dash_row *r = dash_model_selected(m);
	struct dlines d;
	if (!r)
		return 1;
	build(m, r, cols, &d);
	size_t n = d.n;
	dlines_free(&d);
	return n;
}

static void draw_rule(const struct dash_row *r, const struct tui_style *st, WINDOW *w, int y,
		      int cols)
{
	char text[32];
	attr_t attr;
	short pair;
	mvwhline(w, y, 0, ACS_HLINE, cols);
	int x = 2 + tui_put(w, y, 2, cols - 4, " ", A_NORMAL, 0);
	x += tui_put(w, y, x, cols - x - 2, r->id, A_BOLD, 0);
	x += tui_put(w, y, x, cols - x - 2, ": ", A_NORMAL, 0);
	x += tui_put(w, y, x, cols - x - 2, r->title, A_NORMAL, 0);
	x += tui_put(w, y, x, cols - x - 2, "  ", A_NORMAL, 0);
	tui_status_style(st, r->status, &attr, &pair);
	x += tui_put(w, y, x, cols - x - 2, check_status_label(r->status), attr, pair);
	if (r->changed_at) {
		char at[16];
		tui_clock_format(r->changed_at, at);
		snprintf(text, sizeof text, _(" since %s"), at);
		x += tui_put(w, y, x, cols - x - 2, text, A_NORMAL, 0);
	}
	tui_put(w, y, x, cols - x - 2, " ", A_NORMAL, 0);
}

void dash_view_detail(const struct dash_model *m, const struct tui_style *st, WINDOW *w,
		      int top, int height)
{
	int cols = getmaxx(w);
	const struct dash_row *r = dash_model_selected(m);
	struct dlines d;
	if (!r) {
		mvwhline(w, top, 0, ACS_HLINE, cols);
		tui_put(w, top + 1, 1, cols - 2, _("no results yet"), A_NORMAL, 0);
		return;
	}
	draw_rule(r, st, w, top, cols);
	build(m, r, cols, &d);
	/* Lines top+1 .. top+height-2; the last line says how to see more. */
	int rows = height - 2;
	size_t first = m->detail_scroll < d.n ? m->detail_scroll : 0;
	for (int i = 0; i < rows && first + (size_t)i < d.n; i++) {
		const struct dline *l = &d.v[first + (size_t)i];
		if (l->label)
			tui_put(w, top + 1 + i, 1, l->x - 1, l->label, A_BOLD, 0);
		tui_put(w, top + 1 + i, l->x, cols - l->x, l->text, A_NORMAL, 0);
	}
	if (rows > 0 && d.n > (size_t)rows) {
		char text[128];
		size_t last = first + (size_t)rows < d.n ? first + (size_t)rows : d.n;
		snprintf(text, sizeof text, _("lines %zu-%zu of %zu: PgDn/PgUp scroll"), first + 1, last,
			 d.n);
		tui_put(w, top + height - 1, 1, cols - 2, text, A_BOLD, 0);
	}
	dlines_free(&d);
}

static const char *const help_lines[] = {
	N_("Up/Down, k/j    select a check"),
	N_("Home/End, g/G   first / last check"),
	N_("Enter           open or close the details"),
	N_("Esc             close the details"),
	N_("PgDn/PgUp       scroll the details (also Space/b)"),
	N_("f               fix the selected check (review,"),
	N_("                apply, verify); else says why not"),
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

void dash_view_help(const struct tui_style *st, WINDOW *w)
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
	tui_put(box_w, 0, 2, bw - 4, _(" rdm-s3 dashboard: keys "), A_BOLD, 0);
	for (size_t i = 0; i < n && (int)i + 2 < bh - 1; i++)
		tui_put(box_w, (int)i + 2, 2, bw - 4, *help_lines[i] ? _(help_lines[i]) : "",
			 A_NORMAL, 0);
	delwin(box_w);
}
