# tests/agree.mk (included from Makefile.am): rdm-s3 against what the real
# clients do (issue 14): InvenioRDM's own configuration loader (PyPI, in a
# test-only virtual environment), headless Chromium, botocore's uploads.
EXTRA_DIST += \
	tests/invenio/install.sh \
	tests/integration/pyliteral_table.py \
	tests/integration/invenio_loader.py \
	tests/integration/test_invenio_loader.sh \
	tests/integration/browser_page.py \
	tests/integration/test_cors_browser.sh \
	tests/integration/test_boto_uploads.sh \
	tests/integration/test_aws_path.sh

TESTS += tests/integration/test_invenio_loader.sh tests/integration/test_cors_browser.sh \
	tests/integration/test_boto_uploads.sh tests/integration/test_aws_path.sh

check_PROGRAMS += tests/unit/test_s3_client_compat
tests_unit_test_s3_client_compat_SOURCES = tests/unit/test_s3_client_compat.c
tests_unit_test_s3_client_compat_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_s3_client_compat_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_s3_client_compat
