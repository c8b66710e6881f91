# tests/s3_model.mk (included from Makefile.am): unit tests of the S3 data
# model (XML, CORS, errors, bucket names, endpoints). Canned responses live
# in tests/data/s3 (listed as a directory: EXTRA_DIST copies it whole; its
# README says where each file comes from).
S3MODEL_HELPER_SRCS = tests/unit/s3_model_data.c tests/unit/s3_model_data.h
EXTRA_DIST += tests/data/s3

S3MODEL_TESTS = tests/unit/test_s3_error tests/unit/test_s3_xml tests/unit/test_cors \
	tests/unit/test_bucket_name tests/unit/test_endpoint
check_PROGRAMS += $(S3MODEL_TESTS)
TESTS += $(S3MODEL_TESTS)

tests_unit_test_s3_error_SOURCES = tests/unit/test_s3_error.c $(S3MODEL_HELPER_SRCS)
tests_unit_test_s3_error_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_s3_error_LDADD = $(TEST_LIBS)

tests_unit_test_s3_xml_SOURCES = tests/unit/test_s3_xml.c $(S3MODEL_HELPER_SRCS)
tests_unit_test_s3_xml_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_s3_xml_LDADD = $(TEST_LIBS)

tests_unit_test_cors_SOURCES = tests/unit/test_cors.c $(S3MODEL_HELPER_SRCS)
tests_unit_test_cors_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cors_LDADD = $(TEST_LIBS)

tests_unit_test_bucket_name_SOURCES = tests/unit/test_bucket_name.c
tests_unit_test_bucket_name_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_bucket_name_LDADD = $(TEST_LIBS)

tests_unit_test_endpoint_SOURCES = tests/unit/test_endpoint.c
tests_unit_test_endpoint_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_endpoint_LDADD = $(TEST_LIBS)
