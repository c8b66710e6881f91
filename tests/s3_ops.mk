# tests/s3_ops.mk (included from Makefile.am): the S3 transport, the
# operations and the bucket/cors/presign commands.

# A scripted HTTP server for transport-fault tests (C tests link the
# functions; shell tests run the program).
HTTP_STUB_SOURCES = tests/helpers/http_stub.c tests/helpers/http_stub.h
check_PROGRAMS += tests/helpers/http_stub
tests_helpers_http_stub_SOURCES = tests/helpers/http_stub_main.c $(HTTP_STUB_SOURCES)
tests_helpers_http_stub_LDADD = $(RDM_LIBS)

check_PROGRAMS += tests/unit/test_s3_http
tests_unit_test_s3_http_SOURCES = tests/unit/test_s3_http.c
tests_unit_test_s3_http_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_s3_http_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_s3_http

check_PROGRAMS += tests/integration/test_s3_transport
tests_integration_test_s3_transport_SOURCES = tests/integration/test_s3_transport.c $(HTTP_STUB_SOURCES)
tests_integration_test_s3_transport_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests/helpers
tests_integration_test_s3_transport_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_s3_transport

check_PROGRAMS += tests/unit/test_s3_ops
tests_unit_test_s3_ops_SOURCES = tests/unit/test_s3_ops.c
tests_unit_test_s3_ops_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_s3_ops_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_s3_ops

check_PROGRAMS += tests/unit/test_cmd_s3
tests_unit_test_cmd_s3_SOURCES = tests/unit/test_cmd_s3.c
tests_unit_test_cmd_s3_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cmd_s3_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_cmd_s3

# Operations against the local servers (tests/servers): s3rver, MinIO, Ceph RGW.
check_PROGRAMS += tests/integration/test_s3_live
tests_integration_test_s3_live_SOURCES = tests/integration/test_s3_live.c $(TEST_SERVER_SOURCES)
tests_integration_test_s3_live_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_s3_live_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_s3_live

# The bucket/cors/presign commands of the built binary (uses http_stub and
# the local servers).
TESTS += tests/integration/test_s3_commands.sh
EXTRA_DIST += tests/integration/test_s3_commands.sh

# The network probes (src/s3/probe/local.mk) and their tests.
include $(srcdir)/tests/probe.mk
