# tests/engine.mk (included from Makefile.am): the change engine
# (src/ops/change), the connection resolver (src/ops/conn), setup
# (src/ops/setup) and the child-process helper (src/util/spawn).

ENGINE_TESTS = \
	tests/unit/test_change \
	tests/unit/test_spawn \
	tests/unit/test_setup \
	tests/unit/test_fix \
	tests/unit/test_check_drift

check_PROGRAMS += $(ENGINE_TESTS)
TESTS += $(ENGINE_TESTS)

tests_unit_test_change_SOURCES = tests/unit/test_change.c $(INST_TEST_UTIL)
tests_unit_test_change_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_change_LDADD = $(TEST_LIBS)

tests_unit_test_spawn_SOURCES = tests/unit/test_spawn.c
tests_unit_test_spawn_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_spawn_LDADD = $(TEST_LIBS)

tests_unit_test_setup_SOURCES = tests/unit/test_setup.c $(INST_TEST_UTIL)
tests_unit_test_setup_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_setup_LDADD = $(TEST_LIBS)

tests_unit_test_fix_SOURCES = tests/unit/test_fix.c $(INST_TEST_UTIL) $(TEST_SERVER_SOURCES)
tests_unit_test_fix_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_fix_LDADD = $(TEST_LIBS)

tests_unit_test_check_drift_SOURCES = tests/unit/test_check_drift.c $(CHECK_VERDICT_SOURCES)
tests_unit_test_check_drift_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_check_drift_LDADD = $(TEST_LIBS)

# `rdm-s3 setup` end to end on the real local servers, with the shims of
# docker and invenio (tests/servers/shims) on PATH.
SETUP_TESTS = tests/integration/test_setup_minio.sh tests/integration/test_setup_other.sh \
	tests/integration/test_setup_kill.sh
TESTS += $(SETUP_TESTS)
EXTRA_DIST += $(SETUP_TESTS) tests/integration/test_setup_lib.sh tests/data/setup \
	tests/servers/shims/docker tests/servers/shims/pipenv tests/servers/shims/uv \
	tests/servers/shims/invenio-shim.sh
