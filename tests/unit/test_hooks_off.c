/* Item 15 of issue 10: in a build without --enable-test-hooks the hooks
 * are not there. src/cmd_hooks.c is compiled here as such a build would
 * compile it, whatever this build's configure said, and the environment
 * variables are set: nothing may come of them but a warning. */
#define RDM_HOOKS_LIVE 0 /* what configure without --enable-test-hooks gives */
#include "../../src/cmd_hooks.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void hooks_are_inert(void **state)
{
	(void)state;
	setenv("RDM_S3_FAULT_AT", "3", 1);
	setenv("RDM_S3_FAULT", "enospc", 1);
	setenv("RDM_S3_CLOCK_OFFSET", "3600", 1);
	assert_int_equal(cmd_hooks_enabled(), 0);
	assert_int_equal(cmd_hook_fault_at(), 0);
	assert_int_equal(cmd_hook_fault_kind(), PLAN_FAULT_KILL);
	long off = 42;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(cmd_hook_clock_offset(&off, &err), 0);
	assert_int_equal(off, 0);
	assert_null(err.message);
	assert_null(cmd_hooks_version_note());
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	cmd_hooks_warn_ignored(out);
	fclose(out);
	assert_non_null(strstr(text, "RDM_S3_FAULT_AT is ignored: test hooks exist only in test builds"));
	assert_non_null(strstr(text, "RDM_S3_CLOCK_OFFSET is ignored"));
	free(text);
	/* a help text names no hook */
	assert_string_equal(CMD_HOOKS_HELP_CLOCK("acts"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hooks_are_inert),
	};
	return cmocka_run_group_tests_name("hooks_off", tests, NULL, NULL);
}
