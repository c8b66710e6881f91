/* Reading compose files: services, the MinIO service, values with their
 * file:line, aliases and merge keys resolved, every quoting style, BOM and
 * CRLF, extends; interpolation and quoting helpers. Expected lines were read
 * off the fixtures (tests/data/instance/compose/input). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/compose/compose.h"
#include "instance/compose/compose_quote.h"
#include "test_compose_util.h"

static const struct compose_env *env_of(const struct compose_doc *doc, const char *svc,
                                        const char *key)
{
	const struct compose_service *s = compose_doc_find_service(doc, svc);
	assert_non_null(s);
	return compose_service_env(s, key);
}

static void assert_value(const struct compose_value *v, const char *file, const char *text,
                         unsigned line, unsigned column)
{
	assert_non_null(v->text);
	assert_string_equal(v->text, text);
	assert_int_equal(v->origin.kind, INST_ORIGIN_FILE);
	assert_string_equal(v->origin.file, file);
	assert_int_equal(v->origin.line, line);
	assert_int_equal(v->column, column);
}

static void assert_env(const struct compose_doc *doc, const char *svc, const char *key,
                       const char *text, unsigned line, unsigned column)
{
	const struct compose_env *e = env_of(doc, svc, key);
	if (!e)
		fail_msg("%s has no %s", svc, key);
	assert_value(&e->value, compose_doc_name(doc), text, line, column);
}

static void test_sample_services(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/sample.yml");
	static const char *const names[] = { "app", "cache", "db", "mq", "search", "s3" };
	assert_int_equal(compose_doc_service_count(doc), 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(compose_doc_service(doc, i)->name, names[i]);
	assert_null(compose_doc_service(doc, 6));
	const struct compose_service *s3 = compose_doc_find_minio(doc);
	assert_non_null(s3);
	assert_string_equal(s3->name, "s3");
	assert_int_equal(s3->line, 57);
	assert_value(&s3->image, "input/sample.yml", "minio/minio:RELEASE.2022-10-24T18-35-07Z", 58, 12);
	assert_int_equal(s3->n_ports, 2);
	assert_value(&s3->ports[0], "input/sample.yml", "${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9000:9000",
	             61, 9);
	assert_value(&s3->command, "input/sample.yml", "server /data --console-address :9001", 68, 14);
	assert_false(s3->command_exec_form);
	assert_int_equal(s3->env_style, COMPOSE_ENV_MAP);
	assert_int_equal(s3->n_env, 2);
	assert_env(doc, "s3", "MINIO_ROOT_USER", "CHANGE_ME", 64, 24);
	assert_env(doc, "s3", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 65, 28);
	const struct compose_env *e = env_of(doc, "s3", "MINIO_ROOT_USER");
	assert_false(e->value.via_alias || e->value.via_merge || e->value.is_null);
	assert_null(e->value.anchor);
	assert_null(env_of(doc, "s3", "MINIO_API_CORS_ALLOW_ORIGIN"));
	assert_null(s3->extends_service.text);
	compose_doc_free(doc);
}

static void test_sample_list_env(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/sample.yml");
	const struct compose_service *app = compose_doc_find_service(doc, "app");
	assert_int_equal(app->env_style, COMPOSE_ENV_LIST);
	assert_int_equal(app->n_env, 9);
	assert_string_equal(app->env[0].key, "INVENIO_SECRET_KEY");
	assert_env(doc, "app", "INVENIO_SECRET_KEY", "CHANGE_ME", 12, 9);
	assert_env(doc, "app", "INVENIO_SEARCH_HOSTS", "['search:9200']", 19, 9);
	assert_env(doc, "app", "INVENIO_SQLALCHEMY_DATABASE_URI",
	           "postgresql+psycopg2://demo-repo:demo-repo@db/demo-repo", 13, 9);
	/* A bare item after a comment line, then quoted ones. */
	assert_env(doc, "search", "bootstrap.memory_lock", "true", 47, 9);
	assert_env(doc, "search", "OPENSEARCH_JAVA_OPTS", "-Xms512m -Xmx512m", 48, 9);
	assert_int_equal(compose_doc_find_service(doc, "cache")->env_style, COMPOSE_ENV_NONE);
	assert_int_equal(compose_doc_find_service(doc, "cache")->n_env, 0);
	compose_doc_free(doc);
}

