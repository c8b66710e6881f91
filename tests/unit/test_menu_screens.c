/* The main menu through the real front end, headless: tui_app_run with
 * RDM_S3_NO_DISPLAY (curses into /dev/null), keys and :save-screen from a
 * script (RDM_S3_SCRIPT), the real loop, worker threads and instance
 * reading, on a scratch copy of data/sample-instance under a scratch HOME
 * (so the title shows "~/demo-repo" wherever the build is). The health
 * checks are a small fake table with a fake probe and the wall clock is
 * fixed, so every screen is the same on every machine. Each saved screen
 * is compared with tests/data/menu/ (tests/helpers/screen_golden.h: a diff
 * on mismatch, RDM_S3_UPDATE_GOLDEN=1 re-creates them). 80x24 and 120x40,
 * UTF-8 and ASCII, colour and NO_COLOR. */
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
#include "instance/plan/plan.h"
#include "ops/check/check.h"
#include "test_plan_util.h"
#include "tui/app.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define FIX_NOW ((time_t)1750000000) /* 2025-06-15 15:06:40 UTC */

static time_t fixed_clock(void)
{
	return FIX_NOW;
}

/* --- three fake checks: ok, warn, crit --------------------------------- */

static void v_reach(const struct check_facts *f, struct check_result *r)
{
	(void)f;
	check_result_note(r, CHECK_OK, NULL, "the endpoint answers");
}

static void v_keys(const struct check_facts *f, struct check_result *r)
{
	(void)f;
	check_result_note(r, CHECK_WARN, "replace them with rdm-s3 config set-secret",
			  "the keys are placeholders");
}

static void v_bucket(const struct check_facts *f, struct check_result *r)
{
	(void)f;
	check_result_note(r, CHECK_CRIT, "create it", "bucket default does not exist");
}

static const struct check c_reach = { "reach", "Endpoint answers", NULL, 0, 0, v_reach };
static const struct check c_keys = { "keys", "Keys are real", NULL, 0, 0, v_keys };
static const struct check c_bucket = { "bucket", "Bucket exists", NULL, 0, 0, v_bucket };
static const struct check *const fake_table[] = { &c_reach, &c_keys, &c_bucket, NULL };

static int fake_begin(struct check_probe *p, unsigned needs, struct check_facts *facts,
		      struct rdm_error *err)
{
	(void)p;
	(void)needs;
	(void)err;
	facts->target.now = FIX_NOW;
	return 0;
}

static void fake_gather(struct check_probe *p, unsigned needs, struct check_facts *facts)
{
	(void)p;
	(void)needs;
	(void)facts;
}

static void fake_end(struct check_probe *p, struct check_facts *facts)
{
	(void)p;
	(void)facts;
}

static struct check_probe fake_probe = { fake_begin, fake_gather, fake_end };

/* --- the fixture ------------------------------------------------------- */

struct fx {
	char *home, *inst, *screens;
};

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof *fx);
	const char *src = getenv("top_srcdir");
	assert_non_null(src);
	fx->home = tu_scratch("menu-screens");
	fx->inst = tu_join(fx->home, "demo-repo");
	fx->screens = tu_join(fx->home, "screens");
	mkdir(fx->inst, 0755);
	mkdir(fx->screens, 0755);
	char *sample = tu_join(src, "data/sample-instance");
	tu_copy_dir(sample, fx->inst);
	free(sample);
	setenv("HOME", fx->home, 1);
	setenv("TERM", "xterm-256color", 1);
	setenv("RDM_S3_NO_DISPLAY", "1", 1);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
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
static const struct variant utf8_mono = { 1, 0, 24, 80, "80x24-utf8-mono" };
static const struct variant ascii_color = { 0, 1, 24, 80, "80x24-ascii-color" };
static const struct variant ascii_mono = { 0, 0, 24, 80, "80x24-ascii-mono" };
static const struct variant big_utf8_color = { 1, 1, 40, 120, "120x40-utf8-color" };
static const struct variant big_ascii_mono = { 0, 0, 40, 120, "120x40-ascii-mono" };

/* Runs the menu with the script; "@" in the script stands for the screens
 * folder. Returns the exit status. */
