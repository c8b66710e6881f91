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
	const struct check *const *table; /* the dashboard's checks (NULL: check_table, no probe) */
	struct check_probe *probe;
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
		.table = fx->table ? fx->table : check_table,
		.probe = fx->probe ? fx->probe : &no_probe,
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

/* --- the dashboard's f: two fake checks, the bucket one fixable ------- */

static const struct fake_setup *fixed_by; /* its runs: the bucket is there after one */

static void v_dns(const struct check_facts *f, struct check_result *r)
{
	(void)f;
	check_result_note(r, CHECK_CRIT, "fix the DNS", "s3.example.org does not resolve");
}

static void v_bucket(const struct check_facts *f, struct check_result *r)
{
	(void)f;
	if (fixed_by && fixed_by->run_calls > 0) {
		check_result_note(r, CHECK_OK, NULL, "bucket default exists");
		return;
	}
	check_result_note(r, CHECK_CRIT, "create it: rdm-s3 bucket create default", "bucket default does not exist");
	r->fixes |= CHECK_FIX_BUCKET;
}

static const struct check c_dns = { "dns", "DNS resolution", NULL, 0, 0, v_dns };
static const struct check c_bucket = { "bucket", "Bucket exists", NULL, 0, 0, v_bucket };
static const struct check *const fix_table[] = { &c_dns, &c_bucket, NULL };

static int fake_begin(struct check_probe *p, unsigned needs, struct check_facts *f, struct rdm_error *err)
{
	(void)p; (void)needs; (void)err;
	f->target.now = FIX_NOW;
	return 0;
}
static struct check_probe fix_probe = { fake_begin, no_gather, no_end };

/* f on the bucket row: the fix's review, apply, verify and summary; back
 * on the dashboard the checks run again and the row is OK. f on the DNS
 * row says why there is no automatic fix, and opens nothing. */
/* The dashboard's summary line shows how long the run took (measured):
 * masked in every section of a saved screen (text, attributes, colours)
 * before the comparison. */
static void mask_summary(struct fx *fx, const char *name, const struct variant *v)
{
	char *path = xasprintf("%s/%s", fx->screens, name), *text = tu_read(path);
	struct buf out = BUF_INIT;
	int line = 0;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (!strncmp(p, "-- ", 3))
			line = -1; /* a section starts after this line */
		if (line == 1 && strstr(v->suffix, "80x24"))
			buf_puts(&out, "(the summary line: masked, it shows a measured duration)\n");
		else
			buf_printf(&out, "%.*s", (int)n, p);
		line++;
		p += n;
	}
	tu_write(path, buf_str(&out), 0644);
	buf_free(&out);
	free(text);
	free(path);
}

static void test_dashboard_fix(void **state)
{
	struct fx *fx = *state;
	fx->table = fix_table;
	fx->probe = &fix_probe;
	fixed_by = &fx->fake;
	const struct variant *vs[] = { &utf8_color, &ascii_mono };
	for (size_t i = 0; i < 2; i++) {
		fx->fake.run_calls = 0;
		assert_int_equal(run_app(fx, TUI_APP_DASHBOARD, vs[i],
					 ":wait-idle\nf\n:save-screen @/fix-dash-nofix\n"
					 "j\n:save-screen @/fix-dash\n<Enter>\n:save-screen @/fix-dash-detail\n<Esc>\n"
					 "f\n:wait-idle\n:save-screen @/fix-review\n"
					 "?\n:save-screen @/fix-help\n<Esc>\n"
					 "<Enter>\n:wait-idle\n:save-screen @/fix-apply\n"
					 "<Enter>\n:wait-idle\n:save-screen @/fix-verify\n"
					 "<Enter>\n:wait-idle\n:save-screen @/fix-summary\n"
					 "<Enter>\n:wait-idle\n:save-screen @/fix-dash-after\nq\n"),
				 0);
		const char *names[] = { "fix-dash-nofix", "fix-dash", "fix-dash-detail", "fix-review", "fix-help",
					"fix-apply", "fix-verify", "fix-summary", "fix-dash-after" };
		for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
			if (!strncmp(names[k], "fix-dash", 8))
				mask_summary(fx, names[k], vs[i]);
			check_screen(fx, names[k], vs[i]);
		}
	}
	assert_string_equal(fx->fake.last_fix_check, "bucket");
	assert_int_equal(fx->fake.last_fix_kinds, CHECK_FIX_BUCKET);
	char *path = tu_join(fx->screens, "fix-dash-nofix"), *dump = tu_read(path);
	assert_non_null(strstr(dump, "no automatic fix for dns: names are resolved outside the instance"));
	free(dump);
	free(path);
	path = tu_join(fx->screens, "fix-review");
	dump = tu_read(path);
	assert_non_null(strstr(dump, "rdm-s3 fix bucket"));
	assert_non_null(strstr(dump, "Fix: create the missing bucket"));
	assert_non_null(strstr(dump, "create bucket default"));
	assert_null(strstr(dump, "Credentials")); /* only the fix's own steps */
	free(dump);
	free(path);
	path = tu_join(fx->screens, "fix-dash-after");
	dump = tu_read(path);
	assert_non_null(strstr(dump, "bucket default exists"));
	assert_null(strstr(dump, "f fix"));
	free(dump);
	free(path);
	/* Esc on the review leaves before anything runs. */
	int runs = fx->fake.run_calls;
	assert_int_equal(run_app(fx, TUI_APP_DASHBOARD, &utf8_color,
				 ":wait-idle\nj\nf\n:wait-idle\n<Esc>\n:wait-idle\n:save-screen @/fix-left\nq\n"),
			 0);
	assert_int_equal(fx->fake.run_calls, runs);
	path = tu_join(fx->screens, "fix-left");
	dump = tu_read(path);
	assert_non_null(strstr(dump, "rdm-s3 dashboard"));
	free(dump);
	free(path);
	fixed_by = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enter_only_utf8_color, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dashboard_fix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_only_ascii_mono, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_only_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_secret_then_corrected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resize_and_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_the_menu, setup, teardown),
	};
	return cmocka_run_group_tests_name("wizard_screens", tests, NULL, NULL);
}
