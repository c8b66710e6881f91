/* Edits on small inline documents, byte-exact: no final newline, CRLF,
 * empty and null environments, null values, removal of the only entry, flow
 * collections, block scalars, anchors and service-level merge keys; and a
 * round trip of values that need every kind of quoting in every style. */
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

enum op { SET, UNSET };

struct inline_case {
	const char *name;
	const char *in;
	const char *service, *key, *value; /* value NULL: unset */
	const char *out;
};

#define HEAD "services:\n  s3:\n    image: x\n"

static const struct inline_case cases[] = {
	{ "no final newline: set", HEAD "    environment:\n      A: b", "s3", "A", "c",
	  HEAD "    environment:\n      A: c" },
	{ "no final newline: add", HEAD "    environment:\n      A: b", "s3", "C", "d",
	  HEAD "    environment:\n      A: b\n      C: d" },
	{ "no final newline: remove last", HEAD "    environment:\n      A: b\n      C: d", "s3", "C",
	  NULL, HEAD "    environment:\n      A: b" },
	{ "crlf, no final newline: add", "services:\r\n  s3:\r\n    environment:\r\n      A: b", "s3",
	  "C", "d", "services:\r\n  s3:\r\n    environment:\r\n      A: b\r\n      C: d" },
	{ "crlf: remove", "services:\r\n  s3:\r\n    environment:\r\n      A: b\r\n      C: d\r\n",
	  "s3", "A", NULL, "services:\r\n  s3:\r\n    environment:\r\n      C: d\r\n" },
	{ "null environment", HEAD "    environment:\n    ports: []\n", "s3", "A", "b",
	  HEAD "    environment:\n      A: b\n    ports: []\n" },
	{ "null environment with comment", HEAD "    environment: # none yet\n", "s3", "A", "b",
	  HEAD "    environment:\n      A: b # none yet\n" },
	{ "null value", HEAD "    environment:\n      A:\n      B: c\n", "s3", "A", "v",
	  HEAD "    environment:\n      A: v\n      B: c\n" },
	{ "list item without '='", HEAD "    environment:\n      - A\n      - \"B=c\"\n", "s3", "A",
	  "v", HEAD "    environment:\n      - A=v\n      - \"B=c\"\n" },
	{ "remove the only entry", HEAD "    environment:\n      A: b\n    command: server /data\n",
	  "s3", "A", NULL, HEAD "    command: server /data\n" },
	{ "remove the only list entry, comments inside",
	  HEAD "    environment:\n      # note\n      - A=b\n    command: server\n", "s3", "A", NULL,
	  HEAD "    command: server\n" },
	{ "remove the only flow entry", HEAD "    environment: {A: b}\n", "s3", "A", NULL,
	  HEAD "    environment: {}\n" },
	{ "remove first flow entry", HEAD "    environment: {A: 1, B: 2, C: 3}\n", "s3", "A", NULL,
	  HEAD "    environment: {B: 2, C: 3}\n" },
	{ "remove middle flow entry", HEAD "    environment: {A: 1, B: 2, C: 3}\n", "s3", "B", NULL,
	  HEAD "    environment: {A: 1, C: 3}\n" },
	{ "flow list: set", HEAD "    environment: [\"A=1\", 'B=2']\n", "s3", "B", "x",
	  HEAD "    environment: [\"A=1\", 'B=x']\n" },
	{ "flow list: add", HEAD "    environment: [\"A=1\", 'B=2']\n", "s3", "C", "3",
	  HEAD "    environment: [\"A=1\", 'B=2', 'C=3']\n" },
	{ "empty flow map: add", HEAD "    environment: {}\n", "s3", "A", "b",
	  HEAD "    environment: {A: b}\n" },
	{ "empty flow list: add", HEAD "    environment: []\n", "s3", "A", "b",
	  HEAD "    environment: [\"A=b\"]\n" },
	{ "4-space list with wide dash", "services:\n    s3:\n        environment:\n        -   'A=1'\n",
	  "s3", "B", "2", "services:\n    s3:\n        environment:\n        -   'A=1'\n        -   'B=2'\n" },
	{ "block scalar value", HEAD "    environment:\n      A: |\n        one\n        two\n      B: x\n",
	  "s3", "A", "v", HEAD "    environment:\n      A: \"v\"\n      B: x\n" },
	{ "multi-line plain value", HEAD "    environment:\n      A: one\n        two\n      B: x\n", "s3",
	  "A", "v", HEAD "    environment:\n      A: v\n      B: x\n" },
	{ "value after anchor and tag", "x-pw: &pw !!str old # c\nservices:\n  s3:\n    environment:\n"
	                                "      PW: *pw\n",
	  "s3", "PW", "new", "x-pw: &pw !!str new # c\nservices:\n  s3:\n    environment:\n      PW: *pw\n" },
	{ "list item needs quotes", HEAD "    environment:\n      - A=b\n", "s3", "A", "x: y #z",
	  HEAD "    environment:\n      - \"A=x: y #z\"\n" },
	{ "dollar escaped", HEAD "    environment:\n      - A=b\n", "s3", "A", "a$b$$",
	  HEAD "    environment:\n      - A=a$$b$$$$\n" },
	{ "new environment after nested block", HEAD "    healthcheck:\n      test: [\"CMD\"]\n"
	                                             "      retries: 3\n\n  db:\n    image: y\n",
	  "s3", "A", "b", HEAD "    healthcheck:\n      test: [\"CMD\"]\n      retries: 3\n"
	                      "    environment:\n      A: b\n\n  db:\n    image: y\n" },
	{ "new environment, no final newline", HEAD "    restart: always", "s3", "A", "b",
	  HEAD "    restart: always\n    environment:\n      A: b" },
	{ "new environment in flow service", "services:\n  s3: {image: x}\n", "s3", "A", "on",
	  "services:\n  s3: {image: x, environment: {A: \"on\"}}\n" },
	{ "unset absent: nothing", HEAD "    environment:\n      A: b\n", "s3", "Z", NULL,
	  HEAD "    environment:\n      A: b\n" },
	{ "unset without environment: nothing", HEAD, "s3", "Z", NULL, HEAD },
};
#define N_CASES (sizeof cases / sizeof *cases)

