/* The dashboard screen: draws a struct dash_model into a curses window and
 * turns keys into model actions. It never reads the clock or the network
 * and keeps no state of its own between calls, so a test can draw any
 * model on a virtual terminal and compare the screen with a golden dump.
 *
 * Layout (every size from DASH_VIEW_MIN_COLS x DASH_VIEW_MIN_LINES up):
 *   line 0          title bar: instance, overall status, running/paused
 *   line 1          summary: counts per status, last run, interval
 *   line 2          column heads
 *   lines 3..       one row per check (scrolls to keep the selection
 *                   visible); the detail pane takes the lower part when open
 *   last line       key hints
 * The help is a box drawn over everything else (ncdu's way: draw the screen
 * below, then the box; no window stack). */
#ifndef RDM_TUI_DASH_VIEW_H
#define RDM_TUI_DASH_VIEW_H
#include <curses.h>

#include "model/dashboard_model.h"

#define DASH_VIEW_MIN_COLS 40
#define DASH_VIEW_MIN_LINES 10

struct dash_style {
	int color; /* use the colour pairs (dash_view_init_colors was called) */
	int utf8;  /* the locale is UTF-8: block characters for sparklines */
};

/* Colour pairs the view uses; call once after start_color(). */
void dash_view_init_colors(void);

/* Draws the whole screen into w (erased first; the caller refreshes). */
void dash_view_draw(const struct dash_model *m, const struct dash_style *st, WINDOW *w);

/* Maps a key from wgetch to a model action and applies it. Returns enum
 * dash_event flags (KEY_RESIZE: DASH_EV_REDRAW; unknown keys: none). */
unsigned dash_view_key(struct dash_model *m, int ch);

#endif
