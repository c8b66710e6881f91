/* Shared between the dashboard view's files: the detail pane and the help
 * box. Text drawing is the shell's (tui/shell/draw.h). */
#ifndef RDM_TUI_DASH_VIEW_INT_H
#define RDM_TUI_DASH_VIEW_INT_H
#include <curses.h>

#include "tui/dash/dash_view.h"
#include "tui/shell/draw.h"

/* The detail pane and the help box (dash_view_detail.c). */
void dash_view_detail(const struct dash_model *m, const struct tui_style *st, WINDOW *w,
		      int top, int height);
/* Lines the detail of the selected check takes at this width. */
size_t dash_view_detail_count(const struct dash_model *m, int cols);
void dash_view_help(const struct tui_style *st, WINDOW *w);

#endif