static int run_menu(struct fx *fx, const struct variant *v, const char *script)
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
		.start = TUI_APP_MENU,
		.want_color = v->color,
		.instance_dir = fx->inst,
		.label = fx->inst,
		.table = fake_table,
		.probe = &fake_probe,
		.interval_s = 10,
		.clock = fixed_clock,
		.setup_engine = &fake_setup_engine, /* the menu offers the wizard */
	};
	int rc = tui_app_run(&cfg, &err);
	if (rc < 0)
		fail_msg("the menu failed: %s", err.message);
	rdm_error_clear(&err);
	buf_free(&text);
	free(path);
	return rc;
}

/* Compares screen `name` saved as @/name with menu/<name>-<variant>. */
static void check_screen(struct fx *fx, const char *name, const struct variant *v)
{
	char *path = xasprintf("%s/%s", fx->screens, name);
	char *golden = xasprintf("%s-%s", name, v->suffix);
	golden_check_file("menu", golden, path);
	free(golden);
	free(path);
}

/* The first frame (nothing read yet), the menu once the instance is read
 * and the checks ran, and the same after a resize. */
static void main_screens(struct fx *fx, const struct variant *v, const struct variant *big)
{
	assert_int_equal(run_menu(fx, v,
				  ":save-screen @/first\n"
				  ":wait-idle\n"
				  ":save-screen @/menu\n"
				  ":resize 120x40\n"
				  ":save-screen @/resized\n"),
			 0);
	check_screen(fx, "first", v);
	check_screen(fx, "menu", v);
	check_screen(fx, "resized", v == &utf8_color ? &big_utf8_color : &big_ascii_mono);
	if (big) {
		assert_int_equal(run_menu(fx, big, ":wait-idle\n:save-screen @/menu\n"), 0);
		check_screen(fx, "menu", big);
	}
}

static void test_main_utf8_color(void **state)
{
	main_screens(*state, &utf8_color, &big_utf8_color);
}

static void test_main_ascii_mono(void **state)
{
	main_screens(*state, &ascii_mono, &big_ascii_mono);
}

static void test_main_other_variants(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(run_menu(fx, &utf8_mono, ":wait-idle\n:save-screen @/menu\n"), 0);
	check_screen(fx, "menu", &utf8_mono);
	assert_int_equal(run_menu(fx, &ascii_color, ":wait-idle\n:save-screen @/menu\n"), 0);
	check_screen(fx, "menu", &ascii_color);
}

/* Moving, the rotation walkthrough and back, help, the configuration
 * screen and the dashboard and back. */
static void test_navigate(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(run_menu(fx, &utf8_color,
				  ":wait-idle\n"
				  "<Down><Down>\n"
				  ":save-screen @/dashboard-selected\n"
				  "<Up><Enter>\n"
				  ":wait-idle\n"
				  ":save-screen @/rotate\n"
				  "<Esc>\n"
				  ":wait-idle\n"
				  "?\n"
				  ":save-screen @/help\n"
				  "<Esc>c\n"
				  ":wait-idle\n"
				  ":save-screen @/config\n"
				  "<PgDn>\n"
				  ":save-screen @/config-page-2\n"
				  "<Esc>d\n"
				  ":wait-idle\n"
				  ":save-screen @/dashboard\n"
				  "q\n"
				  ":save-screen @/back\n"
				  "q\n"),
			 0);
	check_screen(fx, "dashboard-selected", &utf8_color);
	/* The rotation walkthrough opened on the instance (its own tests:
	 * test_rotate_walk, test_rotate_tmux): the sample's key is CHANGE_ME,
	 * so it says there is nothing to rotate yet; Esc came back. */
	char *rot_path = tu_join(fx->screens, "rotate"), *rot = tu_read(rot_path);
	assert_non_null(rot);
	assert_non_null(strstr(rot, " rdm-s3 rotate credentials: ~/demo-repo"));
	assert_non_null(strstr(rot, "The rotation cannot start: the app's S3 key is still a placeholder"));
	assert_non_null(strstr(rot, "rdm-s3 setup"));
	assert_non_null(strstr(rot, "Nothing was written."));
	free(rot);
	free(rot_path);
	check_screen(fx, "help", &utf8_color);
	/* The configuration screen shows `config show`'s text, which has its
	 * own tests and grows with every new setting: here its frame, its
	 * first lines and that PgDn scrolled. */
	char *cfg = tu_join(fx->screens, "config"), *page = tu_join(fx->screens, "config-page-2");
	char *c1 = tu_read(cfg), *c2 = tu_read(page);
	assert_non_null(c1);
	assert_non_null(c2);
	assert_non_null(strstr(c1, " rdm-s3 configuration: ~/demo-repo\n\n Instance: ~/demo-repo\n"));
	assert_non_null(strstr(c1, "S3_ENDPOINT_URL              http://localhost:9000/"));
	assert_non_null(strstr(c1, "↓\n"));
	assert_null(strstr(c1, "↑"));
	assert_non_null(strstr(c2, "↑"));
	assert_null(strstr(c2, "Instance: ~/demo-repo"));
	assert_non_null(strstr(c1, " Up/Down scroll  PgUp/PgDn page  Esc back  ? help\n"));
	free(c1);
	free(c2);
	free(cfg);
	free(page);
	check_screen(fx, "back", &utf8_color);
	/* The dashboard's own screens are tested by test_dashboard_view; here
	 * only that it opened on the instance and ran the fake checks (its
	 * run time varies). */
	char *path = tu_join(fx->screens, "dashboard"), *dump = tu_read(path);
	assert_non_null(dump);
	assert_non_null(strstr(dump, " rdm-s3 dashboard: ~/demo-repo"));
	assert_non_null(strstr(dump, " bucket        CRIT"));
	free(dump);
	free(path);
}

