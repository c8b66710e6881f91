/* model/rotate_walk: the rotation walkthrough's stages and keys without a
 * screen: loading -> review (Enter applies, `a` re-plans for a MinIO user
 * of its own only when offered, Esc leaves) -> applying (each event's line;
 * Esc asks once to stop) -> done (exit code and words per outcome). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/rotate_walk.h"

static void review_keys(void **state)
{
	(void)state;
	struct rotate_walk w;
	rotate_walk_init(&w);
	assert_int_equal(w.stage, RW_LOADING);
	assert_int_equal(rotate_walk_key(&w, '\n'), RW_ASK_NONE); /* nothing to apply yet */
	rotate_walk_loaded(&w, "Key today: AK\n", 0);
	assert_int_equal(w.stage, RW_REVIEW);
	assert_string_equal(buf_str(&w.text), "Key today: AK\n");
	assert_null(strstr(w.hint, "a: "));
	assert_int_equal(rotate_walk_key(&w, 'a'), RW_ASK_NONE); /* not offered */
	assert_int_equal(rotate_walk_key(&w, 27), RW_ASK_CLOSE);
	rotate_walk_free(&w);

	rotate_walk_init(&w);
	rotate_walk_loaded(&w, "Key today: root\n", 1);
	assert_non_null(strstr(w.hint, "a: app on its own MinIO user"));
	assert_int_equal(rotate_walk_key(&w, 'a'), RW_ASK_LOAD);
	assert_true(w.app_user);
	assert_int_equal(w.stage, RW_LOADING);
	rotate_walk_loaded(&w, "Key today: root (moving)\n", 1);
	assert_null(strstr(w.hint, "a: ")); /* chosen already */
	assert_int_equal(rotate_walk_key(&w, '\n'), RW_ASK_APPLY);
	assert_int_equal(w.stage, RW_APPLYING);
	rotate_walk_free(&w);
}

static void apply_and_outcomes(void **state)
{
	(void)state;
	struct rotate_walk w;
	rotate_walk_init(&w);
	rotate_walk_loaded(&w, "plan\n", 0);
	rotate_walk_key(&w, '\n');
	struct change_event ev = { .kind = CHANGE_EV_DONE, .title = "create a key", .message = "made" };
	char *line = rotate_walk_line(&ev);
	assert_string_equal(line, "  done create a key: made\n");
	rotate_walk_progress(&w, line);
	free(line);
	ev.kind = CHANGE_EV_OUTPUT;
	assert_null(rotate_walk_line(&ev)); /* child output is not shown */
	assert_int_equal(rotate_walk_key(&w, 27), RW_ASK_STOP);
	assert_int_equal(rotate_walk_key(&w, 27), RW_ASK_NONE); /* asked once */
	struct change_outcome out;
	memset(&out, 0, sizeof out);
	out.end = CHANGE_END_CANCELLED;
	out.step_title = "write files";
	rotate_walk_finished(&w, &out, NULL);
	assert_int_equal(w.stage, RW_DONE);
	assert_int_equal(w.exit_code, 1);
	assert_non_null(strstr(buf_str(&w.text), "done create a key: made"));
	assert_non_null(strstr(buf_str(&w.text), "Rotation stopped at \"write files\" and was rolled back"));
	assert_int_equal(rotate_walk_key(&w, '\n'), RW_ASK_CLOSE);
	rotate_walk_free(&w);

	static const struct { enum change_end end; size_t advisory; int code; const char *says; } cases[] = {
		{ CHANGE_END_DONE, 0, 0, "Rotation done" },
		{ CHANGE_END_DONE, 1, 1, "old key is not proven refused" },
		{ CHANGE_END_STOPPED, 0, 75, "Rotation stopped at" },
		{ CHANGE_END_ROLLED_BACK, 0, 1, "failed at \"write files\" and was rolled back" },
		{ CHANGE_END_BROKEN, 0, 1, "could not be rolled back completely" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		rotate_walk_init(&w);
		rotate_walk_loaded(&w, "plan\n", 0);
		rotate_walk_key(&w, '\n');
		memset(&out, 0, sizeof out);
		out.end = cases[i].end;
		out.n_advisory_failed = cases[i].advisory;
		out.step_title = "write files";
		rotate_walk_finished(&w, &out, NULL);
		assert_int_equal(w.exit_code, cases[i].code);
		if (!strstr(buf_str(&w.text), cases[i].says))
			fail_msg("case %zu: no '%s' in: %s", i, cases[i].says, buf_str(&w.text));
		rotate_walk_free(&w);
	}
}

static void load_failure(void **state)
{
	(void)state;
	struct rotate_walk w;
	rotate_walk_init(&w);
	rotate_walk_load_failed(&w, "the key is a placeholder", "run setup");
	assert_int_equal(w.stage, RW_DONE);
	assert_true(w.failed);
	assert_non_null(strstr(buf_str(&w.text), "The rotation cannot start: the key is a placeholder\n  fix: run setup"));
	assert_non_null(strstr(buf_str(&w.text), "Nothing was written."));
	assert_int_equal(rotate_walk_key(&w, 27), RW_ASK_CLOSE);
	rotate_walk_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(review_keys),
		cmocka_unit_test(apply_and_outcomes),
		cmocka_unit_test(load_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
