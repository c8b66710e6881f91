# tests/: cmocka unit tests, shell tests of the binary, integration tests
# against local S3 servers. Every test speaks TAP (cmocka via
# CMOCKA_MESSAGE_OUTPUT=TAP), so the automake logs count single cases.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_DRIVER = $(LOG_DRIVER)
# cmocka 1.1.5 prints a skip() as "not ok N # SKIP", which tap-driver counts
# as a failure; this wrapper turns it into TAP's "ok N # SKIP".
LOG_COMPILER = $(top_srcdir)/tests/helpers/cmocka-tap.sh
TEST_EXTENSIONS = .sh
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	RDM_S3_TEST_DATA='$(abs_top_srcdir)/tests/data'; export RDM_S3_TEST_DATA; \
	RDM_S3_TEST_RUN='$(abs_top_builddir)/tests/run'; export RDM_S3_TEST_RUN; \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	TZ=UTC; export TZ; LC_ALL=C; export LC_ALL; \
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE \
	  AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE AWS_REGION AWS_DEFAULT_REGION; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0; export ASAN_OPTIONS; \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1; export UBSAN_OPTIONS;
TEST_LIBS = $(RDM_LIBS) $(CMOCKA_LIBS)
TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

check_PROGRAMS += tests/unit/test_cli
tests_unit_test_cli_SOURCES = tests/unit/test_cli.c
tests_unit_test_cli_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cli_LDADD = $(TEST_LIBS)

TESTS += tests/unit/test_cli tests/unit/test_rdm_s3_binary.sh
EXTRA_DIST += tests/unit/test_rdm_s3_binary.sh
