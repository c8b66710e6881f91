# tests/s3_admin.mk (included from Makefile.am): the key-management APIs
# of src/s3/admin (MinIO admin, Ceph RGW admin ops, IAM).

check_PROGRAMS += tests/unit/test_madmin_crypt
tests_unit_test_madmin_crypt_SOURCES = tests/unit/test_madmin_crypt.c
tests_unit_test_madmin_crypt_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_madmin_crypt_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_madmin_crypt

check_PROGRAMS += tests/unit/test_admin_secret
tests_unit_test_admin_secret_SOURCES = tests/unit/test_admin_secret.c
tests_unit_test_admin_secret_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_admin_secret_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_admin_secret
EXTRA_DIST += tests/data/sio/test_vectors.json tests/data/sio/LICENSE tests/data/sio/README \
	tests/data/madmin/vectors.json tests/data/madmin/make_vectors.py

# Against the local servers: MinIO, Ceph RGW, moto (IAM).
check_PROGRAMS += tests/integration/test_admin_live
tests_integration_test_admin_live_SOURCES = tests/integration/test_admin_live.c $(TEST_SERVER_SOURCES)
tests_integration_test_admin_live_CFLAGS = $(TEST_CFLAGS)
tests_integration_test_admin_live_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_admin_live

# IAM error paths with canned AWS answers (tests/helpers/http_stub).
check_PROGRAMS += tests/integration/test_iam_stub
tests_integration_test_iam_stub_SOURCES = tests/integration/test_iam_stub.c $(HTTP_STUB_SOURCES)
tests_integration_test_iam_stub_CFLAGS = $(TEST_CFLAGS) -I$(top_srcdir)/tests/helpers
tests_integration_test_iam_stub_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_iam_stub

# The admin credentials file (src/util/creds_file.c, private reader).
check_PROGRAMS += tests/unit/test_creds_file
tests_unit_test_creds_file_SOURCES = tests/unit/test_creds_file.c
tests_unit_test_creds_file_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_creds_file_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_creds_file
