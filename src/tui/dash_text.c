/* Text for the dashboard: display widths, sanitising, wrapping, styles. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "tui/dash_view_int.h"
#include "util/buf.h"
#include "util/xalloc.h"

void dash_status_style(const struct dash_style *st, enum check_status s, attr_t *attr,
		       short *pair)
{
	*attr = (s == CHECK_CRIT || s == CHECK_WARN) ? A_BOLD : A_NORMAL;
	*pair = DASH_PAIR_NONE;
	if (!st->color)
		return;
	switch (s) {
	case CHECK_OK: *pair = DASH_PAIR_OK; break;
	case CHECK_WARN: *pair = DASH_PAIR_WARN; break;
	case CHECK_CRIT: *pair = DASH_PAIR_CRIT; break;
	case CHECK_UNKNOWN: *pair = DASH_PAIR_UNKNOWN; break;
	case CHECK_INFO: *pair = DASH_PAIR_INFO; break;
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

int dash_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, short pair)
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
	wattr_set(w, A_NORMAL, DASH_PAIR_NONE, NULL);
	return col;
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

size_t dash_wrap(const char *s, int width, int (*line)(void *ctx, const char *text), void *ctx)
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

void dash_clock_format(time_t t, char out[16])
{
	struct tm tm;
	if (t == 0 || !localtime_r(&t, &tm) || !strftime(out, 16, "%H:%M:%S", &tm))
		strcpy(out, "--:--:--");
}
