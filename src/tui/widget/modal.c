/* Text box and yes/no box (see modal.h). */
#include "config.h"
#include "tui/widget/modal.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/draw.h"
#include "tui/shell/keys.h"
#include "tui/widget/pane.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define BOX_MAX_WIDTH 72

struct box {
	struct tui_view base;
	char *title;
	struct tui_pane pane;
	int confirm;       /* a yes/no question */
	int yes_focused;
	int yes_action, no_action;
};

/* The box's area: as wide as the text wants, at most BOX_MAX_WIDTH, and
 * as tall as its lines plus the frame and the button/hint line. */
static void box_area(struct box *b, const struct tui_draw_ctx *d, int *y, int *x, int *h, int *w)
{
	*w = d->cols - 4 < BOX_MAX_WIDTH ? d->cols - 4 : BOX_MAX_WIDTH;
	int n = (int)tui_pane_lines(&b->pane, *w - 5);
	*h = n + 5;
	if (*h > d->lines - 2)
		*h = d->lines - 2;
	*y = (d->lines - *h) / 2;
	*x = (d->cols - *w) / 2;
}

static void draw_buttons(struct box *b, struct tui_draw_ctx *d, int y, int x, int w)
{
	const char *yes = _("Yes"), *no = _("No");
	char *ys = xasprintf("< %s >", yes), *ns = xasprintf("< %s >", no);
	int yw = tui_text_width(ys), nw = tui_text_width(ns);
	int bx = x + (w - yw - nw - 3) / 2;
	tui_put(d->w, y, bx, yw, ys, b->yes_focused ? A_REVERSE | A_BOLD : A_NORMAL, 0);
	tui_put(d->w, y, bx + yw + 3, nw, ns, b->yes_focused ? A_NORMAL : A_REVERSE | A_BOLD, 0);
	free(ys);
	free(ns);
}

static void box_draw(struct tui_view *v, struct tui_draw_ctx *d)
{
	struct box *b = (struct box *)v;
	int y, x, h, w;
	if (d->lines < 6 || d->cols < 20)
		return;
	box_area(b, d, &y, &x, &h, &w);
	tui_box(d->w, d->st, y, x, h, w, b->title);
	tui_pane_draw(&b->pane, d, y + 2, x + 2, h - 5, w - 3);
	if (b->confirm) {
		draw_buttons(b, d, y + h - 2, x, w);
		return;
	}
	struct tui_keyhint hints[] = { { "Esc", N_("close") }, { "Up/Down", N_("scroll") } };
	int more = b->pane.n > (size_t)b->pane.page;
	tui_keyhints(d->w, y + h - 2, x + 2, x + w - 2, hints, more ? 2 : 1);
}

static void answer(struct box *b, int yes, struct tui_req *req)
{
	int action = yes ? b->yes_action : b->no_action;
	req->flags |= TUI_EV_CLOSE | TUI_EV_REDRAW;
	if (action >= 0) {
		req->flags |= TUI_EV_ACTION;
		req->action = action;
	}
}

static void confirm_key(struct box *b, int key, struct tui_req *req)
{
	switch (key) {
	case 'y': case 'Y': answer(b, 1, req); return;
	case 'n': case 'N': case 27: case TUI_KEY_INTERRUPT: answer(b, 0, req); return;
	case '\r': case '\n': case KEY_ENTER: answer(b, b->yes_focused, req); return;
	case KEY_LEFT: case KEY_RIGHT: case '\t': case KEY_BTAB:
		b->yes_focused = !b->yes_focused;
		req->flags |= TUI_EV_REDRAW;
		return;
	case KEY_RESIZE: req->flags |= TUI_EV_REDRAW; return;
	default:
		if (tui_pane_key(&b->pane, key))
			req->flags |= TUI_EV_REDRAW;
		else
			req->flags |= TUI_EV_REDRAW; /* swallowed: only y/n answer */
	}
}

static void box_key(struct tui_view *v, int key, struct tui_req *req)
{
	struct box *b = (struct box *)v;
	if (b->confirm) {
		confirm_key(b, key, req);
		return;
	}
	if (key == KEY_RESIZE) {
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	int scrolls = b->pane.n > (size_t)b->pane.page && key != ' ' && key != 'q';
	if (scrolls && tui_pane_key(&b->pane, key)) {
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	answer(b, 0, req);
}

static void box_free(struct tui_view *v)
{
	struct box *b = (struct box *)v;
	tui_pane_free(&b->pane);
	free(b->title);
	free(b);
}

static const struct tui_view_ops box_ops = {
	.name = "box",
	.overlay = 1,
	.draw = box_draw,
	.key = box_key,
	.free = box_free,
};

static struct box *box_new(const char *title, const char *text)
{
	struct box *b = xcalloc(1, sizeof *b);
	b->base.ops = &box_ops;
	b->title = xstrdup(title ? title : "");
	tui_pane_init(&b->pane, TUI_PANE_PLAIN);
	tui_pane_set_text(&b->pane, text);
	return b;
}

struct tui_view *tui_textbox_new(const char *title, const char *text, int close_action)
{
	struct box *b = box_new(title, text);
	b->no_action = close_action;
	return &b->base;
}

struct tui_view *tui_confirm_new(const char *title, const char *text, int default_yes, int yes_action,
				 int no_action)
{
	struct box *b = box_new(title, text);
	b->confirm = 1;
	b->yes_focused = default_yes;
	b->yes_action = yes_action;
	b->no_action = no_action;
	return &b->base;
}
