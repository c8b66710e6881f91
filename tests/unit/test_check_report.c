/* Report writers: the text table (layout, colour only on request, control
 * characters neutralised), --json validated against
 * data/check-report.schema.json by the small validator of
 * tests/helpers/json_schema.c, and --prometheus parsed as the text exposition format. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <regex.h>

#include "../helpers/json_schema.h"
#include "ops/check/report.h"

#define NOW ((time_t)1750000000)
#define WEIRD "/srv/we\"ird\\path\nx"

/* ---------- fixtures ---------- */

static struct check_result *add(struct check_report *rep, const char *id, enum check_status st,
				double latency, const char *remedy, const char *msg)
{
	struct check_result *r = &rep->results[rep->n++];
	check_result_init(r, check_find(check_table, id));
	if (st == CHECK_SKIPPED)
		check_result_skip(r, 0, "%s", msg);
	else
		check_result_note(r, st, remedy, "%s", msg);
	r->latency_seconds = latency;
	return r;
}

/* Two instances: A with a bit of everything, B (odd label) all fine. */
static void reports(struct check_report reps[2])
{
	memset(reps, 0, 2 * sizeof(reps[0]));
	reps[0].instance = strdup("/srv/demo-repo");
	reps[0].results = calloc(8, sizeof(struct check_result));
	add(&reps[0], "instance", CHECK_OK, -1, NULL, "files parse");
	add(&reps[0], "dns", CHECK_CRIT, 0.0021, "first remedy\nsecond remedy",
	    "s3.example.org does not resolve");
	add(&reps[0], "tcp", CHECK_OK, 0.0002, NULL, "connected");
	struct check_result *tls = add(&reps[0], "tls", CHECK_WARN, 0.0123, "renew it",
				       "certificate expires in 12 days");
	struct check_setting s = { "https://s3.example.org/", "invenio.cfg:73", 0 };
	check_result_setting(tls, "S3_ENDPOINT_URL", &s);
	add(&reps[0], "auth", CHECK_OK, 1.5, NULL, "credentials accepted");
	add(&reps[0], "canary", CHECK_SKIPPED, -1, NULL, "skipped: read-only mode");
	add(&reps[0], "minio-image", CHECK_INFO, -1, "migrate with mc mirror", "FS mode");
	reps[1].instance = strdup(WEIRD);
	reps[1].results = calloc(2, sizeof(struct check_result));
	add(&reps[1], "auth", CHECK_OK, 0.25, NULL, "credentials accepted");
	add(&reps[1], "bucket", CHECK_UNKNOWN, -1, NULL, "bucket was not looked up");
}

static void reports_free(struct check_report reps[2])
{
	check_report_clear(&reps[0]);
	check_report_clear(&reps[1]);
}

/* ---------- text ---------- */

static void text_table(void **state)
{
	(void)state;
	struct check_report reps[2];
	struct buf out = BUF_INIT;
	struct report_text_options opt = { 0 };
	reports(reps);
	report_text(&out, reps, 2, &opt);
	const char *t = buf_str(&out);
	assert_null(strchr(t, '\033'));
	assert_non_null(strstr(t, "Instance: /srv/demo-repo\n"
				  "CHECK         STATUS  LATENCY  MESSAGE\n"
				  "instance      OK            -  files parse\n"
				  "dns           CRIT       2 ms  s3.example.org does not resolve\n"
				  "                               fix: first remedy\n"
				  "                                    second remedy\n"
				  "tcp           OK        <1 ms  connected\n"
				  "tls           WARN      12 ms  certificate expires in 12 days\n"
				  "                               fix: renew it\n"
				  "auth          OK        1.5 s  credentials accepted\n"
				  "canary        SKIPPED       -  skipped: read-only mode\n"
				  "minio-image   INFO          -  FS mode\n"
				  "                               fix: migrate with mc mirror\n"
				  "7 checks: 3 ok, 1 info, 1 warning, 1 critical, 0 unknown, 1 skipped\n"
				  "\nInstance: /srv/we\"ird\\path?x\n"));
	assert_null(strstr(t, "uses:"));
	buf_free(&out);

	opt.color = 1;
	opt.show_settings = 1;
	report_text(&out, reps, 1, &opt);
	t = buf_str(&out);
	assert_non_null(strstr(t, "tls           \033[33mWARN\033[0m      12 ms"));
	assert_non_null(strstr(t, "\033[1;31mCRIT\033[0m"));
	assert_non_null(strstr(t, "uses: S3_ENDPOINT_URL = https://s3.example.org/ (invenio.cfg:73)"));
	buf_free(&out);
	reports_free(reps);
}

