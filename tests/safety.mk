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

# items 10, 13, 14: no core dumps, secret buffers wiped on growth,
# credentials files read with read(2) and refused when others may read them
check_PROGRAMS += tests/unit/test_secret_hygiene
tests_unit_test_secret_hygiene_SOURCES = tests/unit/test_secret_hygiene.c $(INST_TEST_UTIL)
tests_unit_test_secret_hygiene_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_secret_hygiene_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_secret_hygiene

# The kill/inject harness: a short, seeded run in make check (40 random
# kills, an error at every fsync and rename of one change) ...
TESTS += tests/safety/kill_inject.sh
EXTRA_DIST += tests/safety/kill_inject.sh

# ... and the long one: `make stress` (1000 kills, every position of fsync,
# rename, write, openat, mkdir, fchmod and unlink of six changes; most of an
# hour on two shared cores). SEED=N and KILLS=N change it; the figures it prints are
# those of docs/RELIABILITY.md.
stress: rdm-s3
	@$(MKDIR_P) tests/run
	KILLS=$${KILLS:-1000} SEED=$${SEED:-1} STRACE=$${STRACE:-all} \
	top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)' \
	RDM_S3_TEST_DATA='$(abs_top_srcdir)/tests/data' RDM_S3_TEST_RUN='$(abs_top_builddir)/tests/run' \
	  bash $(srcdir)/tests/safety/kill_inject.sh
.PHONY: stress
