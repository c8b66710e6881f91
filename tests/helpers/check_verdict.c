#include "config.h"
#include "check_verdict.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

void test_check_eval(const char *id, const struct check_facts *f, struct check_result *r)
{
	const struct check *c = check_find(check_table, id);
	assert_non_null(c);
	check_result_init(r, c);
	c->verdict(f, r);
	assert_non_null(r->message);
}

void test_check_expect(const char *id, const struct check_facts *f, enum check_status s,
		       const char *needle)
{
	struct check_result r;
	test_check_eval(id, f, &r);
	assert_int_equal(r.status, s);
	if (needle)
		assert_non_null(strstr(r.message, needle));
	check_result_clear(&r);
}
