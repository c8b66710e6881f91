/* The live probe (src/ops/check/check_live.c) against real local servers, through
 * check_run with the real check table: all checks pass on a freshly set-up
 * bucket on MinIO and on Ceph RGW (bucket CORS set), and each fault makes
 * the right check report the right status and remedy: nothing listening
 * (tcp critical, later checks skipped), a missing bucket, a wrong secret
 * and an unknown key (signature-verifying MinIO), a skewed clock (injected
 * through the probe's test hook), CORS missing (Ceph without a bucket
 * rule), a self-signed certificate (s3rver-tls: tls critical; fine with the
 * CA file), a listener that never answers (bounded by the timeout), no
 * credentials at all, and credentials from a file. Also: one probe serves
 * several runs (the dashboard's use).
 *
 * Each test works on its own copy of data/sample-instance under
 * $RDM_S3_TEST_RUN, edited to point at the test server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/http_stub.h"
#include "../helpers/sample_instance.h"
#include "../helpers/test_server.h"
#include "ops/check/check.h"
#include "ops/check/check_live.h"
#include "ops/check/report.h"
#include "s3/client.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define ORIGIN "https://127.0.0.1" /* SITE_UI_URL of the sample instance */

/* --- servers and buckets ---------------------------------------------- */

static struct s3_client *client_for(const struct ts_server *s)
{
	struct s3_credentials cr = { s->access_key, s->secret_key, NULL };
	struct s3_client_config cfg = { .endpoint = s->endpoint, .creds = &cr, .path_style = 1,
					.ca_file = s->ca_file, .timeout_ms = 30000 };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	if (!c)
		fail_msg("s3_client_new: %s", err.message);
	return c;
}

static char *bucket_name(const char *kind)
{
	static unsigned seq;
	return xasprintf("chk-%s-%ld-%u", kind, (long)getpid(), ++seq);
}

/* Creates the bucket; on Ceph with a CORS rule for ORIGIN when cors. */
static void bucket_make(const struct ts_server *s, const char *bucket, int cors)
{
	struct s3_client *c = client_for(s);
	struct s3_status st = S3_STATUS_INIT;
	if (s3_create_bucket(c, bucket, &st) != 0)
		fail_msg("CreateBucket %s on %s: %s", bucket, s->kind, st.explanation ? st.explanation : "?");
	if (cors) {
		struct s3_cors rules = S3_CORS_INIT;
		struct s3_cors_rule *r = s3_cors_add_rule(&rules);
		s3_strlist_add(&r->allowed_origins, ORIGIN);
		s3_strlist_add(&r->allowed_methods, "GET");
		s3_strlist_add(&r->allowed_methods, "HEAD");
		s3_strlist_add(&r->allowed_methods, "PUT");
		s3_strlist_add(&r->allowed_headers, "*");
		s3_strlist_add(&r->expose_headers, "ETag");
		if (s3_put_bucket_cors(c, bucket, &rules, &st) != 0)
			fail_msg("PutBucketCors on %s: %s", s->kind, st.explanation ? st.explanation : "?");
		s3_cors_free(&rules);
	}
	s3_status_clear(&st);
	s3_client_free(c);
}

/* --- running the checks ----------------------------------------------- */

struct run {
	struct check_report rep;
};

static void dump(const struct check_report *rep)
{
	struct buf out = BUF_INIT;
	struct report_text_options o = { 0, 1 };
	report_text(&out, rep, 1, &o);
	/* As TAP comments, so that a failure shows what the checks said. */
	for (const char *p = buf_str(&out), *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		printf("# %.*s\n", (int)(nl - p), p);
	}
	buf_free(&out);
}

static void run_with(struct check_probe *p, const struct check_selection *sel,
		     struct check_report *rep)
{
	struct rdm_error err = RDM_ERROR_INIT;
	if (check_run(check_table, sel, p, "test", rep, &err) != 0)
		fail_msg("check_run: %s", err.message);
}

static void run_checks(const struct check_live_options *o, long clock_offset,
		       struct check_report *rep)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct check_probe *p = check_live_probe_new(o, &err);
	if (!p)
		fail_msg("check_live_probe_new: %s", err.message);
	check_live_probe_set_clock_offset(p, clock_offset);
	run_with(p, NULL, rep);
	check_live_probe_free(p);
}

static const struct check_result *find(const struct check_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n; i++)
		if (!strcmp(rep->results[i].id, id))
			return &rep->results[i];
	dump(rep);
	fail_msg("no result for check %s", id);
	return NULL;
}