static void text_neutralises_control_characters(void **state)
{
	(void)state;
	struct check_report rep = { 0 };
	struct buf out = BUF_INIT;
	rep.instance = strdup("x");
	rep.results = calloc(1, sizeof(struct check_result));
	add(&rep, "auth", CHECK_CRIT, -1, "do\033]0;pwned\007 this", "server said \033[2J\rhello");
	report_text(&out, &rep, 1, NULL);
	assert_null(strchr(buf_str(&out), '\033'));
	assert_null(strchr(buf_str(&out), '\r'));
	assert_non_null(strstr(buf_str(&out), "server said ?[2J?hello"));
	buf_free(&out);
	check_report_clear(&rep);
}

/* ---------- the schema (validator in tests/helpers/json_schema.c) ---------- */

static json_t *load_schema(void)
{
	json_t *schema = json_schema_load_check_report();
	assert_non_null(schema);
	return schema;
}

static int schema_accepts(const json_t *schema, const json_t *doc, char **why)
{
	return json_schema_validate(schema, doc, why) == 0; /* sets *why to NULL first */
}

static json_t *json_report(struct check_report *reps, size_t n)
{
	struct buf out = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	json_error_t jerr;
	assert_int_equal(report_json(&out, reps, n, NOW, &err), 0);
	assert_int_equal(out.data[out.len - 1], '\n');
	json_t *doc = json_loads(buf_str(&out), 0, &jerr);
	if (!doc)
		fail_msg("report_json gave invalid JSON: %s", jerr.text);
	buf_free(&out);
	return doc;
}

static void json_matches_schema(void **state)
{
	(void)state;
	struct check_report reps[2];
	char *why;
	reports(reps);
	json_t *schema = load_schema(), *doc = json_report(reps, 2);
	if (!schema_accepts(schema, doc, &why))
		fail_msg("schema rejects the report: %s", why);
	assert_int_equal(json_integer_value(json_object_get(doc, "schema_version")), 1);
	assert_string_equal(json_string_value(json_object_get(doc, "generated_at")),
			    "2025-06-15T15:06:40Z");
	assert_string_equal(json_string_value(json_object_get(doc, "status")), "critical");
	assert_int_equal(json_integer_value(json_object_get(doc, "exit_code")), 2);
	json_t *a = json_array_get(json_object_get(doc, "instances"), 0);
	json_t *b = json_array_get(json_object_get(doc, "instances"), 1);
	assert_string_equal(json_string_value(json_object_get(b, "instance")), WEIRD);
	assert_int_equal(json_integer_value(json_object_get(b, "exit_code")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(a, "summary"), "skipped")), 1);
	json_t *checks = json_object_get(a, "checks");
	json_t *inst = json_array_get(checks, 0), *tls = json_array_get(checks, 3);
	assert_true(json_is_null(json_object_get(inst, "latency_seconds")));
	assert_true(json_is_null(json_object_get(inst, "remedy")));
	assert_string_equal(json_string_value(json_object_get(tls, "status")), "warning");
	assert_true(fabs(json_number_value(json_object_get(tls, "latency_seconds")) - 0.0123) < 1e-9);
	assert_string_equal(json_string_value(json_array_get(json_object_get(tls, "settings"), 0)),
			    "S3_ENDPOINT_URL = https://s3.example.org/ (invenio.cfg:73)");
	json_decref(doc);
	json_decref(schema);
	reports_free(reps);
}

