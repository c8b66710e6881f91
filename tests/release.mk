# tests/release.mk (included from Makefile.am): what an operator and a
# packager get besides the binary: the --nagios report, the man pages, the
# bash completion, the systemd units, the `make install` layout.

check_PROGRAMS += tests/unit/test_report_nagios
TESTS += tests/unit/test_report_nagios
tests_unit_test_report_nagios_SOURCES = tests/unit/test_report_nagios.c
tests_unit_test_report_nagios_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_report_nagios_LDADD = $(TEST_LIBS)

# The manual pages against each command's help (data-driven: the commands
# come from `rdm-s3 --help`).
TESTS += tests/unit/test_man_pages.sh
EXTRA_DIST += tests/unit/test_man_pages.sh

# The bash completion, driven through bash's complete, against the binary
# and a real MinIO (bucket names); uses tests/helpers/http_stub.
TESTS += tests/integration/test_completion.sh
EXTRA_DIST += tests/integration/test_completion.sh

# The systemd units: systemd-analyze verify, and their ExecStart line run
# against a real MinIO, its textfile checked by promtool (Debian's
# prometheus package; tests/tools/promtool.sh fetches only promtool).
TESTS += tests/integration/test_systemd_units.sh
EXTRA_DIST += tests/integration/test_systemd_units.sh tests/tools/promtool.sh

# `make install DESTDIR=...` and its layout: binary, man pages (one per
# command), bash completion, systemd units, schema, sample instance and the
# message catalogs of po/LINGUAS, all below the configured folders.
TESTS += tests/integration/test_install_layout.sh
EXTRA_DIST += tests/integration/test_install_layout.sh
AM_TESTS_ENVIRONMENT += MAKE='$(MAKE)'; export MAKE;

# The installation folders, expanded, one NAME=VALUE a line (for that test
# and for packagers who want to see where things go).
print-install-dirs:
	@echo prefix='$(prefix)'; echo bindir='$(bindir)'; echo mandir='$(mandir)'; \
	echo pkgdatadir='$(pkgdatadir)'; echo localedir='$(localedir)'; \
	echo bashcompletiondir='$(bashcompletiondir)'; \
	echo systemdsystemunitdir='$(systemdsystemunitdir)'
.PHONY: print-install-dirs