static void test_inline(void **state)
{
	const struct inline_case *c = *state;
	struct compose_doc *doc = tc_parse("x.yml", c->in);
	struct compose_edit e = COMPOSE_EDIT_INIT, again = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = c->value ? compose_env_set(doc, c->service, c->key, c->value, COMPOSE_SHARED_REFUSE,
	                                    &e, &err)
	                  : compose_env_unset(doc, c->service, c->key, COMPOSE_SHARED_REFUSE, &e, &err);
	if (rc)
		tc_fail_error(c->name, &err);
	assert_int_equal(e.changed, strcmp(c->in, c->out) != 0);
	if (e.content.len != strlen(c->out) || memcmp(e.content.data, c->out, e.content.len)) {
		print_error("got:\n%s\nwant:\n%s\n", e.content.data, c->out);
		fail();
	}
	rc = c->value ? compose_env_set(e.doc, c->service, c->key, c->value, COMPOSE_SHARED_REFUSE,
	                                &again, &err)
	              : compose_env_unset(e.doc, c->service, c->key, COMPOSE_SHARED_REFUSE, &again, &err);
	if (rc)
		tc_fail_error("again", &err);
	assert_false(again.changed);
	compose_edit_free(&again);
	compose_edit_free(&e);
	compose_doc_free(doc);
}

