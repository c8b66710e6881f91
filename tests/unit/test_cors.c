/* The CORS model: JSON (console array and aws-cli object) and XML both
 * ways, validation messages, the InvenioRDM rule set, rule matching and the
 * browser's verdict on a real preflight answer. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "s3/cors/cors.h"
#include "s3/model/xml.h"
#include "s3_model_data.h"
#include "util/buf.h"

static void assert_contains(const char *text, const char *part)
{
	if (!text || !strstr(text, part))
		fail_msg("\"%s\" lacks \"%s\"", text ? text : "(null)", part);
}

static void load(const char *rel, struct s3_cors *c)
{
	size_t len;
	char *text = tdata_read(rel, &len);
	struct rdm_error err = RDM_ERROR_INIT;
	if (s3_cors_parse(text, len, c, &err) != 0)
		fail_msg("%s: %s", rel, err.message);
	free(text);
}

static char *to_json(const struct s3_cors *c, enum s3_cors_json_style style)
{
	struct buf b = BUF_INIT;
	s3_cors_to_json(c, style, &b);
	return buf_detach(&b);
}

static char *to_xml(const struct s3_cors *c)
{
	struct buf b = BUF_INIT;
	s3_xml_build_cors(c, &b);
	return buf_detach(&b);
}

/* ---- JSON in ------------------------------------------------------------ */

static void test_json_console_form(void **state)
{
	struct s3_cors c = S3_CORS_INIT;
	load("cors/invenio-docs.json", &c);
	assert_int_equal(c.n_rules, 2);
	const struct s3_cors_rule *r = &c.rules[0];
	assert_null(r->id);
	assert_string_equal(r->allowed_headers.items[0], "*");
	assert_int_equal(r->allowed_methods.n, 2);
	assert_string_equal(r->allowed_methods.items[1], "HEAD");
	assert_string_equal(r->allowed_origins.items[0], "https://rdm.example.org");
	assert_string_equal(r->expose_headers.items[1], "Content-Range");
	assert_int_equal(r->max_age_seconds, 3000);
	assert_int_equal(c.rules[1].max_age_seconds, -1);
	assert_int_equal(c.rules[1].allowed_headers.n, 0);
	assert_int_equal(s3_cors_validate(&c, NULL), 0);
	s3_cors_free(&c);
}

static void test_json_awscli_form(void **state)
{
	struct s3_cors c = S3_CORS_INIT;
	load("cors/aws-cli.json", &c);
	assert_int_equal(c.n_rules, 2);
	assert_string_equal(c.rules[0].id, "invenio-preview");
	assert_int_equal(c.rules[0].allowed_origins.n, 2);
	assert_int_equal(s3_cors_validate(&c, NULL), 0);
	s3_cors_free(&c);
}

struct json_bad {
	const char *json;
	const char *msg;
};

static const struct json_bad json_bad[] = {
	{ "[{\"AllowedOrigins\": [\"*\"],}]", "not valid (line 1, column" },
	{ "", "not valid" },
	{ "\"GET\"", "not valid" }, /* jansson wants an array or object on top */
	{ "42", "not valid" },
	{ "{\"Rules\": []}", "list of rules or {\"CORSRules\": [...]}" },
	{ "{\"CORSRules\": 5}", "list of rules or {\"CORSRules\": [...]}" },
	{ "{\"CORSRules\": [], \"Extra\": 1}", "list of rules or {\"CORSRules\": [...]}" },
	{ "[{\"AllowedMethods\": [\"GET\"]}, 7]", "CORS rule 2 is not a JSON object" },
	{ "[{\"AllowedOrigin\": [\"*\"]}]", "CORS rule 1: AllowedOrigin: unknown key" },
	{ "[{\"allowedMethods\": [\"GET\"]}]", "CORS rule 1: allowedMethods: unknown key" },
	{ "[{}, {\"AllowedMethods\": \"GET\"}]", "CORS rule 2: AllowedMethods: must be a list of strings" },
	{ "[{\"AllowedHeaders\": [\"a\", 1]}]", "CORS rule 1: AllowedHeaders: must be a list of strings" },
	{ "[{\"ExposeHeaders\": null}]", "CORS rule 1: ExposeHeaders: must be a list of strings" },
	{ "[{\"MaxAgeSeconds\": \"3000\"}]", "CORS rule 1: MaxAgeSeconds: must be a whole number" },
	{ "[{\"MaxAgeSeconds\": 30.5}]", "CORS rule 1: MaxAgeSeconds: must be a whole number" },
	{ "[{\"MaxAgeSeconds\": -1}]", "CORS rule 1: MaxAgeSeconds: must be a whole number" },
	{ "[{\"MaxAgeSeconds\": 9999999999}]", "CORS rule 1: MaxAgeSeconds: must be a whole number" },
	{ "[{\"ID\": 5}]", "CORS rule 1: ID: must be a string" },
	{ "[{\"ID\": \"a\", \"ID\": \"b\"}]", "not valid" }, /* duplicate key */
	{ "[{\"ID\": \"a\\u0000b\"}]", "not valid" },       /* NUL in a string */
	{ "[{\"ID\": \"\xff\"}]", "not valid" },            /* not UTF-8 */
};

