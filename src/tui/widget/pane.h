/* A scrollable text pane for long text: configuration, diffs, command
 * output, help. Lines are wrapped to the width drawn (continuations
 * indented), and the pane scrolls with Up/Down (k/j), PgUp/PgDn
 * (Space/b), Home/End; marks at the right edge say there is more above
 * or below. In diff mode, added/removed/hunk lines get their colours; in
 * headings mode, lines that start in column 0 are bold. Plain state; the
 * wrapped lines are remade when the width changes. */
#ifndef RDM_TUI_WIDGET_PANE_H
#define RDM_TUI_WIDGET_PANE_H
#include <stddef.h>

#include "tui/shell/view.h"

enum tui_pane_mode { TUI_PANE_PLAIN = 0, TUI_PANE_HEADINGS, TUI_PANE_DIFF };

struct tui_pane_line {
	char *text;
	char kind; /* ' ' plain, 'h' heading, '+' added, '-' removed, '@' hunk */
};

struct tui_pane {
	char *text;                 /* owned */
	enum tui_pane_mode mode;
	struct tui_pane_line *lines; /* wrapped for `width` */
	size_t n, cap;
	int width;                  /* 0: not wrapped yet */
	size_t top;
	int page;                   /* lines shown at the last draw */
	int follow;                 /* stay at the end as text is appended (output) */
};

void tui_pane_init(struct tui_pane *p, enum tui_pane_mode mode);
void tui_pane_free(struct tui_pane *p);
/* Replaces the text (copied); keeps the scroll position when it fits. */
void tui_pane_set_text(struct tui_pane *p, const char *text);
/* Appends text (command output); with follow, scrolls to the end. */
void tui_pane_append(struct tui_pane *p, const char *text);
/* Returns 1 when the key scrolled (or was a scroll key), 0 otherwise. */
int tui_pane_key(struct tui_pane *p, int key);
/* Lines after wrapping to width (wraps when needed). */
size_t tui_pane_lines(struct tui_pane *p, int width);
/* Draws into the h x w area at (y, x). */
void tui_pane_draw(struct tui_pane *p, struct tui_draw_ctx *d, int y, int x, int h, int w);

#endif
