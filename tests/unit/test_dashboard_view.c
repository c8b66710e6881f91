/* Headless screen tests of the dashboard view: the real dash_view_draw and
 * dash_view_key on a curses screen made with newterm() on /dev/null (so
 * nothing reaches a terminal, but curses keeps its buffers), at fixed sizes
 * (resizeterm), with a model fed canned reports and a fixed clock. Each
 * screen is read back cell by cell and compared with a golden dump in
 * tests/data/dashboard/: the text, an attribute map (bold/reverse) and,
 * with colour, a colour map.
 *
 * To re-create the golden files after an intended change of the screen:
 *   RDM_S3_UPDATE_GOLDEN=1 make check TESTS=tests/unit/test_dashboard_view
 * and review the diff before committing. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "test_dashboard_fixture.h"
#include "tui/dash_view.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct env {
	SCREEN *scr;
	FILE *out, *in;
	int has_color;
};

static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof *e);
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "# the C.UTF-8 locale is missing (Debian: libc-bin)\n");
		free(e);
		return -1;
	}
	e->out = fopen("/dev/null", "w");
	e->in = fopen("/dev/null", "r");
	e->scr = e->out && e->in ? newterm("xterm-256color", e->out, e->in) : NULL;
	if (!e->scr) {
		fprintf(stderr, "# newterm(xterm-256color) failed: install ncurses-base, or set "
				"TERMINFO_DIRS\n");
		if (e->out)
			fclose(e->out);
		if (e->in)
			fclose(e->in);
		free(e);
		return -1;
	}
	start_color();
	e->has_color = has_colors();
	dash_view_init_colors();
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	endwin();
	delscreen(e->scr);
	fclose(e->out);
	fclose(e->in);
	free(e);
	return 0;
}

static char cell_text(wchar_t wc, attr_t attrs, char mb[8])
{
	/* Line drawing is stored as ACS characters; show them as ASCII so the
	 * dump does not depend on the terminal's acsc. */
	if (attrs & A_ALTCHARSET) {
		mb[0] = wc == 'q' ? '-' : wc == 'x' ? '|' : '+';
		mb[1] = 0;
		return 1;
	}
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t n = wcrtomb(mb, wc ? wc : L' ', &ps);
	if (n == (size_t)-1)
		n = 0;
	mb[n] = 0;
	return (char)n;
}

static char attr_code(attr_t a)
{
	int bold = (a & A_BOLD) != 0, rev = (a & A_REVERSE) != 0;
	return bold && rev ? 'R' : rev ? 'r' : bold ? 'b' : '.';
}

static char pair_code(short pair)
{
	static const char codes[] = ".gyrmct";
	return pair >= 0 && (size_t)pair < sizeof codes - 1 ? codes[pair] : '?';
}

static void trim(struct buf *b, char c)
{
	while (b->len && b->data[b->len - 1] == c)
		buf_truncate(b, b->len - 1);
}

