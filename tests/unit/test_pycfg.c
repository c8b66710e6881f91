/* invenio.cfg reader: what is and is not a top-level assignment, literal
 * decoding, provenance, duplicates, the CSP append, and bad input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/pycfg/pycfg.h"
#include "test_lines_util.h"
#include "util/xalloc.h"

static void load(struct pycfg *cfg, const char *rel)
{
	size_t len;
	char *data = tl_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(cfg, "invenio.cfg", data, len, &err) < 0)
		tl_fail_error(rel, &err);
	free(data);
}

static const struct pycfg_assign *must_get(const struct pycfg *cfg, const char *name)
{
	const struct pycfg_assign *a = pycfg_get(cfg, name);
	if (!a)
		fail_msg("%s was not read", name);
	return a;
}

static void sample_settings(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/sample.cfg");
	const struct pycfg_assign *a = must_get(&cfg, "S3_ENDPOINT_URL");
	assert_string_equal(a->value, "http://localhost:9000/");
	assert_true(a->simple);
	assert_int_equal(a->type, PYCFG_STR);
	assert_int_equal(a->quote, '\'');
	assert_int_equal(a->line, 73);
	assert_int_equal(a->origin.kind, INST_ORIGIN_FILE);
	assert_string_equal(a->origin.file, "invenio.cfg");
	assert_int_equal(a->origin.line, 73);
	a = must_get(&cfg, "SECRET_KEY"); /* SECRET_KEY="CHANGE_ME": no spaces */
	assert_string_equal(a->value, "CHANGE_ME");
	assert_int_equal(a->quote, '"');
	assert_int_equal(a->line, 21);
	a = must_get(&cfg, "SEND_FILE_MAX_AGE_DEFAULT");
	assert_int_equal(a->type, PYCFG_INT);
	assert_string_equal(a->value, "300");
	a = must_get(&cfg, "DATACITE_ENABLED");
	assert_int_equal(a->type, PYCFG_BOOL);
	assert_string_equal(a->value, "False");
	a = must_get(&cfg, "APP_DEFAULT_SECURE_HEADERS");
	assert_false(a->simple);
	assert_int_equal(a->type, PYCFG_OTHER);
	assert_int_equal(a->line, 35);
	assert_int_equal(a->end_line, 52);
	assert_null(a->value);
	assert_int_equal(cfg.csp_append_line, 78);
	assert_int_equal(cfg.block_begin_line, 0);
	assert_false(cfg.bom);
	assert_string_equal(cfg.eol, "\n");
	assert_true(cfg.final_eol);
	assert_null(pycfg_get(&cfg, "S3_REGION_NAME"));
	pycfg_free(&cfg);
}

/* The docstring and the ''' string hold S3-looking lines: never settings. */
static void multiline_not_fooled(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/multiline-s3-present.cfg");
	assert_int_equal(pycfg_count(&cfg, "S3_ENDPOINT_URL"), 1);
	assert_int_equal(must_get(&cfg, "S3_ENDPOINT_URL")->line, 42);
	assert_int_equal(pycfg_count(&cfg, "S3_ACCESS_KEY_ID"), 1);
	const struct pycfg_assign *a = must_get(&cfg, "S3_ACCESS_KEY_ID");
	assert_int_equal(a->line, 43);
	assert_string_equal(a->value, "minio-admin");
	assert_true(a->simple);
	a = must_get(&cfg, "S3_SECRET_ACCESS_KEY");
	assert_int_equal(pycfg_count(&cfg, "S3_SECRET_ACCESS_KEY"), 1);
	assert_int_equal(a->line, 44);
	assert_int_equal(a->end_line, 47);
	assert_false(a->simple);
	assert_string_equal(a->why, "a parenthesised multi-line string");
	assert_string_equal(a->value, "a-long-secret-split-over-lines");
	a = must_get(&cfg, "S3_URL_EXPIRATION");
	assert_false(a->simple);
	assert_int_equal(a->type, PYCFG_OTHER);
	assert_string_equal(a->why, "an expression");
	assert_memory_equal(cfg.text.data + a->value_start, "60 * 5", 6);
	assert_int_equal(a->value_end - a->value_start, 6);
	a = must_get(&cfg, "S3_CONFIG_EXTRA");
	assert_string_equal(a->why, "a dict");
	a = must_get(&cfg, "TRUSTED_HOSTS");
	assert_int_equal(a->line, 13);
	assert_int_equal(a->end_line, 18);
	a = must_get(&cfg, "HELP_TEXT");
	assert_false(a->simple);
	assert_non_null(strstr(a->value, "S3_SECRET_ACCESS_KEY = 'not-a-setting-just-text'"));
	assert_null(pycfg_get(&cfg, "S3_SIGNATURE_VERSION")); /* commented out */
	assert_int_equal(cfg.csp_append_line, 56);
	pycfg_free(&cfg);
}

