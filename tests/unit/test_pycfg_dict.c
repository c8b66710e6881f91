/* invenio.cfg: whole expressions (S3_BUCKET_CORS_RULES) and one entry of a
 * dict display (S3_CONFIG_EXTRA), every other byte kept. */
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

#define KEY "request_checksum_calculation"

static void parse_text(struct pycfg *cfg, const char *text)
{
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(cfg, "invenio.cfg", text, strlen(text), &err) < 0)
		tl_fail_error("parse", &err);
}

/* text, with key set (value non-NULL) or removed, must give want. */
static void edit_gives(const char *text, const char *value, int changed, const char *want)
{
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	parse_text(&cfg, text);
	int rc = value ? pycfg_dict_set_str(&cfg, "S3_CONFIG_EXTRA", KEY, value, &err)
		       : pycfg_dict_remove(&cfg, "S3_CONFIG_EXTRA", KEY, &err);
	if (rc < 0)
		tl_fail_error(text, &err);
	assert_int_equal(rc, changed);
	assert_string_equal(buf_str(&cfg.text), want);
	pycfg_free(&cfg);
}

static void dict_add_in_every_layout(void **state)
{
	(void)state;
	/* Absent: the marked block gets it. */
	edit_gives("A = 1\n", "when_required", 1,
		   "A = 1\n\n" PYCFG_BLOCK_BEGIN "\nS3_CONFIG_EXTRA = {'" KEY "': 'when_required'}\n" PYCFG_BLOCK_END "\n");
	/* One line, double quotes: kept. */
	edit_gives("S3_CONFIG_EXTRA = {\"max_pool_connections\": 20}  # pool\n", "when_required", 1,
		   "S3_CONFIG_EXTRA = {\"max_pool_connections\": 20, \"" KEY "\": \"when_required\"}  # pool\n");
	/* Empty. */
	edit_gives("S3_CONFIG_EXTRA = {}\n", "when_required", 1, "S3_CONFIG_EXTRA = {'" KEY "': 'when_required'}\n");
	/* One entry per line, trailing comma, comment inside. */
	edit_gives("S3_CONFIG_EXTRA = {\n    # tuned\n    'a': {'b': [1, 2]},\n}\nB = 2\n", "when_required", 1,
		   "S3_CONFIG_EXTRA = {\n    # tuned\n    'a': {'b': [1, 2]},\n    '" KEY "': 'when_required',\n}\nB = 2\n");
	/* One entry per line, no trailing comma. */
	edit_gives("S3_CONFIG_EXTRA = {\n  'a': 1\n}\n", "when_required", 1,
		   "S3_CONFIG_EXTRA = {\n  'a': 1,\n  '" KEY "': 'when_required'\n}\n");
	/* Present with another value: only that value changes. */
	edit_gives("S3_CONFIG_EXTRA = {'a': 1, '" KEY "': 'WHEN_SUPPORTED', 'z': 0}\n", "when_required", 1,
		   "S3_CONFIG_EXTRA = {'a': 1, '" KEY "': 'when_required', 'z': 0}\n");
	/* Already so: nothing changes. */
	edit_gives("S3_CONFIG_EXTRA = {'" KEY "': 'when_required'}\n", "when_required", 0,
		   "S3_CONFIG_EXTRA = {'" KEY "': 'when_required'}\n");
}

static void dict_remove_in_every_layout(void **state)
{
	(void)state;
	edit_gives("S3_CONFIG_EXTRA = {'a': 1, '" KEY "': 'x', 'z': 0}\n", NULL, 1, "S3_CONFIG_EXTRA = {'a': 1, 'z': 0}\n");
	edit_gives("S3_CONFIG_EXTRA = {'a': 1, '" KEY "': 'x'}\n", NULL, 1, "S3_CONFIG_EXTRA = {'a': 1}\n");
	edit_gives("S3_CONFIG_EXTRA = {'" KEY "': 'x'}\n", NULL, 1, "S3_CONFIG_EXTRA = {}\n");
	edit_gives("S3_CONFIG_EXTRA = {\n    '" KEY "': 'x',\n    'a': 1,\n}\n", NULL, 1, "S3_CONFIG_EXTRA = {\n    'a': 1,\n}\n");
	edit_gives("S3_CONFIG_EXTRA = {\n    'a': 1,\n    '" KEY "': 'x',\n}\n", NULL, 1, "S3_CONFIG_EXTRA = {\n    'a': 1,\n}\n");
	edit_gives("S3_CONFIG_EXTRA = {'a': 1}\n", NULL, 0, "S3_CONFIG_EXTRA = {'a': 1}\n");
	edit_gives("B = 1\n", NULL, 0, "B = 1\n");
}