/* The validator must be able to say no, or the test above proves nothing. */
static void schema_rejects_broken_reports(void **state)
{
	(void)state;
	struct check_report reps[2];
	char *why;
	reports(reps);
	json_t *schema = load_schema(), *doc = json_report(reps, 2);
	json_t *tls = json_array_get(json_object_get(json_array_get(json_object_get(doc, "instances"),
								   0), "checks"), 3);
	json_t *inst0 = json_array_get(json_object_get(doc, "instances"), 0);

	json_object_set_new(tls, "latency_seconds", json_string("12 ms"));
	assert_false(schema_accepts(schema, doc, &why));
	assert_non_null(strstr(why, "latency_seconds: wrong type"));
	free(why);
	json_object_set_new(tls, "latency_seconds", json_real(0.1));

	json_object_set_new(tls, "status", json_string("warn"));
	assert_false(schema_accepts(schema, doc, &why));
	free(why);
	json_object_set_new(tls, "status", json_string("warning"));

	json_object_del(inst0, "exit_code");
	assert_false(schema_accepts(schema, doc, &why));
	assert_non_null(strstr(why, "required key missing"));
	free(why);
	json_object_set_new(inst0, "exit_code", json_integer(4));
	assert_false(schema_accepts(schema, doc, &why));
	free(why);
	json_object_set_new(inst0, "exit_code", json_integer(2));

	json_object_set_new(doc, "extra", json_true());
	assert_false(schema_accepts(schema, doc, &why));
	free(why);
	json_object_del(doc, "extra");

	json_object_set_new(doc, "generated_at", json_string("yesterday"));
	assert_false(schema_accepts(schema, doc, &why));
	free(why);
	json_object_set_new(doc, "generated_at", json_string("2025-01-01T00:00:00Z"));
	assert_true(schema_accepts(schema, doc, &why));
	json_decref(doc);
	json_decref(schema);
	reports_free(reps);
}

static void json_survives_invalid_utf8(void **state)
{
	(void)state;
	struct check_report rep = { 0 };
	char *why;
	rep.instance = strdup("bad\xff" "label");
	rep.results = calloc(1, sizeof(struct check_result));
	add(&rep, "auth", CHECK_CRIT, -1, "fix \xc3", "server said \xfe\xff");
	json_t *schema = load_schema(), *doc = json_report(&rep, 1);
	assert_true(schema_accepts(schema, doc, &why));
	json_t *inst = json_array_get(json_object_get(doc, "instances"), 0);
	assert_string_equal(json_string_value(json_object_get(inst, "instance")), "bad?label");
	json_decref(doc);
	json_decref(schema);
	check_report_clear(&rep);
}

/* ---------- Prometheus text format ---------- */

#define LABEL_MAX 256

struct sample {
	char name[128];
	char instance[LABEL_MAX];
	char check[LABEL_MAX];
	double value;
};

/* Parses {k="v",...} with the format's escapes; fills instance/check. */
static const char *parse_labels(const char *p, struct sample *s)
{
	assert_int_equal(*p, '{');
	p++;
	while (*p != '}') {
		char key[64], val[LABEL_MAX];
		size_t k = 0, n = 0;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		       (k && *p >= '0' && *p <= '9'))
			key[k++] = *p++;
		key[k] = '\0';
		assert_true(k > 0 && k < sizeof(key));
		assert_int_equal(*p++, '=');
		assert_int_equal(*p++, '"');
		while (*p != '"') {
			assert_int_not_equal(*p, '\0');
			assert_int_not_equal(*p, '\n');
			if (*p == '\\') {
				p++;
				assert_non_null(strchr("\\\"n", *p));
				val[n++] = *p == 'n' ? '\n' : *p;
				p++;
			} else {
				val[n++] = *p++;
			}
			assert_true(n < sizeof(val));
		}
		val[n] = '\0';
		p++;
		if (!strcmp(key, "instance"))
			memcpy(s->instance, val, n + 1);
		else if (!strcmp(key, "check"))
			memcpy(s->check, val, n + 1);
		else
			fail_msg("unexpected label %s", key);
		if (*p == ',')
			p++;
	}
	return p + 1;
}

/* Parses the whole exposition; checks HELP/TYPE before samples and that
 * each family is contiguous. Returns the number of samples. */
