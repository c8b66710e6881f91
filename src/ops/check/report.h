/* Check reports as text, JSON and Prometheus exposition. Nothing here
 * prints: each writer appends to a struct buf and the command prints it.
 * All take several reports (one per instance) at once.
 *
 * JSON (report_json), schema data/check-report.schema.json (installed),
 * "schema_version": 1. Additive changes keep the version; renaming or
 * removing a key, or changing a type, bumps it.
 *   {
 *     "schema_version": 1,
 *     "generated_at": "2025-03-01T12:00:00Z",        UTC, RFC 3339
 *     "status": "warning",                         worst over all instances
 *     "exit_code": 1,                              Nagios: 0 ok 1 warning
 *                                                  2 critical 3 unknown
 *     "instances": [ {
 *         "instance": "/srv/demo-repo",           folder or endpoint
 *         "status": "warning", "exit_code": 1,
 *         "summary": { "ok": 9, "info": 1, "warning": 1, "critical": 0,
 *                      "unknown": 0, "skipped": 5 },
 *         "checks": [ {
 *             "id": "tls",                       stable check id
 *             "title": "TLS certificate",
 *             "status": "warning",               ok|info|warning|critical|
 *                                                unknown|skipped
 *             "latency_seconds": 0.012,          number, or null
 *             "message": "certificate expires in 12 days (...)",
 *             "remedy": "renew the ...",         string ('\n' between
 *                                                remedies), or null
 *             "settings": [ "S3_ENDPOINT_URL = ... (invenio.cfg:73)" ]
 *         } ] } ] }
 *
 * Prometheus (report_prometheus), text exposition format 0.0.4, for the
 * node_exporter textfile collector; one family per metric, all instances
 * inside it:
 *   rdm_s3_check_status{instance="...",check="tls"}  0 ok/info, 1 warning,
 *                                                    2 critical, 3 unknown,
 *                                                    -1 skipped
 *   rdm_s3_check_latency_seconds{instance,check}     only measured checks
 *   rdm_s3_checks_exit_code{instance="..."}          the Nagios exit code */
#ifndef RDM_OPS_REPORT_H
#define RDM_OPS_REPORT_H
#include <stddef.h>
#include <time.h>

#include "ops/check/check_run.h"
#include "util/buf.h"

struct report_text_options {
	int color;         /* ANSI colours; the caller decides (TTY, NO_COLOR) */
	int show_settings; /* list the settings each check used (-v) */
};

/* The readable table: per instance a header, one row per check (id,
 * status, latency, message), remedy lines under non-OK rows, and a
 * summary line. Control characters from the data are replaced by '?'. */
void report_text(struct buf *out, const struct check_report *reps, size_t n,
		 const struct report_text_options *opt);

/* The JSON document above, newline-terminated. Returns 0, or -1 with err
 * set (jansson failure). */
int report_json(struct buf *out, const struct check_report *reps, size_t n, time_t generated_at,
		struct rdm_error *err);

/* The Prometheus text format above. */
void report_prometheus(struct buf *out, const struct check_report *reps, size_t n);

/* The Nagios plugin output of one report (report_nagios.c): the status
 * line "RDM-S3 WARNING: 1 warning (tls) - tls: message|perfdata" with the latency of each
 * measured check (<id>_time, seconds) and the count of checks per outcome
 * (checks_ok, checks_warning, checks_critical, checks_unknown,
 * checks_skipped); verbose adds one line per problem with its remedies. */
void report_nagios(struct buf *out, const struct check_report *rep, int verbose);

/* Value of rdm_s3_check_status for a status. */
int report_prometheus_value(enum check_status s);

#endif