static void test_json_errors(void **state)
{
	for (size_t i = 0; i < sizeof json_bad / sizeof *json_bad; i++) {
		struct s3_cors c = S3_CORS_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		const char *j = json_bad[i].json;
		if (s3_cors_from_json(j, strlen(j), &c, &err) == 0)
			fail_msg("accepted: %s", j);
		if (!err.message || !strstr(err.message, json_bad[i].msg))
			fail_msg("%s: message lacks \"%s\": %s", j, json_bad[i].msg,
				 err.message ? err.message : "(null)");
		assert_non_null(err.remedy);
		assert_int_equal(c.n_rules, 0); /* nothing half-read is left */
		rdm_error_clear(&err);
	}
}

/* ---- JSON out and round trips ------------------------------------------- */

static void test_json_golden(void **state)
{
	struct s3_cors c = S3_CORS_INIT;
	struct s3_cors_rule *r = s3_cors_add_rule(&c);
	s3_strlist_add(&r->allowed_methods, "GET");
	s3_strlist_add(&r->allowed_origins, "*");
	s3_strlist_add(&r->expose_headers, "ETag");
	r->max_age_seconds = 3000;
	char *j = to_json(&c, S3_CORS_JSON_ARRAY);
	assert_string_equal(j, "[\n"
			       "  {\n"
			       "    \"AllowedMethods\": [\n"
			       "      \"GET\"\n"
			       "    ],\n"
			       "    \"AllowedOrigins\": [\n"
			       "      \"*\"\n"
			       "    ],\n"
			       "    \"ExposeHeaders\": [\n"
			       "      \"ETag\"\n"
			       "    ],\n"
			       "    \"MaxAgeSeconds\": 3000\n"
			       "  }\n"
			       "]\n");
	free(j);
	j = to_json(&c, S3_CORS_JSON_AWSCLI);
	assert_true(strncmp(j, "{\n  \"CORSRules\": [\n", 19) == 0);
	free(j);
	s3_cors_free(&c);
}

/* JSON -> model -> XML -> model -> JSON gives the same JSON, and the XML
 * of the second model equals the first XML. */
static void round_trip(const char *rel)
{
	struct s3_cors a = S3_CORS_INIT, b = S3_CORS_INIT, c = S3_CORS_INIT;
	load(rel, &a);
	char *j1 = to_json(&a, S3_CORS_JSON_ARRAY);
	char *x1 = to_xml(&a);
	assert_int_equal(s3_xml_parse_cors(x1, strlen(x1), &b, NULL), 0);
	char *j2 = to_json(&b, S3_CORS_JSON_ARRAY);
	char *x2 = to_xml(&b);
	assert_string_equal(j1, j2);
	assert_string_equal(x1, x2);
	/* and through the JSON text too */
	assert_int_equal(s3_cors_from_json(j2, strlen(j2), &c, NULL), 0);
	char *x3 = to_xml(&c);
	assert_string_equal(x1, x3);
	char *ja = to_json(&c, S3_CORS_JSON_AWSCLI);
	s3_cors_free(&c);
	assert_int_equal(s3_cors_parse(ja, strlen(ja), &c, NULL), 0);
	char *j3 = to_json(&c, S3_CORS_JSON_ARRAY);
	assert_string_equal(j1, j3);
	free(j1), free(j2), free(j3), free(ja), free(x1), free(x2), free(x3);
	s3_cors_free(&a), s3_cors_free(&b), s3_cors_free(&c);
}

