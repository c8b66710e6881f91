# tests/check_live.mk (included from Makefile.am): `rdm-s3 check` for real.
# The live probe against the local servers (tests/servers: MinIO, Ceph RGW,
# s3rver-tls) and scripted stub listeners; the built binary's output
# formats (--json validated against data/check-report.schema.json,
# --prometheus parsed line by line) and exit codes.

# Scratch copies of data/sample-instance (distributed by data/local.mk)
# pointed at a test server.
SAMPLE_INSTANCE_SOURCES = tests/helpers/sample_instance.c tests/helpers/sample_instance.h

check_PROGRAMS += tests/integration/test_check_live
tests_integration_test_check_live_SOURCES = tests/integration/test_check_live.c \
	$(TEST_SERVER_SOURCES) $(HTTP_STUB_SOURCES) $(SAMPLE_INSTANCE_SOURCES)
tests_integration_test_check_live_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_check_live_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_check_live

check_PROGRAMS += tests/integration/test_check_cmd
tests_integration_test_check_cmd_SOURCES = tests/integration/test_check_cmd.c \
	$(TEST_SERVER_SOURCES) $(HTTP_STUB_SOURCES) $(JSON_SCHEMA_SOURCES) $(SAMPLE_INSTANCE_SOURCES)
tests_integration_test_check_cmd_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_check_cmd_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_check_cmd

