/* The dashboard screen: title, summary, check rows with sparklines, key
 * hints; the detail pane and help are in dash_view_detail.c. */
#include "config.h"
#include "tui/dash/dash_view.h"

#include <stdio.h>
#include <string.h>

#include "tui/dash/dash_view_int.h"
#include "util/i18n.h"

#define HEAD_LINES 3 /* title, summary, column heads */
#define COL_ID 14
#define COL_STATUS 8
#define COL_LATENCY 10
#define DETAIL_MIN 10

static int spark_width(int cols)
{
	int w = (cols - 40) / 4;
	return w < 6 ? 6 : w > DASH_HISTORY / 2 ? DASH_HISTORY / 2 : w;
}

static void draw_title(const struct dash_model *m, const struct tui_style *st, WINDOW *w)
{
	char right[64];
	snprintf(right, sizeof right, "%s%s%s", m->running ? _("running  ") : "",
		 m->paused ? _("PAUSED  ") : "", m->runs ? check_status_label(dash_model_worst(m)) : "");
	tui_title_bar(w, st, " rdm-s3 dashboard: ", m->instance, right);
}

static void format_latency(double s, char out[16])
{
	if (s < 0)
		strcpy(out, "-");
	else if (s < 1)
		snprintf(out, 16, "%.1f ms", s * 1000);
	else
		snprintf(out, 16, "%.2f s", s);
}

static const enum check_status summary_order[] = { CHECK_OK, CHECK_INFO, CHECK_WARN, CHECK_CRIT,
						   CHECK_UNKNOWN, CHECK_SKIPPED };
static const char *const summary_names[] = { N_("ok"), N_("info"), N_("warn"), N_("crit"),
					     N_("unknown"), N_("skipped") };

static void draw_summary(const struct dash_model *m, const struct tui_style *st, WINDOW *w,
			 int cols)
{
	char text[128], at[16], took[16];
	int x = 1;
	if (m->run_error) {
		attr_t attr;
		short pair;
		tui_status_style(st, CHECK_CRIT, &attr, &pair);
		tui_clock_format(m->finished_at, at);
		snprintf(text, sizeof text, _("run failed at %s: "), at);
		x += tui_put(w, 1, x, cols - x, text, attr, pair);
		tui_put(w, 1, x, cols - x, m->run_error, attr, pair);
		return;
	}
	if (m->runs == 0) {
		tui_put(w, 1, x, cols - x, m->running ? _("running the checks...") :
			 _("waiting for the first run..."), A_NORMAL, 0);
		return;
	}
	for (size_t i = 0; i < sizeof summary_order / sizeof summary_order[0]; i++) {
		enum check_status s = summary_order[i];
		attr_t attr;
		short pair;
		tui_status_style(st, s, &attr, &pair);
		if (m->counts[s] == 0 && s != CHECK_OK)
			continue; /* short enough for 80 columns */
		snprintf(text, sizeof text, "%zu %s  ", m->counts[s], _(summary_names[i]));
		x += tui_put(w, 1, x, cols - x, text, attr, pair);
	}
	tui_clock_format(m->finished_at, at);
	format_latency(m->duration, took);
	snprintf(text, sizeof text, _("last %s (%s), every %d s"), at, took, m->interval_s);
	if (x + (int)strlen(text) >= cols) /* narrow: the time matters most */
		snprintf(text, sizeof text, _("last %s"), at);
	int tw = (int)strlen(text);
	if (x + tw < cols)
		tui_put(w, 1, cols - tw - 1, tw, text, A_NORMAL, 0);
}

