# tests/ops.mk (included from Makefile.am): health-check tests (src/ops).
# Verdicts from canned facts, the runner with a fake probe, report writers.

# The tests' JSON Schema subset validator (check-report.schema.json is in
# data/, installed and distributed by src/ops/check/local.mk).
JSON_SCHEMA_SOURCES = tests/helpers/json_schema.c tests/helpers/json_schema.h

# Running one verdict on canned facts (the three verdict tests).
CHECK_VERDICT_SOURCES = tests/helpers/check_verdict.c tests/helpers/check_verdict.h

CHECK_TESTS = \
	tests/unit/test_check_net \
	tests/unit/test_check_s3 \
	tests/unit/test_check_config \
	tests/unit/test_check_run \
	tests/unit/test_check_report

check_PROGRAMS += $(CHECK_TESTS)
TESTS += $(CHECK_TESTS)

tests_unit_test_check_net_SOURCES = tests/unit/test_check_net.c $(CHECK_VERDICT_SOURCES)
tests_unit_test_check_net_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_check_net_LDADD = $(TEST_LIBS)

tests_unit_test_check_s3_SOURCES = tests/unit/test_check_s3.c $(CHECK_VERDICT_SOURCES)
tests_unit_test_check_s3_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_check_s3_LDADD = $(TEST_LIBS)

tests_unit_test_check_config_SOURCES = tests/unit/test_check_config.c $(CHECK_VERDICT_SOURCES)
tests_unit_test_check_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_check_config_LDADD = $(TEST_LIBS)

tests_unit_test_check_run_SOURCES = tests/unit/test_check_run.c
tests_unit_test_check_run_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_check_run_LDADD = $(TEST_LIBS)

tests_unit_test_check_report_SOURCES = tests/unit/test_check_report.c $(JSON_SCHEMA_SOURCES)
tests_unit_test_check_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_check_report_LDADD = $(TEST_LIBS)
