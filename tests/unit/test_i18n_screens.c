/* The screens in a translated locale, and the fallback to English.
 *
 * The German catalogue (po/de.po, compiled by make into tests/locale/ as
 * RDM_S3_TEST_LOCALEDIR) is bound as the program binds its own, and the
 * locale is C.UTF-8 with LANGUAGE=de (what works on a machine without
 * generated locales; tests/integration/test_i18n.sh also runs the binary
 * with LANG=de_DE.UTF-8). Then:
 *   - the setup wizard (real front end, headless, on the fake engine as in
 *     test_wizard_screens) and the dashboard view (canned reports as in
 *     test_dashboard_view) are compared with German golden dumps in
 *     tests/data/i18n-de/ (RDM_S3_UPDATE_GOLDEN=1 re-creates them);
 *   - with LANGUAGE naming a language that has no catalogue, the wizard's
 *     screens equal the English goldens of tests/data/wizard/ byte for byte:
 *     untranslated text falls back to English, never to a key. */
#include "config.h"

#include <curses.h>
#include <libintl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../helpers/fake_setup_engine.h"
#include "../helpers/screen_golden.h"
#include "ops/check/check.h"
#include "test_dashboard_fixture.h"
#include "test_plan_util.h"
#include "tui/app.h"
#include "tui/dash/dash_view.h"
#include "tui/shell/term.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static time_t fixed_clock(void)
{
	return FIX_NOW;
}

static int no_begin(struct check_probe *p, unsigned needs, struct check_facts *f, struct rdm_error *err)
{
	(void)p; (void)needs; (void)f;
	return rdm_error_set(err, "no probe in this test");
}
static void no_gather(struct check_probe *p, unsigned needs, struct check_facts *f)
{
	(void)p; (void)needs; (void)f;
}
static void no_end(struct check_probe *p, struct check_facts *f)
{
	(void)p; (void)f;
}
static struct check_probe no_probe = { no_begin, no_gather, no_end };

struct fx {
	char *home, *inst, *screens;
	struct fake_setup fake;
};

/* Binds the test catalogues and picks the language (NULL: unset). */
static void use_language(const char *lang)
{
	const char *dir = getenv("RDM_S3_TEST_LOCALEDIR");
	if (!dir || !*dir)
		fail_msg("RDM_S3_TEST_LOCALEDIR is not set (make check sets it)");
	assert_non_null(bindtextdomain(PACKAGE, dir));
	assert_non_null(textdomain(PACKAGE));
	if (lang)
		setenv("LANGUAGE", lang, 1);
	else
		unsetenv("LANGUAGE");
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
}

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	fx->home = tu_scratch("i18n-screens");
	fx->inst = tu_join(fx->home, "demo-repo");
	fx->screens = tu_join(fx->home, "screens");
	mkdir(fx->inst, 0755);
	mkdir(fx->screens, 0755);
	setenv("HOME", fx->home, 1);
	setenv("TERM", "xterm-256color", 1);
	setenv("RDM_S3_NO_DISPLAY", "1", 1);
	fx->fake.instance_dir = fx->inst;
	fake_setup_use(&fx->fake);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	fake_setup_done(&fx->fake);
	tu_remove_tree(fx->home);
	free(fx->home);
	free(fx->inst);
	free(fx->screens);
	free(fx);
	unsetenv("LANGUAGE");
	return 0;
}

/* Runs the wizard (or the menu) at 80x24 in colour with the key script
 * ("@" is the screens folder). The locale stays what use_language set. */
static void run_app(struct fx *fx, enum tui_app_start start, const char *script)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf text = BUF_INIT;
	char *path = tu_join(fx->home, "keys.script");
	for (const char *p = script; *p; p++)
		if (*p == '@')
			buf_puts(&text, fx->screens);
		else
			buf_putc(&text, *p);
	tu_write(path, buf_str(&text), 0644);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	setenv("RDM_S3_SCRIPT", path, 1);
	struct tui_app_config cfg = {
		.start = start,
		.want_color = 1,
		.instance_dir = fx->inst,
		.label = fx->inst,
		.table = check_table,
		.probe = &no_probe,
		.interval_s = 10,
		.clock = fixed_clock,
		.setup_engine = &fake_setup_engine,
	};
	if (tui_app_run(&cfg, &err) != 0)
		fail_msg("the app failed: %s", err.message ? err.message : "(exit status not 0)");
	rdm_error_clear(&err);
	buf_free(&text);
	free(path);
}

