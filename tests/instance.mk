# tests/instance.mk (included from Makefile.am)
# Instance engine: atomic files, diffs, change plans, settings, config commands.
INST_TEST_UTIL = tests/unit/test_plan_util.c tests/unit/test_plan_util.h

check_PROGRAMS += tests/unit/test_atomic tests/unit/test_diff
tests_unit_test_atomic_SOURCES = tests/unit/test_atomic.c $(INST_TEST_UTIL)
tests_unit_test_atomic_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_atomic_LDADD = $(TEST_LIBS)
tests_unit_test_diff_SOURCES = tests/unit/test_diff.c
tests_unit_test_diff_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_diff_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_atomic tests/unit/test_diff

check_PROGRAMS += tests/unit/test_plan
tests_unit_test_plan_SOURCES = tests/unit/test_plan.c $(INST_TEST_UTIL)
tests_unit_test_plan_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_plan_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_plan

check_PROGRAMS += tests/unit/test_settings
tests_unit_test_settings_SOURCES = tests/unit/test_settings.c $(INST_TEST_UTIL)
tests_unit_test_settings_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_settings_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_settings

check_PROGRAMS += tests/unit/test_settings_loader
tests_unit_test_settings_loader_SOURCES = tests/unit/test_settings_loader.c $(INST_TEST_UTIL)
tests_unit_test_settings_loader_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_settings_loader_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_settings_loader

check_PROGRAMS += tests/unit/test_settings_show
tests_unit_test_settings_show_SOURCES = tests/unit/test_settings_show.c $(INST_TEST_UTIL)
tests_unit_test_settings_show_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_settings_show_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_settings_show

check_PROGRAMS += tests/unit/test_settings_readback
tests_unit_test_settings_readback_SOURCES = tests/unit/test_settings_readback.c $(INST_TEST_UTIL)
tests_unit_test_settings_readback_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_settings_readback_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_settings_readback
EXTRA_DIST += tests/data/instance/sample tests/data/instance/README

TESTS += tests/unit/test_config_cmd.sh tests/unit/test_config_cmd_variants.sh
EXTRA_DIST += tests/unit/test_config_cmd.sh tests/unit/test_config_cmd_variants.sh \
	tests/unit/test_config_cmd_lib.sh
