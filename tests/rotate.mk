# `rdm-s3 rotate` end to end on the real local servers (MinIO started by
# the test, the shared Ceph RGW and moto), with the docker shim on PATH.
ROTATE_TESTS = tests/integration/test_rotate_minio.sh tests/integration/test_rotate_other.sh \
	tests/integration/test_rotate_kill.sh tests/integration/test_rotate_tmux.sh
TESTS += $(ROTATE_TESTS)
EXTRA_DIST += $(ROTATE_TESTS)

# the engine's fill tokens and undo barrier, with fake steps
check_PROGRAMS += tests/unit/test_change_fill
TESTS += tests/unit/test_change_fill
tests_unit_test_change_fill_SOURCES = tests/unit/test_change_fill.c $(INST_TEST_UTIL)
tests_unit_test_change_fill_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_change_fill_LDADD = $(TEST_LIBS)

# the walkthrough's model (stages, keys, outcomes), no screen
check_PROGRAMS += tests/unit/test_rotate_walk
TESTS += tests/unit/test_rotate_walk
tests_unit_test_rotate_walk_SOURCES = tests/unit/test_rotate_walk.c
tests_unit_test_rotate_walk_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rotate_walk_LDADD = $(TEST_LIBS)

# which answers prove a key refused
check_PROGRAMS += tests/unit/test_rotate_refused
TESTS += tests/unit/test_rotate_refused
tests_unit_test_rotate_refused_SOURCES = tests/unit/test_rotate_refused.c
tests_unit_test_rotate_refused_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rotate_refused_LDADD = $(TEST_LIBS)
