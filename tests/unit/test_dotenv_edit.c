/* .env editor: golden byte-exact edits on the variants, idempotence,
 * read-back with unchanged provenance, quoting for both readers, removal,
 * a file created from scratch. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/dotenv/dotenv.h"
#include "test_lines_util.h"
#include "util/xalloc.h"

#define SECRET "se'cr\"et\\key"
static const char *const s3_keys[] = { "INVENIO_S3_ENDPOINT_URL", "INVENIO_S3_ACCESS_KEY_ID",
				       "INVENIO_S3_SECRET_ACCESS_KEY", "INVENIO_S3_REGION_NAME",
				       "INVENIO_FILES_REST_STORAGE_FACTORY" };
static const char *const s3_values[] = { "https://s3.example.org:9000", "AKIA-EXAMPLE-1", SECRET,
					 "eu-west-1", "invenio_s3.s3fs_storage_factory" };
#define N_S3 (sizeof(s3_keys) / sizeof(s3_keys[0]))

static void load(struct dotenv *env, const char *rel)
{
	size_t len;
	char *data = tl_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (dotenv_parse(env, ".env", data, len, &err) < 0)
		tl_fail_error(rel, &err);
	free(data);
}

static int apply_s3(struct dotenv *env)
{
	int changed = 0;
	for (size_t i = 0; i < N_S3; i++) {
		struct rdm_error err = RDM_ERROR_INIT;
		int rc = dotenv_set(env, s3_keys[i], s3_values[i], &err);
		if (rc < 0)
			tl_fail_error(s3_keys[i], &err);
		changed += rc;
	}
	return changed;
}

static bool is_s3_key(const char *key)
{
	for (size_t i = 0; i < N_S3; i++)
		if (strcmp(key, s3_keys[i]) == 0)
			return true;
	return false;
}

static void check_read_back(const struct dotenv *before, const struct buf *text)
{
	struct dotenv after;
	struct rdm_error err = RDM_ERROR_INIT;
	if (dotenv_parse(&after, ".env", text->data, text->len, &err) < 0)
		tl_fail_error("re-reading the edited .env", &err);
	for (size_t i = 0; i < N_S3; i++) {
		const struct dotenv_entry *e = dotenv_get(&after, s3_keys[i]);
		assert_non_null(e);
		assert_string_equal(e->value, s3_values[i]);
		assert_false(e->ambiguous);
		assert_false(e->interpolated);
	}
	for (size_t i = 0; i < before->n_entries; i++) {
		const struct dotenv_entry *b = &before->entries[i];
		if (is_s3_key(b->key))
			continue;
		const struct dotenv_entry *a = dotenv_get(&after, b->key);
		if (!a || a->line != b->line || strcmp(a->value, b->value) != 0 || a->quote != b->quote)
			fail_msg("%s (line %u) lost its provenance or value", b->key, b->line);
	}
	dotenv_free(&after);
}

static void golden_case(const char *input, const char *expected)
{
	struct dotenv env, orig;
	load(&env, input);
	load(&orig, input);
	assert_true(apply_s3(&env) > 0);
	tl_assert_golden(expected, env.text.data, env.text.len);
	check_read_back(&orig, &env.text);
	char *once = xstrndup(env.text.data, env.text.len);
	size_t once_len = env.text.len;
	assert_int_equal(apply_s3(&env), 0);
	assert_int_equal(env.text.len, once_len);
	assert_memory_equal(env.text.data, once, once_len);
	free(once);
	dotenv_free(&env);
	dotenv_free(&orig);
}

static void golden_export_quotes(void **state)
{
	(void)state;
	golden_case("dotenv/export-quotes.env", "dotenv/export-quotes.s3.expected");
}

static void golden_crlf_bom(void **state)
{
	(void)state;
	golden_case("dotenv/crlf-bom.env", "dotenv/crlf-bom.s3.expected");
}

static void golden_cases(void **state)
{
	(void)state;
	/* colon style, inherited key, duplicates, trailing comment, no final newline */
	struct dotenv env;
	struct rdm_error err = RDM_ERROR_INIT;
	static const char text[] = "H: yaml\nG\nM=1\nM=2 # keep\n  export X=\"old\"  # note\nLAST=x";
	assert_int_equal(dotenv_parse(&env, ".env", text, sizeof(text) - 1, &err), 0);
	assert_int_equal(dotenv_set(&env, "H", "v", &err), 1);
	assert_int_equal(dotenv_set(&env, "G", "now set", &err), 1);
	assert_int_equal(dotenv_set(&env, "M", "3", &err), 1);
	assert_int_equal(dotenv_set(&env, "X", "new value", &err), 1);
	assert_int_equal(dotenv_set(&env, "NEW", "n", &err), 1);
	assert_string_equal(env.text.data, "H=v\nG='now set'\nM=1\nM=3 # keep\n"
					   "  export X=\"new value\"  # note\nLAST=x\nNEW=n\n");
	for (size_t i = 0; i < env.n_entries; i++)
		assert_false(env.entries[i].ambiguous);
	assert_int_equal(dotenv_get(&env, "X")->line, 5);
	dotenv_free(&env);
}

/* Every form must read back as the value with both readers (the reader
 * flags python-dotenv disagreements as `ambiguous`). */