static void test_compose_extends(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/sample-compose.yml");
	assert_int_equal(compose_doc_service_count(doc), 5);
	const struct compose_service *s3 = compose_doc_find_service(doc, "s3");
	assert_value(&s3->extends_file, "input/sample-compose.yml", "docker-services.yml", 25, 13);
	assert_value(&s3->extends_service, "input/sample-compose.yml", "s3", 26, 16);
	assert_true(compose_service_extends(s3, "docker-services.yml", "s3"));
	assert_true(compose_service_extends(s3, "./docker-services.yml", "s3"));
	assert_false(compose_service_extends(s3, "docker-services.yml", "db"));
	assert_false(compose_service_extends(s3, NULL, "s3"));
	assert_false(compose_service_extends(s3, "docker-compose.yml", "s3"));
	assert_null(s3->image.text);
	compose_doc_free(doc);

	doc = tc_parse("x.yml", "services:\n  base:\n    image: minio/minio\n"
	                        "  s3:\n    extends: base\n");
	s3 = compose_doc_find_service(doc, "s3");
	assert_true(compose_service_extends(s3, NULL, "base"));
	assert_false(compose_service_extends(s3, "docker-services.yml", "base"));
	compose_doc_free(doc);
}

static void test_anchors_merge(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/anchors-merge.yml");
	assert_env(doc, "s3", "MINIO_ROOT_USER", "CHANGE_ME", 5, 20);
	assert_env(doc, "s3", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 6, 24);
	assert_env(doc, "s3", "MINIO_API_CORS_ALLOW_ORIGIN", "https://127.0.0.1", 31, 36);
	const struct compose_env *e = env_of(doc, "s3", "MINIO_ROOT_PASSWORD");
	assert_true(e->value.via_merge && e->value.via_alias);
	assert_string_equal(e->value.anchor, "minio-env");
	e = env_of(doc, "s3", "MINIO_API_CORS_ALLOW_ORIGIN");
	assert_false(e->value.via_merge || e->value.via_alias);
	/* Same bytes, reached through `environment: *minio-env`. */
	assert_env(doc, "s3-replica", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 6, 24);
	e = env_of(doc, "s3-replica", "MINIO_ROOT_PASSWORD");
	assert_true(e->value.via_alias);
	assert_false(e->value.via_merge);
	assert_string_equal(e->value.anchor, "minio-env");
	assert_null(env_of(doc, "s3-replica", "MINIO_API_CORS_ALLOW_ORIGIN"));
	/* A list anchor. */
	assert_int_equal(compose_doc_find_service(doc, "app")->env_style, COMPOSE_ENV_LIST);
	assert_env(doc, "app", "INVENIO_S3_ENDPOINT_URL", "http://s3:9000/", 16, 5);
	assert_string_equal(env_of(doc, "app", "INVENIO_S3_ENDPOINT_URL")->value.anchor, "app-env");
	assert_string_equal(compose_doc_find_minio(doc)->name, "s3");
	compose_doc_free(doc);
}

static void test_list_quoting(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/list-env-quoted.yml");
	const struct compose_service *s3 = compose_doc_find_service(doc, "s3");
	assert_int_equal(s3->n_env, 5); /* the commented-out items are not entries */
	assert_env(doc, "s3", "MINIO_ROOT_USER", "CHANGE_ME", 11, 9);
	assert_env(doc, "s3", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 12, 9);
	assert_env(doc, "s3", "DEMO_NOTE", "value with spaces", 13, 9);
	assert_env(doc, "s3", "MINIO_BROWSER", "on", 14, 9);
	assert_env(doc, "s3", "MINIO_NOTE", "a:b=c#d", 15, 9);
	assert_true(s3->command_exec_form);
	assert_value(&s3->command, "input/list-env-quoted.yml", "server /data --console-address :9001",
	             19, 14);
	assert_env(doc, "app", "INVENIO_S3_ACCESS_KEY_ID", "CHANGE_ME", 24, 9);
	compose_doc_free(doc);
}

static void test_map_quoting(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/map-env.yml");
	assert_env(doc, "s3", "MINIO_ROOT_USER", "CHANGE_ME", 21, 24);
	assert_env(doc, "s3", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 22, 28);
	assert_env(doc, "s3", "MINIO_BROWSER", "on", 23, 22);
	assert_env(doc, "s3", "MINIO_API_CORS_ALLOW_ORIGIN", "https://127.0.0.1,https://localhost",
	           24, 36);
	assert_env(doc, "app", "INVENIO_S3_ENDPOINT_URL", "http://s3:9000/", 7, 32);
	assert_env(doc, "pgadmin", "PGADMIN_DEFAULT_EMAIL", "info@my-site.com", 12, 30);
	compose_doc_free(doc);
}