/* A change made an hour ago by `config set` (a real change set). */
static void make_change(struct fx *fx, char **before)
{
	char *cfg = tu_join(fx->inst, "invenio.cfg");
	*before = tu_read(cfg);
	char *after = xasprintf("%s\nS3_REGION_NAME = 'eu-west-1'\n", *before);
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = { .now = FIX_NOW - 3600, .command = "config set" };
	plan_init(&p, fx->inst);
	plan_set_file(&p, "invenio.cfg", *before, strlen(*before), 1, after, strlen(after), 0);
	if (plan_apply(&p, &o, &r, &err) != 0)
		fail_msg("plan_apply: %s", err.message);
	plan_result_free(&r);
	plan_free(&p);
	free(after);
	free(cfg);
}

static void test_undo(void **state)
{
	struct fx *fx = *state;
	char *before, *cfg = tu_join(fx->inst, "invenio.cfg");
	make_change(fx, &before);
	/* Asked, and refused: nothing changes. */
	assert_int_equal(run_menu(fx, &utf8_color,
				  ":wait-idle\n"
				  ":save-screen @/with-change\n"
				  "u\n"
				  ":save-screen @/undo-ask\n"
				  "<Enter>\n"
				  ":wait-idle\n"
				  ":save-screen @/undo-refused\n"),
			 0);
	check_screen(fx, "with-change", &utf8_color);
	check_screen(fx, "undo-ask", &utf8_color);
	char *now = tu_read(cfg);
	assert_string_not_equal(now, before);
	free(now);
	/* Asked and confirmed: the file is back. */
	assert_int_equal(run_menu(fx, &ascii_mono,
				  ":wait-idle\n"
				  "<Down><Down><Down><Down><Enter>\n"
				  ":save-screen @/undo-ask\n"
				  "y\n"
				  ":wait-idle\n"
				  ":save-screen @/undo-done\n"
				  "<Esc>\n"
				  ":save-screen @/undo-after\n"),
			 0);
	check_screen(fx, "undo-ask", &ascii_mono);
	check_screen(fx, "undo-done", &ascii_mono);
	check_screen(fx, "undo-after", &ascii_mono);
	now = tu_read(cfg);
	assert_string_equal(now, before);
	free(now);
	free(before);
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_main_utf8_color, setup, teardown),
		cmocka_unit_test_setup_teardown(test_main_ascii_mono, setup, teardown),
		cmocka_unit_test_setup_teardown(test_main_other_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_navigate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo, setup, teardown),
	};
	return cmocka_run_group_tests_name("menu_screens", tests, NULL, NULL);
}
