/* Headless screen tests of the dashboard view: the real dash_view_draw and
 * dash_view_key on the shell's headless terminal (curses into /dev/null,
 * buffers kept), at fixed sizes (resizeterm), with a model fed canned
 * reports and a fixed clock. Each screen is compared with a golden dump in
 * tests/data/dashboard/ by the shared helper (tests/helpers/screen_golden.h:
 * text, attribute map and, with colour, a colour map; a diff on mismatch;
 * RDM_S3_UPDATE_GOLDEN=1 re-creates them). */
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
#include "../helpers/screen_golden.h"
#include "tui/dash/dash_view.h"
#include "tui/shell/dump.h"
#include "tui/shell/term.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct env {
	struct tui_term *term;
};

static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof *e);
	e->term = golden_term_open(1);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	golden_term_close(e->term);
	free(e);
	return 0;
}

static char *screen_dump(WINDOW *w, int color)
{
	struct buf b = BUF_INIT;
	tui_screen_dump(w, color, &b);
	return buf_detach(&b);
}

struct screen_case {
	int lines, cols, color, utf8;
};

static void draw_and_check(struct dash_model *m, const struct screen_case *sc, const char *golden)
{
	struct tui_style st = { sc->color, sc->utf8 };
	assert_int_equal(resizeterm(sc->lines, sc->cols), OK);
	dash_view_layout(m, sc->lines, sc->cols);
	dash_view_draw(m, &st, stdscr);
	golden_check_screen("dashboard", golden, sc->color);
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
	/* xterm-256color: the colour cases mean something */
	assert_true(tui_term_style(e->term)->color);
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

/* A detail longer than its pane scrolls with PgDn/PgUp (Space/b), stays
 * within its text, says where it is, and starts at the top again for
 * another check. */
static void test_detail_scrolls(void **state)
{
	(void)state;
	struct dash_model m;
	struct check_report rep;
	struct buf remedy = BUF_INIT;
	dash_model_init(&m, 10);
	fix_report(&rep, FIX_HEALTHY, 0);
	for (int i = 1; i <= 12; i++)
		buf_printf(&remedy, "%sstep %d of the long remedy", i > 1 ? "\n" : "", i);
	free(rep.results[8].remedy);
	rep.results[8].remedy = buf_detach(&remedy);
	dash_model_apply_report(&m, &rep, FIX_NOW + 1, 0.42);
	check_report_clear(&rep);
	keys(&m, ">>>>>>>>\n"); /* cors, details */
	assert_string_equal(dash_model_selected(&m)->id, "cors");
	draw_and_check(&m, &small_mono, "scroll-top-80x24-mono");
	assert_int_equal(m.detail_page, 8);
	assert_int_equal(m.detail_lines, 17); /* with the line on the automatic fix */
	assert_true(dash_model_detail_more(&m));
	assert_int_equal(dash_view_key(&m, KEY_NPAGE), DASH_EV_REDRAW);
	assert_int_equal(m.detail_scroll, 7);
	assert_int_equal(dash_view_key(&m, ' '), DASH_EV_REDRAW);
	assert_int_equal(m.detail_scroll, 9); /* the last page, not beyond */
	assert_int_equal(dash_view_key(&m, KEY_NPAGE), DASH_EV_NONE);
	draw_and_check(&m, &small_color, "scroll-end-80x24-color");
	assert_false(dash_model_detail_more(&m));
	assert_int_equal(dash_view_key(&m, 'b'), DASH_EV_REDRAW);
	assert_int_equal(m.detail_scroll, 2);
	dash_view_key(&m, 'j');
	assert_int_equal(m.detail_scroll, 0);
	/* Taller: everything fits, nothing to scroll. */
	dash_view_key(&m, 'k');
	const struct screen_case tall = { 40, 120, 0, 1 };
	draw_and_check(&m, &tall, "scroll-fits-120x40-mono");
	assert_false(dash_model_detail_more(&m));
	assert_int_equal(dash_view_key(&m, KEY_NPAGE), DASH_EV_NONE);
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
		cmocka_unit_test(test_detail_scrolls),
	};
	return cmocka_run_group_tests_name("dashboard_view", tests, setup, teardown);
}