static void commented_and_duplicates(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/s3-commented.cfg");
	assert_null(pycfg_get(&cfg, "FILES_REST_STORAGE_FACTORY"));
	assert_null(pycfg_get(&cfg, "S3_ENDPOINT_URL"));
	assert_null(pycfg_get(&cfg, "S3_ACCESS_KEY_ID"));
	assert_null(pycfg_get(&cfg, "S3_SECRET_ACCESS_KEY"));
	assert_null(pycfg_get(&cfg, "S3_REGION_NAME"));
	assert_int_equal(cfg.csp_append_line, 0);
	assert_int_equal(pycfg_count(&cfg, "SITE_UI_URL"), 2);
	const struct pycfg_assign *last = must_get(&cfg, "SITE_UI_URL");
	assert_int_equal(last->line, 24);
	assert_string_equal(last->value, "https://repo.example.org");
	assert_false(last->overridden);
	const struct pycfg_assign *first = NULL;
	for (size_t i = 0; i < cfg.n_assigns && !first; i++)
		if (strcmp(cfg.assigns[i].name, "SITE_UI_URL") == 0)
			first = &cfg.assigns[i];
	assert_non_null(first);
	assert_int_equal(first->line, 6);
	assert_true(first->overridden);
	pycfg_free(&cfg);
}

static void check_str(const struct pycfg *cfg, const char *name, const char *value, bool simple)
{
	const struct pycfg_assign *a = must_get(cfg, name);
	assert_int_equal(a->type, PYCFG_STR);
	if (!a->value)
		fail_msg("%s: no value", name);
	assert_string_equal(a->value, value);
	if (a->simple != simple)
		fail_msg("%s: simple is %d", name, a->simple);
}

static void check_other(const struct pycfg *cfg, const char *name, const char *why)
{
	const struct pycfg_assign *a = must_get(cfg, name);
	assert_false(a->simple);
	assert_non_null(a->why);
	if (strcmp(a->why, why) != 0)
		fail_msg("%s: why is '%s', expected '%s'", name, a->why, why);
}

static void literals(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/literals.cfg");
	/* values checked against python3 runpy of the same file */
	check_str(&cfg, "ESCAPES", "aA\xc3\xa9\n'b\\c\\d", true);
	check_str(&cfg, "DQ", "say \"hi\"", true);
	check_str(&cfg, "RAW", "\\d+\\'x", false);
	check_str(&cfg, "CONCAT", "abcd", false);
	check_str(&cfg, "PAREN", "efgh", false);
	check_str(&cfg, "PAREN_ONE", "ij", false);
	check_str(&cfg, "TRIPLE", "one line", false);
	check_str(&cfg, "CONT", "continued", false);
	check_str(&cfg, "UNICODE_NAME", "Z\xc3\xbcrich", true);
	check_str(&cfg, "HASH_IN_STR", "a # not a comment", true);
	check_str(&cfg, "LAST", "last", true);
	check_other(&cfg, "BYTES", "a bytes literal");
	check_other(&cfg, "FSTR", "an f-string");
	check_other(&cfg, "ANNOTATED", "an annotated assignment");
	check_other(&cfg, "COUNTER", "an augmented assignment (like +=)");
	check_other(&cfg, "CHAINED_A", "a chained assignment or several statements on one line");
	check_other(&cfg, "SEMI", "a chained assignment or several statements on one line");
	check_other(&cfg, "CALL", "a function call");
	check_other(&cfg, "CONT", "a multi-line value");
	assert_int_equal(pycfg_count(&cfg, "COUNTER"), 2);
	const struct pycfg_assign *a = must_get(&cfg, "NEG");
	assert_int_equal(a->type, PYCFG_INT);
	assert_string_equal(a->value, "-5");
	assert_true(a->simple);
	a = must_get(&cfg, "FLOAT");
	assert_int_equal(a->type, PYCFG_FLOAT);
	assert_string_equal(a->value, "1.5e3");
	assert_int_equal(must_get(&cfg, "HEX")->type, PYCFG_INT);
	assert_int_equal(must_get(&cfg, "NONE")->type, PYCFG_NONE);
	a = must_get(&cfg, "FLAG");
	assert_int_equal(a->type, PYCFG_BOOL);
	assert_true(a->simple);
	assert_int_equal(a->value_end - a->value_start, 4);
	static const char *const never[] = { "NOT_IN_DOCSTRING", "OTHER", "CHAINED_B", "INDENTED",
					      "IN_DEF", "IN_CLASS", "LATE", "lowercase" };
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (pycfg_get(&cfg, never[i]))
			fail_msg("%s must not be read as a top-level setting", never[i]);
	pycfg_free(&cfg);
}

