# tests/release.mk (included from Makefile.am): what an operator and a
# packager get besides the binary: the --nagios report, the man pages, the
# bash completion, the systemd units, the `make install` layout.

check_PROGRAMS += tests/unit/test_report_nagios
TESTS += tests/unit/test_report_nagios
tests_unit_test_report_nagios_SOURCES = tests/unit/test_report_nagios.c
tests_unit_test_report_nagios_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_report_nagios_LDADD = $(TEST_LIBS)
