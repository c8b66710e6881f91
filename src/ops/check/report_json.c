/* The --json report (schema in report.h and
 * data/check-report.schema.json), built with jansson. */
#include "config.h"
#include "ops/check/report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

#define REPORT_SCHEMA_VERSION 1

/* A JSON string even for bytes that are not UTF-8 (a server's message, a
 * config value): jansson refuses those, so they become '?'. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	if (j)
		return j;
	char *copy = xstrdup(s);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

static json_t *latency_json(double seconds)
{
	if (seconds < 0 || !isfinite(seconds))
		return json_null();
	/* Microseconds are plenty and keep the numbers short. */
	return json_real(round(seconds * 1e6) / 1e6);
}

static json_t *check_json(const struct check_result *r)
{
	json_t *settings = json_array();
	for (size_t i = 0; i < r->n_settings; i++)
		json_array_append_new(settings, jstr(r->settings[i]));
	return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o}",
			 "id", jstr(r->id),
			 "title", jstr(r->title),
			 "status", check_status_name(r->status),
			 "latency_seconds", latency_json(r->latency_seconds),
			 "message", jstr(r->message),
			 "remedy", r->remedy ? jstr(r->remedy) : json_null(),
			 "settings", settings);
}

static json_t *instance_json(const struct check_report *rep)
{
	size_t c[CHECK_STATUS_COUNT];
	json_t *checks = json_array();
	check_report_count(rep, c);
	for (size_t i = 0; i < rep->n; i++)
		json_array_append_new(checks, check_json(&rep->results[i]));
	json_t *summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
				    "ok", (json_int_t)c[CHECK_OK], "info", (json_int_t)c[CHECK_INFO],
				    "warning", (json_int_t)c[CHECK_WARN],
				    "critical", (json_int_t)c[CHECK_CRIT],
				    "unknown", (json_int_t)c[CHECK_UNKNOWN],
				    "skipped", (json_int_t)c[CHECK_SKIPPED]);
	enum check_status worst = check_report_worst(rep);
	return json_pack("{s:o, s:s, s:i, s:o, s:o}",
			 "instance", jstr(rep->instance),
			 "status", check_status_name(worst),
			 "exit_code", check_status_exit_code(worst),
			 "summary", summary,
			 "checks", checks);
}

int report_json(struct buf *out, const struct check_report *reps, size_t n, time_t generated_at,
		struct rdm_error *err)
{
	char stamp[32] = "1970-01-01T00:00:00Z";
	struct tm tm;
	enum check_status worst = CHECK_OK;
	json_t *instances = json_array();
	if (gmtime_r(&generated_at, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(instances, instance_json(&reps[i]));
		worst = check_status_worse(worst, check_report_worst(&reps[i]));
	}
	json_t *doc = json_pack("{s:i, s:s, s:s, s:i, s:o}",
				"schema_version", REPORT_SCHEMA_VERSION,
				"generated_at", stamp,
				"status", check_status_name(worst),
				"exit_code", check_reports_exit_code(reps, n),
				"instances", instances);
	char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					   JSON_REAL_PRECISION(9)) : NULL;
	json_decref(doc);
	if (!text)
		return rdm_error_set(err, _("could not build the JSON report"));
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	return 0;
}
