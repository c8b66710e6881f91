# tests/safety.mk (included from Makefile.am): data safety (issue 10):
# recovery of interrupted change sets, the state folder's trust and
# ownership, bounded growth, the test hooks, and the kill/inject harness.

# distcheck builds with the test hooks too: the tests below need them.
AM_DISTCHECK_CONFIGURE_FLAGS = --enable-test-hooks

check_PROGRAMS += tests/unit/test_plan_recover
tests_unit_test_plan_recover_SOURCES = tests/unit/test_plan_recover.c $(INST_TEST_UTIL)
tests_unit_test_plan_recover_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_plan_recover_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_plan_recover

# src/cmd_hooks.c compiled as in a build without --enable-test-hooks
check_PROGRAMS += tests/unit/test_hooks_off
tests_unit_test_hooks_off_SOURCES = tests/unit/test_hooks_off.c
tests_unit_test_hooks_off_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_hooks_off_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_hooks_off

TESTS += tests/unit/test_safety_cmd.sh
EXTRA_DIST += tests/unit/test_safety_cmd.sh tests/unit/test_hooks_lib.sh

# items 7 and 8: a multi-megabyte line, files over the size limit
check_PROGRAMS += tests/unit/test_input_limits
tests_unit_test_input_limits_SOURCES = tests/unit/test_input_limits.c $(INST_TEST_UTIL)
tests_unit_test_input_limits_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_input_limits_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_input_limits
