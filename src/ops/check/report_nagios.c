/* The --nagios report: one status line with performance data, as the
 * monitoring-plugins development guidelines describe a plugin's output:
 *
 *   RDM-S3 CRITICAL: 1 critical (dns), 1 warning (tls) - dns: s3.example.org
 *   does not resolve|dns_time=0.002100s;;;0 ... checks_critical=1;;;0 ...
 * (one line)
 *
 * "SERVICE STATUS: information text", then '|' and space-separated
 * 'label'=value[UOM];[warn];[crit];[min];[max] items. The status word and
 * the labels are protocol (never translated); the information text is for
 * people. Numbers are written without printf("%f"), which would follow
 * LC_NUMERIC (the guidelines require the C locale's '.'). */
#include "config.h"
#include "ops/check/report.h"

#include <math.h>
#include <string.h>

#include "util/i18n.h"

/* The status word of a Nagios exit code. */
static const char *nagios_word(int exit_code)
{
	switch (exit_code) {
	case 0: return "OK";
	case 1: return "WARNING";
	case 2: return "CRITICAL";
	default: return "UNKNOWN";
	}
}

/* Text from configuration or servers, made safe for the status line: '|'
 * would start the performance data and a line break would end the line. */
static void put_text(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '|')
			buf_putc(out, '/');
		else if (c < 0x20 || c == 0x7f)
			buf_putc(out, ' ');
		else
			buf_putc(out, (char)c);
	}
}

/* The problems, most severe first: how many of each kind with their ids,
 * then the message of the first one ("2 critical (instance, tcp), 1 warning
 * (tls) - instance: ..."); the -v lines give every message. Returns how
 * many problems there are. */
static size_t put_problems(struct buf *out, const struct check_report *rep)
{
	static const enum check_status order[] = { CHECK_CRIT, CHECK_WARN, CHECK_UNKNOWN };
	const struct check_result *first = NULL;
	size_t total = 0;
	for (size_t o = 0; o < sizeof order / sizeof *order; o++) {
		size_t n = 0;
		for (size_t k = 0; k < rep->n; k++) {
			const struct check_result *r = &rep->results[k];
			if (r->status != order[o])
				continue;
			if (n++ == 0) {
				size_t count = 0;
				for (size_t j = k; j < rep->n; j++)
					count += rep->results[j].status == order[o];
				buf_printf(out, "%s%zu %s (", total ? ", " : "", count,
					   check_status_name(order[o]));
			} else {
				buf_puts(out, ", ");
			}
			put_text(out, r->id);
			if (!first)
				first = r;
		}
		if (n)
			buf_putc(out, ')');
		total += n;
	}
	if (first) {
		buf_puts(out, " - ");
		put_text(out, first->id);
		buf_puts(out, ": ");
		put_text(out, first->message);
	}
	return total;
}

static void put_seconds(struct buf *out, double seconds)
{
	long long us = llround(seconds * 1e6);
	buf_printf(out, "%lld.%06llds", us / 1000000, us % 1000000);
}

/* Latency of each measured check, then the count of checks per outcome. */
static void put_perfdata(struct buf *out, const struct check_report *rep,
			 const size_t counts[CHECK_STATUS_COUNT])
{
	const char *sep = "";
	for (size_t k = 0; k < rep->n; k++) {
		const struct check_result *r = &rep->results[k];
		if (r->latency_seconds < 0 || !isfinite(r->latency_seconds))
			continue;
		buf_printf(out, "%s%s_time=", sep, r->id); /* ids are [a-z0-9-] */
		put_seconds(out, r->latency_seconds);
		buf_puts(out, ";;;0");
		sep = " ";
	}
	buf_printf(out, "%schecks_ok=%zu;;;0 checks_warning=%zu;;;0 checks_critical=%zu;;;0 "
		   "checks_unknown=%zu;;;0 checks_skipped=%zu;;;0",
		   sep, counts[CHECK_OK] + counts[CHECK_INFO], counts[CHECK_WARN], counts[CHECK_CRIT],
		   counts[CHECK_UNKNOWN], counts[CHECK_SKIPPED]);
}

/* -v: the long output, one line per problem with its remedies. */
static void put_details(struct buf *out, const struct check_report *rep)
{
	for (size_t k = 0; k < rep->n; k++) {
		const struct check_result *r = &rep->results[k];
		if (r->status == CHECK_OK || r->status == CHECK_SKIPPED)
			continue;
		put_text(out, r->id);
		buf_printf(out, " %s: ", check_status_label(r->status));
		put_text(out, r->message);
		buf_putc(out, '\n');
		for (const char *p = r->remedy; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			buf_puts(out, _("  fix: "));
			for (size_t i = 0; i < len; i++)
				buf_putc(out, (p[i] == '|' || (unsigned char)p[i] < 0x20) ? ' ' : p[i]);
			buf_putc(out, '\n');
			p = nl ? nl + 1 : p + len;
		}
	}
}

void report_nagios(struct buf *out, const struct check_report *rep, int verbose)
{
	size_t counts[CHECK_STATUS_COUNT];
	check_report_count(rep, counts);
	int code = check_reports_exit_code(rep, 1);
	buf_printf(out, "RDM-S3 %s: ", nagios_word(code));
	if (put_problems(out, rep) == 0) {
		/* TRANSLATORS: the Nagios status line when nothing is wrong. */
		buf_printf(out, _("%zu checks ok, %zu skipped"), counts[CHECK_OK] + counts[CHECK_INFO],
			   counts[CHECK_SKIPPED]);
	}
	buf_putc(out, '|');
	put_perfdata(out, rep, counts);
	buf_putc(out, '\n');
	if (verbose)
		put_details(out, rep);
}