static void draw_spark(const struct dash_row *r, const struct tui_style *st, WINDOW *w, int y,
		       int x, int width, attr_t base)
{
	static const char ascii[DASH_SPARK_LEVELS] = { '_', '.', '-', ':', '=', '+', '*', '#' };
	int levels[DASH_HISTORY];
	dash_row_spark(r, (size_t)width, levels);
	wmove(w, y, x);
	for (int i = 0; i < width; i++) {
		wchar_t wc = L' ';
		short pair = 0;
		if (levels[i] == DASH_SPARK_FAIL) {
			wc = L'x';
			pair = st->color ? TUI_PAIR_CRIT : 0;
		} else if (levels[i] >= 0) {
			wc = st->utf8 ? (wchar_t)(0x2581 + levels[i]) : (wchar_t)ascii[levels[i]];
		}
		wattr_set(w, base, pair, NULL);
		waddnwstr(w, &wc, 1);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
}

static void draw_row(const struct dash_row *r, int selected, const struct tui_style *st,
		     WINDOW *w, int y, int cols)
{
	attr_t base = selected ? A_REVERSE : A_NORMAL, attr;
	short pair;
	char lat[16];
	int sw = spark_width(cols), x = 1;
	if (selected)
		mvwchgat(w, y, 0, -1, A_REVERSE, 0, NULL);
	tui_put(w, y, x, COL_ID - 1, r->id, base | A_BOLD, 0);
	x += COL_ID;
	tui_status_style(st, r->status, &attr, &pair);
	tui_put(w, y, x, COL_STATUS - 1, check_status_label(r->status), base | attr, pair);
	x += COL_STATUS;
	format_latency(r->latency, lat);
	int lw = (int)strlen(lat);
	tui_put(w, y, x + COL_LATENCY - 2 - lw, lw, lat, base, 0);
	x += COL_LATENCY;
	if (x + sw < cols)
		draw_spark(r, st, w, y, x, sw, base);
	x += sw + 1;
	if (x < cols)
		tui_put(w, y, x, cols - x, r->message, base, 0);
}

static void draw_heads(WINDOW *w, int cols)
{
	int sw = spark_width(cols), x = 1;
	tui_put(w, 2, x, COL_ID, _("CHECK"), A_BOLD, 0);
	tui_put(w, 2, x += COL_ID, COL_STATUS, _("STATUS"), A_BOLD, 0);
	x += COL_STATUS + COL_LATENCY;
	tui_put(w, 2, x - 9, 8, _("LATENCY"), A_BOLD, 0);
	if (x + sw < cols)
		tui_put(w, 2, x, sw, _("HISTORY"), A_BOLD, 0);
	x += sw + 1;
	if (x < cols)
		tui_put(w, 2, x, cols - x, _("MESSAGE"), A_BOLD, 0);
}

static void draw_list(const struct dash_model *m, const struct tui_style *st, WINDOW *w,
		      int height, int cols)
{
	size_t top = 0;
	if (height <= 0)
		return;
	if (m->selected >= (size_t)height)
		top = m->selected - (size_t)height + 1;
	for (int i = 0; i < height && top + (size_t)i < m->n_rows; i++)
		draw_row(&m->rows[top + (size_t)i], top + (size_t)i == m->selected, st, w,
			 HEAD_LINES + i, cols);
}

static void draw_keys(const struct dash_model *m, const struct tui_style *st, WINDOW *w, int y, int cols)
{
	struct tui_keyhint hints[8];
	size_t n = 0;
	int fixable = 0;
	if (m->notice) { /* why f did nothing, until the next key */
		attr_t attr;
		short pair;
		tui_status_style(st, CHECK_WARN, &attr, &pair);
		tui_put(w, y, 1, cols - 2, m->notice, attr, pair);
		return;
	}
	dash_model_fix_note(m, dash_model_selected(m), &fixable);
	hints[n++] = (struct tui_keyhint){ "j/k", N_("select") };
	hints[n++] = (struct tui_keyhint){ "Enter", m->detail_open ? N_("close") : N_("details") };
	if (fixable)
		hints[n++] = (struct tui_keyhint){ "f", N_("fix") };
	hints[n++] = (struct tui_keyhint){ "r", N_("run now") };
	hints[n++] = (struct tui_keyhint){ "p", m->paused ? N_("resume") : N_("pause") };
	hints[n++] = (struct tui_keyhint){ "?", N_("help") };
	hints[n++] = (struct tui_keyhint){ "q", N_("quit") };
	/* The scroll key only while the open detail pane has more to show. */
	if (dash_model_detail_more(m))
		hints[n++] = (struct tui_keyhint){ "PgDn", N_("scroll") };
	tui_keyhints(w, y, 0, cols, hints, n);
}

/* Lines of the detail pane (rule and status line included). */
static int detail_height(const struct dash_model *m, int lines)
{
	int avail = lines - HEAD_LINES - 1, detail_h = avail - (int)m->n_rows;
	return detail_h < DETAIL_MIN ? DETAIL_MIN : detail_h;
}

void dash_view_layout(struct dash_model *m, int lines, int cols)
{
	if (!m->detail_open || lines < DASH_VIEW_MIN_LINES || cols < DASH_VIEW_MIN_COLS) {
		dash_model_detail_layout(m, 0, 0);
		return;
	}
	int rows = detail_height(m, lines) - 2;
	dash_model_detail_layout(m, dash_view_detail_count(m, cols), rows > 0 ? (size_t)rows : 0);
}

void dash_view_draw(const struct dash_model *m, const struct tui_style *st, WINDOW *w)
{
	int lines, cols;
	getmaxyx(w, lines, cols);
	werase(w);
	if (lines < DASH_VIEW_MIN_LINES || cols < DASH_VIEW_MIN_COLS) {
		char text[64];
		snprintf(text, sizeof text, _("terminal too small: need %dx%d"), DASH_VIEW_MIN_COLS,
			 DASH_VIEW_MIN_LINES);
		tui_put(w, 0, 0, cols, text, A_BOLD, 0);
		return;
	}
	int avail = lines - HEAD_LINES - 1, list_h = avail;
	if (m->detail_open) {
		int detail_h = detail_height(m, lines);
		list_h = avail - detail_h;
		dash_view_detail(m, st, w, HEAD_LINES + list_h, detail_h);
	}
	draw_title(m, st, w);
	draw_summary(m, st, w, cols);
	draw_heads(w, cols);
	draw_list(m, st, w, list_h, cols);
	draw_keys(m, st, w, lines - 1, cols);
	if (m->help_open)
		dash_view_help(st, w);
}

unsigned dash_view_key(struct dash_model *m, int ch)
{
	switch (ch) {
	case KEY_RESIZE: return DASH_EV_REDRAW;
	case KEY_UP: case 'k': return dash_model_act(m, DASH_ACT_UP);
	case KEY_DOWN: case 'j': return dash_model_act(m, DASH_ACT_DOWN);
	case KEY_HOME: case 'g': return dash_model_act(m, DASH_ACT_HOME);
	case KEY_END: case 'G': return dash_model_act(m, DASH_ACT_END);
	case KEY_ENTER: case '\n': case '\r': return dash_model_act(m, DASH_ACT_DETAIL);
	case 27: return dash_model_act(m, DASH_ACT_CLOSE);
	case 'r': case 'R': return dash_model_act(m, DASH_ACT_RERUN);
	case 'p': case 'P': return dash_model_act(m, DASH_ACT_PAUSE);
	case 'f': case 'F': return dash_model_act(m, DASH_ACT_FIX);
	case KEY_NPAGE: case ' ': return dash_model_act(m, DASH_ACT_DETAIL_DOWN);
	case KEY_PPAGE: case 'b': return dash_model_act(m, DASH_ACT_DETAIL_UP);
	case '?': case 'h': case KEY_F(1): return dash_model_act(m, DASH_ACT_HELP);
	case 'q': case 'Q': return dash_model_act(m, DASH_ACT_QUIT);
	default: return m->help_open ? dash_model_act(m, DASH_ACT_CLOSE) : DASH_EV_NONE;
	}
}