static void test_flow_yaml(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_load("input/flow.yaml");
	const struct compose_service *cache = compose_doc_find_service(doc, "cache");
	assert_value(&cache->image, "input/flow.yaml", "redis:7", 3, 20);
	assert_int_equal(cache->n_ports, 1);
	assert_value(&cache->ports[0], "input/flow.yaml", "127.0.0.1:6379:6379", 3, 66);
	const struct compose_service *s3 = compose_doc_find_service(doc, "s3");
	assert_int_equal(s3->env_style, COMPOSE_ENV_MAP);
	assert_env(doc, "s3", "MINIO_ROOT_USER", "CHANGE_ME", 8, 40);
	assert_env(doc, "s3", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 8, 72);
	assert_value(&s3->ports[1], "input/flow.yaml", "127.0.0.1:9001:9001", 7, 40);
	compose_doc_free(doc);
}

/* The BOM and CRLF change neither line numbers nor (character) columns. */
static void test_bom_crlf(void **state)
{
	(void)state;
	const char *files[] = { "input/bom.yml", "input/crlf.yml" };
	for (size_t i = 0; i < 2; i++) {
		struct compose_doc *doc = tc_load(files[i]);
		assert_int_equal(compose_doc_find_service(doc, "s3")->line, 10);
		assert_env(doc, "s3", "MINIO_ROOT_USER", "CHANGE_ME", 17, 24);
		assert_env(doc, "s3", "MINIO_ROOT_PASSWORD", "CHANGE_ME", 18, 28);
		size_t len;
		const char *data = compose_doc_data(doc, &len);
		if (i == 0)
			assert_memory_equal(data, "\xef\xbb\xbf# Variant", 12);
		compose_doc_free(doc);
	}
}

static void test_minio_detection(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_parse("x.yml", "services:\n  web:\n    image: nginx\n"
	                                            "  storage:\n    image: quay.io/MinIO/minio:latest\n");
	assert_string_equal(compose_doc_find_minio(doc)->name, "storage");
	compose_doc_free(doc);
	doc = tc_parse("x.yml", "services:\n  web:\n    command: serverless\n"
	                        "  blobs:\n    image: my/blobs\n    command: server /data\n");
	assert_string_equal(compose_doc_find_minio(doc)->name, "blobs");
	compose_doc_free(doc);
	doc = tc_parse("x.yml", "services:\n  web:\n    image: nginx\n");
	assert_null(compose_doc_find_minio(doc));
	compose_doc_free(doc);
	doc = tc_parse("x.yml", "# nothing yet\n");
	assert_int_equal(compose_doc_service_count(doc), 0);
	assert_null(compose_doc_find_minio(doc));
	compose_doc_free(doc);
}

static void test_null_and_long_ports(void **state)
{
	(void)state;
	struct compose_doc *doc = tc_parse(
	        "x.yml", "services:\n  s3:\n    ports:\n      - target: 9000\n        published: \"9000\"\n"
	                 "        host_ip: 127.0.0.1\n      - target: 53\n        protocol: udp\n"
	                 "    environment:\n      FROM_SHELL:\n      EMPTY: ''\n      TILDE: ~\n"
	                 "  other:\n    environment:\n      - FROM_SHELL\n      - EMPTY=\n  bare:\n");
	const struct compose_service *s3 = compose_doc_find_service(doc, "s3");
	assert_int_equal(s3->n_ports, 2);
	assert_string_equal(s3->ports[0].text, "127.0.0.1:9000:9000");
	assert_int_equal(s3->ports[0].origin.line, 4);
	assert_string_equal(s3->ports[1].text, "53/udp");
	assert_true(env_of(doc, "s3", "FROM_SHELL")->value.is_null);
	assert_string_equal(env_of(doc, "s3", "FROM_SHELL")->value.text, "");
	assert_false(env_of(doc, "s3", "EMPTY")->value.is_null);
	assert_true(env_of(doc, "s3", "TILDE")->value.is_null);
	assert_true(env_of(doc, "other", "FROM_SHELL")->value.is_null);
	assert_false(env_of(doc, "other", "EMPTY")->value.is_null);
	assert_string_equal(env_of(doc, "other", "EMPTY")->value.text, "");
	assert_non_null(compose_doc_find_service(doc, "bare"));
	assert_int_equal(compose_doc_find_service(doc, "bare")->n_env, 0);
	compose_doc_free(doc);
}

static void check_interp(const char *text, enum compose_interp want, const char *out,
                         const char *dflt)
{
	char *got = NULL, *d = NULL;
	assert_int_equal(compose_interp_classify(text, &got, &d), want);
	if (out)
		assert_string_equal(got, out);
	else
		assert_null(got);
	if (dflt)
		assert_string_equal(d, dflt);
	else
		assert_null(d);
	free(got);
	free(d);
}

