/* Bucket-name rules of general purpose buckets (AWS user guide,
 * "General purpose bucket naming rules"): one row per rule, with names
 * just inside and just outside each limit. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "s3/model/bucket_name.h"

struct name_case {
	const char *name;
	enum s3_bucket_name_rule rule;
};

#define L63 "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123"
#define L64 L63 "4"

static const struct name_case cases[] = {
	/* valid */
	{ "default", S3_BUCKET_NAME_OK },
	{ "abc", S3_BUCKET_NAME_OK },
	{ L63, S3_BUCKET_NAME_OK },
	{ "rdm-files.example.org", S3_BUCKET_NAME_OK },
	{ "1bucket9", S3_BUCKET_NAME_OK },
	{ "a-b.c-d", S3_BUCKET_NAME_OK },
	{ "192.168.5", S3_BUCKET_NAME_OK },      /* three groups: not an address */
	{ "192.168.5.4a", S3_BUCKET_NAME_OK },   /* letters: not an address */
	{ "1234.5.6.7", S3_BUCKET_NAME_OK },     /* a 4-digit group: not an address */
	{ "my-xn--bucket", S3_BUCKET_NAME_OK },  /* prefix rules apply at the start only */
	{ "s3alias-bucket", S3_BUCKET_NAME_OK }, /* suffix rules apply at the end only */
	{ "bucket-s3alias1", S3_BUCKET_NAME_OK },
	/* length */
	{ "", S3_BUCKET_NAME_TOO_SHORT },
	{ "ab", S3_BUCKET_NAME_TOO_SHORT },
	{ L64, S3_BUCKET_NAME_TOO_LONG },
	/* characters */
	{ "MyBucket", S3_BUCKET_NAME_UPPERCASE },
	{ "my_bucket", S3_BUCKET_NAME_BAD_CHAR },
	{ "my bucket", S3_BUCKET_NAME_BAD_CHAR },
	{ "bucket/key", S3_BUCKET_NAME_BAD_CHAR },
	{ "b\xc3\xa4" "cket", S3_BUCKET_NAME_BAD_CHAR },
	/* first and last character */
	{ "-bucket", S3_BUCKET_NAME_BAD_START },
	{ ".bucket", S3_BUCKET_NAME_BAD_START },
	{ "bucket-", S3_BUCKET_NAME_BAD_END },
	{ "bucket.", S3_BUCKET_NAME_BAD_END },
	/* dots */
	{ "my..bucket", S3_BUCKET_NAME_DOUBLE_DOT },
	{ "192.168.5.4", S3_BUCKET_NAME_IP_ADDRESS },
	{ "10.0.0.1", S3_BUCKET_NAME_IP_ADDRESS },
	{ "999.999.999.999", S3_BUCKET_NAME_IP_ADDRESS }, /* "formatted as" an address */
	/* reserved */
	{ "xn--bucket", S3_BUCKET_NAME_RESERVED_PREFIX },
	{ "sthree-bucket", S3_BUCKET_NAME_RESERVED_PREFIX },
	{ "amzn-s3-demo-bucket", S3_BUCKET_NAME_RESERVED_PREFIX },
	{ "bucket-s3alias", S3_BUCKET_NAME_RESERVED_SUFFIX },
	{ "bucket--ol-s3", S3_BUCKET_NAME_RESERVED_SUFFIX },
	{ "bucket.mrap", S3_BUCKET_NAME_RESERVED_SUFFIX },
	{ "bucket--x-s3", S3_BUCKET_NAME_RESERVED_SUFFIX },
};

static void test_rules_table(void **state)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct rdm_error err = RDM_ERROR_INIT;
		enum s3_bucket_name_rule got = s3_bucket_name_check(cases[i].name, &err);
		if (got != cases[i].rule)
			fail_msg("\"%s\": want rule %d (%s), got %d (%s)", cases[i].name, cases[i].rule,
				 s3_bucket_name_rule_text(cases[i].rule), got,
				 s3_bucket_name_rule_text(got));
		if (got == S3_BUCKET_NAME_OK) {
			assert_null(err.message);
		} else {
			/* The message quotes the name and says which rule. */
			assert_non_null(err.message);
			assert_non_null(strstr(err.message, cases[i].name));
			assert_non_null(strstr(err.message, s3_bucket_name_rule_text(got)));
			assert_non_null(err.remedy);
			assert_string_equal(err.where, "bucket name");
		}
		/* err is optional */
		assert_int_equal(s3_bucket_name_check(cases[i].name, NULL), cases[i].rule);
		rdm_error_clear(&err);
	}
}

static void test_bad_character_position(void **state)
{
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_bucket_name_check("ab_c", &err), S3_BUCKET_NAME_BAD_CHAR);
	assert_non_null(strstr(err.message, "(character 3)"));
	assert_int_equal(s3_bucket_name_check("abC", &err), S3_BUCKET_NAME_UPPERCASE);
	assert_non_null(strstr(err.message, "(character 3)"));
	rdm_error_clear(&err);
}

static void test_null_name(void **state)
{
	assert_int_equal(s3_bucket_name_check(NULL, NULL), S3_BUCKET_NAME_TOO_SHORT);
	assert_false(s3_bucket_name_virtual_host_safe(NULL));
}

static void test_rule_texts_distinct(void **state)
{
	for (int a = S3_BUCKET_NAME_OK; a <= S3_BUCKET_NAME_RESERVED_SUFFIX; a++)
		for (int b = a + 1; b <= S3_BUCKET_NAME_RESERVED_SUFFIX; b++)
			assert_string_not_equal(s3_bucket_name_rule_text(a), s3_bucket_name_rule_text(b));
}

static void test_virtual_host_safe(void **state)
{
	assert_true(s3_bucket_name_virtual_host_safe("rdm-files"));
	assert_false(s3_bucket_name_virtual_host_safe("rdm.files"));  /* wildcard certificates */
	assert_false(s3_bucket_name_virtual_host_safe("Rdm_files"));  /* not a DNS label */
	assert_false(s3_bucket_name_virtual_host_safe("ab"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_table),
		cmocka_unit_test(test_bad_character_position),
		cmocka_unit_test(test_null_name),
		cmocka_unit_test(test_rule_texts_distinct),
		cmocka_unit_test(test_virtual_host_safe),
	};
	return cmocka_run_group_tests_name("bucket_name", tests, NULL, NULL);
}
