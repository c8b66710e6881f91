/* Bad inputs and refused edits: each error names file, line and column (in
 * `where`), says what is wrong, and how to fix it (a remedy); a refused edit
 * produces no content; no value (secret) appears in a message. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/compose/compose.h"
#include "test_compose_util.h"
#include "util/xalloc.h"

struct bad_case {
	const char *file;   /* under bad/ */
	const char *where;  /* line:column */
	const char *needle; /* in the message */
};

static const struct bad_case bad[] = {
	{ "syntax-quote.yml", "7:1", "YAML syntax error: found unexpected end of stream "
	                             "(while scanning a quoted scalar at line 5)" },
	{ "syntax-indent.yml", "4:4", "YAML syntax error: did not find expected key" },
	{ "tab-indent.yml", "4:1", "found character that cannot start any token" },
	{ "duplicate-env-key.yml", "7:7", "duplicate key \"MINIO_ROOT_USER\" (first at line 5)" },
	{ "duplicate-service.yml", "6:3", "duplicate key \"s3\" (first at line 2)" },
	{ "duplicate-list-env.yml", "6:9", "INVENIO_S3_ACCESS_KEY_ID of service app is set twice" },
	{ "nonscalar-env.yml", "6:9", "environment value of service s3 must be a single value" },
	{ "nonscalar-image.yml", "4:7", "image of service s3 must be a single value" },
	{ "scalar-environment.yml", "3:18", "environment of service s3 has the wrong shape" },
	{ "undefined-alias.yml", "4:11", "alias *minio-env refers to no anchor" },
	{ "not-a-map.yml", "1:1", "the top level must be a mapping" },
	{ "two-documents.yml", "4:1", "more than one YAML document" },
	{ "not-utf8.yml", "3:18", "not valid UTF-8" },
};
#define N_BAD (sizeof bad / sizeof *bad)

static void test_bad_input(void **state)
{
	const struct bad_case *c = *state;
	char *rel = xasprintf("bad/%s", c->file), *where = xasprintf("%s:%s", rel, c->where);
	size_t len;
	char *text = tc_read(rel, &len);
	struct compose_doc *doc = (struct compose_doc *)1;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(compose_doc_parse(&doc, rel, text, len, &err), -1);
	assert_null(doc);
	tc_assert_error(&err, where, c->needle);
	free(text);
	free(rel);
	free(where);
}

/* The remedies say which lines to look at. */
static void test_remedies_name_lines(void **state)
{
	(void)state;
	static const struct { const char *file, *remedy; } r[] = {
		{ "bad/duplicate-env-key.yml", "keep only one of lines 5 and 7" },
		{ "bad/syntax-quote.yml", "line 7 column 1 (in what starts at line 5)" },
		{ "bad/syntax-indent.yml", "line 4 column 4" },
	};
	for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
		size_t len;
		char *text = tc_read(r[i].file, &len);
		struct compose_doc *doc;
		struct rdm_error err = RDM_ERROR_INIT;
		assert_int_equal(compose_doc_parse(&doc, r[i].file, text, len, &err), -1);
		assert_non_null(err.remedy);
		if (!strstr(err.remedy, r[i].remedy))
			fail_msg("%s: remedy \"%s\" lacks \"%s\"", r[i].file, err.remedy, r[i].remedy);
		rdm_error_clear(&err);
		free(text);
	}
}

static void assert_no_output(const struct compose_edit *e)
{
	assert_null(e->doc);
	assert_false(e->changed);
	assert_int_equal(e->content.len, 0);
	assert_int_equal(e->n_affected, 0);
}

static void test_refuse_shared_anchor(void **state)
{
	(void)state;
	static const char secret[] = "Very-Secret-Value-42";
	struct compose_doc *doc = tc_load("input/anchors-merge.yml");
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(compose_env_set(doc, "s3", "MINIO_ROOT_PASSWORD", secret,
	                                 COMPOSE_SHARED_REFUSE, &e, &err), -1);
	assert_no_output(&e);
	char *all = rdm_error_format(&err);
	assert_null(strstr(all, secret));
	free(all);
	assert_non_null(strstr(err.message, "s3-replica"));
	tc_assert_error(&err, "input/anchors-merge.yml:6:24", "anchor &minio-env (line 4)");
	/* Adding through `environment: *minio-env` would reach s3 via its merge key. */
	assert_int_equal(compose_env_set(doc, "s3-replica", "MINIO_BROWSER", "off",
	                                 COMPOSE_SHARED_REFUSE, &e, &err), -1);
	assert_no_output(&e);
	tc_assert_error(&err, "input/anchors-merge.yml:4:14", "which service(s) s3 also use");
	assert_int_equal(compose_env_unset(doc, "s3", "MINIO_ROOT_USER", COMPOSE_SHARED_REFUSE, &e,
	                                   &err), -1);
	tc_assert_error(&err, "input/anchors-merge.yml:5:1", "s3-replica");
	/* OVERRIDE cannot help where the whole environment is an alias, nor
	 * for a removal. */
	assert_int_equal(compose_env_set(doc, "s3-replica", "MINIO_ROOT_PASSWORD", secret,
	                                 COMPOSE_SHARED_OVERRIDE, &e, &err), -1);
	assert_no_output(&e);
	assert_non_null(strstr(err.remedy, "replace `environment: *minio-env`"));
	tc_assert_error(&err, "input/anchors-merge.yml:6:24", "which service(s) s3 also use");
	assert_int_equal(compose_env_unset(doc, "s3", "MINIO_ROOT_USER", COMPOSE_SHARED_OVERRIDE, &e,
	                                   &err), -1);
	assert_no_output(&e);
	tc_assert_error(&err, "input/anchors-merge.yml:5:1", "s3-replica");
	compose_doc_free(doc);
}

