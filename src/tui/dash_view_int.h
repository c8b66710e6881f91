/* Shared between the dashboard view's files: colour pairs, attributes per
 * status, and text drawing that respects display widths. */
#ifndef RDM_TUI_DASH_VIEW_INT_H
#define RDM_TUI_DASH_VIEW_INT_H
#include <curses.h>
#include <stddef.h>

#include "tui/dash_view.h"

enum dash_pair {
	DASH_PAIR_NONE = 0,
	DASH_PAIR_OK,
	DASH_PAIR_WARN,
	DASH_PAIR_CRIT,
	DASH_PAIR_UNKNOWN,
	DASH_PAIR_INFO,
	DASH_PAIR_TITLE,
};

/* Attributes and pair for a status label. */
void dash_status_style(const struct dash_style *st, enum check_status s, attr_t *attr,
		       short *pair);

/* Writes s at (y, x) in at most `width` columns with attr/pair, control
 * characters and undecodable bytes shown as '?'. Returns the columns used. */
int dash_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, short pair);

/* Word-wraps s (lines split at '\n' first) to `width` columns: calls
 * line(ctx, text) for each line (text is a NUL-terminated UTF-8 copy that
 * is freed after the call). Returns the number of lines, stopping early
 * once line returns non-zero. */
size_t dash_wrap(const char *s, int width, int (*line)(void *ctx, const char *text), void *ctx);

/* "HH:MM:SS" in local time (the tests run with TZ=UTC). */
void dash_clock_format(time_t t, char out[16]);

/* The detail pane and the help box (dash_view_detail.c). */
void dash_view_detail(const struct dash_model *m, const struct dash_style *st, WINDOW *w,
		      int top, int height);
void dash_view_help(const struct dash_style *st, WINDOW *w);

#endif