static void quoting(void **state)
{
	(void)state;
	static const struct {
		const char *value, *expected;
		enum dotenv_quote prefer;
	} cases[] = {
		{ "abc", "abc", DOTENV_BARE },
		{ "", "", DOTENV_BARE },
		{ "a b", "'a b'", DOTENV_BARE },
		{ "a#b", "'a#b'", DOTENV_BARE },
		{ "a\"b", "'a\"b'", DOTENV_BARE },
		{ "$HOME", "'$HOME'", DOTENV_BARE },
		{ "it's", "\"it's\"", DOTENV_BARE },
		{ "it's $x", "'it\\'s $x'", DOTENV_BARE },
		{ "a\\b", "\"a\\\\b\"", DOTENV_BARE },
		{ SECRET, "\"se'cr\\\"et\\\\key\"", DOTENV_BARE },
		{ "l1\nl2\tx", "\"l1\\nl2\\tx\"", DOTENV_BARE },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'", DOTENV_BARE },
		{ "abc", "\"abc\"", DOTENV_DOUBLE },
		{ "abc", "'abc'", DOTENV_SINGLE },
		{ "$x", "'$x'", DOTENV_DOUBLE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf lit = BUF_INIT, src = BUF_INIT;
		assert_int_equal(dotenv_quote_value(&lit, cases[i].value, cases[i].prefer, NULL), 0);
		if (strcmp(buf_str(&lit), cases[i].expected) != 0)
			fail_msg("case %zu: got [%s], expected [%s]", i, buf_str(&lit), cases[i].expected);
		buf_printf(&src, "K=%s\n", buf_str(&lit));
		struct dotenv env;
		assert_int_equal(dotenv_parse(&env, ".env", src.data, src.len, NULL), 0);
		const struct dotenv_entry *e = dotenv_get(&env, "K");
		assert_string_equal(e->value, cases[i].value);
		assert_false(e->ambiguous);
		assert_false(e->interpolated);
		dotenv_free(&env);
		buf_free(&lit);
		buf_free(&src);
	}
	static const char *const refused[] = { "$x\\", "a\x01", "$x\n", "bad\xff" };
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct buf lit = BUF_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		assert_int_equal(dotenv_quote_value(&lit, refused[i], DOTENV_BARE, &err), -1);
		assert_non_null(err.message);
		rdm_error_clear(&err);
		buf_free(&lit);
	}
}

static void refusals_keep_text(void **state)
{
	(void)state;
	struct dotenv env;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&env, "dotenv/export-quotes.env");
	size_t len = env.text.len;
	char *before = xstrndup(env.text.data, len);
	assert_int_equal(dotenv_set(&env, "INVENIO_S3_SECRET_ACCESS_KEY", "$a\\b", &err), -1);
	assert_non_null(strstr(err.message, "cannot write INVENIO_S3_SECRET_ACCESS_KEY to .env"));
	assert_null(strstr(err.message, "$a")); /* the secret is not echoed */
	assert_non_null(err.remedy);
	rdm_error_clear(&err);
	assert_int_equal(dotenv_set(&env, "BAD-NAME", "x", &err), -1);
	assert_non_null(strstr(err.message, "not a valid variable name"));
	rdm_error_clear(&err);
	assert_int_equal(env.text.len, len);
	assert_memory_equal(env.text.data, before, len);
	free(before);
	dotenv_free(&env);
}

static void remove_lines(void **state)
{
	(void)state;
	struct dotenv env;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&env, "dotenv/crlf-bom.env");
	assert_int_equal(dotenv_remove(&env, "INVENIO_S3_ACCESS_KEY_ID", &err), 1);
	assert_int_equal(dotenv_remove(&env, "MINIO_ROOT_PASSWORD", &err), 1);
	assert_int_equal(dotenv_remove(&env, "MINIO_ROOT_PASSWORD", &err), 0);
	assert_string_equal(env.text.data, "\xef\xbb\xbf# Variant: .env with CRLF endings and a BOM\r\n"
					   "INVENIO_S3_SECRET_ACCESS_KEY='CHANGE_ME'\r\n"
					   "MINIO_ROOT_USER=CHANGE_ME\r\n");
	dotenv_free(&env);
	static const char text[] = "A=1\nD=x\nB=2\nD=y";
	assert_int_equal(dotenv_parse(&env, ".env", text, sizeof(text) - 1, &err), 0);
	assert_int_equal(dotenv_remove(&env, "D", &err), 1); /* both lines; still no final newline */
	assert_string_equal(env.text.data, "A=1\nB=2");
	dotenv_free(&env);
}

static void from_scratch(void **state)
{
	(void)state;
	struct dotenv env;
	struct rdm_error err = RDM_ERROR_INIT;
	dotenv_init_empty(&env, ".env");
	assert_int_equal(env.n_entries, 0);
	assert_int_equal(dotenv_set(&env, "INVENIO_S3_ACCESS_KEY_ID", "AKIA-1", &err), 1);
	assert_int_equal(dotenv_set(&env, "INVENIO_S3_SECRET_ACCESS_KEY", SECRET, &err), 1);
	assert_int_equal(dotenv_set(&env, "INVENIO_S3_ACCESS_KEY_ID", "AKIA-1", &err), 0);
	assert_string_equal(env.text.data, "INVENIO_S3_ACCESS_KEY_ID=AKIA-1\n"
					   "INVENIO_S3_SECRET_ACCESS_KEY=\"se'cr\\\"et\\\\key\"\n");
	assert_int_equal(dotenv_get(&env, "INVENIO_S3_SECRET_ACCESS_KEY")->line, 2);
	dotenv_free(&env);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_export_quotes),
		cmocka_unit_test(golden_crlf_bom),
		cmocka_unit_test(golden_cases),
		cmocka_unit_test(quoting),
		cmocka_unit_test(refusals_keep_text),
		cmocka_unit_test(remove_lines),
		cmocka_unit_test(from_scratch),
	};
	return cmocka_run_group_tests_name("dotenv_edit", tests, NULL, NULL);
}
