/* Running one check's verdict on canned facts, for the verdict tests
 * (test_check_net, test_check_s3, test_check_config). cmocka asserts. */
#ifndef RDM_TESTS_CHECK_VERDICT_H
#define RDM_TESTS_CHECK_VERDICT_H

#include "ops/check/check.h"

/* Initialises r and runs the verdict of check id on f; asserts that the
 * check exists and that the verdict wrote a message. The caller clears r. */
void test_check_eval(const char *id, const struct check_facts *f, struct check_result *r);

/* test_check_eval, then asserts the status s and, unless needle is NULL,
 * that the message contains needle; clears the result. */
void test_check_expect(const char *id, const struct check_facts *f, enum check_status s,
		       const char *needle);

#endif
