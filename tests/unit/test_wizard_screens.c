/* The setup wizard through the real front end, headless (RDM_S3_NO_DISPLAY,
 * a key script, the real loop and worker), on the fake engine
 * (tests/helpers/fake_setup_engine.h: no server, nothing written) and a
 * scratch HOME so titles are the same everywhere. Screens of every step are
 * compared with tests/data/wizard/ (tests/helpers/screen_golden.h), at
 * 80x24 and 120x40, UTF-8 and ASCII, colour and NO_COLOR; the fake records
 * what the wizard asked of the engine. Paths: Enter on every step of a
 * fresh MinIO instance; another server with a wrong secret typed first
 * (refused with the diagnosis, then corrected); leaving with Ctrl-C before
 * Apply (nothing planned or run); a failing restart rolled back; a resize
 * in the middle of a form; help. */
#include "config.h"

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
#include "test_plan_util.h"
#include "tui/app.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define FIX_NOW ((time_t)1750000000)

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

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	fx->home = tu_scratch("wizard-screens");
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
	return 0;
}

struct variant {
	int utf8, color, lines, cols;
	const char *suffix;
};

static const struct variant utf8_color = { 1, 1, 24, 80, "80x24-utf8-color" };
static const struct variant ascii_mono = { 0, 0, 24, 80, "80x24-ascii-mono" };
static const struct variant big_utf8_color = { 1, 1, 40, 120, "120x40-utf8-color" };

/* Runs the wizard (or the menu) with the script ("@" is the screens
 * folder). Returns the exit status. */
static int run_app(struct fx *fx, enum tui_app_start start, const struct variant *v, const char *script)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf text = BUF_INIT;
	char *path = tu_join(fx->home, "keys.script"), lines[8], cols[8];
	for (const char *p = script; *p; p++)
		if (*p == '@')
			buf_puts(&text, fx->screens);
		else
			buf_putc(&text, *p);
	tu_write(path, buf_str(&text), 0644);
	snprintf(lines, sizeof lines, "%d", v->lines);
	snprintf(cols, sizeof cols, "%d", v->cols);
	setenv("LINES", lines, 1);
	setenv("COLUMNS", cols, 1);
	setenv("RDM_S3_SCRIPT", path, 1);
	assert_non_null(setlocale(LC_ALL, v->utf8 ? "C.UTF-8" : "C"));
	struct tui_app_config cfg = {
		.start = start,
		.want_color = v->color,
		.instance_dir = fx->inst,
		.label = fx->inst,
		.table = check_table,
		.probe = &no_probe,
		.interval_s = 10,
		.clock = fixed_clock,
		.setup_engine = &fake_setup_engine,
	};
	int rc = tui_app_run(&cfg, &err);
	if (rc < 0)
		fail_msg("the app failed: %s", err.message);
	rdm_error_clear(&err);
	buf_free(&text);
	free(path);
	return rc;
}

static void check_screen(struct fx *fx, const char *name, const struct variant *v)
{
	char *path = xasprintf("%s/%s", fx->screens, name);
	char *golden = xasprintf("%s-%s", name, v->suffix);
	golden_check_file("wizard", golden, path);
	free(golden);
	free(path);
}

/* Every step of a fresh MinIO instance, Enter only. */
static const char enter_only[] =
	":save-screen @/first\n"
	":wait-idle\n:save-screen @/1-instance\n<Enter>\n"
	":save-screen @/2-storage\n<Enter>\n"
	":save-screen @/3-endpoint\n<Enter>\n"
	":save-screen @/4-credentials\n<Tab><F2>\n:save-screen @/4-credentials-shown\n<Enter>\n"
	":wait-idle\n:save-screen @/5-bucket\n<Enter>\n"
	":wait-idle\n:save-screen @/6-cors\n<Enter>\n"
	":wait-idle\n:save-screen @/7-review\n<PgDn>\n:save-screen @/7-review-page-2\n<Enter>\n"
	":wait-idle\n:save-screen @/8-apply\n<Enter>\n"
	":wait-idle\n:save-screen @/9-verify\n<Enter>\n"
	":save-screen @/10-summary\n<Enter>\n";

static const char *const enter_only_screens[] = {
	"first", "1-instance", "2-storage", "3-endpoint", "4-credentials", "4-credentials-shown",
	"5-bucket", "6-cors", "7-review", "7-review-page-2", "8-apply", "9-verify", "10-summary", NULL,
};

static void enter_only_path(struct fx *fx, const struct variant *v)
{
	assert_int_equal(run_app(fx, TUI_APP_SETUP, v, enter_only), 0);
	for (const char *const *n = enter_only_screens; *n; n++)
		check_screen(fx, *n, v);
	assert_int_equal(fx->fake.auth_calls, 0);
	assert_int_equal(fx->fake.plan_calls, 1);
	assert_int_equal(fx->fake.run_calls, 1);
}

