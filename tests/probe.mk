# tests/probe.mk (included from tests/s3_ops.mk): the network probes of
# src/s3/probe/probe.h against small servers the tests run in threads
# (tests/unit/probe_server.c): DNS, TCP, TLS, server clock, MinIO health.
PROBE_SERVER_SRCS = tests/unit/probe_server.c tests/unit/probe_server.h

check_PROGRAMS += tests/unit/test_probe_net tests/unit/test_probe_tls
TESTS += tests/unit/test_probe_net tests/unit/test_probe_tls

tests_unit_test_probe_net_SOURCES = tests/unit/test_probe_net.c $(PROBE_SERVER_SRCS)
tests_unit_test_probe_net_CFLAGS = $(TEST_CFLAGS) -pthread
tests_unit_test_probe_net_LDADD = $(TEST_LIBS) -lpthread

tests_unit_test_probe_tls_SOURCES = tests/unit/test_probe_tls.c $(PROBE_SERVER_SRCS)
tests_unit_test_probe_tls_CFLAGS = $(TEST_CFLAGS) -pthread
tests_unit_test_probe_tls_LDADD = $(TEST_LIBS) -lpthread
