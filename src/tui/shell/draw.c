/* Shared drawing (see draw.h). */
#include "config.h"
#include "tui/shell/draw.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static const char *const spin_utf8[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏", NULL };
static const char *const spin_ascii[] = { "|", "/", "-", "\\", NULL };

static const struct tui_glyphs glyphs_utf8 = {
	"─", "│", "┌", "┐", "└", "┘", "▸", "✓", "✗", "●", "(•)", "( )", "·", "…", "↑", "↓",
	spin_utf8,
};
static const struct tui_glyphs glyphs_ascii = {
	"-", "|", "+", "+", "+", "+", ">", "+", "x", "*", "(*)", "( )", "-", "...", "^", "v",
	spin_ascii,
};

const struct tui_glyphs *tui_glyphs(const struct tui_style *st)
{
	return st->utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

short tui_pair(const struct tui_style *st, enum tui_pair p)
{
	return st->color ? (short)p : TUI_PAIR_NONE;
}

void tui_status_style(const struct tui_style *st, enum check_status s, attr_t *attr, short *pair)
{
	*attr = (s == CHECK_CRIT || s == CHECK_WARN) ? A_BOLD : A_NORMAL;
	*pair = TUI_PAIR_NONE;
	if (!st->color)
		return;
	switch (s) {
	case CHECK_OK: *pair = TUI_PAIR_OK; break;
	case CHECK_WARN: *pair = TUI_PAIR_WARN; break;
	case CHECK_CRIT: *pair = TUI_PAIR_CRIT; break;
	case CHECK_UNKNOWN: *pair = TUI_PAIR_UNKNOWN; break;
	case CHECK_INFO: *pair = TUI_PAIR_INFO; break;
	case CHECK_SKIPPED: break;
	}
}

/* Decodes the next character of s (at most n bytes); *used gets the bytes
 * consumed (>= 1) and *cols its display width. Anything that would upset
 * the terminal (controls, invalid bytes, unprintables) becomes '?'. */
static wchar_t next_char(const char *s, size_t n, mbstate_t *ps, size_t *used, int *cols)
{
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, n, ps);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		memset(ps, 0, sizeof *ps);
		*used = 1;
		*cols = 1;
		return L'?';
	}
	*used = r;
	int cw = wcwidth(wc);
	if (iswcntrl((wint_t)wc) || cw <= 0) {
		*cols = 1;
		return L'?';
	}
	*cols = cw;
	return wc;
}

int tui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, short pair)
{
	mbstate_t ps;
	size_t n = s ? strlen(s) : 0;
	int col = 0;
	memset(&ps, 0, sizeof ps);
	wattr_set(w, attr, pair, NULL);
	wmove(w, y, x);
	for (size_t i = 0; i < n;) {
		size_t used;
		int cw;
		wchar_t wc = next_char(s + i, n - i, &ps, &used, &cw);
		if (col + cw > width)
			break;
		waddnwstr(w, &wc, 1);
		col += cw;
		i += used;
	}
	wattr_set(w, A_NORMAL, TUI_PAIR_NONE, NULL);
	return col;
}

int tui_text_width(const char *s)
{
	mbstate_t ps;
	size_t n = s ? strlen(s) : 0;
	int col = 0;
	memset(&ps, 0, sizeof ps);
	for (size_t i = 0; i < n;) {
		size_t used;
		int cw;
		next_char(s + i, n - i, &ps, &used, &cw);
		col += cw;
		i += used;
	}
	return col;
}

char *tui_ellipsize_start(const char *s, int width)
{
	const char *t = s ? s : "";
	if (tui_text_width(t) <= width)
		return xstrdup(t);
	if (width <= 3)
		return xstrndup("...", width > 0 ? (size_t)width : 0);
	while (*t && tui_text_width(t) > width - 3)
		do
			t++;
		while ((*t & 0xC0) == 0x80);
	return xasprintf("...%s", t);
}

struct wide_text {
	wchar_t *c;
	int *cols;
	size_t n;
};

/* Newlines are kept (they split paragraphs); everything else as next_char. */
static void wide_decode(const char *s, struct wide_text *t)
{
	size_t n = strlen(s);
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	t->c = xcalloc(n + 1, sizeof *t->c);
	t->cols = xcalloc(n + 1, sizeof *t->cols);
	t->n = 0;
	for (size_t i = 0; i < n;) {
		size_t used = 1;
		int cw = 0;
		wchar_t wc = s[i] == '\n' ? L'\n' : next_char(s + i, n - i, &ps, &used, &cw);
		t->c[t->n] = wc;
		t->cols[t->n++] = cw;
		i += used;
	}
}

static char *wide_encode(const wchar_t *c, size_t n)
{
	struct buf b = BUF_INIT;
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	for (size_t i = 0; i < n; i++) {
		char mb[MB_LEN_MAX];
		size_t r = wcrtomb(mb, c[i], &ps);
		if (r == (size_t)-1) {
			memset(&ps, 0, sizeof ps);
			buf_putc(&b, '?');
		} else {
			buf_append(&b, mb, r);
		}
	}
	buf_puts(&b, "");
	return buf_detach(&b);
}

/* Where the line starting at `start` ends (*end, exclusive) and where the
 * next one starts (*next). */
static void wrap_one(const struct wide_text *t, size_t start, int width, size_t *end, size_t *next)
{
	size_t j = start, space = 0;
	int col = 0, have_space = 0;
	while (j < t->n && t->c[j] != L'\n' && col + t->cols[j] <= width) {
		if (t->c[j] == L' ') {
			space = j;
			have_space = 1;
		}
		col += t->cols[j++];
	}
	if (j >= t->n || t->c[j] == L'\n') {
		*end = j;
		*next = j < t->n ? j + 1 : j;
	} else if (have_space && space > start) {
		*end = space;
		*next = space + 1;
	} else {
		*end = j > start ? j : start + 1; /* a word wider than the line */
		*next = *end;
	}
}