static size_t parse_exposition(const char *text, struct sample *out, size_t max)
{
	regex_t name_re;
	char families[8][128];
	size_t n_fam = 0, n = 0;
	assert_int_equal(regcomp(&name_re, "^[a-zA-Z_:][a-zA-Z0-9_:]*", REG_EXTENDED), 0);
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		assert_non_null(end); /* every line ends with \n */
		char buf[1024];
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - line), line);
		if (!strncmp(buf, "# HELP ", 7)) {
			assert_true(n_fam < 8);
			sscanf(buf + 7, "%127s", families[n_fam]);
			for (size_t i = 0; i < n_fam; i++)
				assert_string_not_equal(families[i], families[n_fam]); /* contiguous */
			n_fam++;
		} else if (!strncmp(buf, "# TYPE ", 7)) {
			char name[128], type[32];
			assert_int_equal(sscanf(buf + 7, "%127s %31s", name, type), 2);
			assert_true(n_fam > 0);
			assert_string_equal(name, families[n_fam - 1]);
			assert_string_equal(type, "gauge");
		} else {
			regmatch_t m;
			struct sample *s = &out[n];
			assert_true(n < max);
			memset(s, 0, sizeof(*s));
			assert_int_equal(regexec(&name_re, buf, 1, &m, 0), 0);
			snprintf(s->name, sizeof(s->name), "%.*s", (int)m.rm_eo, buf);
			assert_true(n_fam > 0);
			assert_string_equal(s->name, families[n_fam - 1]);
			const char *p = buf + m.rm_eo;
			if (*p == '{')
				p = parse_labels(p, s);
			assert_int_equal(*p++, ' ');
			char *vend;
			s->value = strtod(p, &vend);
			assert_true(vend > p && *vend == '\0');
			n++;
		}
		line = end + 1;
	}
	regfree(&name_re);
	return n;
}

static const struct sample *sample_of(const struct sample *s, size_t n, const char *name,
				      const char *instance, const char *check)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].name, name) && !strcmp(s[i].instance, instance) &&
		    !strcmp(s[i].check, check))
			return &s[i];
	return NULL;
}

static void prometheus_parses(void **state)
{
	(void)state;
	struct check_report reps[2];
	struct buf out = BUF_INIT;
	struct sample s[64];
	reports(reps);
	report_prometheus(&out, reps, 2);
	size_t n = parse_exposition(buf_str(&out), s, 64);
	/* 9 status + 5 latency (measured ones only) + 2 exit codes */
	assert_int_equal(n, 9 + 5 + 2);
	const char *st = "rdm_s3_check_status", *lat = "rdm_s3_check_latency_seconds";
	assert_true(sample_of(s, n, st, "/srv/demo-repo", "dns")->value == 2);
	assert_true(sample_of(s, n, st, "/srv/demo-repo", "tls")->value == 1);
	assert_true(sample_of(s, n, st, "/srv/demo-repo", "minio-image")->value == 0);
	assert_true(sample_of(s, n, st, "/srv/demo-repo", "canary")->value == -1);
	assert_true(sample_of(s, n, st, WEIRD, "bucket")->value == 3); /* label round trip */
	assert_true(fabs(sample_of(s, n, lat, "/srv/demo-repo", "tls")->value - 0.0123) < 1e-9);
	assert_true(fabs(sample_of(s, n, lat, "/srv/demo-repo", "auth")->value - 1.5) < 1e-9);
	assert_null(sample_of(s, n, lat, "/srv/demo-repo", "canary"));
	assert_true(fabs(sample_of(s, n, lat, "/srv/demo-repo", "tcp")->value - 0.0002) < 1e-9);
	assert_true(sample_of(s, n, "rdm_s3_checks_exit_code", "/srv/demo-repo", "")->value == 2);
	assert_true(sample_of(s, n, "rdm_s3_checks_exit_code", WEIRD, "")->value == 3);
	assert_non_null(strstr(buf_str(&out), "instance=\"/srv/we\\\"ird\\\\path\\nx\""));
	buf_free(&out);
	reports_free(reps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_table),
		cmocka_unit_test(text_neutralises_control_characters),
		cmocka_unit_test(json_matches_schema),
		cmocka_unit_test(schema_rejects_broken_reports),
		cmocka_unit_test(json_survives_invalid_utf8),
		cmocka_unit_test(prometheus_parses),
	};
	return cmocka_run_group_tests_name("check_report", tests, NULL, NULL);
}