static void dict_refused_and_read(void **state)
{
	(void)state;
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	parse_text(&cfg, "X = 1\nS3_CONFIG_EXTRA = dict(a=1)\n");
	assert_int_equal(pycfg_dict_set_str(&cfg, "S3_CONFIG_EXTRA", KEY, "when_required", &err), -1);
	assert_string_equal(err.where, "invenio.cfg:2");
	assert_non_null(err.remedy);
	rdm_error_clear(&err);
	char *v;
	assert_int_equal(pycfg_dict_get_str(&cfg, "S3_CONFIG_EXTRA", KEY, &v), -1);
	pycfg_free(&cfg);
	parse_text(&cfg, "S3_CONFIG_EXTRA = {**BASE, 'a': 1}\n");
	assert_int_equal(pycfg_dict_set_str(&cfg, "S3_CONFIG_EXTRA", KEY, "when_required", &err), -1);
	rdm_error_clear(&err);
	pycfg_free(&cfg);
	parse_text(&cfg, "S3_CONFIG_EXTRA = {\n  'a': 1,\n  \"" KEY "\":  'when_required' ,\n}\n");
	assert_int_equal(pycfg_dict_get_str(&cfg, "S3_CONFIG_EXTRA", KEY, &v), 1);
	assert_string_equal(v, "'when_required'");
	free(v);
	assert_int_equal(pycfg_dict_get_str(&cfg, "S3_CONFIG_EXTRA", "nope", &v), 0);
	assert_null(v);
	pycfg_free(&cfg);
}

static void whole_expression(void **state)
{
	(void)state;
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	const char *rules = "[{'AllowedOrigins': ['https://x.org'], 'AllowedMethods': ['GET']}]";
	parse_text(&cfg, "S3_BUCKET_CORS_RULES = [\n    {'AllowedOrigins': ['*'],\n     'AllowedMethods': ['GET']},\n]  # old\nC = 3\n");
	assert_int_equal(pycfg_set_expr(&cfg, "S3_BUCKET_CORS_RULES", rules, &err), 1);
	char *want = xasprintf("S3_BUCKET_CORS_RULES = %s  # old\nC = 3\n", rules);
	assert_string_equal(buf_str(&cfg.text), want);
	free(want);
	assert_int_equal(pycfg_set_expr(&cfg, "S3_BUCKET_CORS_RULES", rules, &err), 0);
	pycfg_free(&cfg);
	parse_text(&cfg, "C = 3\n");
	assert_int_equal(pycfg_set_expr(&cfg, "S3_BUCKET_CORS_RULES", rules, &err), 1);
	assert_non_null(strstr(buf_str(&cfg.text), "S3_BUCKET_CORS_RULES = [{'AllowedOrigins'"));
	assert_non_null(pycfg_get(&cfg, "S3_BUCKET_CORS_RULES"));
	assert_int_equal(pycfg_set_expr(&cfg, "S3_BUCKET_CORS_RULES", "[", &err), -1); /* does not read back */
	rdm_error_clear(&err);
	pycfg_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dict_add_in_every_layout),
		cmocka_unit_test(dict_remove_in_every_layout),
		cmocka_unit_test(dict_refused_and_read),
		cmocka_unit_test(whole_expression),
	};
	return cmocka_run_group_tests_name("pycfg_dict", tests, NULL, NULL);
}
