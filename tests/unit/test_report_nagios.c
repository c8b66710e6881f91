/* `rdm-s3 check --nagios` (report_nagios): the status line and its
 * performance data parsed by the rules of the monitoring-plugins
 * development guidelines (SERVICE STATUS: text|'label'=value[UOM];[warn];
 * [crit];[min];[max] ...), the status word agreeing with the Nagios exit
 * code, problems most severe first, server text that cannot break the
 * line, and the -v long output. */
#include "config.h"

#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/report.h"

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

static void report_new(struct check_report *rep, size_t cap)
{
	memset(rep, 0, sizeof *rep);
	rep->instance = strdup("/srv/demo-repo");
	rep->results = calloc(cap, sizeof *rep->results);
}

static int matches(const char *re, const char *s)
{
	regex_t rx;
	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	int ok = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

/* The parts of the first line; asserts the overall shape. */
struct line {
	char *status; /* OK, WARNING, ... */
	char *text;   /* the information text */
	char *perf;   /* the performance data */
};

static void parse(const char *out, struct line *l)
{
	const char *nl = strchr(out, '\n');
	assert_non_null(nl);
	char *first = strndup(out, (size_t)(nl - out));
	assert_true(matches("^RDM-S3 (OK|WARNING|CRITICAL|UNKNOWN): [^|]+\\|[^|]+$", first));
	char *colon = strchr(first, ':');
	char *bar = strchr(first, '|');
	l->status = strndup(first + 7, (size_t)(colon - first - 7));
	l->text = strndup(colon + 2, (size_t)(bar - colon - 2));
	l->perf = strdup(bar + 1);
	free(first);
	/* Every item: label=value[UOM];[warn];[crit];[min];[max], values in
	 * the class [-0-9.], UOM one of the guidelines' units. */
	char *copy = strdup(l->perf), *save = NULL;
	size_t items = 0;
	for (char *it = strtok_r(copy, " ", &save); it; it = strtok_r(NULL, " ", &save), items++)
		if (!matches("^('[^'=]+'|[^' =]+)=-?[0-9.]+(s|ms|us|%|B|KB|MB|TB|c)?"
			     "(;[-0-9.:~@]*){0,4}$", it))
			fail_msg("performance data item not in the guidelines' format: %s", it);
	assert_true(items > 0);
	free(copy);
}

static void line_free(struct line *l)
{
	free(l->status);
	free(l->text);
	free(l->perf);
}

static int has_item(const struct line *l, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = l->perf; (p = strstr(p, item)); p += n)
		if ((p == l->perf || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static void all_ok(void **state)
{
	(void)state;
	struct check_report rep;
	report_new(&rep, 4);
	add(&rep, "dns", CHECK_OK, 0.0021, NULL, "resolves");
	add(&rep, "auth", CHECK_OK, 1.5, NULL, "credentials accepted");
	add(&rep, "minio-image", CHECK_INFO, -1, "a note", "FS mode");
	add(&rep, "canary", CHECK_SKIPPED, -1, NULL, "read-only mode");
	struct buf out = BUF_INIT;
	report_nagios(&out, &rep, 0);
	struct line l;
	parse(buf_str(&out), &l);
	assert_string_equal(l.status, "OK");
	assert_int_equal(check_reports_exit_code(&rep, 1), 0);
	assert_string_equal(l.text, "3 checks ok, 1 skipped");
	assert_true(has_item(&l, "dns_time=0.002100s;;;0"));
	assert_true(has_item(&l, "auth_time=1.500000s;;;0"));
	assert_null(strstr(l.perf, "canary_time")); /* not measured: no item */
	assert_true(has_item(&l, "checks_ok=3;;;0"));
	assert_true(has_item(&l, "checks_skipped=1;;;0"));
	assert_true(has_item(&l, "checks_critical=0;;;0"));
	/* One line only without -v. */
	assert_string_equal(strchr(buf_str(&out), '\n'), "\n");
	line_free(&l);
	buf_free(&out);
	check_report_clear(&rep);
}

static void problems_most_severe_first(void **state)
{
	(void)state;
	struct check_report rep;
	report_new(&rep, 6);
	add(&rep, "dns", CHECK_OK, 0.001, NULL, "resolves");
	add(&rep, "tls", CHECK_WARN, 0.0123, "renew it", "certificate expires in 12 days");
	add(&rep, "bucket", CHECK_UNKNOWN, -1, NULL, "bucket was not looked up");
	/* Server text with the perfdata separator and a line break. */
	add(&rep, "auth", CHECK_CRIT, 0.2, "first remedy\nsecond | remedy",
	    "server said: a|b\nInvalidAccessKeyId");
	add(&rep, "cors", CHECK_CRIT, 0.01, NULL, "preflight refused");
	add(&rep, "canary", CHECK_SKIPPED, -1, NULL, "blocked");
	struct buf out = BUF_INIT;
	report_nagios(&out, &rep, 0);
	struct line l;
	parse(buf_str(&out), &l); /* also: exactly one '|' on the line */
	assert_string_equal(l.status, "CRITICAL");
	assert_int_equal(check_reports_exit_code(&rep, 1), 2);
	assert_string_equal(l.text, "2 critical (auth, cors), 1 warning (tls), 1 unknown (bucket)"
				    " - auth: server said: a/b InvalidAccessKeyId");
	assert_true(has_item(&l, "checks_critical=2;;;0"));
	assert_true(has_item(&l, "checks_warning=1;;;0"));
	assert_true(has_item(&l, "checks_unknown=1;;;0"));
	assert_true(has_item(&l, "checks_ok=1;;;0"));
	assert_true(has_item(&l, "tls_time=0.012300s;;;0"));
	line_free(&l);
	buf_free(&out);

	/* -v: one line per problem (and the note), each remedy below it, no
	 * '|' anywhere after the first line (Nagios would read perfdata). */
	report_nagios(&out, &rep, 1);
	const char *rest = strchr(buf_str(&out), '\n') + 1;
	assert_null(strchr(rest, '|'));
	assert_non_null(strstr(rest, "tls WARN: certificate expires in 12 days\n  fix: renew it\n"));
	assert_non_null(strstr(rest, "auth CRIT: server said: a/b InvalidAccessKeyId\n"
				     "  fix: first remedy\n  fix: second   remedy\n"));
	assert_non_null(strstr(rest, "bucket UNKNOWN: bucket was not looked up\n"));
	assert_null(strstr(rest, "dns ")); /* fine checks are not repeated */
	assert_null(strstr(rest, "canary"));
	buf_free(&out);
	check_report_clear(&rep);
}

static void warning_and_unknown(void **state)
{
	(void)state;
	struct check_report rep;
	report_new(&rep, 2);
	add(&rep, "bucket", CHECK_UNKNOWN, -1, NULL, "not looked up");
	struct buf out = BUF_INIT;
	report_nagios(&out, &rep, 0);
	struct line l;
	parse(buf_str(&out), &l);
	assert_string_equal(l.status, "UNKNOWN");
	line_free(&l);
	buf_free(&out);
	add(&rep, "tls", CHECK_WARN, -1, NULL, "expires soon");
	report_nagios(&out, &rep, 0);
	parse(buf_str(&out), &l);
	assert_string_equal(l.status, "WARNING"); /* a definite problem outranks "could not tell" */
	assert_string_equal(l.text, "1 warning (tls), 1 unknown (bucket) - tls: expires soon");
	line_free(&l);
	buf_free(&out);
	check_report_clear(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_ok),
		cmocka_unit_test(problems_most_severe_first),
		cmocka_unit_test(warning_and_unknown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
