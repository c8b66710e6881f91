/* Screen dumps (see dump.h). */
#include "config.h"
#include "tui/shell/dump.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/shell/term.h"
#include "util/i18n.h"

static void cell_text(wchar_t wc, attr_t attrs, struct buf *line)
{
	char mb[8];
	if (attrs & A_ALTCHARSET) {
		buf_putc(line, wc == 'q' ? '-' : wc == 'x' ? '|' : '+');
		return;
	}
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t n = wcrtomb(mb, wc ? wc : L' ', &ps);
	if (n != (size_t)-1)
		buf_append(line, mb, n);
}

static char attr_code(attr_t a)
{
	int bold = (a & A_BOLD) != 0, rev = (a & A_REVERSE) != 0;
	return bold && rev ? 'R' : rev ? 'r' : bold ? 'b' : '.';
}

static char pair_code(short pair)
{
	switch (pair) {
#define TUI_PAIR_CODE(name, num, fg, bg, letter, meaning) case num: return letter;
	TUI_COLORS(TUI_PAIR_CODE)
#undef TUI_PAIR_CODE
	case 0: return '.';
	default: return '?';
	}
}

static void trim(struct buf *b, char c)
{
	while (b->len && b->data[b->len - 1] == c)
		buf_truncate(b, b->len - 1);
}

static void dump_line(WINDOW *w, int y, int cols, struct buf *text, struct buf *attrs, struct buf *colors)
{
	struct buf t = BUF_INIT, a = BUF_INIT, c = BUF_INIT;
	for (int x = 0; x < cols; x++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t at;
		short pair;
		mvwin_wch(w, y, x, &cc);
		getcchar(&cc, wch, &at, &pair, NULL);
		cell_text(wch[0], at, &t);
		buf_putc(&a, attr_code(at));
		buf_putc(&c, pair_code(pair));
		if (!(at & A_ALTCHARSET) && wcwidth(wch[0]) == 2 && x + 1 < cols) {
			/* The second cell of a double-width character. */
			buf_putc(&a, attr_code(at));
			buf_putc(&c, pair_code(pair));
			x++;
		}
	}
	trim(&t, ' ');
	trim(&a, '.');
	trim(&c, '.');
	buf_printf(text, "%s\n", buf_str(&t));
	buf_printf(attrs, "%s\n", buf_str(&a));
	buf_printf(colors, "%s\n", buf_str(&c));
	buf_free(&t);
	buf_free(&a);
	buf_free(&c);
}

void tui_screen_dump(WINDOW *w, int color, struct buf *out)
{
	int lines, cols;
	struct buf attrs = BUF_INIT, colors = BUF_INIT;
	getmaxyx(w, lines, cols);
	for (int y = 0; y < lines; y++)
		dump_line(w, y, cols, out, &attrs, &colors);
	buf_puts(out, "-- attributes: b bold, r reverse, R both --\n");
	buf_puts(out, buf_str(&attrs));
	if (color) {
		buf_puts(out, "-- colours:");
		const char *sep = " ";
#define TUI_PAIR_LEGEND(name, num, fg, bg, letter, meaning) \
	buf_printf(out, "%s%c %s", sep, letter, meaning);   \
	sep = ", ";
		TUI_COLORS(TUI_PAIR_LEGEND)
#undef TUI_PAIR_LEGEND
		buf_puts(out, " --\n");
		buf_puts(out, buf_str(&colors));
	}
	buf_free(&attrs);
	buf_free(&colors);
}

int tui_screen_save(WINDOW *w, int color, const char *path, struct rdm_error *err)
{
	struct buf b = BUF_INIT;
	tui_screen_dump(w, color, &b);
	FILE *f = fopen(path, "w");
	int rc = 0;
	if (!f || fwrite(b.data, 1, b.len, f) != b.len)
		rc = rdm_error_set(err, _("cannot write the screen dump %s: %s"), path, strerror(errno));
	if (f && fclose(f) != 0 && rc == 0)
		rc = rdm_error_set(err, _("cannot write the screen dump %s: %s"), path, strerror(errno));
	buf_free(&b);
	return rc;
}