static void test_round_trips(void **state)
{
	round_trip("cors/invenio-docs.json");
	round_trip("cors/aws-cli.json");
	round_trip("xml/cors-aws.xml");
}

static void test_round_trip_escaping(void **state)
{
	const char *j = "[{\"ID\": \"<&>\\\"'\", \"AllowedOrigins\": [\"https://a&b<c>.org\\\"\"],"
			"\"AllowedMethods\": [\"GET\"], \"AllowedHeaders\": [\"x-<&>\"]}]";
	struct s3_cors a = S3_CORS_INIT, b = S3_CORS_INIT;
	assert_int_equal(s3_cors_from_json(j, strlen(j), &a, NULL), 0);
	char *x = to_xml(&a);
	assert_contains(x, "<AllowedOrigin>https://a&amp;b&lt;c&gt;.org\"</AllowedOrigin>");
	assert_int_equal(s3_xml_parse_cors(x, strlen(x), &b, NULL), 0);
	assert_string_equal(b.rules[0].id, "<&>\"'");
	assert_string_equal(b.rules[0].allowed_origins.items[0], "https://a&b<c>.org\"");
	assert_string_equal(b.rules[0].allowed_headers.items[0], "x-<&>");
	char *j2 = to_json(&b, S3_CORS_JSON_ARRAY);
	assert_contains(j2, "\"https://a&b<c>.org\\\"\"");
	free(j2);
	free(x);
	s3_cors_free(&a), s3_cors_free(&b);
}

/* ---- validation --------------------------------------------------------- */

struct invalid {
	const char *json;
	const char *msg;
};

static const struct invalid invalid[] = {
	{ "[]", "has no rules" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"GET\"]}, {\"AllowedMethods\": [\"GET\"]}]",
	  "CORS rule 2: AllowedOrigins: missing" },
	{ "[{\"AllowedOrigins\": [\"*\"]}]", "CORS rule 1: AllowedMethods: missing" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": []}]", "CORS rule 1: AllowedMethods: missing" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"GET\", \"PATCH\"]}]",
	  "CORS rule 1: AllowedMethods: \"PATCH\" is not allowed" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"get\"]}]",
	  "CORS rule 1: AllowedMethods: \"get\" is not allowed" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"OPTIONS\"]}]", "\"OPTIONS\" is not allowed" },
	{ "[{\"AllowedOrigins\": [\"\"], \"AllowedMethods\": [\"GET\"]}]",
	  "CORS rule 1: AllowedOrigins: an origin is empty" },
	{ "[{\"AllowedOrigins\": [\"https://*.*.example.org\"], \"AllowedMethods\": [\"GET\"]}]",
	  "CORS rule 1: AllowedOrigins: \"https://*.*.example.org\" has more than one '*'" },
	{ "[{\"AllowedOrigins\": [\"rdm.example.org\"], \"AllowedMethods\": [\"GET\"]}]",
	  "\"rdm.example.org\" has no scheme" },
	{ "[{\"AllowedOrigins\": [\"://rdm.example.org\"], \"AllowedMethods\": [\"GET\"]}]", "has no scheme" },
	{ "[{\"AllowedOrigins\": [\"https://\"], \"AllowedMethods\": [\"GET\"]}]", "has no host" },
	{ "[{\"AllowedOrigins\": [\"https://rdm.example.org/\"], \"AllowedMethods\": [\"GET\"]}]",
	  "has a path" },
	{ "[{\"AllowedOrigins\": [\"https://rdm example.org\"], \"AllowedMethods\": [\"GET\"]}]",
	  "white space" },
	{ "[{\"AllowedOrigins\": [\"https://rdm.example.org\\n\"], \"AllowedMethods\": [\"GET\"]}]",
	  "control characters" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"GET\"], \"AllowedHeaders\": [\"\"]}]",
	  "CORS rule 1: AllowedHeaders: a header name is empty" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"GET\"], \"AllowedHeaders\": [\"x-*-*\"]}]",
	  "CORS rule 1: AllowedHeaders: \"x-*-*\" has more than one '*'" },
	{ "[{\"AllowedOrigins\": [\"*\"], \"AllowedMethods\": [\"GET\"], \"ExposeHeaders\": [\"E Tag\"]}]",
	  "CORS rule 1: ExposeHeaders: \"E Tag\" contains white space" },
};