static void test_interp(void **state)
{
	(void)state;
	check_interp("CHANGE_ME", COMPOSE_INTERP_LITERAL, "CHANGE_ME", NULL);
	check_interp("", COMPOSE_INTERP_LITERAL, "", NULL);
	check_interp("a$$b$$", COMPOSE_INTERP_LITERAL, "a$b$", NULL);
	check_interp("cost $5", COMPOSE_INTERP_LITERAL, "cost $5", NULL);
	check_interp("${MINIO_ROOT_PASSWORD}", COMPOSE_INTERP_REF, "MINIO_ROOT_PASSWORD", NULL);
	check_interp("$MINIO_ROOT_USER", COMPOSE_INTERP_REF, "MINIO_ROOT_USER", NULL);
	check_interp("${BIND:-127.0.0.1}", COMPOSE_INTERP_REF, "BIND", "127.0.0.1");
	check_interp("${BIND-x}", COMPOSE_INTERP_REF, "BIND", "x");
	check_interp("${KEY:?set KEY in .env}", COMPOSE_INTERP_REF, "KEY", NULL);
	check_interp("${A:-${B}}", COMPOSE_INTERP_REF, "A", "${B}");
	check_interp("${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9000:9000", COMPOSE_INTERP_MIXED, NULL,
	             NULL);
	check_interp("${A}${B}", COMPOSE_INTERP_MIXED, NULL, NULL);
	check_interp("${unclosed", COMPOSE_INTERP_LITERAL, "${unclosed", NULL);
}

static void test_quote_rules(void **state)
{
	(void)state;
	static const char *const plain[] = { "CHANGE_ME", "rdm-admin", "https://127.0.0.1",
		                             "a,b", "value with spaces", "x#y", "a:b", "\xc3\xa4min" };
	for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
		assert_true(cq_plain_ok(plain[i], false));
	static const char *const quoted[] = { "", "on", "Off", "YES", "no", "y", "true", "null",
		                              "~", "<<", "123", "1.5", "0x1F", "-x", ".inf", "+1",
		                              "a: b", "a #b", " lead", "trail ", "end:", "\"q",
		                              "'q", "#c", "&a", "*a", "!t", "%p", "@a", "`b", "{",
		                              "[", "]", "|", ">", "?", "tab\t", "nl\n", "\xef\xbb\xbfx" };
	for (size_t i = 0; i < sizeof quoted / sizeof *quoted; i++)
		if (cq_plain_ok(quoted[i], false))
			fail_msg("\"%s\" must not be plain", quoted[i]);
	assert_false(cq_plain_ok("https://x", true));
	assert_false(cq_plain_ok("a,b", true));
	assert_true(cq_single_ok("it's"));
	assert_false(cq_single_ok("nl\n"));
	struct buf b = BUF_INIT;
	assert_int_equal(cq_emit(&b, "it's \"x\"\\\n\t\x01", CQ_DOUBLE, false), CQ_DOUBLE);
	assert_string_equal(buf_str(&b), "\"it's \\\"x\\\"\\\\\\n\\t\\x01\"");
	buf_truncate(&b, 0);
	assert_int_equal(cq_emit(&b, "it's", CQ_SINGLE, false), CQ_SINGLE);
	assert_string_equal(buf_str(&b), "'it''s'");
	buf_truncate(&b, 0);
	assert_int_equal(cq_emit(&b, "on", CQ_PLAIN, false), CQ_DOUBLE);
	assert_string_equal(buf_str(&b), "\"on\"");
	buf_free(&b);
	assert_true(cq_valid_utf8("\xc3\xa4"));
	assert_false(cq_valid_utf8("\xc3"));
	assert_false(cq_valid_utf8("\xc0\xaf"));
	assert_false(cq_valid_utf8("\xed\xa0\x80"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_services),
		cmocka_unit_test(test_sample_list_env),
		cmocka_unit_test(test_compose_extends),
		cmocka_unit_test(test_anchors_merge),
		cmocka_unit_test(test_list_quoting),
		cmocka_unit_test(test_map_quoting),
		cmocka_unit_test(test_flow_yaml),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_minio_detection),
		cmocka_unit_test(test_null_and_long_ports),
		cmocka_unit_test(test_interp),
		cmocka_unit_test(test_quote_rules),
	};
	return cmocka_run_group_tests_name("compose_read", tests, NULL, NULL);
}
