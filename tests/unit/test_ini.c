/* .invenio / .invenio.private: reading with provenance, the [rdm-s3]
 * record, golden edits, idempotence, read-back and bad input. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/ini/ini.h"
#include "test_lines_util.h"
#include "util/xalloc.h"

static void load(struct ini *ini, const char *rel, const char *name)
{
	size_t len;
	char *data = tl_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (ini_parse(ini, name, data, len, &err) < 0)
		tl_fail_error(rel, &err);
	free(data);
}

static void set_ok(struct ini *ini, const char *sec, const char *key, const char *value, int want)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = ini_set(ini, sec, key, value, &err);
	if (rc < 0)
		tl_fail_error(key, &err);
	assert_int_equal(rc, want);
}

static void read_sample(void **state)
{
	(void)state;
	struct ini ini;
	load(&ini, "ini/sample.invenio", ".invenio");
	const struct ini_entry *e = ini_get(&ini, "cookiecutter", "file_storage");
	assert_non_null(e);
	assert_string_equal(e->value, "S3");
	assert_int_equal(e->line, 15);
	assert_string_equal(e->origin.file, ".invenio");
	assert_int_equal(e->origin.line, 15);
	assert_string_equal(ini_get_value(&ini, "cli", "flavour"), "RDM");
	assert_string_equal(ini_get_value(&ini, "cookiecutter", "PROJECT_NAME"), "Demo Repo"); /* keys: any case */
	assert_string_equal(ini_get_value(&ini, "files", "invenio.cfg"),
			    "0000000000000000000000000000000000000000000000000000000000000003");
	assert_null(ini_get(&ini, "cli", "file_storage"));
	assert_false(ini_has_section(&ini, INI_RDM_SECTION));
	assert_int_equal(ini.n_sections, 3);
	assert_int_equal(ini.n_entries, 19);
	ini_free(&ini);
	load(&ini, "ini/sample.invenio.private", ".invenio.private");
	assert_string_equal(ini_get_value(&ini, "cli", "services_setup"), "False");
	assert_int_equal(ini_get(&ini, "cli", "instance_path")->line, 3);
	ini_free(&ini);
}

static void golden_rdm_record(void **state)
{
	(void)state;
	struct ini ini, orig;
	load(&ini, "ini/sample.invenio", ".invenio");
	load(&orig, "ini/sample.invenio", ".invenio");
	set_ok(&ini, INI_RDM_SECTION, "bucket", "default", 1);
	set_ok(&ini, INI_RDM_SECTION, "credentials_in", "env", 1);
	set_ok(&ini, "cookiecutter", "file_storage", "S3", 0);
	set_ok(&ini, "cli", "logfile", "/logs/rdm.log", 1);
	tl_assert_golden("ini/sample.rdm-s3.expected", ini.text.data, ini.text.len);
	/* idempotence */
	set_ok(&ini, INI_RDM_SECTION, "bucket", "default", 0);
	set_ok(&ini, INI_RDM_SECTION, "credentials_in", "env", 0);
	set_ok(&ini, "cli", "logfile", "/logs/rdm.log", 0);
	tl_assert_golden("ini/sample.rdm-s3.expected", ini.text.data, ini.text.len);
	/* read-back: everything else keeps line and value */
	assert_string_equal(ini_get_value(&ini, INI_RDM_SECTION, "bucket"), "default");
	for (size_t i = 0; i < orig.n_entries; i++) {
		const struct ini_entry *b = &orig.entries[i];
		const struct ini_entry *a = ini_get(&ini, b->section, b->key);
		assert_non_null(a);
		assert_int_equal(a->line, b->line);
		if (strcmp(b->key, "logfile") != 0)
			assert_string_equal(a->value, b->value);
	}
	ini_free(&ini);
	ini_free(&orig);
}