static void test_validation_messages(void **state)
{
	for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
		struct s3_cors c = S3_CORS_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		const char *j = invalid[i].json;
		if (s3_cors_from_json(j, strlen(j), &c, &err) != 0)
			fail_msg("%s: did not parse: %s", j, err.message);
		if (s3_cors_validate(&c, &err) == 0)
			fail_msg("valid: %s", j);
		if (!strstr(err.message, invalid[i].msg))
			fail_msg("%s: message lacks \"%s\": %s", j, invalid[i].msg, err.message);
		assert_non_null(err.remedy);
		rdm_error_clear(&err);
		s3_cors_free(&c);
	}
}

static void test_validation_limits(void **state)
{
	struct s3_cors c = S3_CORS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	for (int i = 0; i < S3_CORS_MAX_RULES; i++) {
		struct s3_cors_rule *r = s3_cors_add_rule(&c);
		s3_strlist_add(&r->allowed_origins, "http://*");
		s3_strlist_add(&r->allowed_methods, "DELETE");
	}
	assert_int_equal(s3_cors_validate(&c, &err), 0);
	struct s3_cors_rule *r = s3_cors_add_rule(&c);
	s3_strlist_add(&r->allowed_origins, "*");
	s3_strlist_add(&r->allowed_methods, "POST");
	assert_int_equal(s3_cors_validate(&c, &err), -1);
	assert_contains(err.message, "101 rules; S3 allows at most 100");
	s3_cors_free(&c);
	/* MaxAgeSeconds set in code below -1; an ID over 255 characters */
	r = s3_cors_add_rule(&c);
	s3_strlist_add(&r->allowed_origins, "*");
	s3_strlist_add(&r->allowed_methods, "HEAD");
	r->max_age_seconds = 0;
	assert_int_equal(s3_cors_validate(&c, &err), 0);
	r->max_age_seconds = -7;
	assert_int_equal(s3_cors_validate(&c, &err), -1);
	assert_contains(err.message, "CORS rule 1: MaxAgeSeconds: -7 is negative");
	r->max_age_seconds = -1;
	r->id = calloc(1, 257);
	memset(r->id, 'x', 256);
	assert_int_equal(s3_cors_validate(&c, &err), -1);
	assert_contains(err.message, "CORS rule 1: ID: longer than 255");
	r->id[255] = '\0';
	assert_int_equal(s3_cors_validate(&c, &err), 0);
	/* XML 1.0 cannot carry a control character: found by the fuzzer */
	r->id[3] = '\b';
	assert_int_equal(s3_cors_validate(&c, &err), -1);
	assert_contains(err.message, "CORS rule 1: ID: contains control characters");
	r->id[3] = '\t';
	assert_int_equal(s3_cors_validate(&c, &err), 0);
	rdm_error_clear(&err);
	s3_cors_free(&c);
}

/* ---- the InvenioRDM rules ----------------------------------------------- */

static void test_invenio_rules(void **state)
{
	const char *origins[] = { "https://rdm.example.org/records/?q=1", "http://localhost:5000" };
	struct s3_cors c = S3_CORS_INIT;
	assert_int_equal(s3_cors_invenio_rules(&c, origins, 2, NULL), 0);
	assert_int_equal(c.n_rules, 2);
	assert_int_equal(s3_cors_validate(&c, NULL), 0);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(c.rules[i].allowed_origins.items[0], "https://rdm.example.org");
		assert_string_equal(c.rules[i].allowed_origins.items[1], "http://localhost:5000");
	}
	/* previews: GET and HEAD from the site; uploads: PUT with ETag readable */
	const char *range = "Range";
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "GET", &range, 1), 0);
	assert_int_equal(s3_cors_match(&c, "http://localhost:5000", "HEAD", NULL, 0), 0);
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "PUT", NULL, 0), 1);
	assert_int_equal(s3_cors_match(&c, "https://evil.example.com", "GET", NULL, 0), -1);
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "DELETE", NULL, 0), -1);
	int etag = 0;
	for (size_t i = 0; i < c.rules[1].expose_headers.n; i++)
		etag |= strcmp(c.rules[1].expose_headers.items[i], "ETag") == 0;
	assert_true(etag);
	s3_cors_free(&c);

	const char *star = "*";
	assert_int_equal(s3_cors_invenio_rules(&c, &star, 1, NULL), 0);
	assert_string_equal(c.rules[0].allowed_origins.items[0], "*");
	s3_cors_free(&c);

	struct rdm_error err = RDM_ERROR_INIT;
	const char *bare = "rdm.example.org";
	assert_int_equal(s3_cors_invenio_rules(&c, &bare, 1, &err), -1);
	assert_contains(err.message, "has no scheme");
	assert_int_equal(c.n_rules, 0);
	assert_int_equal(s3_cors_invenio_rules(&c, NULL, 0, &err), -1);
	assert_contains(err.message, "no site origin");
	rdm_error_clear(&err);
}

