# tests/instance_yaml.mk (included from Makefile.am)
# docker-services / docker-compose reader and editor (src/instance/compose*).
COMPOSE_TEST_UTIL = tests/unit/test_compose_util.c tests/unit/test_compose_util.h $(LINES_TEST_UTIL)

check_PROGRAMS += tests/unit/test_compose_read tests/unit/test_compose_edit \
	tests/unit/test_compose_edge tests/unit/test_compose_errors
tests_unit_test_compose_read_SOURCES = tests/unit/test_compose_read.c $(COMPOSE_TEST_UTIL)
tests_unit_test_compose_read_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_compose_read_LDADD = $(TEST_LIBS)
tests_unit_test_compose_edit_SOURCES = tests/unit/test_compose_edit.c $(COMPOSE_TEST_UTIL)
tests_unit_test_compose_edit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_compose_edit_LDADD = $(TEST_LIBS)
tests_unit_test_compose_edge_SOURCES = tests/unit/test_compose_edge.c $(COMPOSE_TEST_UTIL)
tests_unit_test_compose_edge_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_compose_edge_LDADD = $(TEST_LIBS)
tests_unit_test_compose_errors_SOURCES = tests/unit/test_compose_errors.c $(COMPOSE_TEST_UTIL)
tests_unit_test_compose_errors_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_compose_errors_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_compose_read tests/unit/test_compose_edit \
	tests/unit/test_compose_edge tests/unit/test_compose_errors

# Fixtures (copies of ../shared/fixtures/inveniordm-v13, now this project's
# own files), reviewed golden outputs, and bad inputs. A directory in
# EXTRA_DIST is copied recursively.
EXTRA_DIST += tests/data/instance/compose
