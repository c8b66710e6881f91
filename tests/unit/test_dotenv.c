/* .env reader: docker compose's rules, provenance, duplicates, the fixture
 * variants, where python-dotenv would disagree, and bad input. */
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

static void load(struct dotenv *env, const char *rel)
{
	size_t len;
	char *data = tl_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (dotenv_parse(env, ".env", data, len, &err) < 0)
		tl_fail_error(rel, &err);
	free(data);
}

static const struct dotenv_entry *must_get(const struct dotenv *env, const char *key)
{
	const struct dotenv_entry *e = dotenv_get(env, key);
	if (!e)
		fail_msg("%s was not read", key);
	return e;
}

static void expect(const struct dotenv *env, const char *key, const char *value, unsigned line,
		   enum dotenv_quote quote, bool ambiguous)
{
	const struct dotenv_entry *e = must_get(env, key);
	if (!e->value || strcmp(e->value, value) != 0)
		fail_msg("%s: value '%s', expected '%s'", key, e->value ? e->value : "(null)", value);
	if (e->line != line || e->origin.line != line)
		fail_msg("%s: line %u, expected %u", key, e->line, line);
	if (e->quote != quote || e->ambiguous != ambiguous)
		fail_msg("%s: quote %d ambiguous %d", key, e->quote, e->ambiguous);
}

static void reader_cases(void **state)
{
	(void)state;
	struct dotenv env;
	load(&env, "dotenv/cases.env");
	expect(&env, "A", "a\nb", 2, DOTENV_DOUBLE, false);
	expect(&env, "B", "x'y", 3, DOTENV_SINGLE, false);
	expect(&env, "C", "a", 4, DOTENV_BARE, false);
	expect(&env, "D", "a#b", 5, DOTENV_BARE, false);
	expect(&env, "E", "x", 6, DOTENV_DOUBLE, false);
	expect(&env, "F", "", 7, DOTENV_BARE, false);
	const struct dotenv_entry *g = must_get(&env, "G");
	assert_int_equal(g->quote, DOTENV_INHERITED);
	assert_null(g->value);
	assert_int_equal(g->line, 8);
	expect(&env, "H", "yaml style", 9, DOTENV_BARE, true);
	expect(&env, "I", "$x", 10, DOTENV_BARE, true);
	expect(&env, "J", "${X}y", 11, DOTENV_BARE, false);
	assert_true(must_get(&env, "J")->interpolated);
	assert_false(must_get(&env, "I")->interpolated);
	expect(&env, "K", "two\nlines", 12, DOTENV_DOUBLE, false);
	assert_int_equal(must_get(&env, "K")->end_line, 13);
	expect(&env, "L", "a\\\\b", 14, DOTENV_SINGLE, true);
	expect(&env, "M", "second", 16, DOTENV_BARE, false);
	assert_int_equal(dotenv_count(&env, "M"), 2);
	assert_true(env.entries[12].overridden); /* M=first */
	assert_int_equal(env.entries[12].line, 15);
	assert_false(must_get(&env, "M")->overridden);
	expect(&env, "N", "trailing blanks", 17, DOTENV_BARE, false);
	expect(&env, "O", "exported", 18, DOTENV_BARE, false);
	assert_true(must_get(&env, "O")->exported);
	expect(&env, "P", "$HOME literal", 19, DOTENV_DOUBLE, true);
	assert_false(must_get(&env, "P")->interpolated);
	expect(&env, "Q", "$HOME", 20, DOTENV_BARE, true);
	assert_true(must_get(&env, "Q")->interpolated);
	expect(&env, "R", "spaced", 21, DOTENV_BARE, false);
	assert_int_equal(env.n_entries, 19);
	dotenv_free(&env);
}

