/* Helpers of the compose tests: fixtures under
 * $RDM_S3_TEST_DATA/instance/compose, golden comparison (with a regenerate
 * switch for reviewed updates), and error assertions. */
#ifndef RDM_TEST_COMPOSE_UTIL_H
#define RDM_TEST_COMPOSE_UTIL_H
#include <stddef.h>

#include "instance/compose/compose.h"

/* Bytes of instance/compose/<rel>; fails the test when unreadable. */
char *tc_read(const char *rel, size_t *len);
/* Parse instance/compose/<rel> under the name <rel>; fails on error. */
struct compose_doc *tc_load(const char *rel);
/* Parse a string under `name`; fails on error. */
struct compose_doc *tc_parse(const char *name, const char *text);
/* Fail unless got[0..len) equals instance/compose/<rel>, byte for byte. With
 * RDM_S3_REGEN_GOLDEN=1 the file is (re)written instead: review each one. On
 * a mismatch the actual bytes are saved under $RDM_S3_TEST_RUN. */
void tc_assert_golden(const char *rel, const char *got, size_t len);
/* Fail with the formatted error. */
void tc_fail_error(const char *what, struct rdm_error *err);
/* Assert the edit failed with err->where == where (exactly), a message
 * containing `needle` and a remedy; then clear err. */
void tc_assert_error(struct rdm_error *err, const char *where, const char *needle);
/* The text of 1-based line `line` (without its line ending), newly allocated. */
char *tc_line(const char *text, size_t len, unsigned line);

#endif
