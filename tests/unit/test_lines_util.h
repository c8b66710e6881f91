/* Helpers of the invenio.cfg / .env / .invenio tests: read fixtures from
 * $RDM_S3_TEST_DATA/instance and compare edits with golden files byte by
 * byte (on a mismatch the actual bytes go to $RDM_S3_TEST_RUN). */
#ifndef RDM_TEST_LINES_UTIL_H
#define RDM_TEST_LINES_UTIL_H
#include <stddef.h>

#include "util/error.h"

/* Contents of $RDM_S3_TEST_DATA/instance/<rel> (NUL-terminated, *len bytes);
 * fails the test when it cannot be read. */
char *tl_read(const char *rel, size_t *len);
/* Fail unless got[0..len) equals the file instance/<rel_expected>. With
 * RDM_S3_REGEN_GOLDEN=1 the file is (re)written instead: review each one. */
void tl_assert_golden(const char *rel_expected, const char *got, size_t len);
/* Fail with the formatted error. */
void tl_fail_error(const char *what, struct rdm_error *err);
/* 1-based line of the first occurrence of needle in text, 0 if absent. */
unsigned tl_line_of(const char *text, const char *needle);

#endif
