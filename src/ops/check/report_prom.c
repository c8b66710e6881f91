/* The --prometheus report: text exposition format 0.0.4, for the
 * node_exporter textfile collector. Each metric family is written once with
 * its HELP and TYPE lines and holds the samples of every instance, as the
 * format requires. Numbers are formatted without printf("%f"), which would
 * follow LC_NUMERIC. */
#include "config.h"
#include "ops/check/report.h"

#include <math.h>

/* Label names. "instance" follows the brief; note that Prometheus renames
 * a scraped "instance" label to "exported_instance" unless the scrape job
 * sets honor_labels: true. */
#define LABEL_INSTANCE "instance"
#define LABEL_CHECK "check"

int report_prometheus_value(enum check_status s)
{
	switch (s) {
	case CHECK_OK:
	case CHECK_INFO: return 0;
	case CHECK_WARN: return 1;
	case CHECK_CRIT: return 2;
	case CHECK_UNKNOWN: return 3;
	case CHECK_SKIPPED: return -1;
	}
	return 3;
}

/* Label value escaping: backslash, double quote and line feed. */
static void put_label_value(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\')
			buf_puts(out, "\\\\");
		else if (*s == '"')
			buf_puts(out, "\\\"");
		else if (*s == '\n')
			buf_puts(out, "\\n");
		else
			buf_putc(out, *s);
	}
}

static void put_labels(struct buf *out, const char *instance, const char *check)
{
	buf_puts(out, "{" LABEL_INSTANCE "=\"");
	put_label_value(out, instance);
	buf_putc(out, '"');
	if (check) {
		buf_puts(out, "," LABEL_CHECK "=\"");
		put_label_value(out, check);
		buf_putc(out, '"');
	}
	buf_putc(out, '}');
}

static void put_seconds(struct buf *out, double seconds)
{
	long long us = llround(seconds * 1e6);
	buf_printf(out, "%lld.%06lld", us / 1000000, us % 1000000);
}

static void put_family(struct buf *out, const char *name, const char *help)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

void report_prometheus(struct buf *out, const struct check_report *reps, size_t n)
{
	put_family(out, "rdm_s3_check_status",
		   "Result of an rdm-s3 health check: 0 ok or info, 1 warning, 2 critical, "
		   "3 unknown, -1 skipped.");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < reps[i].n; k++) {
			const struct check_result *r = &reps[i].results[k];
			buf_puts(out, "rdm_s3_check_status");
			put_labels(out, reps[i].instance, r->id);
			buf_printf(out, " %d\n", report_prometheus_value(r->status));
		}
	put_family(out, "rdm_s3_check_latency_seconds",
		   "Time an rdm-s3 health check took on the network (checks that measure one).");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < reps[i].n; k++) {
			const struct check_result *r = &reps[i].results[k];
			if (r->latency_seconds < 0 || !isfinite(r->latency_seconds))
				continue;
			buf_puts(out, "rdm_s3_check_latency_seconds");
			put_labels(out, reps[i].instance, r->id);
			buf_putc(out, ' ');
			put_seconds(out, r->latency_seconds);
			buf_putc(out, '\n');
		}
	put_family(out, "rdm_s3_checks_exit_code",
		   "Nagios exit code of all rdm-s3 checks of an instance: 0 ok, 1 warning, "
		   "2 critical, 3 unknown.");
	for (size_t i = 0; i < n; i++) {
		buf_puts(out, "rdm_s3_checks_exit_code");
		put_labels(out, reps[i].instance, NULL);
		buf_printf(out, " %d\n", check_reports_exit_code(&reps[i], 1));
	}
}