/* The check has this status, its message contains msg and its remedy
 * contains remedy (each NULL: not looked at). */
static void expect(const struct check_report *rep, const char *id, enum check_status st,
		   const char *msg, const char *remedy)
{
	const struct check_result *r = find(rep, id);
	if (r->status != st || (msg && !strstr(r->message, msg)) ||
	    (remedy && (!r->remedy || !strstr(r->remedy, remedy)))) {
		dump(rep);
		fail_msg("check %s: want %s with '%s' / remedy '%s'", id, check_status_name(st),
			 msg ? msg : "", remedy ? remedy : "");
	}
}

/* Every check ok, info or (only the ones listed) skipped. */
static void expect_all_fine(const struct check_report *rep, const char *const *skipped)
{
	for (size_t i = 0; i < rep->n; i++) {
		const struct check_result *r = &rep->results[i];
		int may_skip = 0;
		for (size_t k = 0; skipped && skipped[k]; k++)
			may_skip |= !strcmp(skipped[k], r->id);
		if (r->status == CHECK_OK || r->status == CHECK_INFO ||
		    (r->status == CHECK_SKIPPED && may_skip))
			continue;
		dump(rep);
		fail_msg("check %s is %s: %s", r->id, check_status_name(r->status), r->message);
	}
	assert_int_equal(check_reports_exit_code(rep, 1), 0);
}

/* --- the servers, all well --------------------------------------------- */

struct fixture {
	struct ts_server srv;
	char *bucket;
	char *dir;
	struct check_report rep;
};

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f) {
		ts_server_free(&f->srv);
		free(f->bucket);
		free(f->dir);
		check_report_clear(&f->rep);
		free(f);
	}
	*state = NULL;
	return 0;
}

/* The server, a bucket (with a CORS rule when cors), an instance copy. */
static struct fixture *fixture(void **state, const char *kind, int make_bucket, int cors)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	ts_server_require(kind, &f->srv);
	f->bucket = bucket_name(kind);
	if (make_bucket)
		bucket_make(&f->srv, f->bucket, cors);
	struct sample_instance_spec s = { f->srv.endpoint, f->srv.access_key, f->srv.secret_key, f->bucket };
	f->dir = sample_instance_make(kind, &s);
	return f;
}

static struct check_live_options opts_for(const struct fixture *f)
{
	struct check_live_options o = { .instance_dir = f->dir, .path_style = -1,
					.ca_file = f->srv.ca_file, .timeout_ms = 20000 };
	return o;
}

static void minio_all_ok(void **state)
{
	struct fixture *f = fixture(state, "minio", 1, 0);
	struct check_live_options o = opts_for(f);
	const char *skipped[] = { "tls", NULL }; /* plain http */
	run_checks(&o, 0, &f->rep);
	expect_all_fine(&f->rep, skipped);
	/* MinIO has no bucket CORS: its server-wide MINIO_API_CORS_ALLOW_ORIGIN
	 * (unset: *) answers the preflight, and the check reads that answer. */
	expect(&f->rep, "cors", CHECK_OK, "may GET and PUT files, ETag exposed", NULL);
	expect(&f->rep, "canary", CHECK_OK, "read back identical", NULL);
	expect(&f->rep, "presign", CHECK_OK, "presigned GET works", NULL);
	expect(&f->rep, "minio-health", CHECK_OK, "live and ready", NULL);
	expect(&f->rep, "bucket", CHECK_OK, "belongs to this account", NULL);
	expect(&f->rep, "region", CHECK_OK, "MinIO has no region configured", NULL);
	expect(&f->rep, "auth", CHECK_OK, "credentials accepted", NULL);
	expect(&f->rep, "instance", CHECK_OK, "no placeholder", NULL);
}

/* The test MinIO allows every origin (MINIO_API_CORS_ALLOW_ORIGIN unset),
 * but the instance's compose file would allow another one only: MinIO has
 * no bucket CORS, so this is what previews will meet after a restart. */
