/* The pick list (see list.h). */
#include "config.h"
#include "tui/widget/list.h"

#include <curses.h>

#include "tui/shell/draw.h"

void tui_list_init(struct tui_list *l, size_t n)
{
	l->n = n;
	l->selected = l->top = 0;
	l->page = 1;
	l->label_width = 0;
}

int tui_list_key(struct tui_list *l, int key, int vi_keys)
{
	size_t page = l->page > 1 ? (size_t)l->page - 1 : 1;
	if (!l->n)
		return 0;
	if (vi_keys && key == 'k')
		key = KEY_UP;
	if (vi_keys && key == 'j')
		key = KEY_DOWN;
	switch (key) {
	case KEY_UP: if (l->selected) l->selected--; return 1;
	case KEY_DOWN: if (l->selected + 1 < l->n) l->selected++; return 1;
	case KEY_HOME: l->selected = 0; return 1;
	case KEY_END: l->selected = l->n - 1; return 1;
	case KEY_PPAGE: l->selected = l->selected > page ? l->selected - page : 0; return 1;
	case KEY_NPAGE:
		l->selected = l->selected + page < l->n ? l->selected + page : l->n - 1;
		return 1;
	default: return 0;
	}
}

void tui_list_draw(struct tui_list *l, const struct tui_list_row *rows, struct tui_draw_ctx *d, int y,
		   int x, int h, int w, int focused)
{
	const struct tui_glyphs *g = tui_glyphs(d->st);
	int lw = l->label_width;
	if (h < 1 || w < 4)
		return;
	l->page = h;
	if (!lw)
		for (size_t i = 0; i < l->n; i++)
			if (tui_text_width(rows[i].label) + 2 > lw)
				lw = tui_text_width(rows[i].label) + 2;
	if (l->selected < l->top)
		l->top = l->selected;
	if (l->selected >= l->top + (size_t)h)
		l->top = l->selected - (size_t)h + 1;
	for (int i = 0; i < h && l->top + (size_t)i < l->n; i++) {
		size_t r = l->top + (size_t)i;
		int sel = r == l->selected, yy = y + i;
		attr_t a = sel && focused ? A_REVERSE : A_NORMAL;
		if (sel && focused)
			mvwchgat(d->w, yy, x, w, A_REVERSE, 0, NULL);
		tui_put(d->w, yy, x, 2, sel ? g->pointer : " ", a | (sel ? A_BOLD : A_NORMAL), 0);
		tui_put(d->w, yy, x + 2, lw < w - 2 ? lw : w - 2, rows[r].label,
			a | (rows[r].unavailable ? A_NORMAL : A_BOLD), 0);
		if (rows[r].detail && 2 + lw < w)
			tui_put(d->w, yy, x + 2 + lw, w - 2 - lw, rows[r].detail, a, 0);
	}
	if (l->top > 0)
		tui_put(d->w, y, x + w - 1, 1, g->up, A_BOLD, 0);
	if (l->top + (size_t)h < l->n)
		tui_put(d->w, y + h - 1, x + w - 1, 1, g->down, A_BOLD, 0);
}