static void crlf_bom_form(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/crlf-bom.cfg");
	assert_true(cfg.bom);
	assert_string_equal(cfg.eol, "\r\n");
	const struct pycfg_assign *a = must_get(&cfg, "S3_ENDPOINT_URL");
	assert_int_equal(a->line, 6);
	assert_string_equal(a->value, "http://localhost:9000/");
	assert_int_equal(cfg.text.data[a->stmt_end], '\r');
	pycfg_free(&cfg);
	load(&cfg, "cfg/no-eol.cfg");
	assert_false(cfg.final_eol);
	assert_string_equal(must_get(&cfg, "SEARCH_INDEX_PREFIX")->value, "x-");
	assert_string_equal(must_get(&cfg, "S3_SECRET_ACCESS_KEY")->value, "CHANGE_ME");
	pycfg_free(&cfg);
}

struct bad_case {
	const char *text;
	unsigned line;        /* expected in err.where */
	const char *message;  /* substring of err.message */
	const char *remedy;   /* substring of err.remedy */
};

static void bad_inputs(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "A = 1\nS3_ENDPOINT_URL = 'http://x\nB = 2\n", 2, "a string is not closed on its line",
		  "add the missing closing quote" },
		{ "A = 1\n\nDOC = '''never\nclosed\n", 3, "triple-quoted string is never closed",
		  "add the missing closing quotes" },
		{ "X = {\n  'a': [1, 2,\n}\n", 3, "'}' closes the '[' opened at line 2", "make the brackets match" },
		{ "X = (1,\n 2\n", 1, "'(' is never closed", "add the missing closing bracket" },
		{ "X = 1)\n", 1, "closing bracket has no opening", "remove the extra bracket" },
		{ "X = 1 \\ 2\n", 1, "backslash outside a string", "remove the backslash" },
		{ "A = 1\nB = '\x01\x02\x00\xff'\n", 2, "not a text file (NUL byte)", "restore invenio.cfg" },
		{ "A = 1\n\nB = '\xff\xfe'\n", 3, "not valid UTF-8", "re-save invenio.cfg as UTF-8" },
		{ "A = 1\rB = 2\n", 1, "carriage return", "LF or CRLF" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *c = &cases[i];
		struct pycfg cfg;
		struct rdm_error err = RDM_ERROR_INIT;
		size_t len = strlen(c->text);
		if (strstr(c->text, "\x01\x02"))
			len = strlen(c->text) + 3; /* the NUL case: bytes after the NUL too */
		assert_int_equal(pycfg_parse(&cfg, "invenio.cfg", c->text, len, &err), -1);
		char *where = xasprintf("invenio.cfg:%u", c->line);
		if (!err.message || !strstr(err.message, c->message) || !err.where ||
		    strcmp(err.where, where) != 0 || !err.remedy || !strstr(err.remedy, c->remedy))
			fail_msg("case %zu: got '%s' at '%s' fix '%s'", i, err.message, err.where, err.remedy);
		assert_int_equal(cfg.n_assigns, 0);
		free(where);
		rdm_error_clear(&err);
		pycfg_free(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_settings),
		cmocka_unit_test(multiline_not_fooled),
		cmocka_unit_test(commented_and_duplicates),
		cmocka_unit_test(literals),
		cmocka_unit_test(crlf_bom_form),
		cmocka_unit_test(bad_inputs),
	};
	return cmocka_run_group_tests_name("pycfg", tests, NULL, NULL);
}
