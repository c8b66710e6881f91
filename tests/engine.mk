# tests/engine.mk (included from Makefile.am): the change engine
# (src/ops/change), the connection resolver (src/ops/conn), setup
# (src/ops/setup) and the child-process helper (src/util/spawn).

ENGINE_TESTS = \
	tests/unit/test_change

check_PROGRAMS += $(ENGINE_TESTS)
TESTS += $(ENGINE_TESTS)

tests_unit_test_change_SOURCES = tests/unit/test_change.c $(INST_TEST_UTIL)
tests_unit_test_change_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_change_LDADD = $(TEST_LIBS)