static void minio_cors_setting_differs(void **state)
{
	struct fixture *f = fixture(state, "minio", 1, 0);
	char *from = xasprintf("MINIO_ROOT_PASSWORD: %s", f->srv.secret_key);
	char *to = xasprintf("%s\n      MINIO_API_CORS_ALLOW_ORIGIN: https://other.example.org", from);
	sample_instance_edit(f->dir, "docker-services.yml", from, to);
	free(from);
	free(to);
	struct check_live_options o = opts_for(f);
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "cors", CHECK_WARN, "previews break when MinIO restarts",
	       "add " ORIGIN " to MINIO_API_CORS_ALLOW_ORIGIN");
	const struct check_result *c = find(&f->rep, "cors");
	int listed = 0;
	for (size_t i = 0; i < c->n_settings; i++)
		listed |= strstr(c->settings[i], "MINIO_API_CORS_ALLOW_ORIGIN = https://other.example.org") != NULL;
	assert_true(listed);
}

/* The dashboard runs one probe every few seconds: each run is complete,
 * and read-only mode writes nothing but still proves presigned URLs. */
static void probe_reused(void **state)
{
	struct fixture *f = fixture(state, "minio", 1, 0);
	struct check_live_options o = opts_for(f);
	struct rdm_error err = RDM_ERROR_INIT;
	struct check_probe *p = check_live_probe_new(&o, &err);
	assert_non_null(p);
	const char *skipped[] = { "tls", "canary", NULL };
	struct check_selection ro = { NULL, NULL, 1 };
	for (int i = 0; i < 3; i++) {
		struct check_report rep;
		run_with(p, i == 1 ? &ro : NULL, &rep);
		expect_all_fine(&rep, skipped);
		expect(&rep, "canary", i == 1 ? CHECK_SKIPPED : CHECK_OK, NULL, NULL);
		if (i == 1)
			expect(&rep, "presign", CHECK_OK, "no test object in read-only mode", NULL);
		check_report_clear(&rep);
	}
	check_live_probe_free(p);
}

static void ceph_all_ok(void **state)
{
	struct fixture *f = fixture(state, "ceph", 1, 1);
	struct check_live_options o = opts_for(f);
	const char *skipped[] = { "tls", "minio-health", NULL };
	run_checks(&o, 0, &f->rep);
	expect_all_fine(&f->rep, skipped);
	expect(&f->rep, "cors", CHECK_OK, "may GET and PUT files, ETag exposed", NULL);
	expect(&f->rep, "canary", CHECK_OK, "read back identical", NULL);
	expect(&f->rep, "minio-health", CHECK_SKIPPED, "not a MinIO server", NULL);
	expect(&f->rep, "region", CHECK_INFO, "zonegroup", NULL);
}

/* --- faults -------------------------------------------------------------- */

static void ceph_cors_missing(void **state)
{
	struct fixture *f = fixture(state, "ceph", 1, 0);
	struct check_live_options o = opts_for(f);
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "cors", CHECK_CRIT, "may not fetch files", "rdm-s3 cors set");
	expect(&f->rep, "canary", CHECK_OK, NULL, NULL); /* the rest is fine */
}

static void server_stopped(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	int port = http_stub_unused_port();
	assert_true(port > 0);
	char *ep = xasprintf("http://127.0.0.1:%d", port);
	f->bucket = xstrdup("default");
	struct sample_instance_spec s = { ep, "rdmAPPKEY4TESTS0001", "Str0ng-Secret-For-The-Tests-9f3a7c", f->bucket };
	f->dir = sample_instance_make("stopped", &s);
	struct check_live_options o = { .instance_dir = f->dir, .path_style = -1, .timeout_ms = 5000 };
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "tcp", CHECK_CRIT, "connection refused", "nothing listens on");
	const char *later[] = { "tls", "clock", "auth", "bucket", "region", "cors", "presign",
				"canary", "minio-health" };
	for (size_t i = 0; i < sizeof later / sizeof *later; i++)
		expect(&f->rep, later[i], CHECK_SKIPPED, "depends on tcp, which is critical", NULL);
	expect(&f->rep, "instance", CHECK_OK, NULL, NULL); /* the files are fine */
	free(ep);
}

/* S3_ENDPOINT_URL without a scheme: nothing to connect to, and the
 * checks say why instead of probing something else. */
static void endpoint_unusable(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	f->bucket = xstrdup("default");
	struct sample_instance_spec s = { "localhost:9000", "rdmAPPKEY4TESTS0001",
					  "Str0ng-Secret-For-The-Tests-9f3a7c", f->bucket };
	f->dir = sample_instance_make("noscheme", &s);
	struct check_live_options o = { .instance_dir = f->dir, .path_style = -1, .timeout_ms = 5000 };
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "dns", CHECK_SKIPPED, "not a usable URL", NULL);
	expect(&f->rep, "auth", CHECK_SKIPPED, NULL, NULL);
	expect(&f->rep, "client-compat", CHECK_CRIT, "scheme", NULL);
}