static void private_and_sections(void **state)
{
	(void)state;
	struct ini ini;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&ini, "ini/sample.invenio.private", ".invenio.private");
	set_ok(&ini, "cli", "services_setup", "True", 1);
	set_ok(&ini, "cli", "extra", "x", 1);
	assert_string_equal(ini.text.data, "[cli]\nservices_setup = True\n"
					   "instance_path = /home/demo/.venvs/demo-repo/var/instance\nextra = x\n");
	assert_int_equal(ini_remove(&ini, "cli", "extra", &err), 1);
	assert_int_equal(ini_remove(&ini, "cli", "extra", &err), 0);
	ini_free(&ini);
	/* no final newline, CRLF, a section in the middle, continuation lines */
	static const char text[] = "[a]\r\nx = 1\r\nlong = first\r\n  second\r\n\r\n[b]\r\ny: 2";
	assert_int_equal(ini_parse(&ini, ".invenio", text, sizeof(text) - 1, &err), 0);
	assert_string_equal(ini_get_value(&ini, "a", "long"), "first\nsecond");
	assert_int_equal(ini_get(&ini, "a", "long")->end_line, 4);
	set_ok(&ini, "a", "z", "3", 1);
	set_ok(&ini, "b", "w", "4", 1);
	set_ok(&ini, "a", "long", "one line", 1);
	set_ok(&ini, "c", "v", "5", 1);
	assert_string_equal(ini.text.data, "[a]\r\nx = 1\r\nlong = one line\r\nz = 3\r\n\r\n[b]\r\ny: 2\r\n"
					   "w = 4\r\n\r\n[c]\r\nv = 5\r\n");
	ini_free(&ini);
	ini_init_empty(&ini, ".invenio");
	set_ok(&ini, INI_RDM_SECTION, "bucket", "b1", 1);
	set_ok(&ini, INI_RDM_SECTION, "bucket", "", 1);
	assert_string_equal(ini.text.data, "[rdm-s3]\nbucket = \n");
	set_ok(&ini, INI_RDM_SECTION, "bucket", "b2", 1);
	assert_string_equal(ini.text.data, "[rdm-s3]\nbucket = b2\n");
	ini_free(&ini);
}

static void bad_values(void **state)
{
	(void)state;
	struct ini ini;
	struct rdm_error err = RDM_ERROR_INIT;
	load(&ini, "ini/sample.invenio", ".invenio");
	static const char *const bad[] = { "50%", "two\nlines", " lead", "trail ", "bad\xff" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ini_set(&ini, INI_RDM_SECTION, "bucket", bad[i], &err), -1);
		assert_non_null(strstr(err.message, "cannot be stored"));
		assert_string_equal(err.where, ".invenio");
		rdm_error_clear(&err);
	}
	assert_int_equal(ini_set(&ini, "x]", "k", "v", &err), -1);
	rdm_error_clear(&err);
	assert_int_equal(ini_set(&ini, "x", "k=y", "v", &err), -1);
	rdm_error_clear(&err);
	assert_false(ini_has_section(&ini, INI_RDM_SECTION));
	ini_free(&ini);
}

static void bad_inputs(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len; /* 0: strlen */
		unsigned line;
		const char *message, *remedy;
	} cases[] = {
		{ "key = 1\n", 0, 1, "before any [section]", "put a [section] line" },
		{ "[a]\nx = 1\n[b]\n[a]\n", 0, 4, "section [a] appears twice", "merge the two [a] sections" },
		{ "[a]\nx = 1\nX = 2\n", 0, 3, "option 'X' appears twice in [a]", "keep only one 'X' line" },
		{ "[a]\njust text\n", 0, 2, "neither [section], key = value nor a comment", "key = value" },
		{ "[a]\n = 2\n", 0, 2, "no key", "key = value" },
		{ "[a]\nx = \x00\n", 10, 2, "NUL byte", "restore .invenio" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ini ini;
		struct rdm_error err = RDM_ERROR_INIT;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		assert_int_equal(ini_parse(&ini, ".invenio", cases[i].text, len, &err), -1);
		char *where = xasprintf(".invenio:%u", cases[i].line);
		if (!err.message || !strstr(err.message, cases[i].message) || !err.where ||
		    strcmp(err.where, where) != 0 || !err.remedy || !strstr(err.remedy, cases[i].remedy))
			fail_msg("case %zu: got '%s' at '%s' fix '%s'", i, err.message, err.where, err.remedy);
		free(where);
		rdm_error_clear(&err);
		ini_free(&ini);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_sample),
		cmocka_unit_test(golden_rdm_record),
		cmocka_unit_test(private_and_sections),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(bad_inputs),
	};
	return cmocka_run_group_tests_name("ini", tests, NULL, NULL);
}