/* Every step of a fresh MinIO instance, Enter only, and the help. */
static const char enter_only[] =
	":wait-idle\n:save-screen @/1-instance\n<F1>\n:save-screen @/help\n<Esc>\n<Enter>\n"
	":save-screen @/2-storage\n<Enter>\n"
	":save-screen @/3-endpoint\n<Enter>\n"
	":save-screen @/4-credentials\n<Enter>\n"
	":wait-idle\n:save-screen @/5-bucket\n<Enter>\n"
	":wait-idle\n:save-screen @/6-cors\n<Enter>\n"
	":wait-idle\n:save-screen @/7-review\n<Enter>\n"
	":wait-idle\n:save-screen @/8-apply\n<Enter>\n"
	":wait-idle\n:save-screen @/9-verify\n<Enter>\n"
	":save-screen @/10-summary\n<Enter>\n";

static const char *const steps[] = {
	"1-instance", "2-storage", "3-endpoint", "4-credentials", "5-bucket",
	"6-cors", "7-review", "8-apply", "9-verify", "10-summary", NULL,
};

static void check_step(struct fx *fx, const char *dir, const char *step)
{
	char *path = xasprintf("%s/%s", fx->screens, step);
	char *golden = xasprintf("%s%s-80x24-utf8-color", strcmp(dir, "wizard") ? "wizard-" : "", step);
	golden_check_file(dir, golden, path);
	free(golden);
	free(path);
}

/* The wizard in German: every step and the help screen. */
static void test_wizard_german(void **state)
{
	struct fx *fx = *state;
	use_language("de");
	/* the catalogue is really used (else the goldens would be English) */
	assert_string_equal(_("Storage"), "Speicher");
	run_app(fx, TUI_APP_SETUP, enter_only);
	for (const char *const *s = steps; *s; s++)
		check_step(fx, "i18n-de", *s);
	check_step(fx, "i18n-de", "help");
	assert_int_equal(fx->fake.plan_calls, 1);
	assert_int_equal(fx->fake.run_calls, 1);
}

/* A language without a catalogue: the same screens as in English. */
static void test_wizard_no_catalogue_is_english(void **state)
{
	struct fx *fx = *state;
	use_language("xx");
	assert_string_equal(_("Storage"), "Storage");
	run_app(fx, TUI_APP_SETUP, enter_only);
	for (const char *const *s = steps; *s; s++)
		check_step(fx, "wizard", *s);
}

/* The main menu in German, and its help. */
static void test_menu_german(void **state)
{
	struct fx *fx = *state;
	use_language("de");
	run_app(fx, TUI_APP_MENU, ":wait-idle\n:save-screen @/menu\n?\n:save-screen @/menu-help\n<Esc>\nq\n");
	char *path = xasprintf("%s/menu", fx->screens);
	golden_check_file("i18n-de", "menu-80x24-utf8-color", path);
	free(path);
	path = xasprintf("%s/menu-help", fx->screens);
	golden_check_file("i18n-de", "menu-help-80x24-utf8-color", path);
	free(path);
}

/* The dashboard view in German: the healthy instance, its detail pane and
 * the help (the canned check messages stay as the fixture wrote them; the
 * titles, headers, key hints and help are translated). */
static void test_dashboard_german(void **state)
{
	(void)state;
	use_language("de");
	struct tui_term *t = golden_term_open(1);
	struct tui_style st = { 1, 1 };
	struct dash_model m;
	dash_model_init(&m, 10);
	fix_feed(&m, FIX_HEALTHY, 0, 12);
	assert_int_equal(resizeterm(24, 80), OK);
	dash_view_layout(&m, 24, 80);
	dash_view_draw(&m, &st, stdscr);
	golden_check_screen("i18n-de", "dashboard-healthy-80x24-color", 1);
	dash_view_key(&m, 'j');
	dash_view_key(&m, '\r');
	assert_int_equal(resizeterm(40, 120), OK);
	dash_view_layout(&m, 40, 120);
	dash_view_draw(&m, &st, stdscr);
	golden_check_screen("i18n-de", "dashboard-detail-120x40-color", 1);
	dash_view_key(&m, '?');
	dash_view_draw(&m, &st, stdscr);
	golden_check_screen("i18n-de", "dashboard-help-120x40-color", 1);
	dash_model_free(&m);
	golden_term_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wizard_german, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wizard_no_catalogue_is_english, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_german, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_german, setup, teardown),
	};
	return cmocka_run_group_tests_name("i18n_screens", tests, NULL, NULL);
}
