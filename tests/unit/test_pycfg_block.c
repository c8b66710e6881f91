/* invenio.cfg: the rdm-s3 marked block, removal, the CSP append, duplicate
 * assignments and edits of an empty file. */
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

static void parse_text(struct pycfg *cfg, const char *text)
{
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(cfg, "invenio.cfg", text, strlen(text), &err) < 0)
		tl_fail_error("parse", &err);
}

static void load(struct pycfg *cfg, const char *rel)
{
	size_t len;
	char *data = tl_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(cfg, "invenio.cfg", data, len, &err) < 0)
		tl_fail_error(rel, &err);
	free(data);
}

static void set_ok(struct pycfg *cfg, const char *name, const char *value, int want)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = pycfg_set_str(cfg, name, value, &err);
	if (rc < 0)
		tl_fail_error(name, &err);
	assert_int_equal(rc, want);
}

static void remove_ok(struct pycfg *cfg, const char *name, int want)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = pycfg_remove(cfg, name, &err);
	if (rc < 0)
		tl_fail_error(name, &err);
	assert_int_equal(rc, want);
}

/* Adding settings and removing them again gives the original bytes back,
 * for each file form (LF, CRLF+BOM, no final newline). */
static void add_remove_round_trip(void **state)
{
	(void)state;
	static const char *const files[] = { "cfg/s3-commented.cfg", "cfg/crlf-bom.cfg", "cfg/no-eol.cfg",
					     "cfg/sample.cfg" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct pycfg cfg;
		load(&cfg, files[i]);
		char *orig = xstrndup(cfg.text.data, cfg.text.len);
		size_t orig_len = cfg.text.len;
		set_ok(&cfg, "S3_REGION_NAME", "eu-west-1", 1);
		set_ok(&cfg, "S3_SIGNATURE_VERSION", "s3v4", 1);
		assert_int_equal(cfg.block_end_line - cfg.block_begin_line, 3);
		assert_true(pycfg_get(&cfg, "S3_REGION_NAME")->in_block);
		remove_ok(&cfg, "S3_REGION_NAME", 1);
		assert_true(cfg.block_begin_line > 0); /* one setting left */
		remove_ok(&cfg, "S3_SIGNATURE_VERSION", 1);
		remove_ok(&cfg, "S3_SIGNATURE_VERSION", 0);
		assert_int_equal(cfg.block_begin_line, 0);
		if (cfg.text.len != orig_len || memcmp(cfg.text.data, orig, orig_len) != 0)
			fail_msg("%s: add + remove did not restore the original bytes", files[i]);
		free(orig);
		pycfg_free(&cfg);
	}
}

static void remove_in_place(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/s3-commented.cfg");
	remove_ok(&cfg, "SITE_UI_URL", 1); /* both assignments */
	assert_int_equal(pycfg_count(&cfg, "SITE_UI_URL"), 0);
	assert_null(strstr(cfg.text.data, "SITE_UI_URL = "));
	assert_non_null(strstr(cfg.text.data, "SITE_API_URL = \"https://127.0.0.1/api\"\n"));
	assert_non_null(strstr(cfg.text.data, "# Later override (the last assignment wins when Python "
					      "executes this file).\n\0"));
	pycfg_free(&cfg);
	load(&cfg, "cfg/no-eol.cfg"); /* last line without line ending */
	remove_ok(&cfg, "SEARCH_INDEX_PREFIX", 1);
	assert_string_equal(cfg.text.data, "# Variant: no line ending after the last line.\n"
					   "S3_ACCESS_KEY_ID='CHANGE_ME'\n"
					   "S3_SECRET_ACCESS_KEY='CHANGE_ME'  # rotate me");
	pycfg_free(&cfg);
}

static void remove_refused_when_used(void **state)
{
	(void)state;
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&cfg, "cfg/sample.cfg");
	assert_int_equal(pycfg_remove(&cfg, "S3_ENDPOINT_URL", &err), -1);
	assert_string_equal(err.where, "invenio.cfg:79"); /* the line inside the append */
	assert_non_null(strstr(err.message, "still uses it"));
	assert_non_null(strstr(err.remedy, "content-security-policy append"));
	rdm_error_clear(&err);
	assert_non_null(pycfg_get(&cfg, "S3_ENDPOINT_URL"));
	remove_ok(&cfg, "S3_ACCESS_KEY_ID", 1);
	assert_null(strstr(cfg.text.data, "S3_ACCESS_KEY_ID"));
	pycfg_free(&cfg);
}

