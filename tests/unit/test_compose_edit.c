/* Golden, byte-exact edits of docker-services files: the sample instance and
 * every stress variant. Each case also checks idempotence (the same edit
 * again changes nothing), read-back (the new value reads as intended) and
 * provenance elsewhere (every other value sits on an identical line). */
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

enum op { SET, REF, UNSET };

struct golden_case {
	const char *input;    /* under input/ */
	const char *service;
	enum op op;
	const char *key;
	const char *value;    /* SET: the literal; REF: the variable name */
	enum compose_shared_policy policy;
	const char *golden;   /* under golden/ */
	const char *affected; /* services whose value changes, comma-separated */
};

#define ANCHOR COMPOSE_SHARED_EDIT_ANCHOR
#define REFUSE COMPOSE_SHARED_REFUSE
#define OVERRIDE COMPOSE_SHARED_OVERRIDE
#define CORS "MINIO_API_CORS_ALLOW_ORIGIN"
#define ORIGINS "https://127.0.0.1,https://localhost"
#define PW "MINIO_ROOT_PASSWORD"
#define USER "MINIO_ROOT_USER"

static const struct golden_case cases[] = {
	{ "sample.yml", "s3", SET, PW, "Xk3-long-Secret_value", REFUSE, "sample.set-password.yml", "s3" },
	{ "sample.yml", "s3", SET, USER, "rdm-admin", REFUSE, "sample.set-user.yml", "s3" },
	{ "sample.yml", "s3", SET, CORS, ORIGINS, REFUSE, "sample.add-cors.yml", "s3" },
	{ "sample.yml", "s3", REF, PW, PW, REFUSE, "sample.ref-password.yml", "s3" },
	{ "sample.yml", "s3", SET, USER, "on", REFUSE, "sample.quote-on.yml", "s3" },
	{ "sample.yml", "s3", SET, PW, "p@ss: w#rd $x", REFUSE, "sample.quote-special.yml", "s3" },
	{ "sample.yml", "s3", UNSET, USER, NULL, REFUSE, "sample.unset-user.yml", "s3" },
	{ "sample.yml", "app", SET, "INVENIO_S3_ENDPOINT_URL", "http://s3:9000/", REFUSE,
	  "sample.app-add-endpoint.yml", "app" },
	{ "sample.yml", "app", REF, "INVENIO_S3_SECRET_ACCESS_KEY", "INVENIO_S3_SECRET_ACCESS_KEY",
	  REFUSE, "sample.app-ref-secret.yml", "app" },
	{ "sample.yml", "app", SET, "INVENIO_SECRET_KEY", "s3cr3t-key", REFUSE,
	  "sample.app-set-secret.yml", "app" },
	{ "sample.yml", "cache", SET, "RDM_NOTE", "x", REFUSE, "sample.new-env-block.yml", "cache" },

	{ "list-env-quoted.yml", "s3", SET, PW, "new'pass", REFUSE, "list-env-quoted.set-password.yml", "s3" },
	{ "list-env-quoted.yml", "s3", SET, USER, "rdm-admin", REFUSE, "list-env-quoted.set-user.yml", "s3" },
	{ "list-env-quoted.yml", "s3", SET, CORS, ORIGINS, REFUSE, "list-env-quoted.add-cors.yml", "s3" },
	{ "list-env-quoted.yml", "s3", REF, PW, PW, REFUSE, "list-env-quoted.ref-password.yml", "s3" },
	{ "list-env-quoted.yml", "s3", SET, "DEMO_NOTE", "ends with space ", REFUSE,
	  "list-env-quoted.bare-needs-quote.yml", "s3" },
	{ "list-env-quoted.yml", "s3", UNSET, "MINIO_NOTE", NULL, REFUSE,
	  "list-env-quoted.unset-note.yml", "s3" },
	{ "list-env-quoted.yml", "app", SET, "INVENIO_S3_ACCESS_KEY_ID", "AKIAEXAMPLE", REFUSE,
	  "list-env-quoted.app-set-key.yml", "app" },
	{ "list-env-quoted.yml", "app", REF, "INVENIO_S3_SECRET_ACCESS_KEY",
	  "INVENIO_S3_SECRET_ACCESS_KEY", REFUSE, "list-env-quoted.app-ref-secret.yml", "app" },

	{ "map-env.yml", "s3", SET, PW, "Xk3-long-Secret_value", REFUSE, "map-env.set-password.yml", "s3" },
	{ "map-env.yml", "s3", SET, USER, "rdm-admin", REFUSE, "map-env.set-user.yml", "s3" },
	{ "map-env.yml", "s3", SET, CORS, "https://rdm.example.org", REFUSE, "map-env.set-cors.yml", "s3" },
	{ "map-env.yml", "s3", REF, PW, PW, REFUSE, "map-env.ref-password.yml", "s3" },
	{ "map-env.yml", "s3", SET, USER, "yes", REFUSE, "map-env.quote-yes.yml", "s3" },
	{ "map-env.yml", "s3", SET, "MINIO_BROWSER", "off", REFUSE, "map-env.browser-off.yml", "s3" },
	{ "map-env.yml", "app", SET, "INVENIO_S3_ENDPOINT_URL", "http://minio:9000/", REFUSE,
	  "map-env.app-set-endpoint.yml", "app" },
	{ "map-env.yml", "app", SET, "INVENIO_S3_ACCESS_KEY_ID", "AKIAEXAMPLE", REFUSE,
	  "map-env.app-add-key.yml", "app" },

	{ "crlf.yml", "s3", SET, PW, "Xk3-long-Secret_value", REFUSE, "crlf.set-password.yml", "s3" },
	{ "crlf.yml", "s3", SET, USER, "rdm-admin", REFUSE, "crlf.set-user.yml", "s3" },
	{ "crlf.yml", "s3", SET, CORS, ORIGINS, REFUSE, "crlf.add-cors.yml", "s3" },
	{ "crlf.yml", "s3", REF, PW, PW, REFUSE, "crlf.ref-password.yml", "s3" },
	{ "crlf.yml", "s3", UNSET, USER, NULL, REFUSE, "crlf.unset-user.yml", "s3" },
	{ "crlf.yml", "cache", SET, "RDM_NOTE", "x", REFUSE, "crlf.new-env-block.yml", "cache" },

	{ "bom.yml", "s3", SET, PW, "Xk3-long-Secret_value", REFUSE, "bom.set-password.yml", "s3" },
	{ "bom.yml", "s3", SET, USER, "\xc3\xa4""dmin", REFUSE, "bom.set-user.yml", "s3" },
	{ "bom.yml", "s3", SET, CORS, ORIGINS, REFUSE, "bom.add-cors.yml", "s3" },
	{ "bom.yml", "s3", REF, PW, PW, REFUSE, "bom.ref-password.yml", "s3" },
	{ "bom.yml", "cache", SET, "RDM_NOTE", "x", REFUSE, "bom.new-env-block.yml", "cache" },

	{ "anchors-merge.yml", "s3", SET, PW, "Xk3-long-Secret_value", ANCHOR,
	  "anchors-merge.set-password.yml", "s3,s3-replica" },
	{ "anchors-merge.yml", "s3", SET, USER, "rdm-admin", ANCHOR, "anchors-merge.set-user.yml",
	  "s3,s3-replica" },
	{ "anchors-merge.yml", "s3", SET, PW, "Xk3-long-Secret_value", OVERRIDE,
	  "anchors-merge.override-password.yml", "s3" },
	{ "anchors-merge.yml", "s3", SET, CORS, ORIGINS, REFUSE, "anchors-merge.set-cors.yml", "s3" },
	{ "anchors-merge.yml", "s3", REF, PW, PW, ANCHOR, "anchors-merge.ref-password.yml",
	  "s3,s3-replica" },
	{ "anchors-merge.yml", "s3", SET, "MINIO_BROWSER", "off", REFUSE,
	  "anchors-merge.add-browser.yml", "s3" },
	{ "anchors-merge.yml", "s3-replica", SET, CORS, ORIGINS, ANCHOR,
	  "anchors-merge.replica-add-cors.yml", "s3-replica" },
	{ "anchors-merge.yml", "app", SET, "INVENIO_S3_ENDPOINT_URL", "http://minio:9000/", REFUSE,
	  "anchors-merge.app-set-endpoint.yml", "app" },
	{ "anchors-merge.yml", "app", REF, "INVENIO_S3_SECRET_ACCESS_KEY",
	  "INVENIO_S3_SECRET_ACCESS_KEY", REFUSE, "anchors-merge.app-ref-secret.yml", "app" },

	{ "flow.yaml", "s3", SET, PW, "Xk3-long-Secret_value", REFUSE, "flow.set-password.yaml", "s3" },
	{ "flow.yaml", "s3", SET, USER, "rdm-admin", REFUSE, "flow.set-user.yaml", "s3" },
	{ "flow.yaml", "s3", SET, CORS, ORIGINS, REFUSE, "flow.add-cors.yaml", "s3" },
	{ "flow.yaml", "s3", REF, PW, PW, REFUSE, "flow.ref-password.yaml", "s3" },
	{ "flow.yaml", "s3", UNSET, USER, NULL, REFUSE, "flow.unset-user.yaml", "s3" },
	{ "flow.yaml", "cache", SET, "RDM_NOTE", "x", REFUSE, "flow.new-env-block.yaml", "cache" },
};
#define N_CASES (sizeof cases / sizeof *cases)

