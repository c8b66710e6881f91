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
 * below, then the box; no window stack). Colours and styles come from the
 * shell (tui/shell/term.h: NO_COLOR draws bold/reverse only). */
#ifndef RDM_TUI_DASH_VIEW_H
#define RDM_TUI_DASH_VIEW_H
#include <curses.h>

#include "model/dashboard_model.h"
#include "tui/shell/term.h"

#define DASH_VIEW_MIN_COLS 40
#define DASH_VIEW_MIN_LINES 10

/* Tells the model how the detail pane fits a screen of lines x cols (so
 * its scrolling stays in bounds); call before drawing at a new size or
 * after the selection or the results changed. */
void dash_view_layout(struct dash_model *m, int lines, int cols);

/* Draws the whole screen into w (erased first; the caller refreshes). */
void dash_view_draw(const struct dash_model *m, const struct tui_style *st, WINDOW *w);

/* Maps a key from wgetch to a model action and applies it. Returns enum
 * dash_event flags (KEY_RESIZE: DASH_EV_REDRAW; unknown keys: none). */
unsigned dash_view_key(struct dash_model *m, int ch);

#endif
