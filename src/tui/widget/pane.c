/* The text pane (see pane.h). */
#include "config.h"
#include "tui/widget/pane.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/draw.h"
#include "util/xalloc.h"

#define CONT_INDENT 4

void tui_pane_init(struct tui_pane *p, enum tui_pane_mode mode)
{
	memset(p, 0, sizeof *p);
	p->mode = mode;
	p->page = 1;
}

static void clear_lines(struct tui_pane *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i].text);
	p->n = 0;
	p->width = 0;
}

void tui_pane_free(struct tui_pane *p)
{
	clear_lines(p);
	free(p->lines);
	free(p->text);
	memset(p, 0, sizeof *p);
}

void tui_pane_set_text(struct tui_pane *p, const char *text)
{
	free(p->text);
	p->text = xstrdup(text ? text : "");
	clear_lines(p);
}

void tui_pane_append(struct tui_pane *p, const char *text)
{
	char *t = xasprintf("%s%s", p->text ? p->text : "", text ? text : "");
	free(p->text);
	p->text = t;
	clear_lines(p);
}

static char line_kind(enum tui_pane_mode mode, const char *s)
{
	if (mode == TUI_PANE_HEADINGS)
		return *s && *s != ' ' ? 'h' : ' ';
	if (mode != TUI_PANE_DIFF)
		return ' ';
	if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		return 'h'; /* the text around the diffs: headings */
	if (!strncmp(s, "+++", 3) || !strncmp(s, "---", 3))
		return 'h';
	if (*s == '+' || *s == '-')
		return *s;
	if (!strncmp(s, "@@", 2))
		return '@';
	return ' ';
}

static void add_line(struct tui_pane *p, char *text, char kind)
{
	p->lines = xgrow(p->lines, &p->cap, p->n + 1, sizeof *p->lines);
	p->lines[p->n].text = text;
	p->lines[p->n++].kind = kind;
}

/* One logical line: wrapped below its indentation, continuations indented
 * further. */
static void wrap_logical(struct tui_pane *p, const char *line, int width)
{
	char kind = line_kind(p->mode, line);
	int ind = 0;
	while (line[ind] == ' ' && ind < width / 2)
		ind++;
	if (tui_text_width(line) <= width || width - ind - CONT_INDENT < 8) {
		add_line(p, xstrdup(line), kind);
		return;
	}
	/* Tables (headings mode: `config show`) hang their continuations
	 * further in; prose keeps its indentation. */
	int cont = p->mode == TUI_PANE_PLAIN ? 0 : CONT_INDENT;
	size_t n;
	char **parts = tui_wrap_lines(line + ind, width - ind - cont, &n);
	for (size_t i = 0; i < n; i++)
		add_line(p, xasprintf("%*s%s", i ? ind + cont : ind, "", parts[i]), kind);
	tui_lines_free(parts);
}

size_t tui_pane_lines(struct tui_pane *p, int width)
{
	if (width < 1)
		width = 1;
	if (p->width == width)
		return p->n;
	clear_lines(p);
	p->width = width;
	const char *s = p->text ? p->text : "";
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *one = xstrndup(s, len);
		wrap_logical(p, one, width);
		free(one);
		s += len + (nl != NULL);
	}
	return p->n;
}

static size_t max_top(const struct tui_pane *p)
{
	return p->n > (size_t)p->page ? p->n - (size_t)p->page : 0;
}

int tui_pane_key(struct tui_pane *p, int key)
{
	size_t page = p->page > 1 ? (size_t)p->page - 1 : 1, last = max_top(p);
	switch (key) {
	case KEY_UP: case 'k': if (p->top) p->top--; break;
	case KEY_DOWN: case 'j': if (p->top < last) p->top++; break;
	case KEY_PPAGE: case 'b': p->top = p->top > page ? p->top - page : 0; break;
	case KEY_NPAGE: case ' ': p->top = p->top + page < last ? p->top + page : last; break;
	case KEY_HOME: case 'g': p->top = 0; break;
	case KEY_END: case 'G': p->top = last; break;
	default: return 0;
	}
	p->follow = p->top == last;
	return 1;
}

static void line_style(const struct tui_draw_ctx *d, char kind, attr_t *a, short *pair)
{
	*a = A_NORMAL;
	*pair = 0;
	switch (kind) {
	case 'h': *a = A_BOLD; break;
	case '+': *pair = tui_pair(d->st, TUI_PAIR_OK); break;
	case '-': *pair = tui_pair(d->st, TUI_PAIR_CRIT); break;
	case '@': *pair = tui_pair(d->st, TUI_PAIR_INFO); break;
	default: break;
	}
}

void tui_pane_draw(struct tui_pane *p, struct tui_draw_ctx *d, int y, int x, int h, int w)
{
	const struct tui_glyphs *g = tui_glyphs(d->st);
	if (h < 1 || w < 2)
		return;
	/* One column stays free for the scroll marks. */
	tui_pane_lines(p, w - 1);
	p->page = h;
	if (p->follow || p->top > max_top(p))
		p->top = max_top(p);
	for (int i = 0; i < h && p->top + (size_t)i < p->n; i++) {
		attr_t a;
		short pair;
		const struct tui_pane_line *l = &p->lines[p->top + (size_t)i];
		line_style(d, l->kind, &a, &pair);
		tui_put(d->w, y + i, x, w - 1, l->text, a, pair);
	}
	if (p->top > 0)
		tui_put(d->w, y, x + w - 1, 1, g->up, A_BOLD, 0);
	if (p->top < max_top(p))
		tui_put(d->w, y + h - 1, x + w - 1, 1, g->down, A_BOLD, 0);
}
