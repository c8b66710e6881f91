/* invenio.cfg editor: golden byte-exact edits on the sample instance and the
 * variants, idempotence, read-back with unchanged provenance, refusals,
 * removal and the marked block. */
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

/* The S3 change of the brief: endpoint, key id, a secret with both quotes
 * and a backslash, a region (absent upstream: goes to the marked block) and
 * the storage factory. */
#define SECRET "se'cr\"et\\key"
static const char *const s3_names[] = { "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY",
					"S3_REGION_NAME", "FILES_REST_STORAGE_FACTORY" };
static const char *const s3_values[] = { "https://s3.example.org:9000", "AKIA-EXAMPLE-1", SECRET,
					 "eu-west-1", "invenio_s3.s3fs_storage_factory" };
#define N_S3 (sizeof(s3_names) / sizeof(s3_names[0]))

static void load(struct pycfg *cfg, const char *rel)
{
	size_t len;
	char *data = tl_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(cfg, "invenio.cfg", data, len, &err) < 0)
		tl_fail_error(rel, &err);
	free(data);
}

/* Apply the S3 change (skipping names in skip); returns how many edits
 * changed the text. */
static int apply_s3(struct pycfg *cfg, const char *skip)
{
	int changed = 0;
	for (size_t i = 0; i < N_S3; i++) {
		if (skip && strcmp(skip, s3_names[i]) == 0)
			continue;
		struct rdm_error err = RDM_ERROR_INIT;
		int rc = pycfg_set_str(cfg, s3_names[i], s3_values[i], &err);
		if (rc < 0)
			tl_fail_error(s3_names[i], &err);
		changed += rc;
	}
	return changed;
}

/* Everything not edited keeps its line and value; edited names read back. */
static void check_read_back(const struct pycfg *before, const char *text, size_t len, const char *skip)
{
	struct pycfg after;
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(&after, "invenio.cfg", text, len, &err) < 0)
		tl_fail_error("re-reading the edited file", &err);
	for (size_t i = 0; i < N_S3; i++) {
		if (skip && strcmp(skip, s3_names[i]) == 0)
			continue;
		const struct pycfg_assign *a = pycfg_get(&after, s3_names[i]);
		assert_non_null(a);
		assert_true(a->simple);
		assert_string_equal(a->value, s3_values[i]);
	}
	for (size_t i = 0; i < before->n_assigns; i++) {
		const struct pycfg_assign *b = &before->assigns[i];
		bool edited = false;
		for (size_t k = 0; k < N_S3; k++)
			edited |= strcmp(b->name, s3_names[k]) == 0 && !(skip && strcmp(skip, b->name) == 0);
		if (edited)
			continue;
		bool found = false;
		for (size_t j = 0; j < after.n_assigns && !found; j++) {
			const struct pycfg_assign *a = &after.assigns[j];
			found = strcmp(a->name, b->name) == 0 && a->line == b->line &&
				a->origin.line == b->line && ((!a->value && !b->value) ||
							      (a->value && b->value && !strcmp(a->value, b->value)));
		}
		if (!found)
			fail_msg("%s (line %u) lost its provenance or value", b->name, b->line);
	}
	pycfg_free(&after);
}

static void golden_case(const char *input, const char *expected, const char *skip)
{
	struct pycfg cfg, orig;
	load(&cfg, input);
	load(&orig, input);
	assert_true(apply_s3(&cfg, skip) > 0);
	tl_assert_golden(expected, cfg.text.data, cfg.text.len);
	check_read_back(&orig, cfg.text.data, cfg.text.len, skip);
	/* idempotence: the same change again changes nothing */
	char *once = xstrndup(cfg.text.data, cfg.text.len);
	size_t once_len = cfg.text.len;
	assert_int_equal(apply_s3(&cfg, skip), 0);
	assert_int_equal(cfg.text.len, once_len);
	assert_memory_equal(cfg.text.data, once, once_len);
	free(once);
	pycfg_free(&cfg);
	pycfg_free(&orig);
}

static void golden_sample(void **state)
{
	(void)state;
	golden_case("cfg/sample.cfg", "cfg/sample.s3.expected", NULL);
}

static void golden_multiline(void **state)
{
	(void)state;
	golden_case("cfg/multiline-s3-present.cfg", "cfg/multiline-s3-present.s3.expected",
		    "S3_SECRET_ACCESS_KEY");
}

static void golden_commented(void **state)
{
	(void)state;
	golden_case("cfg/s3-commented.cfg", "cfg/s3-commented.s3.expected", NULL);
}

static void golden_crlf_bom(void **state)
{
	(void)state;
	golden_case("cfg/crlf-bom.cfg", "cfg/crlf-bom.s3.expected", NULL);
}

static void golden_no_eol(void **state)
{
	(void)state;
	golden_case("cfg/no-eol.cfg", "cfg/no-eol.s3.expected", NULL);
}

static void refuse_multiline_secret(void **state)
{
	(void)state;
	struct pycfg cfg;
	load(&cfg, "cfg/multiline-s3-present.cfg");
	size_t len = cfg.text.len;
	char *before = xstrndup(cfg.text.data, len);
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(pycfg_set_str(&cfg, "S3_SECRET_ACCESS_KEY", "new-secret", &err), -1);
	assert_string_equal(err.where, "invenio.cfg:44 (to line 47)");
	assert_non_null(strstr(err.message, "S3_SECRET_ACCESS_KEY"));
	assert_non_null(strstr(err.message, "a parenthesised multi-line string, not a simple literal"));
	assert_non_null(strstr(err.remedy, "edit it by hand or replace it with a simple literal"));
	assert_null(strstr(err.message, "a-long-secret")); /* the old secret is not shown */
	rdm_error_clear(&err);
	assert_int_equal(pycfg_set_str(&cfg, "S3_URL_EXPIRATION", "300", &err), -1);
	assert_string_equal(err.where, "invenio.cfg:49");
	assert_non_null(strstr(err.message, "an expression"));
	rdm_error_clear(&err);
	struct pycfg_value v = { PYCFG_INT, "300" };
	assert_int_equal(pycfg_set(&cfg, "S3_CONFIG_EXTRA", &v, &err), -1);
	assert_non_null(strstr(err.message, "a dict"));
	rdm_error_clear(&err);
	assert_int_equal(pycfg_remove(&cfg, "S3_SECRET_ACCESS_KEY", &err), -1);
	assert_non_null(strstr(err.message, "cannot remove"));
	rdm_error_clear(&err);
	assert_int_equal(cfg.text.len, len);
	assert_memory_equal(cfg.text.data, before, len);
	free(before);
	pycfg_free(&cfg);
}