static int run_edit(const struct compose_doc *doc, const struct golden_case *c,
                    struct compose_edit *out, struct rdm_error *err)
{
	switch (c->op) {
	case SET: return compose_env_set(doc, c->service, c->key, c->value, c->policy, out, err);
	case REF: return compose_env_set_ref(doc, c->service, c->key, c->value, c->policy, out, err);
	case UNSET: break;
	}
	return compose_env_unset(doc, c->service, c->key, c->policy, out, err);
}

static void assert_affected(const struct compose_edit *e, const char *want)
{
	char *list = xstrdup(want);
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), n++) {
		assert_true(n < e->n_affected);
		assert_string_equal(e->affected[n], tok);
	}
	assert_int_equal(n, e->n_affected);
	free(list);
}

/* The new value reads back as intended, at the line the edit reports. */
static void assert_read_back(const struct golden_case *c, const struct compose_edit *e)
{
	const struct compose_env *v =
	        compose_service_env(compose_doc_find_service(e->doc, c->service), c->key);
	if (c->op == UNSET) {
		assert_null(v);
		assert_int_equal(e->line, 0);
		return;
	}
	assert_non_null(v);
	assert_false(v->value.is_null);
	assert_int_equal(v->value.origin.line, e->line);
	char *line = tc_line(e->content.data, e->content.len, e->line);
	assert_non_null(strstr(line, c->key));
	free(line);
	char *got = NULL, *dflt = NULL;
	enum compose_interp kind = compose_interp_classify(v->value.text, &got, &dflt);
	assert_int_equal(kind, c->op == REF ? COMPOSE_INTERP_REF : COMPOSE_INTERP_LITERAL);
	assert_string_equal(got, c->value);
	assert_null(dflt);
	free(got);
}