static void test_enter_only_utf8_color(void **state)
{
	enter_only_path(*state, &utf8_color);
}

static void test_enter_only_ascii_mono(void **state)
{
	enter_only_path(*state, &ascii_mono);
}

static void test_enter_only_big(void **state)
{
	enter_only_path(*state, &big_utf8_color);
}

/* Another server: a wrong secret typed first is refused with the
 * diagnosis; corrected, it is proven and the wizard moves on. */
static void test_wrong_secret_then_corrected(void **state)
{
	struct fx *fx = *state;
	static const char *const buckets[] = { "default", "archive", NULL };
	fx->fake.kind = FAKE_CEPH;
	fx->fake.wrong_secret = "wrong-secret";
	fx->fake.buckets = buckets;
	assert_int_equal(run_app(fx, TUI_APP_SETUP, &utf8_color,
				 ":wait-idle\n<Enter><Enter><Enter>\n"
				 ":save-screen @/creds-empty\n"
				 "<Tab>wrong-secret<Enter>\n"
				 ":wait-idle\n:save-screen @/creds-refused\n"
				 "<C-u>right-secret<Enter>\n"
				 ":wait-idle\n:save-screen @/bucket-list\n"
				 "<Down>\n:save-screen @/bucket-archive\n"
				 "<Down><Tab><C-u>Bad_Name\n:save-screen @/bucket-bad-name\n"
				 "<Esc><Esc>\n:save-screen @/back-to-endpoint\n"
				 "<C-c>\n:save-screen @/leave-question\ny\n"),
			 0);
	const char *names[] = { "creds-empty", "creds-refused", "bucket-list", "bucket-archive",
				"bucket-bad-name", "back-to-endpoint", "leave-question", NULL };
	for (const char **n = names; *n; n++)
		check_screen(fx, *n, &utf8_color);
	assert_int_equal(fx->fake.auth_calls, 2);
	assert_string_equal(fx->fake.last_auth_secret, "right-secret");
	assert_int_equal(fx->fake.plan_calls, 0);
	assert_int_equal(fx->fake.run_calls, 0);
}

/* A failing restart: the run rolls back and says what was undone. */
static void test_failed_apply(void **state)
{
	struct fx *fx = *state;
	fx->fake.run_end = FAKE_RUN_FAIL_AT_RESTART;
	assert_int_equal(run_app(fx, TUI_APP_SETUP, &ascii_mono,
				 ":wait-idle\n<Enter><Enter><Enter><Enter>\n:wait-idle\n<Enter>\n:wait-idle\n"
				 "<Enter>\n:wait-idle\n<Enter>\n:wait-idle\n:save-screen @/apply-failed\n"
				 "<Enter>\n:save-screen @/summary-failed\n<Enter>\n"),
			 1);
	check_screen(fx, "apply-failed", &ascii_mono);
	check_screen(fx, "summary-failed", &ascii_mono);
}

/* A resize in the middle of a form keeps what was typed; help. */
static void test_resize_and_help(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(run_app(fx, TUI_APP_SETUP, &utf8_color,
				 ":wait-idle\n<Enter><Enter><Enter>\n<C-u>ops\n"
				 ":resize 120x40\n:save-screen @/resized-form\n"
				 ":resize 80x24\n<F1>\n:save-screen @/help\n<Esc>\n"
				 ":save-screen @/after-help\n<C-c>y\n"),
			 0);
	check_screen(fx, "resized-form", &big_utf8_color);
	check_screen(fx, "help", &utf8_color);
	check_screen(fx, "after-help", &utf8_color);
}

/* From the menu: Set up storage opens the wizard; leaving comes back. */
static void test_from_the_menu(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(run_app(fx, TUI_APP_MENU, &utf8_color,
				 ":wait-idle\n:save-screen @/menu\n<Enter>\n:wait-idle\n"
				 ":save-screen @/opened\n<Esc>y\n:wait-idle\n:save-screen @/back\nq\n"),
			 0);
	char *path = tu_join(fx->screens, "opened"), *dump = tu_read(path);
	assert_non_null(strstr(dump, " rdm-s3 setup"));
	assert_non_null(strstr(dump, "Step 1 of 10"));
	free(dump);
	free(path);
	path = tu_join(fx->screens, "back");
	dump = tu_read(path);
	assert_non_null(strstr(dump, "Set up storage"));
	assert_null(strstr(dump, "Step 1 of 10"));
	free(dump);
	free(path);
	check_screen(fx, "menu", &utf8_color);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enter_only_utf8_color, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_only_ascii_mono, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_only_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_secret_then_corrected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resize_and_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_the_menu, setup, teardown),
	};
	return cmocka_run_group_tests_name("wizard_screens", tests, NULL, NULL);
}