/* Quoting follows the line (double stays double) and Python escaping. */
static void quoting(void **state)
{
	(void)state;
	static const struct {
		const char *value, *single, *dbl;
	} cases[] = {
		{ "plain", "'plain'", "\"plain\"" },
		{ "it's", "\"it's\"", "\"it's\"" },
		{ "say \"hi\"", "'say \"hi\"'", "'say \"hi\"'" },
		{ SECRET, "'se\\'cr\"et\\\\key'", "\"se'cr\\\"et\\\\key\"" },
		{ "a\nb\tc\rd", "'a\\nb\\tc\\rd'", "\"a\\nb\\tc\\rd\"" },
		{ "bell\x07", "'bell\\x07'", "\"bell\\x07\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac", "'caf\xc3\xa9 \xe2\x82\xac'", "\"caf\xc3\xa9 \xe2\x82\xac\"" },
		{ "", "''", "\"\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf s = BUF_INIT, d = BUF_INIT;
		assert_int_equal(pycfg_quote_str(&s, cases[i].value, '\'', NULL), 0);
		assert_int_equal(pycfg_quote_str(&d, cases[i].value, '"', NULL), 0);
		assert_string_equal(buf_str(&s), cases[i].single);
		assert_string_equal(buf_str(&d), cases[i].dbl);
		/* and every form reads back as the value */
		struct buf src = BUF_INIT;
		buf_printf(&src, "A = %s\nB = %s\n", buf_str(&s), buf_str(&d));
		struct pycfg cfg;
		assert_int_equal(pycfg_parse(&cfg, "t.cfg", src.data, src.len, NULL), 0);
		assert_string_equal(pycfg_get(&cfg, "A")->value, cases[i].value);
		assert_string_equal(pycfg_get(&cfg, "B")->value, cases[i].value);
		pycfg_free(&cfg);
		buf_free(&src);
		buf_free(&s);
		buf_free(&d);
	}
	struct buf s = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(pycfg_quote_str(&s, "bad \xff", '\'', &err), -1);
	assert_non_null(strstr(err.message, "UTF-8"));
	rdm_error_clear(&err);
	buf_free(&s);
}

static void typed_values(void **state)
{
	(void)state;
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&cfg, "cfg/sample.cfg");
	struct pycfg_value v = { PYCFG_INT, "600" };
	assert_int_equal(pycfg_set(&cfg, "SEND_FILE_MAX_AGE_DEFAULT", &v, &err), 1);
	assert_non_null(strstr(cfg.text.data, "\nSEND_FILE_MAX_AGE_DEFAULT = 600\n"));
	v = (struct pycfg_value){ PYCFG_BOOL, "True" };
	assert_int_equal(pycfg_set(&cfg, "DATACITE_ENABLED", &v, &err), 1);
	assert_non_null(strstr(cfg.text.data, "\nDATACITE_ENABLED = True\n"));
	v = (struct pycfg_value){ PYCFG_INT, "60" };
	assert_int_equal(pycfg_set(&cfg, "S3_URL_EXPIRATION", &v, &err), 1);
	assert_non_null(strstr(cfg.text.data, "\nS3_URL_EXPIRATION = 60\n" PYCFG_BLOCK_END "\n"));
	v = (struct pycfg_value){ PYCFG_NONE, NULL };
	assert_int_equal(pycfg_set(&cfg, "S3_URL_EXPIRATION", &v, &err), 1);
	assert_int_equal(pycfg_get(&cfg, "S3_URL_EXPIRATION")->type, PYCFG_NONE);
	static const char *const bad_ints[] = { "30a", "", "1__0", "0x", "--1", "07" };
	for (size_t i = 0; i < sizeof(bad_ints) / sizeof(bad_ints[0]); i++) {
		v = (struct pycfg_value){ PYCFG_INT, bad_ints[i] };
		assert_int_equal(pycfg_set(&cfg, "S3_URL_EXPIRATION", &v, &err), -1);
		rdm_error_clear(&err);
	}
	v = (struct pycfg_value){ PYCFG_FLOAT, "1.5e" };
	assert_int_equal(pycfg_set(&cfg, "S3_URL_EXPIRATION", &v, &err), -1);
	rdm_error_clear(&err);
	assert_int_equal(pycfg_set_str(&cfg, "lower_case", "x", &err), -1);
	assert_non_null(strstr(err.message, "not an upper-case setting name"));
	rdm_error_clear(&err);
	pycfg_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_sample),
		cmocka_unit_test(golden_multiline),
		cmocka_unit_test(golden_commented),
		cmocka_unit_test(golden_crlf_bom),
		cmocka_unit_test(golden_no_eol),
		cmocka_unit_test(refuse_multiline_secret),
		cmocka_unit_test(quoting),
		cmocka_unit_test(typed_values),
	};
	return cmocka_run_group_tests_name("pycfg_edit", tests, NULL, NULL);
}