static void csp_append(void **state)
{
	(void)state;
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&cfg, "cfg/sample.cfg");
	assert_int_equal(pycfg_ensure_csp_append(&cfg, &err), 0); /* upstream has it */
	pycfg_free(&cfg);
	load(&cfg, "cfg/s3-commented.cfg"); /* no APP_DEFAULT_SECURE_HEADERS there */
	set_ok(&cfg, "S3_ENDPOINT_URL", "http://localhost:9000/", 1);
	assert_int_equal(pycfg_ensure_csp_append(&cfg, &err), -1);
	assert_non_null(strstr(err.message, "APP_DEFAULT_SECURE_HEADERS is not set"));
	rdm_error_clear(&err);
	pycfg_free(&cfg);
	parse_text(&cfg, "APP_DEFAULT_SECURE_HEADERS = {\n    'content_security_policy': {'default-src': []},\n}\n");
	assert_int_equal(pycfg_ensure_csp_append(&cfg, &err), -1);
	assert_non_null(strstr(err.message, "S3_ENDPOINT_URL is not set"));
	rdm_error_clear(&err);
	set_ok(&cfg, "S3_ENDPOINT_URL", "http://localhost:9000/", 1);
	assert_int_equal(pycfg_ensure_csp_append(&cfg, &err), 1);
	assert_int_equal(pycfg_ensure_csp_append(&cfg, &err), 0);
	set_ok(&cfg, "S3_REGION_NAME", "us-east-1", 1); /* must land before the append */
	assert_string_equal(cfg.text.data,
			    "APP_DEFAULT_SECURE_HEADERS = {\n    'content_security_policy': {'default-src': []},\n}\n"
			    "\n" PYCFG_BLOCK_BEGIN "\n"
			    "S3_ENDPOINT_URL = 'http://localhost:9000/'\n"
			    "S3_REGION_NAME = 'us-east-1'\n"
			    "APP_DEFAULT_SECURE_HEADERS['content_security_policy']['default-src'].append(\n"
			    "    S3_ENDPOINT_URL\n"
			    ")\n" PYCFG_BLOCK_END "\n");
	assert_int_equal(cfg.csp_append_line, 8);
	pycfg_free(&cfg);
}

static void broken_markers(void **state)
{
	(void)state;
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	parse_text(&cfg, "A = 1\n" PYCFG_BLOCK_BEGIN "\nB = 2\n");
	assert_int_equal(cfg.block_problem_line, 2);
	assert_int_equal(pycfg_set_str(&cfg, "C", "x", &err), -1);
	assert_string_equal(err.where, "invenio.cfg:2");
	assert_non_null(strstr(err.remedy, PYCFG_BLOCK_END));
	rdm_error_clear(&err);
	set_ok(&cfg, "B", "in place still works", 1);
	pycfg_free(&cfg);
	/* markers inside a string are not markers */
	parse_text(&cfg, "A = '''\n" PYCFG_BLOCK_BEGIN "\n'''\n");
	assert_int_equal(cfg.block_begin_line, 0);
	assert_int_equal(cfg.block_problem_line, 0);
	pycfg_free(&cfg);
}

static void empty_file(void **state)
{
	(void)state;
	struct pycfg cfg;
	parse_text(&cfg, "");
	assert_int_equal(cfg.n_assigns, 0);
	set_ok(&cfg, "S3_REGION_NAME", "eu-west-1", 1);
	assert_string_equal(cfg.text.data, PYCFG_BLOCK_BEGIN "\nS3_REGION_NAME = 'eu-west-1'\n" PYCFG_BLOCK_END "\n");
	remove_ok(&cfg, "S3_REGION_NAME", 1);
	assert_int_equal(cfg.text.len, 0);
	pycfg_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_remove_round_trip),
		cmocka_unit_test(remove_in_place),
		cmocka_unit_test(remove_refused_when_used),
		cmocka_unit_test(csp_append),
		cmocka_unit_test(broken_markers),
		cmocka_unit_test(empty_file),
	};
	return cmocka_run_group_tests_name("pycfg_block", tests, NULL, NULL);
}