/* ---- format detection --------------------------------------------------- */

static void test_detect(void **state)
{
	struct {
		const char *text;
		size_t len;
		enum s3_doc_format want;
	} t[] = {
		{ "", 0, S3_DOC_EMPTY },
		{ " \r\n\t", 4, S3_DOC_EMPTY },
		{ "\xEF\xBB\xBF", 3, S3_DOC_EMPTY },
		{ "\xEF\xBB\xBF  [", 6, S3_DOC_JSON },
		{ "{\"CORSRules\":[]}", 16, S3_DOC_JSON },
		{ "\n<?xml version=\"1.0\"?>", 22, S3_DOC_XML },
		{ "<CORSConfiguration/>", 20, S3_DOC_XML },
		{ "AllowedOrigins: *", 17, S3_DOC_UNKNOWN },
		{ "\0[", 2, S3_DOC_UNKNOWN },
		{ "[", 0, S3_DOC_EMPTY }, /* length rules, not the NUL */
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (s3_doc_detect(t[i].text, t[i].len) != t[i].want)
			fail_msg("case %zu: got %d", i, s3_doc_detect(t[i].text, t[i].len));
	assert_int_equal(s3_doc_detect(NULL, 5), S3_DOC_EMPTY);

	struct s3_cors c = S3_CORS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_cors_parse("  \n", 3, &c, &err), -1);
	assert_contains(err.message, "empty");
	assert_int_equal(s3_cors_parse("GET *", 5, &c, &err), -1);
	assert_contains(err.message, "neither JSON nor XML");
	assert_int_equal(s3_cors_parse("<CORSConfiguration><CORSRule></CORSRule></CORSConfiguration>",
				       60, &c, &err), 0);
	assert_int_equal(c.n_rules, 1);
	rdm_error_clear(&err);
	s3_cors_free(&c);
}

/* ---- matching rules locally --------------------------------------------- */

static void test_match(void **state)
{
	struct s3_cors c = S3_CORS_INIT;
	load("xml/cors-aws.xml", &c);
	const char *ct = "Content-Type", *range = "range";
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "GET", NULL, 0), 0);
	assert_int_equal(s3_cors_match(&c, "https://files.example.org", "HEAD", &range, 1), 0);
	assert_int_equal(s3_cors_match(&c, "https://example.org", "GET", NULL, 0), -1);
	assert_int_equal(s3_cors_match(&c, "https://evil.org/.example.org", "GET", NULL, 0), 0);
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "PUT", NULL, 0), 1);
	/* rule 2 allows no request headers */
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "PUT", &ct, 1), -1);
	assert_int_equal(s3_cors_match(&c, "HTTPS://RDM.EXAMPLE.ORG", "GET", NULL, 0), -1);
	assert_int_equal(s3_cors_match(&c, "https://rdm.example.org", "get", NULL, 0), -1);
	s3_cors_free(&c);
}

/* ---- judging a real preflight answer ------------------------------------ */

static void judge(const struct s3_preflight *p, const char *origin, const char *method,
		  const char *header, int allowed, const char *why)
{
	struct s3_preflight_verdict v;
	s3_cors_preflight_judge(p, origin, method, header ? &header : NULL, header ? 1 : 0, &v);
	if (v.allowed != allowed || !v.reason || !strstr(v.reason, why))
		fail_msg("%s %s: allowed=%d reason=%s (want %d, \"%s\")", origin, method, v.allowed,
			 v.reason ? v.reason : "(null)", allowed, why);
	s3_preflight_verdict_free(&v);
	assert_null(v.reason);
}

