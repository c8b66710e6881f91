/* The text field (see field.h). */
#include "config.h"
#include "tui/widget/field.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tui/shell/draw.h"
#include "tui/shell/keys.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"

void tui_field_init(struct tui_field *f, int secret, tui_field_check check, void *check_ctx)
{
	memset(f, 0, sizeof *f);
	f->secret = secret;
	f->check = check;
	f->check_ctx = check_ctx;
}

static void wipe(struct tui_field *f)
{
	if (f->text)
		secure_wipe(f->text, f->cap * sizeof *f->text);
}

void tui_field_free(struct tui_field *f)
{
	wipe(f);
	free(f->text);
	f->text = NULL;
	f->n = f->cap = f->cursor = f->scroll = 0;
}

char *tui_field_text(const struct tui_field *f)
{
	struct buf b = BUF_INIT;
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	for (size_t i = 0; i < f->n; i++) {
		char mb[MB_LEN_MAX];
		size_t r = wcrtomb(mb, f->text[i], &ps);
		if (r == (size_t)-1) {
			memset(&ps, 0, sizeof ps);
			buf_putc(&b, '?');
		} else {
			buf_append(&b, mb, r);
		}
		secure_wipe(mb, sizeof mb);
	}
	buf_puts(&b, "");
	return buf_detach(&b);
}

static void recheck(struct tui_field *f)
{
	if (!f->check) {
		f->problem = NULL;
		return;
	}
	char *t = tui_field_text(f);
	f->problem = f->check(t, f->check_ctx);
	if (f->secret)
		secret_free(t);
	else
		free(t);
}

/* Grows the array; a secret's old storage is wiped, never left behind. */
static void reserve(struct tui_field *f, size_t need)
{
	if (need <= f->cap)
		return;
	size_t cap = f->cap ? f->cap : 16;
	while (cap < need)
		cap *= 2;
	wchar_t *t = xcalloc(cap, sizeof *t);
	if (f->n)
		memcpy(t, f->text, f->n * sizeof *t);
	wipe(f);
	free(f->text);
	f->text = t;
	f->cap = cap;
}

void tui_field_set(struct tui_field *f, const char *text)
{
	mbstate_t ps;
	size_t len = text ? strlen(text) : 0;
	memset(&ps, 0, sizeof ps);
	wipe(f);
	f->n = 0;
	for (size_t i = 0; i < len;) {
		wchar_t wc;
		size_t r = mbrtowc(&wc, text + i, len - i, &ps);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			memset(&ps, 0, sizeof ps);
			wc = L'?';
			r = 1;
		}
		reserve(f, f->n + 1);
		f->text[f->n++] = wc;
		i += r;
	}
	f->cursor = f->n;
	f->scroll = 0;
	recheck(f);
}

static enum tui_field_result insert(struct tui_field *f, wchar_t wc)
{
	if (f->max_len && f->n >= f->max_len)
		return TUI_FIELD_MOVED; /* refused; nothing changes */
	reserve(f, f->n + 1);
	memmove(f->text + f->cursor + 1, f->text + f->cursor, (f->n - f->cursor) * sizeof *f->text);
	f->text[f->cursor++] = wc;
	f->n++;
	recheck(f);
	return TUI_FIELD_CHANGED;
}

static enum tui_field_result remove_chars(struct tui_field *f, size_t from, size_t to)
{
	if (from >= to)
		return TUI_FIELD_MOVED;
	memmove(f->text + from, f->text + to, (f->n - to) * sizeof *f->text);
	f->n -= to - from;
	secure_wipe(f->text + f->n, (to - from) * sizeof *f->text);
	f->cursor = from;
	recheck(f);
	return TUI_FIELD_CHANGED;
}

enum tui_field_result tui_field_key(struct tui_field *f, int key)
{
	int c = tui_key_char(key);
	if (c && iswprint((wint_t)c))
		return insert(f, (wchar_t)c);
	switch (key) {
	case KEY_LEFT: if (f->cursor) f->cursor--; return TUI_FIELD_MOVED;
	case KEY_RIGHT: if (f->cursor < f->n) f->cursor++; return TUI_FIELD_MOVED;
	case KEY_HOME: case TUI_KEY_CTRL('a'): f->cursor = 0; return TUI_FIELD_MOVED;
	case KEY_END: case TUI_KEY_CTRL('e'): f->cursor = f->n; return TUI_FIELD_MOVED;
	case KEY_BACKSPACE: case 127: case 8:
		return f->cursor ? remove_chars(f, f->cursor - 1, f->cursor) : TUI_FIELD_MOVED;
	case KEY_DC: return f->cursor < f->n ? remove_chars(f, f->cursor, f->cursor + 1) : TUI_FIELD_MOVED;
	case TUI_KEY_CTRL('u'): return remove_chars(f, 0, f->n);
	case TUI_KEY_CTRL('k'): return remove_chars(f, f->cursor, f->n);
	case KEY_F(2):
		if (!f->secret)
			return TUI_FIELD_IGNORED;
		f->revealed = !f->revealed;
		return TUI_FIELD_MOVED;
	default: return TUI_FIELD_IGNORED;
	}
}

void tui_field_blur(struct tui_field *f)
{
	f->revealed = 0;
}

static int char_width(const struct tui_field *f, size_t i)
{
	if (f->secret && !f->revealed)
		return 1;
	int w = wcwidth(f->text[i]);
	return w < 1 ? 1 : w;
}

/* Keeps the cursor inside the `room` columns shown. */
static void scroll_to_cursor(struct tui_field *f, int room)
{
	if (f->cursor < f->scroll)
		f->scroll = f->cursor;
	for (;;) {
		int used = 0;
		for (size_t i = f->scroll; i < f->cursor; i++)
			used += char_width(f, i);
		if (used < room || f->scroll >= f->cursor)
			break;
		f->scroll++;
	}
}

void tui_field_draw(struct tui_field *f, struct tui_draw_ctx *d, int y, int x, int width, int focused)
{
	const struct tui_glyphs *g = tui_glyphs(d->st);
	int room = width - 2;
	if (room < 1)
		return;
	attr_t inside = focused ? A_REVERSE : A_NORMAL;
	scroll_to_cursor(f, room);
	tui_put(d->w, y, x, 1, "[", A_NORMAL, 0);
	mvwchgat(d->w, y, x + 1, room, inside, 0, NULL);
	int col = 0, cursor_col = 0;
	for (size_t i = f->scroll; i <= f->n; i++) {
		if (i == f->cursor)
			cursor_col = col;
		if (i == f->n)
			break;
		int cw = char_width(f, i);
		if (col + cw > room)
			break;
		if (f->secret && !f->revealed) {
			tui_put(d->w, y, x + 1 + col, 1, g->mask, inside, 0);
		} else {
			wchar_t one[2] = { f->text[i], 0 };
			wattr_set(d->w, inside, 0, NULL);
			mvwaddnwstr(d->w, y, x + 1 + col, one, 1);
			wattr_set(d->w, A_NORMAL, 0, NULL);
		}
		col += cw;
	}
	tui_put(d->w, y, x + width - 1, 1, "]", A_NORMAL, 0);
	if (focused) {
		d->cursor_y = y;
		d->cursor_x = x + 1 + (cursor_col < room ? cursor_col : room - 1);
	}
}