static unsigned line_of_offset(const char *text, size_t off)
{
	unsigned line = 1;
	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* Every value outside the lines the splice touched sits on a line whose
 * text is unchanged, at the same column. */
static void assert_provenance_kept(const struct golden_case *c, const struct compose_doc *old,
                                   const struct compose_edit *e)
{
	size_t old_len;
	const char *old_text = compose_doc_data(old, &old_len);
	size_t pre = 0, suf = 0;
	while (pre < old_len && pre < e->content.len && old_text[pre] == e->content.data[pre])
		pre++;
	while (suf < old_len - pre && suf < e->content.len - pre &&
	       old_text[old_len - 1 - suf] == e->content.data[e->content.len - 1 - suf])
		suf++;
	unsigned first = line_of_offset(old_text, pre), last = line_of_offset(old_text, old_len - suf);
	for (size_t i = 0; i < compose_doc_service_count(old); i++) {
		const struct compose_service *a = compose_doc_service(old, i);
		const struct compose_service *b = compose_doc_service(e->doc, i);
		assert_string_equal(a->name, b->name);
		for (size_t j = 0; j < a->n_env; j++) {
			unsigned l = a->env[j].value.origin.line;
			if (!strcmp(a->env[j].key, c->key) || (l >= first && l <= last))
				continue;
			const struct compose_env *nb = compose_service_env(b, a->env[j].key);
			assert_non_null(nb);
			assert_string_equal(nb->value.text, a->env[j].value.text);
			assert_int_equal(nb->value.column, a->env[j].value.column);
			char *la = tc_line(old_text, old_len, a->env[j].value.origin.line);
			char *lb = tc_line(e->content.data, e->content.len, nb->value.origin.line);
			assert_string_equal(la, lb);
			free(la);
			free(lb);
		}
		unsigned il = a->image.origin.line;
		if (a->image.text && (il < first || il > last)) {
			char *la = tc_line(old_text, old_len, a->image.origin.line);
			char *lb = tc_line(e->content.data, e->content.len, b->image.origin.line);
			assert_string_equal(la, lb);
			free(la);
			free(lb);
		}
	}
}

static void test_golden(void **state)
{
	const struct golden_case *c = *state;
	char *in = xasprintf("input/%s", c->input), *gold = xasprintf("golden/%s", c->golden);
	struct compose_doc *doc = tc_load(in);
	struct compose_edit e = COMPOSE_EDIT_INIT, again = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (run_edit(doc, c, &e, &err))
		tc_fail_error(c->golden, &err);
	assert_true(e.changed);
	tc_assert_golden(gold, e.content.data, e.content.len);
	assert_affected(&e, c->affected);
	assert_read_back(c, &e);
	assert_provenance_kept(c, doc, &e);
	/* Idempotence: the same edit on the result changes nothing. */
	if (run_edit(e.doc, c, &again, &err))
		tc_fail_error("second edit", &err);
	assert_false(again.changed);
	assert_int_equal(again.n_affected, 0);
	assert_int_equal(again.content.len, e.content.len);
	assert_memory_equal(again.content.data, e.content.data, e.content.len);
	compose_edit_free(&again);
	compose_edit_free(&e);
	compose_doc_free(doc);
	free(in);
	free(gold);
}

/* The edit leaves the caller's document (and its bytes) alone. */
static void test_edit_does_not_touch_input(void **state)
{
	(void)state;
	size_t len;
	char *orig = tc_read("input/sample.yml", &len);
	struct compose_doc *doc = tc_load("input/sample.yml");
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (compose_env_set(doc, "s3", PW, "another-secret", REFUSE, &e, &err))
		tc_fail_error("set", &err);
	size_t now_len;
	const char *now = compose_doc_data(doc, &now_len);
	assert_int_equal(now_len, len);
	assert_memory_equal(now, orig, len);
	assert_string_equal(compose_service_env(compose_doc_find_service(doc, "s3"), PW)->value.text,
	                    "CHANGE_ME");
	compose_edit_free(&e);
	compose_doc_free(doc);
	free(orig);
}

/* Edits chain: each result document is the input of the next. */
static void test_chained_edits(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/sample.yml");
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (compose_env_set_ref(doc, "s3", USER, USER, REFUSE, &e, &err))
		tc_fail_error("user", &err);
	compose_doc_free(doc);
	doc = e.doc;
	e.doc = NULL;
	if (compose_env_set_ref(doc, "s3", PW, PW, REFUSE, &e, &err))
		tc_fail_error("password", &err);
	compose_doc_free(doc);
	doc = e.doc;
	e.doc = NULL;
	if (compose_env_set(doc, "s3", CORS, "https://127.0.0.1", REFUSE, &e, &err))
		tc_fail_error("cors", &err);
	tc_assert_golden("golden/sample.chained.yml", e.content.data, e.content.len);
	compose_edit_free(&e);
	compose_doc_free(doc);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_edit_does_not_touch_input),
		cmocka_unit_test(test_chained_edits),
	};
	struct CMUnitTest tests[N_CASES + sizeof fixed / sizeof *fixed];
	char *names[N_CASES];
	for (size_t i = 0; i < N_CASES; i++) {
		names[i] = xasprintf("golden %s", cases[i].golden);
		tests[i] = (struct CMUnitTest){ names[i], test_golden, NULL, NULL, (void *)&cases[i] };
	}
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		tests[N_CASES + i] = fixed[i];
	int rc = cmocka_run_group_tests_name("compose_edit", tests, NULL, NULL);
	for (size_t i = 0; i < N_CASES; i++)
		free(names[i]);
	return rc;
}