static void bucket_missing(void **state)
{
	struct fixture *f = fixture(state, "minio", 0, 0);
	struct check_live_options o = opts_for(f);
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "auth", CHECK_OK, NULL, NULL);
	expect(&f->rep, "bucket", CHECK_CRIT, "does not exist", "rdm-s3 bucket create");
	expect(&f->rep, "canary", CHECK_SKIPPED, "depends on bucket", NULL);
}

static void wrong_secret(void **state)
{
	struct fixture *f = fixture(state, "minio", 1, 0);
	char *from = xasprintf("S3_SECRET_ACCESS_KEY='%s'", f->srv.secret_key);
	sample_instance_edit(f->dir, "invenio.cfg", from, "S3_SECRET_ACCESS_KEY='Wr0ng-But-Long-Secret-Key-For-Tests'");
	free(from);
	struct check_live_options o = opts_for(f);
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "auth", CHECK_CRIT, "exists, but the secret key does not match",
	       "MINIO_ROOT_PASSWORD");
	expect(&f->rep, "bucket", CHECK_SKIPPED, "depends on auth", NULL);
}

static void unknown_key(void **state)
{
	struct fixture *f = fixture(state, "minio", 1, 0);
	char *from = xasprintf("S3_ACCESS_KEY_ID='%s'", f->srv.access_key);
	sample_instance_edit(f->dir, "invenio.cfg", from, "S3_ACCESS_KEY_ID='NOSUCHKEY0RDM0TESTS'");
	free(from);
	struct check_live_options o = opts_for(f);
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "auth", CHECK_CRIT, "does not know the access key NOSUCHKEY0RDM0TESTS",
	       "MINIO_ROOT_USER");
	expect(&f->rep, "canary", CHECK_SKIPPED, NULL, NULL);
}

static void clock_skewed(void **state)
{
	struct fixture *f = fixture(state, "minio", 1, 0);
	struct check_live_options o = opts_for(f);
	run_checks(&o, 3600, &f->rep); /* MinIO allows 15 minutes */
	expect(&f->rep, "clock", CHECK_CRIT, "3600 s behind this machine's", "time synchronisation");
	expect(&f->rep, "auth", CHECK_CRIT, "rejects the request time", "time synchronisation");
}

static void tls_self_signed(void **state)
{
	struct fixture *f = fixture(state, "s3rver-tls", 1, 0);
	struct check_live_options o = opts_for(f);
	assert_non_null(o.ca_file);
	o.ca_file = NULL; /* the server's CA is not trusted by the system */
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "tls", CHECK_CRIT, "not trusted", "--ca-file");
	expect(&f->rep, "auth", CHECK_SKIPPED, "depends on tls", NULL);
	check_report_clear(&f->rep);
	o.ca_file = f->srv.ca_file;
	run_checks(&o, 0, &f->rep);
	/* Trusted now; the throw-away certificate is short-lived, so its
	 * expiry may well be judged (warning/critical), but not its trust. */
	const struct check_result *tls = find(&f->rep, "tls");
	if (strstr(tls->message, "not trusted") || !(strstr(tls->message, "certificate trusted") ||
						     strstr(tls->message, "expires in"))) {
		dump(&f->rep);
		fail_msg("tls with --ca-file: %s", tls->message);
	}
	expect(&f->rep, "auth", CHECK_OK, NULL, NULL);
	expect(&f->rep, "canary", CHECK_OK, NULL, NULL);
}

/* An https instance with a private CA: the app trusts S3_CA_BUNDLE
 * (invenio-s3 >= 3.1 passes it to boto as `verify`), so the checks do too,
 * without --ca-file; a --ca-file that does not know the server still wins. */
static void tls_instance_ca_bundle(void **state)
{
	struct fixture *f = fixture(state, "s3rver-tls", 1, 0);
	char *line = xasprintf("S3_CA_BUNDLE = '%s'\nSITE_UI_URL", f->srv.ca_file);
	sample_instance_edit(f->dir, "invenio.cfg", "SITE_UI_URL", line);
	free(line);
	struct check_live_options o = opts_for(f);
	o.ca_file = NULL;
	run_checks(&o, 0, &f->rep);
	const struct check_result *tls = find(&f->rep, "tls");
	if (strstr(tls->message, "not trusted")) {
		dump(&f->rep);
		fail_msg("tls with S3_CA_BUNDLE: %s", tls->message);
	}
	expect(&f->rep, "auth", CHECK_OK, NULL, NULL);
	check_report_clear(&f->rep);
	o.ca_file = "/etc/ssl/certs/ca-certificates.crt";
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "tls", CHECK_CRIT, "not trusted", "--ca-file");
}

