# tests/servers/local.mk (included from Makefile.am): local S3 servers for
# the tests (MinIO, Ceph RGW, s3rver, moto), the C helper that cmocka tests use to
# get them, and the tests of both. See tests/servers/README.

# For other test programs that need a server:
#   tests_x_SOURCES = tests/x/test_x.c $(TEST_SERVER_SOURCES)
# and in the .c: #include "../helpers/test_server.h"
TEST_SERVER_SOURCES = tests/helpers/test_server.c tests/helpers/test_server.h

TEST_SERVER_FILES = \
	tests/servers/lib.sh \
	tests/servers/ensure.sh \
	tests/servers/stop-all.sh \
	tests/servers/watchdog.sh \
	tests/servers/minio/install.sh \
	tests/servers/minio/start.sh \
	tests/servers/minio/stop.sh \
	tests/servers/ceph/start.sh \
	tests/servers/ceph/stop.sh \
	tests/servers/s3rver/install.sh \
	tests/servers/s3rver/start.sh \
	tests/servers/s3rver/stop.sh \
	tests/servers/s3rver/run.js \
	tests/servers/s3rver/package.json \
	tests/servers/s3rver/package-lock.json \
	tests/servers/moto/install.sh \
	tests/servers/moto/start.sh \
	tests/servers/moto/stop.sh \
	tests/servers/moto/run.py

EXTRA_DIST += $(TEST_SERVER_FILES) \
	tests/helpers/cmocka-tap.sh \
	tests/servers/README \
	tests/servers/minio/README \
	tests/servers/ceph/README \
	tests/servers/s3rver/README \
	tests/servers/moto/README \
	tests/integration/test_servers.sh \
	tests/integration/test_servers_errors.sh

check_PROGRAMS += tests/helpers/busy_port tests/servers/test_server_reach
tests_helpers_busy_port_SOURCES = tests/helpers/busy_port.c
tests_servers_test_server_reach_SOURCES = tests/servers/test_server_reach.c $(TEST_SERVER_SOURCES)
tests_servers_test_server_reach_CFLAGS = $(TEST_CFLAGS)
tests_servers_test_server_reach_LDADD = $(TEST_LIBS)

TESTS += \
	tests/servers/test_server_reach \
	tests/integration/test_servers.sh \
	tests/integration/test_servers_errors.sh \
	tests/servers/stop-all.sh

# stop-all.sh stops the servers shared by this run, so it runs last: its log
# depends on every other test's log (GNU make; -Wno-portability is on).
tests/servers/stop-all.log: $(filter-out tests/servers/stop-all.log,$(TEST_LOGS))

# `make check TESTS=...` leaves out stop-all.sh: stop the shared servers by
# hand (their watchdog stops them anyway after RDM_S3_SERVER_TTL seconds
# unused, default 1800).
stop-test-servers:
	@RDM_S3_TEST_RUN='$(abs_top_builddir)/tests/run' $(SHELL) $(srcdir)/tests/servers/stop-all.sh
.PHONY: stop-test-servers

# tests/run is the scratch dir of make check: stop what may still run from
# it, then remove it (distcheck requires a clean build dir after distclean).
clean-local: clean-local-test-servers
clean-local-test-servers:
	-@if test -d tests/run; then \
	  RDM_S3_TEST_RUN='$(abs_top_builddir)/tests/run' $(SHELL) $(srcdir)/tests/servers/stop-all.sh >/dev/null 2>&1; \
	  rm -rf tests/run; \
	fi
.PHONY: clean-local-test-servers