/* Service-level `<<:` shares a whole environment: the policy decides. */
static void test_service_merge_policy(void **state)
{
	(void)state;
	const char *in = "x-base: &base\n  environment:\n    A: \"1\"\nservices:\n  s1:\n    <<: *base\n"
	                 "    image: a\n  s2:\n    <<: *base\n    image: b\n  s3:\n    image: c\n";
	struct compose_doc *doc = tc_parse("x.yml", in);
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(compose_env_set(doc, "s1", "A", "2", COMPOSE_SHARED_REFUSE, &e, &err), -1);
	tc_assert_error(&err, "x.yml:3:8", "also use");
	assert_null(e.doc);
	assert_false(e.changed);
	if (compose_env_set(doc, "s1", "A", "2", COMPOSE_SHARED_EDIT_ANCHOR, &e, &err))
		tc_fail_error("anchor", &err);
	assert_int_equal(e.n_affected, 2);
	assert_string_equal(e.affected[0], "s1");
	assert_string_equal(e.affected[1], "s2");
	assert_non_null(strstr(e.content.data, "    A: \"2\"\n"));
	compose_edit_free(&e);
	/* A service that does not share it is edited alone. */
	if (compose_env_set(doc, "s3", "A", "3", COMPOSE_SHARED_REFUSE, &e, &err))
		tc_fail_error("s3", &err);
	assert_int_equal(e.n_affected, 1);
	assert_non_null(strstr(e.content.data, "    image: c\n    environment:\n      A: \"3\"\n"));
	compose_edit_free(&e);
	compose_doc_free(doc);
}

/* Values that need plain, single, double quoting or escapes, set in every
 * entry style, read back as the same literal. */
static void test_value_round_trip(void **state)
{
	(void)state;
	static const char *const styles[] = {
		HEAD "    environment:\n      K: plain\n",
		HEAD "    environment:\n      K: 'single'\n",
		HEAD "    environment:\n      K: \"double\"\n",
		HEAD "    environment:\n      - K=plain\n",
		HEAD "    environment:\n      - 'K=single'\n",
		HEAD "    environment:\n      - \"K=double\"\n",
		HEAD "    environment: {K: plain, L: x}\n",
		HEAD "    environment: [K=plain, \"L=x\"]\n",
		HEAD "    environment:\n      L: x\n",
	};
	static const char *const values[] = {
		"on", "Off", "yes", "NO", "true", "null", "~", "", "123", "1.5", "0x1F", "-x",
		"a: b", "a #b", " lead", "trail ", "end:", "\"q\"", "it's", "back\\slash", "tab\tx",
		"new\nline", "cr\rx", "#hash", "&amp", "*star", "!bang", "%pct", "@at", "`tick",
		"{brace}", "[br]", "a,b", "\xc3\xbcn\xc3\xaf", "$dollar", "${NOT_A_REF}", "=", "<<",
		"  ", "\x7f", "\xc2\x85", "\xe2\x80\xa8", "https://127.0.0.1,https://localhost",
		"multi  spaces", "? q", "- d", "key=val=ue",
	};
	for (size_t s = 0; s < sizeof styles / sizeof *styles; s++) {
		struct compose_doc *doc = tc_parse("x.yml", styles[s]);
		for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
			struct compose_edit e = COMPOSE_EDIT_INIT;
			struct rdm_error err = RDM_ERROR_INIT;
			if (compose_env_set(doc, "s3", "K", values[v], COMPOSE_SHARED_REFUSE, &e, &err)) {
				print_error("style %zu, value %zu\n", s, v);
				tc_fail_error("set", &err);
			}
			const struct compose_env *env =
			        compose_service_env(compose_doc_find_service(e.doc, "s3"), "K");
			char *lit = NULL;
			assert_int_equal(compose_interp_classify(env->value.text, &lit, NULL),
			                 COMPOSE_INTERP_LITERAL);
			if (strcmp(lit, values[v]))
				fail_msg("style %zu: \"%s\" read back as \"%s\"", s, values[v], lit);
			free(lit);
			assert_false(env->value.is_null);
			compose_edit_free(&e);
		}
		compose_doc_free(doc);
	}
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_service_merge_policy),
		cmocka_unit_test(test_value_round_trip),
	};
	struct CMUnitTest tests[N_CASES + sizeof fixed / sizeof *fixed];
	for (size_t i = 0; i < N_CASES; i++)
		tests[i] = (struct CMUnitTest){ cases[i].name, test_inline, NULL, NULL, (void *)&cases[i] };
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		tests[N_CASES + i] = fixed[i];
	return cmocka_run_group_tests_name("compose_edge", tests, NULL, NULL);
}