static void test_preflight_ceph(void **state)
{
	/* The answer radosgw gave (errors/ceph-preflight-get-ok.http). */
	struct canned c;
	canned_load("errors/ceph-preflight-get-ok.http", &c);
	struct s3_preflight p = {
		.http_status = c.status,
		.allow_origin = s3_header_get(c.headers, c.n_headers, "Access-Control-Allow-Origin"),
		.allow_methods = s3_header_get(c.headers, c.n_headers, "Access-Control-Allow-Methods"),
		.max_age = s3_header_get(c.headers, c.n_headers, "Access-Control-Max-Age"),
	};
	judge(&p, "https://example.org", "GET", NULL, 1, "a browser on https://example.org may send GET");
	judge(&p, "https://example.org", "PUT", NULL, 0, "method PUT is not in Access-Control-Allow-Methods");
	judge(&p, "https://other.org", "GET", NULL, 0,
	      "allows origin \"https://example.org\", not https://other.org");
	judge(&p, "https://example.org", "GET", "x-custom", 0, "request header x-custom is not");
	canned_free(&c);
	canned_load("errors/ceph-preflight-put-denied.http", &c);
	p = (struct s3_preflight){ .http_status = c.status };
	judge(&p, "https://example.org", "PUT", NULL, 0, "refused the preflight (HTTP 403)");
	canned_free(&c);
}

static void test_preflight_rules(void **state)
{
	struct s3_preflight p = { .http_status = 200, .allow_origin = " * ",
				  .allow_methods = "GET, PUT,HEAD", .allow_headers = "Content-Type , *",
				  .expose_headers = "x-amz-request-id, etag" };
	judge(&p, "https://rdm.example.org", "PUT", "content-type", 1, "may send PUT");
	judge(&p, "https://rdm.example.org", "PUT", "x-amz-meta-a", 1, "may send PUT");
	judge(&p, "https://rdm.example.org", "PUT", "Authorization", 0, "Authorization");
	judge(&p, "https://rdm.example.org", "DELETE", NULL, 0, "method DELETE");
	judge(&p, "https://rdm.example.org", "put", NULL, 0, "method put"); /* methods are case-sensitive */
	/* POST is CORS-safelisted: no need to be listed */
	judge(&p, "https://rdm.example.org", "POST", NULL, 1, "may send POST");
	struct s3_preflight_verdict v;
	s3_cors_preflight_judge(&p, "https://rdm.example.org", "PUT", NULL, 0, &v);
	assert_true(v.etag_exposed);
	s3_preflight_verdict_free(&v);
	p.expose_headers = "ETagX, x-etag";
	s3_cors_preflight_judge(&p, "https://rdm.example.org", "PUT", NULL, 0, &v);
	assert_false(v.etag_exposed);
	s3_preflight_verdict_free(&v);

	struct s3_preflight none = { .http_status = 200 };
	judge(&none, "https://rdm.example.org", "GET", NULL, 0, "no Access-Control-Allow-Origin");
	struct s3_preflight nf = { .http_status = 404 };
	judge(&nf, "https://rdm.example.org", "GET", NULL, 0, "HTTP 404");
	struct s3_preflight other = { .http_status = 500, .allow_origin = "*" };
	judge(&other, "https://rdm.example.org", "GET", NULL, 0, "HTTP 500 instead of a 2xx");
	struct s3_preflight m = { .http_status = 204, .allow_origin = "https://rdm.example.org",
				  .allow_methods = "*" };
	judge(&m, "https://rdm.example.org", "DELETE", NULL, 1, "may send DELETE");
	judge(&m, "https://rdm.example.org:8443", "GET", NULL, 0, "not https://rdm.example.org:8443");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_console_form),
		cmocka_unit_test(test_json_awscli_form),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_json_golden),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_round_trip_escaping),
		cmocka_unit_test(test_validation_messages),
		cmocka_unit_test(test_validation_limits),
		cmocka_unit_test(test_invenio_rules),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_preflight_ceph),
		cmocka_unit_test(test_preflight_rules),
	};
	return cmocka_run_group_tests_name("cors", tests, NULL, NULL);
}
