/* A list to pick from: rows of a label and a one-line detail, a
 * selection that moves with Up/Down (k/j), Home/End, PgUp/PgDn, and
 * scrolling that keeps the selection in view. Rows may be marked
 * unavailable (still selectable: the screen explains why, the model
 * refuses to open them). Plain state; draw is separate. */
#ifndef RDM_TUI_WIDGET_LIST_H
#define RDM_TUI_WIDGET_LIST_H
#include <stddef.h>

#include "tui/shell/view.h"

struct tui_list_row {
	const char *label;  /* borrowed */
	const char *detail; /* borrowed; may be NULL */
	int unavailable;    /* drawn without the bold label */
};

struct tui_list {
	size_t n, selected, top;
	int page;           /* rows shown at the last draw (PgUp/PgDn) */
	int label_width;    /* columns of the label column; 0: widest label + 2 */
};

void tui_list_init(struct tui_list *l, size_t n);
/* Returns 1 when the selection moved (or the key was a list key), 0 when
 * the key is not for the list. vi keys j/k only when vi_keys. */
int tui_list_key(struct tui_list *l, int key, int vi_keys);

/* Draws rows[top..] in the h x w area at (y, x): pointer, label, detail;
 * the selected row bold (reverse when focused). */
void tui_list_draw(struct tui_list *l, const struct tui_list_row *rows, struct tui_draw_ctx *d, int y,
		   int x, int h, int w, int focused);

#endif
