/* The text screen (see text_screen.h). */
#include "config.h"
#include "tui/widget/text_screen.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/draw.h"
#include "tui/shell/keys.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct text_screen {
	struct tui_view base;
	char *title, *label, *loading;
	struct tui_pane pane;
	struct tui_job job;
	int have_text, failed, help_open;
};

struct tui_text_result *tui_text_result_new(int failed, char *text)
{
	struct tui_text_result *r = xcalloc(1, sizeof *r);
	r->failed = failed;
	r->text = text;
	return r;
}

void tui_text_result_free(void *p)
{
	struct tui_text_result *r = p;
	if (!r)
		return;
	free(r->text);
	free(r);
}

static const struct tui_keyhint hints[] = {
	{ "Up/Down", N_("scroll") }, { "PgUp/PgDn", N_("page") }, { "Esc", N_("back") },
	{ "?", N_("help") },
};

static const char *const help_text =
	N_("Up/Down, k/j     scroll a line\n"
	   "PgUp/PgDn, b/Sp  scroll a page\n"
	   "Home/End, g/G    the top / the end\n"
	   "Esc, q           back\n"
	   "?                this help");

static void screen_draw(struct tui_view *v, struct tui_draw_ctx *d)
{
	struct text_screen *s = (struct text_screen *)v;
	tui_title_bar(d->w, d->st, s->title, s->label, NULL);
	if (d->lines < 5)
		return;
	if (!s->have_text)
		tui_put(d->w, 2, 2, d->cols - 4, s->loading, A_NORMAL, 0);
	else if (s->failed)
		tui_put(d->w, 1, 1, d->cols - 2, _("It could not be shown:"), A_BOLD,
			tui_pair(d->st, TUI_PAIR_CRIT));
	if (s->have_text)
		tui_pane_draw(&s->pane, d, s->failed ? 3 : 2, 1, d->lines - (s->failed ? 5 : 4),
			      d->cols - 1);
	tui_hline(d->w, d->st, d->lines - 2, 0, d->cols);
	tui_keyhints(d->w, d->lines - 1, 1, d->cols, hints, sizeof hints / sizeof hints[0]);
	if (s->help_open) {
		int w = d->cols - 4 < 44 ? d->cols - 4 : 44, h = 9;
		int y = (d->lines - h) / 2, x = (d->cols - w) / 2;
		tui_box(d->w, d->st, y, x, h, w, _("keys"));
		size_t n;
		char **lines = tui_wrap_lines(_(help_text), w - 4, &n);
		for (size_t i = 0; i < n && (int)i < h - 3; i++)
			tui_put(d->w, y + 2 + (int)i, x + 2, w - 4, lines[i], A_NORMAL, 0);
		tui_lines_free(lines);
	}
}

static void screen_key(struct tui_view *v, int key, struct tui_req *req)
{
	struct text_screen *s = (struct text_screen *)v;
	req->flags |= TUI_EV_REDRAW;
	if (s->help_open) {
		s->help_open = 0;
		return;
	}
	switch (key) {
	case 27: case 'q': case 'Q': case KEY_LEFT: req->flags |= TUI_EV_CLOSE; return;
	case '?': case KEY_F(1): s->help_open = 1; return;
	case TUI_KEY_INTERRUPT: req->flags = 0; return; /* the loop ends the program */
	default: tui_pane_key(&s->pane, key); return;
	}
}

static void screen_opened(struct tui_view *v, struct tui_req *req)
{
	struct text_screen *s = (struct text_screen *)v;
	if (s->job.run) {
		tui_req_job(req, &s->job);
		memset(&s->job, 0, sizeof s->job); /* the loop owns it now */
	}
}

void tui_text_screen_set(struct tui_view *v, const char *text, int failed)
{
	struct text_screen *s = (struct text_screen *)v;
	tui_pane_set_text(&s->pane, text);
	s->have_text = 1;
	s->failed = failed;
}

static void screen_msg(struct tui_view *v, const struct tui_msg *m, struct tui_req *req)
{
	const struct tui_text_result *r = m->data;
	if (m->kind != TUI_TEXT_MSG || !r)
		return;
	tui_text_screen_set(v, r->text, r->failed);
	req->flags |= TUI_EV_REDRAW;
}

static void screen_free(struct tui_view *v)
{
	struct text_screen *s = (struct text_screen *)v;
	if (s->job.free_arg)
		s->job.free_arg(s->job.arg);
	tui_pane_free(&s->pane);
	free(s->title);
	free(s->label);
	free(s->loading);
	free(s);
}

static const struct tui_view_ops text_screen_ops = {
	.name = "text",
	.draw = screen_draw,
	.key = screen_key,
	.opened = screen_opened,
	.msg = screen_msg,
	.free = screen_free,
};

struct tui_view *tui_text_screen_new(const struct tui_text_screen_config *c)
{
	struct text_screen *s = xcalloc(1, sizeof *s);
	s->base.ops = &text_screen_ops;
	s->title = xstrdup(c->title ? c->title : "");
	s->label = xstrdup(c->label ? c->label : "");
	s->loading = xstrdup(c->loading ? c->loading : "");
	tui_pane_init(&s->pane, c->mode);
	s->job = c->job;
	return &s->base;
}