/* Text, attribute map and (with colour) colour map of the whole screen. */
static char *screen_dump(WINDOW *w, int color)
{
	int lines, cols;
	struct buf text = BUF_INIT, attrs = BUF_INIT, colors = BUF_INIT;
	getmaxyx(w, lines, cols);
	for (int y = 0; y < lines; y++) {
		struct buf t = BUF_INIT, a = BUF_INIT, c = BUF_INIT;
		for (int x = 0; x < cols; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t at;
			short pair;
			char mb[8];
			mvwin_wch(w, y, x, &cc);
			getcchar(&cc, wch, &at, &pair, NULL);
			cell_text(wch[0], at, mb);
			buf_puts(&t, mb);
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
		buf_printf(&text, "%s\n", buf_str(&t));
		buf_printf(&attrs, "%s\n", buf_str(&a));
		buf_printf(&colors, "%s\n", buf_str(&c));
		buf_free(&t);
		buf_free(&a);
		buf_free(&c);
	}
	buf_puts(&text, "-- attributes: b bold, r reverse, R both --\n");
	buf_puts(&text, buf_str(&attrs));
	if (color) {
		buf_puts(&text, "-- colours: g ok, y warn, r crit, m unknown, c info, t title --\n");
		buf_puts(&text, buf_str(&colors));
	}
	buf_free(&attrs);
	buf_free(&colors);
	return buf_detach(&text);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_puts(&b, "");
	return buf_detach(&b);
}

/* Compares with the golden file; on a difference prints both lines. */
static void check_golden(const char *name, const char *got)
{
	const char *data = getenv("RDM_S3_TEST_DATA");
	assert_non_null(data);
	char *path = xasprintf("%s/dashboard/%s.txt", data, name);
	if (getenv("RDM_S3_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
	}
	char *want = read_file(path);
	if (!want)
		fail_msg("missing golden file %s", path);
	if (strcmp(want, got) != 0) {
		const char *a = want, *b = got;
		int line = 1;
		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++, b++;
		}
		fprintf(stderr, "# %s differs at line %d\n# want: %.100s\n# got:  %.100s\n",
			path, line, a, b);
		fprintf(stderr, "# whole screen:\n%s", got);
	}
	assert_string_equal(want, got);
	free(want);
	free(path);
}

struct screen_case {
	int lines, cols, color, utf8;
};

static void draw_and_check(const struct dash_model *m, const struct screen_case *sc,
			   const char *golden)
{
	struct dash_style st = { sc->color, sc->utf8 };
	assert_int_equal(resizeterm(sc->lines, sc->cols), OK);
	dash_view_draw(m, &st, stdscr);
	char *dump = screen_dump(stdscr, sc->color);
	check_golden(golden, dump);
	free(dump);
}

static void keys(struct dash_model *m, const char *script)
{
	for (const char *k = script; *k; k++)
		dash_view_key(m, *k == '>' ? KEY_DOWN : *k == '<' ? KEY_UP : *k == '\n' ? '\r' : *k);
}

static const struct screen_case small_color = { 24, 80, 1, 1 };
static const struct screen_case small_mono = { 24, 80, 0, 0 };
static const struct screen_case big_color = { 40, 120, 1, 1 };
static const struct screen_case big_mono = { 40, 120, 0, 0 };

static void healthy_model(struct dash_model *m)
{
	dash_model_init(m, 10);
	fix_feed(m, FIX_HEALTHY, 0, 12);
}

static void dead_model(struct dash_model *m)
{
	dash_model_init(m, 10);
	fix_feed(m, FIX_HEALTHY, 0, 8);
	fix_feed(m, FIX_DEAD, 8, 4);
}

static void test_terminal_has_colour(void **state)
{
	struct env *e = *state;
	assert_true(e->has_color); /* xterm-256color: the colour cases mean something */
}

static void test_waiting(void **state)
{
	(void)state;
	struct dash_model m;
	dash_model_init(&m, 10);
	dash_model_run_started(&m, FIX_NOW);
	draw_and_check(&m, &small_color, "waiting-80x24-color");
	dash_model_free(&m);
}

static void test_healthy(void **state)
{
	(void)state;
	struct dash_model m;
	healthy_model(&m);
	draw_and_check(&m, &small_color, "healthy-80x24-color");
	draw_and_check(&m, &small_mono, "healthy-80x24-mono");
	draw_and_check(&m, &big_color, "healthy-120x40-color");
	draw_and_check(&m, &big_mono, "healthy-120x40-mono");
	dash_model_free(&m);
}

static void test_selection_and_detail(void **state)
{
	(void)state;
	struct dash_model m;
	healthy_model(&m);
	keys(&m, "jjkj");
	assert_string_equal(dash_model_selected(&m)->id, "tcp");
	draw_and_check(&m, &small_mono, "select-80x24-mono");
	keys(&m, ">>>>>>\n"); /* cors, details */
	assert_true(m.detail_open);
	draw_and_check(&m, &small_color, "detail-80x24-color");
	draw_and_check(&m, &big_color, "detail-120x40-color");
	/* The list scrolls to keep the selection above the pane. */
	dash_view_key(&m, 'G');
	draw_and_check(&m, &small_mono, "detail-end-80x24-mono");
	assert_int_equal(dash_view_key(&m, 27), DASH_EV_REDRAW);
	assert_false(m.detail_open);
	dash_model_free(&m);
}

static void test_help(void **state)
{
	(void)state;
	struct dash_model m;
	healthy_model(&m);
	assert_int_equal(dash_view_key(&m, '?'), DASH_EV_REDRAW);
	draw_and_check(&m, &small_mono, "help-80x24-mono");
	draw_and_check(&m, &big_color, "help-120x40-color");
	assert_int_equal(dash_view_key(&m, 'x'), DASH_EV_REDRAW); /* any key closes it */
	assert_false(m.help_open);
	dash_model_free(&m);
}

static void test_paused(void **state)
{
	(void)state;
	struct dash_model m;
	healthy_model(&m);
	assert_int_equal(dash_view_key(&m, 'p'), DASH_EV_PAUSE | DASH_EV_REDRAW);
	draw_and_check(&m, &big_color, "paused-120x40-color");
	draw_and_check(&m, &small_mono, "paused-80x24-mono");
	assert_int_equal(dash_view_key(&m, 'r'), DASH_EV_RERUN);
	dash_model_run_started(&m, FIX_NOW + 200);
	draw_and_check(&m, &small_color, "paused-running-80x24-color");
	dash_model_free(&m);
}

static void test_dead_server(void **state)
{
	(void)state;
	struct dash_model m;
	dead_model(&m);
	draw_and_check(&m, &small_color, "dead-80x24-color");
	draw_and_check(&m, &small_mono, "dead-80x24-mono");
	keys(&m, "jj\n");
	draw_and_check(&m, &big_color, "dead-detail-120x40-color");
	draw_and_check(&m, &big_mono, "dead-detail-120x40-mono");
	/* The server is back: rows recover, the history keeps the outage. */
	fix_feed(&m, FIX_HEALTHY, 12, 2);
	keys(&m, "\n");
	draw_and_check(&m, &small_color, "recovered-80x24-color");
	dash_model_free(&m);
}

static void test_run_failed(void **state)
{
	(void)state;
	struct dash_model m;
	healthy_model(&m);
	dash_model_run_failed(&m, "cannot reach the instance folder /srv/demo-repo", FIX_NOW + 130);
	draw_and_check(&m, &small_color, "run-failed-80x24-color");
	dash_model_free(&m);
}

static void test_resize(void **state)
{
	(void)state;
	struct dash_model m;
	healthy_model(&m);
	draw_and_check(&m, &small_color, "healthy-80x24-color");
	/* What the loop does on SIGWINCH/KEY_RESIZE: resize, redraw. */
	assert_int_equal(dash_view_key(&m, KEY_RESIZE), DASH_EV_REDRAW);
	draw_and_check(&m, &big_color, "healthy-120x40-color");
	draw_and_check(&m, &small_color, "healthy-80x24-color");
	const struct screen_case tiny = { 8, 30, 0, 0 };
	draw_and_check(&m, &tiny, "too-small-30x8");
	dash_model_free(&m);
}

/* Text from servers and files reaches the screen: control characters
 * (escape sequences, tabs, newlines in a one-line message), invalid UTF-8
 * and double-width characters must not upset the terminal or the layout. */
static void test_hostile_text(void **state)
{
	(void)state;
	struct dash_model m;
	struct check_report rep;
	dash_model_init(&m, 10);
	fix_report(&rep, FIX_HEALTHY, 0);
	free(rep.results[0].message);
	rep.results[0].message = xstrdup("evil\x1b]0;owned\x07 \x1b[31mred\x1b[0m\ttab\nline "
					 "bad\xff\xfe byte \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
					 "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac"
					 "\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e end");
	dash_model_apply_report(&m, &rep, FIX_NOW + 1, 0.42);
	check_report_clear(&rep);
	dash_view_key(&m, '\r');
	draw_and_check(&m, &small_mono, "hostile-80x24-mono");
	char *dump = screen_dump(stdscr, 0);
	assert_null(strchr(dump, '\x1b'));
	assert_null(strchr(dump, '\t'));
	free(dump);
	dash_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminal_has_colour),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_selection_and_detail),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_paused),
		cmocka_unit_test(test_dead_server),
		cmocka_unit_test(test_run_failed),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_hostile_text),
	};
	return cmocka_run_group_tests_name("dashboard_view", tests, setup, teardown);
}
