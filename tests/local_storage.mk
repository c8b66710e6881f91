# tests/local_storage.mk (included from Makefile.am): switching a
# local-storage instance to S3 with `rdm-s3 setup` (issue 16): the unit test
# (survey, offline plans compared byte for byte with the S3 twin's, the
# editors underneath) and the end-to-end test on MinIO (through the docker
# shim) and Ceph RGW. Fixtures: tests/data/setup/local (in EXTRA_DIST with
# tests/data/setup, tests/engine.mk).

check_PROGRAMS += tests/unit/test_setup_local
TESTS += tests/unit/test_setup_local tests/integration/test_setup_local.sh
EXTRA_DIST += tests/integration/test_setup_local.sh

tests_unit_test_setup_local_SOURCES = tests/unit/test_setup_local.c $(INST_TEST_UTIL)
tests_unit_test_setup_local_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_setup_local_LDADD = $(TEST_LIBS)
