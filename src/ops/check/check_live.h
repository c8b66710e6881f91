/* The live probe: gathers the health checks' facts (check_facts.h) from a
 * real instance folder (src/instance) and a real S3 endpoint (src/s3: the
 * network probes and the S3 client). Plug it into check_run() or a
 * check_runner; `rdm-s3 check` and `rdm-s3 dashboard` both do.
 *
 *   struct check_live_options o = { .instance_dir = "/srv/demo-repo", .path_style = -1 };
 *   struct check_probe *p = check_live_probe_new(&o, &err);
 *   check_run(check_table, &sel, p, "/srv/demo-repo", &report, &err);
 *   ... again every 10 s with the same p ...
 *   check_live_probe_free(p);
 *
 * Each run (begin ... end) re-reads the instance and makes a fresh client,
 * so an edited configuration or a rotated key is seen by the next run.
 * begin() starts every network request at once (the DNS/TCP/TLS/clock/
 * MinIO probes on their step API, the S3 requests on a second thread
 * through curl multi: ListBuckets, HeadBucket, GetBucketLocation, the two
 * CORS preflights and the canary PUT in one round, then the canary GET and
 * the presigned GET, then the DELETE); each gather() waits only for what
 * its wave needs. Every request is bounded by timeout_ms, so a run takes
 * about the slowest request, at most a few timeouts long.
 *
 * Threads: one probe is used by one thread at a time (the dashboard's
 * worker, or one of `rdm-s3 check`'s per-instance threads); separate probes
 * share nothing. The process should have initialised libcurl before
 * starting threads (libcurl >= 7.84 does it thread-safely on first use).
 *
 * Where things come from:
 *   endpoint  opt->endpoint ("--endpoint"), else the instance's
 *             S3_ENDPOINT_URL, else Amazon S3 for the region;
 *   bucket    opt->bucket ("--bucket"), else .invenio [rdm-s3] bucket,
 *             else "default" (what invenio-cli creates);
 *   region    opt->region ("--region"), else S3_REGION_NAME;
 *   keys      the instance's effective S3_ACCESS_KEY_ID and
 *             S3_SECRET_ACCESS_KEY (what the app signs with), else
 *             AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN]
 *             from the environment, else opt->credentials_file (AWS
 *             shared-credentials INI or KEY=VALUE lines, util/creds_file.h);
 *   origin    opt->origin ("--origin"), else SITE_UI_URL's origin.
 * The canary object is "rdm-s3-check/canary-<random>" (1 KiB), deleted at
 * once. */
#ifndef RDM_OPS_CHECK_LIVE_H
#define RDM_OPS_CHECK_LIVE_H

#include "ops/check/check_run.h"
#include "util/error.h"

struct check_live_options {
	const char *instance_dir;   /* NULL: no instance (endpoint-only) */
	const char *endpoint, *bucket, *region; /* overrides; NULL: from instance */
	int path_style;             /* -1 auto (non-AWS endpoints path-style), 0, 1 */
	const char *ca_file, *credentials_file, *origin;
	long timeout_ms;            /* per check; 0 default 10000 */
	int no_canary;
};

#define CHECK_LIVE_DEFAULT_TIMEOUT_MS 10000L

/* Copies the options. Fails (NULL, err set) only for what can never work:
 * a negative timeout. A missing instance folder, a broken endpoint or an
 * unreadable credentials file are reported by the checks themselves. */
struct check_probe *check_live_probe_new(const struct check_live_options *opt,
					 struct rdm_error *err);
void check_live_probe_free(struct check_probe *p); /* NULL is fine */

/* Test hook: pretend this machine's clock is off by `seconds` (the S3
 * requests are signed with the skewed time, the clock check compares the
 * skewed time, TLS expiry is judged against it). `rdm-s3 check` sets it
 * from the environment variable RDM_S3_CLOCK_OFFSET, like the other S3
 * commands. */
void check_live_probe_set_clock_offset(struct check_probe *p, long seconds);

#endif