size_t tui_wrap(const char *s, int width, int (*line)(void *ctx, const char *text), void *ctx)
{
	struct wide_text t;
	size_t lines = 0;
	if (!s || width < 1)
		return 0;
	wide_decode(s, &t);
	for (size_t i = 0; i < t.n;) {
		size_t end, next;
		wrap_one(&t, i, width, &end, &next);
		char *text = wide_encode(t.c + i, end - i);
		int stop = line(ctx, text);
		free(text);
		lines++;
		i = next;
		if (stop)
			break;
	}
	free(t.c);
	free(t.cols);
	return lines;
}

struct line_list {
	char **v;
	size_t n, cap;
};

static int collect_line(void *ctx, const char *text)
{
	struct line_list *l = ctx;
	l->v = xgrow(l->v, &l->cap, l->n + 2, sizeof *l->v);
	l->v[l->n++] = xstrdup(text);
	l->v[l->n] = NULL;
	return 0;
}

char **tui_wrap_lines(const char *s, int width, size_t *n)
{
	struct line_list l = { NULL, 0, 0 };
	tui_wrap(s, width, collect_line, &l);
	if (!l.v)
		l.v = xcalloc(1, sizeof *l.v);
	*n = l.n;
	return l.v;
}

void tui_lines_free(char **lines)
{
	if (!lines)
		return;
	for (size_t i = 0; lines[i]; i++)
		free(lines[i]);
	free(lines);
}

void tui_hline(WINDOW *w, const struct tui_style *st, int y, int x, int n)
{
	const char *h = tui_glyphs(st)->hline;
	for (int i = 0; i < n; i++)
		tui_put(w, y, x + i, 1, h, A_NORMAL, 0);
}

void tui_box(WINDOW *w, const struct tui_style *st, int y, int x, int h, int wd, const char *title)
{
	const struct tui_glyphs *g = tui_glyphs(st);
	if (h < 2 || wd < 2)
		return;
	for (int i = 0; i < h; i++) {
		wmove(w, y + i, x);
		for (int j = 0; j < wd; j++)
			waddch(w, ' ');
	}
	tui_put(w, y, x, 1, g->tl, A_NORMAL, 0);
	tui_hline(w, st, y, x + 1, wd - 2);
	tui_put(w, y, x + wd - 1, 1, g->tr, A_NORMAL, 0);
	for (int i = 1; i < h - 1; i++) {
		tui_put(w, y + i, x, 1, g->vline, A_NORMAL, 0);
		tui_put(w, y + i, x + wd - 1, 1, g->vline, A_NORMAL, 0);
	}
	tui_put(w, y + h - 1, x, 1, g->bl, A_NORMAL, 0);
	tui_hline(w, st, y + h - 1, x + 1, wd - 2);
	tui_put(w, y + h - 1, x + wd - 1, 1, g->br, A_NORMAL, 0);
	if (title && *title) {
		int used = tui_put(w, y, x + 2, wd - 4, " ", A_NORMAL, 0);
		used += tui_put(w, y, x + 2 + used, wd - 5 - used, title, A_BOLD, 0);
		tui_put(w, y, x + 2 + used, wd - 4 - used, " ", A_NORMAL, 0);
	}
}

void tui_title_bar(WINDOW *w, const struct tui_style *st, const char *prefix, const char *label,
		   const char *right)
{
	int cols = getmaxx(w);
	attr_t attr = st->color ? A_NORMAL : A_REVERSE;
	short pair = tui_pair(st, TUI_PAIR_TITLE);
	mvwchgat(w, 0, 0, -1, attr, pair, NULL);
	/* The right text keeps one blank column after it, drawn bold too. */
	char *r = xasprintf("%s ", right ? right : "");
	int rw = tui_text_width(r);
	int room = cols - rw - 1;
	int used = tui_put(w, 0, 0, room, prefix, attr, pair);
	const char *l = label ? label : "";
	if (used + tui_text_width(l) > room && room - used > 3) {
		/* The end of a long path says more than its start. */
		while (*l && used + 3 + tui_text_width(l) > room)
			do
				l++;
			while ((*l & 0xC0) == 0x80);
		used += tui_put(w, 0, used, 3, "...", attr, pair);
	}
	tui_put(w, 0, used, room - used, l, attr, pair);
	if (rw < cols)
		tui_put(w, 0, cols - rw, rw, r, attr | A_BOLD, pair);
	free(r);
}

int tui_keyhints(WINDOW *w, int y, int x, int cols, const struct tui_keyhint *h, size_t n)
{
	int x0 = x;
	for (size_t i = 0; i < n && x < cols; i++) {
		x += tui_put(w, y, x, cols - x, h[i].key, A_REVERSE, 0);
		x += tui_put(w, y, x, cols - x, " ", A_NORMAL, 0);
		x += tui_put(w, y, x, cols - x, _(h[i].label), A_NORMAL, 0);
		x += tui_put(w, y, x, cols - x, "  ", A_NORMAL, 0);
	}
	return x - x0;
}

void tui_clock_format(time_t t, char out[16])
{
	struct tm tm;
	if (t == 0 || !localtime_r(&t, &tm) || !strftime(out, 16, "%H:%M:%S", &tm))
		strcpy(out, "--:--:--");
}