static void test_bad_edit_requests(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/sample.yml");
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(compose_env_set(doc, "minio", "A", "b", COMPOSE_SHARED_REFUSE, &e, &err), -1);
	assert_no_output(&e);
	tc_assert_error(&err, "input/sample.yml", "has no service \"minio\"");
	static const char *const keys[] = { "", "A B", "A=B", "-A", "A\n", "\xc3\xa4" };
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		assert_int_equal(compose_env_set(doc, "s3", keys[i], "b", COMPOSE_SHARED_REFUSE, &e, &err),
		                 -1);
		assert_no_output(&e);
		assert_non_null(strstr(err.message, "not a usable environment variable name"));
		assert_non_null(err.remedy);
		rdm_error_clear(&err);
	}
	assert_int_equal(compose_env_set(doc, "s3", "A", "\xff", COMPOSE_SHARED_REFUSE, &e, &err), -1);
	assert_non_null(strstr(err.message, "not valid UTF-8"));
	rdm_error_clear(&err);
	static const char *const vars[] = { "", "1X", "A-B", "A}" };
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		assert_int_equal(compose_env_set_ref(doc, "s3", "MINIO_ROOT_PASSWORD", vars[i],
		                                     COMPOSE_SHARED_REFUSE, &e, &err), -1);
		assert_no_output(&e);
		assert_non_null(strstr(err.message, "not a valid variable name"));
		rdm_error_clear(&err);
	}
	compose_doc_free(doc);
}

static void test_refused_structures(void **state)
{
	(void)state;
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	struct compose_doc *doc = tc_parse("x.yml", "services:\n  s3:\n  db:\n    image: pg\n");
	assert_int_equal(compose_env_set(doc, "s3", "A", "b", COMPOSE_SHARED_REFUSE, &e, &err), -1);
	tc_assert_error(&err, "x.yml:2:3", "service s3 is empty");
	compose_doc_free(doc);
	doc = tc_parse("x.yml", "x-e: &e\n  A: b\nservices:\n  s3:\n    environment: *e\n");
	assert_int_equal(compose_env_unset(doc, "s3", "A", COMPOSE_SHARED_EDIT_ANCHOR, &e, &err), -1);
	assert_no_output(&e);
	tc_assert_error(&err, "x.yml:2:3", "only entry of an environment shared through an anchor");
	compose_doc_free(doc);
	doc = tc_parse("x.yml", "services:\n  s3:\n    environment:\n      A: b\n");
	assert_int_equal(compose_env_unset(doc, "s3", "A", COMPOSE_SHARED_REFUSE, &e, &err), -1);
	tc_assert_error(&err, "x.yml:3:5", "left without any setting");
	compose_doc_free(doc);
}

static void test_load_missing(void **state)
{
	(void)state;
	struct compose_doc *doc = (struct compose_doc *)1;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(compose_doc_load(&doc, "/nonexistent/docker-services.yml",
	                                  "docker-services.yml", &err), -1);
	assert_null(doc);
	tc_assert_error(&err, "docker-services.yml", "cannot read /nonexistent/docker-services.yml");
	const char *dir = getenv("RDM_S3_TEST_DATA");
	assert_non_null(dir);
	char *path = xasprintf("%s/instance/compose/input/sample.yml", dir);
	assert_int_equal(compose_doc_load(&doc, path, "docker-services.yml", &err), 0);
	assert_string_equal(compose_doc_name(doc), "docker-services.yml");
	assert_string_equal(compose_doc_find_minio(doc)->image.origin.file, "docker-services.yml");
	compose_doc_free(doc);
	free(path);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_remedies_name_lines),
		cmocka_unit_test(test_refuse_shared_anchor),
		cmocka_unit_test(test_bad_edit_requests),
		cmocka_unit_test(test_refused_structures),
		cmocka_unit_test(test_load_missing),
	};
	struct CMUnitTest tests[N_BAD + sizeof fixed / sizeof *fixed];
	char *names[N_BAD];
	for (size_t i = 0; i < N_BAD; i++) {
		names[i] = xasprintf("bad input %s", bad[i].file);
		tests[i] = (struct CMUnitTest){ names[i], test_bad_input, NULL, NULL, (void *)&bad[i] };
	}
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		tests[N_BAD + i] = fixed[i];
	int rc = cmocka_run_group_tests_name("compose_errors", tests, NULL, NULL);
	for (size_t i = 0; i < N_BAD; i++)
		free(names[i]);
	return rc;
}