static void listener_never_answers(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	const char *script[16];
	for (size_t i = 0; i < 16; i++)
		script[i] = "hang";
	struct http_stub stub;
	assert_int_equal(http_stub_start(&stub, script, 16, NULL), 0);
	char *ep = xasprintf("http://127.0.0.1:%d", stub.port);
	struct check_live_options o = { .endpoint = ep, .bucket = "default", .path_style = -1,
					.timeout_ms = 1500 };
	setenv("AWS_ACCESS_KEY_ID", "rdmAPPKEY4TESTS0001", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "Str0ng-Secret-For-The-Tests-9f3a7c", 1);
	run_checks(&o, 0, &f->rep); /* returns: every request is bounded */
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	http_stub_stop(&stub);
	expect(&f->rep, "tcp", CHECK_OK, NULL, NULL);
	expect(&f->rep, "clock", CHECK_UNKNOWN, "no answer", NULL);
	expect(&f->rep, "auth", CHECK_CRIT, "timed out", NULL);
	expect(&f->rep, "bucket", CHECK_SKIPPED, "depends on auth", NULL);
	expect(&f->rep, "instance", CHECK_SKIPPED, "endpoint only", NULL);
	free(ep);
}

static void no_credentials(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	ts_server_require("minio", &f->srv);
	struct check_live_options o = { .endpoint = f->srv.endpoint, .bucket = "default",
					.path_style = -1, .timeout_ms = 20000 };
	run_checks(&o, 0, &f->rep);
	expect(&f->rep, "auth", CHECK_CRIT, "no credentials", "--credentials-file");
	expect(&f->rep, "tcp", CHECK_OK, NULL, NULL);
}

static void credentials_file(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	*state = f;
	ts_server_require("minio", &f->srv);
	f->bucket = bucket_name("minio");
	bucket_make(&f->srv, f->bucket, 0);
	char *path = xasprintf("%s/check-live-creds-%ld", getenv("RDM_S3_TEST_RUN"), (long)getpid());
	char *text = xasprintf("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
			       f->srv.access_key, f->srv.secret_key);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	chmod(path, 0600);
	fputs(text, fp);
	fclose(fp);
	struct check_live_options o = { .endpoint = f->srv.endpoint, .bucket = f->bucket,
					.path_style = -1, .credentials_file = path,
					.origin = ORIGIN, .timeout_ms = 20000 };
	run_checks(&o, 0, &f->rep);
	unlink(path);
	expect(&f->rep, "auth", CHECK_OK, NULL, NULL);
	expect(&f->rep, "canary", CHECK_OK, NULL, NULL);
	expect(&f->rep, "cors", CHECK_OK, NULL, NULL);
	const struct check_result *a = find(&f->rep, "auth");
	int named = 0;
	for (size_t i = 0; i < a->n_settings; i++)
		named |= strstr(a->settings[i], "--credentials-file") != NULL;
	assert_true(named);
	free(text);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(minio_all_ok, teardown),
		cmocka_unit_test_teardown(minio_cors_setting_differs, teardown),
		cmocka_unit_test_teardown(probe_reused, teardown),
		cmocka_unit_test_teardown(server_stopped, teardown),
		cmocka_unit_test_teardown(endpoint_unusable, teardown),
		cmocka_unit_test_teardown(bucket_missing, teardown),
		cmocka_unit_test_teardown(wrong_secret, teardown),
		cmocka_unit_test_teardown(unknown_key, teardown),
		cmocka_unit_test_teardown(clock_skewed, teardown),
		cmocka_unit_test_teardown(tls_self_signed, teardown),
		cmocka_unit_test_teardown(tls_instance_ca_bundle, teardown),
		cmocka_unit_test_teardown(listener_never_answers, teardown),
		cmocka_unit_test_teardown(no_credentials, teardown),
		cmocka_unit_test_teardown(credentials_file, teardown),
		cmocka_unit_test_teardown(ceph_all_ok, teardown),
		cmocka_unit_test_teardown(ceph_cors_missing, teardown),
	};
	return cmocka_run_group_tests_name("check_live", tests, NULL, NULL);
}