static void variant_export_quotes(void **state)
{
	(void)state;
	struct dotenv env;
	load(&env, "dotenv/export-quotes.env");
	expect(&env, "INVENIO_S3_ACCESS_KEY_ID", "CHANGE_ME", 2, DOTENV_BARE, false);
	assert_true(must_get(&env, "INVENIO_S3_ACCESS_KEY_ID")->exported);
	expect(&env, "INVENIO_S3_SECRET_ACCESS_KEY", "CHANGE_ME", 3, DOTENV_DOUBLE, false);
	expect(&env, "INVENIO_S3_ENDPOINT_URL", "http://localhost:9000/", 4, DOTENV_SINGLE, false);
	/* `KEY=   # text`: compose (and python-dotenv) skip the blanks after '='
	 * and only cut at " #", so the value is the text, not empty */
	expect(&env, "INVENIO_S3_REGION_NAME", "# empty value, inline comment", 5, DOTENV_BARE, false);
	assert_true(must_get(&env, "INVENIO_S3_REGION_NAME")->hash_value);
	expect(&env, "INVENIO_S3_URL_EXPIRATION", "300", 6, DOTENV_BARE, false);
	expect(&env, "INVENIO_SEARCH_HOSTS", "['search:9200']", 7, DOTENV_DOUBLE, false);
	expect(&env, "MINIO_ROOT_PASSWORD", "pa#ss=word with spaces", 9, DOTENV_DOUBLE, false);
	expect(&env, "INDENTED_KEY", "value", 10, DOTENV_BARE, false);
	assert_int_equal(dotenv_count(&env, "INVENIO_S3_ACCESS_KEY_ID"), 1); /* the commented one is not read */
	assert_int_equal(env.n_entries, 9);
	assert_true(env.final_eol);
	assert_false(env.bom);
	dotenv_free(&env);
}

static void variant_crlf_bom(void **state)
{
	(void)state;
	struct dotenv env;
	load(&env, "dotenv/crlf-bom.env");
	assert_true(env.bom);
	assert_string_equal(env.eol, "\r\n");
	expect(&env, "INVENIO_S3_ACCESS_KEY_ID", "CHANGE_ME", 2, DOTENV_BARE, false);
	expect(&env, "INVENIO_S3_SECRET_ACCESS_KEY", "CHANGE_ME", 3, DOTENV_SINGLE, false);
	expect(&env, "MINIO_ROOT_USER", "CHANGE_ME", 4, DOTENV_BARE, false);
	expect(&env, "MINIO_ROOT_PASSWORD", "CHANGE_ME", 5, DOTENV_BARE, false);
	assert_int_equal(env.n_entries, 4);
	dotenv_free(&env);
}

struct bad_case {
	const char *text;
	size_t len;
	unsigned line;
	const char *message, *remedy;
};

static void bad_inputs(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "A=1\nB='never closed\nC=3\n", 0, 2, "quoted value is never closed", "add the closing quote" },
		{ "A=1\nMY KEY=1\n", 0, 2, "variable name contains a space", "remove the space" },
		{ "A*B=1\n", 0, 1, "unexpected character in a variable name", "NAME=value" },
		{ "A=\"x\" junk\n", 0, 1, "text follows the closing quote", "put a '#' before it" },
		{ "A=1\n=2\n", 0, 2, "no variable name", "NAME=value" },
		{ "A=1\nB=\x01\x00\x02\n", 10, 2, "not a text file (NUL byte)", "restore .env" },
		{ "A=1\nB=\xc3\x28\n", 0, 2, "not valid UTF-8", "re-save .env as UTF-8" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *c = &cases[i];
		struct dotenv env;
		struct rdm_error err = RDM_ERROR_INIT;
		size_t len = c->len ? c->len : strlen(c->text);
		assert_int_equal(dotenv_parse(&env, ".env", c->text, len, &err), -1);
		char *where = xasprintf(".env:%u", c->line);
		if (!err.message || !strstr(err.message, c->message) || !err.where ||
		    strcmp(err.where, where) != 0 || !err.remedy || !strstr(err.remedy, c->remedy))
			fail_msg("case %zu: got '%s' at '%s' fix '%s'", i, err.message, err.where, err.remedy);
		assert_int_equal(env.n_entries, 0);
		free(where);
		rdm_error_clear(&err);
		dotenv_free(&env);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reader_cases),
		cmocka_unit_test(variant_export_quotes),
		cmocka_unit_test(variant_crlf_bom),
		cmocka_unit_test(bad_inputs),
	};
	return cmocka_run_group_tests_name("dotenv", tests, NULL, NULL);
}
