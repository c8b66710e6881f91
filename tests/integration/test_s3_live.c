/* Every S3 operation against real local servers (s3rver, MinIO, Ceph RGW;
 * s3rver-tls for the CA file), and on the two signature-checking servers
 * the three classic authentication failures: wrong secret, unknown key and
 * a skewed clock, each with the right diagnosis. MinIO's missing bucket
 * CORS is checked to be explained. Servers come from tests/servers via
 * test_server.h (skipped on a developer machine when one cannot start,
 * failed under CI=true). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/test_server.h"
#include "s3/client.h"
#include "util/xalloc.h"

static void no_sleep(void *ctx, long ms) { (void)ctx; (void)ms; }

struct live {
	const char *kind;
	struct ts_server srv;
	struct s3_client *c;
	struct s3_status st;
	char *bucket;
};

static struct s3_client *client_for(const struct ts_server *s, const char *ak, const char *sk,
				    long clock_offset)
{
	struct s3_credentials cr = { ak, sk, NULL };
	struct s3_client_config cfg = { .endpoint = s->endpoint, .creds = &cr, .path_style = 1,
					.ca_file = s->ca_file, .timeout_ms = 30000,
					.clock_offset = clock_offset,
					.retry = { .max_attempts = 2, .sleep_ms = no_sleep } };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	if (!c)
		fail_msg("s3_client_new: %s", err.message);
	return c;
}

static int setup(void **state)
{
	struct live *l = xcalloc(1, sizeof *l);
	l->kind = *state;
	*state = l;
	return 0;
}

/* First thing in each test: the server (skipped or failed by the helper
 * when it cannot start), a client and a bucket name unique in this run. */
static struct live *live_open(void **state)
{
	struct live *l = *state;
	static unsigned seq;
	ts_server_require(l->kind, &l->srv);
	l->c = client_for(&l->srv, l->srv.access_key, l->srv.secret_key, 0);
	l->bucket = xasprintf("rdm-live-%s-%ld-%u", l->kind, (long)getpid(), ++seq);
	return l;
}

static int teardown(void **state)
{
	struct live *l = *state;
	s3_client_free(l->c);
	s3_status_clear(&l->st);
	ts_server_free(&l->srv);
	free(l->bucket);
	free(l);
	return 0;
}

static void check_ok(struct live *l, int rc, const char *what)
{
	if (rc != 0)
		fail_msg("%s on %s: HTTP %ld %s: %s", what, l->srv.kind, l->st.http_status,
			 l->st.code ? l->st.code : "-", l->st.explanation ? l->st.explanation : "");
}

static int has_bucket(const struct s3_bucket_list *bl, const char *name)
{
	for (size_t i = 0; i < bl->n; i++)
		if (!strcmp(bl->buckets[i].name, name))
			return 1;
	return 0;
}

static void fetch_presigned(struct live *l, const char *url, const char *want)
{
	struct s3_op_spec spec = { .operation = "GetObject", .method = "GET", .bucket = l->bucket,
				   .raw_url = url };
	struct s3_op op;
	assert_int_equal(s3_op_prepare(l->c, &spec, &op, &l->st), 0);
	assert_int_equal(op.n_headers, 0); /* the URL alone authorises it */
	check_ok(l, s3_op_run(l->c, &op, &l->st), "presigned GET");
	assert_string_equal(buf_str(&op.resp.body), want);
	s3_op_free(&op);
}

static void object_roundtrip(struct live *l)
{
	const char *key = "dir/a b+\xc3\xbc (1).txt", *data = "hello from rdm-s3";
	struct s3_object_info info = { 0 };
	struct s3_put_object_opts po = { .content_type = "text/plain" };
	check_ok(l, s3_put_object(l->c, l->bucket, key, data, strlen(data), &po, &info, &l->st), "PutObject");
	assert_non_null(info.etag);
	check_ok(l, s3_head_object(l->c, l->bucket, key, &info, &l->st), "HeadObject");
	assert_int_equal(info.size, (long long)strlen(data));
	struct buf body = BUF_INIT;
	check_ok(l, s3_get_object(l->c, l->bucket, key, 0, &body, &info, &l->st), "GetObject");
	assert_string_equal(buf_str(&body), data);
	buf_free(&body);
	char *url = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_presign_get(l->c, l->bucket, key, 300, &url, &err), 0);
	fetch_presigned(l, url, data);
	free(url);
	po.unsigned_payload = 1;
	check_ok(l, s3_put_object(l->c, l->bucket, "unsigned", "x", 1, &po, NULL, &l->st), "PutObject unsigned");
	check_ok(l, s3_delete_object(l->c, l->bucket, "unsigned", &l->st), "DeleteObject");
	check_ok(l, s3_delete_object(l->c, l->bucket, key, &l->st), "DeleteObject");
	assert_int_equal(s3_head_object(l->c, l->bucket, key, &info, &l->st), -1);
	assert_int_equal(l->st.http_status, 404);
	assert_non_null(l->st.explanation);
	s3_object_info_free(&info);
}

static void operations(void **state)
{
	struct live *l = live_open(state);
	check_ok(l, s3_create_bucket(l->c, l->bucket, &l->st), "CreateBucket");
	char *region = NULL;
	check_ok(l, s3_head_bucket(l->c, l->bucket, &region, &l->st), "HeadBucket");
	free(region);
	struct s3_bucket_list bl = { 0 };
	check_ok(l, s3_list_buckets(l->c, &bl, &l->st), "ListBuckets");
	assert_true(has_bucket(&bl, l->bucket));
	s3_bucket_list_free(&bl);
	check_ok(l, s3_get_bucket_location(l->c, l->bucket, &region, &l->st), "GetBucketLocation");
	assert_non_null(region);
	free(region);
	object_roundtrip(l);
	check_ok(l, s3_delete_bucket(l->c, l->bucket, &l->st), "DeleteBucket");
	assert_int_equal(s3_head_bucket(l->c, l->bucket, NULL, &l->st), -1);
	assert_int_equal(l->st.http_status, 404);
	assert_string_equal(l->st.code, "NoSuchBucket");
	assert_non_null(l->st.remedy);
}

static void make_rules(struct s3_cors *cors)
{
	struct s3_cors_rule *r = s3_cors_add_rule(cors);
	s3_strlist_add(&r->allowed_origins, "https://rdm.example.org");
	s3_strlist_add(&r->allowed_methods, "GET");
	s3_strlist_add(&r->allowed_methods, "HEAD");
	s3_strlist_add(&r->allowed_headers, "*");
	s3_strlist_add(&r->expose_headers, "ETag");
	r->max_age_seconds = 3000;
}

static void preflight_verdict(struct live *l, const char *origin, const char *method, int want)
{
	struct s3_preflight_answer a;
	struct s3_preflight_verdict v = { 0 };
	assert_int_equal(s3_cors_preflight(l->c, l->bucket, "some/file.pdf", origin, method, NULL, 0,
					   &a, &l->st), 0);
	s3_cors_preflight_judge(&a.view, origin, method, NULL, 0, &v);
	if (v.allowed != want)
		fail_msg("%s preflight %s %s: allowed=%d (HTTP %ld, %s)", l->srv.kind, origin, method,
			 v.allowed, a.view.http_status, v.reason ? v.reason : "");
	s3_preflight_verdict_free(&v);
	s3_preflight_answer_free(&a);
}

/* s3rver and Ceph: bucket CORS round trip and a real preflight. */
static void bucket_cors(void **state)
{
	struct live *l = live_open(state);
	check_ok(l, s3_create_bucket(l->c, l->bucket, &l->st), "CreateBucket");
	struct s3_cors cors = S3_CORS_INIT, got = S3_CORS_INIT;
	make_rules(&cors);
	check_ok(l, s3_put_bucket_cors(l->c, l->bucket, &cors, &l->st), "PutBucketCors");
	check_ok(l, s3_get_bucket_cors(l->c, l->bucket, &got, &l->st), "GetBucketCors");
	assert_int_equal(got.n_rules, 1);
	assert_string_equal(got.rules[0].allowed_origins.items[0], "https://rdm.example.org");
	preflight_verdict(l, "https://rdm.example.org", "GET", 1);
	preflight_verdict(l, "https://evil.example.net", "GET", 0);
	preflight_verdict(l, "https://rdm.example.org", "PUT", 0);
	check_ok(l, s3_delete_bucket_cors(l->c, l->bucket, &l->st), "DeleteBucketCors");
	assert_int_equal(s3_get_bucket_cors(l->c, l->bucket, &got, &l->st), -1);
	assert_string_equal(l->st.code, "NoSuchCORSConfiguration");
	assert_non_null(l->st.explanation);
	s3_cors_free(&cors);
	s3_cors_free(&got);
	check_ok(l, s3_delete_bucket(l->c, l->bucket, &l->st), "DeleteBucket");
}

/* MinIO: PutBucketCors is NotImplemented, and the remedy names the
 * server-wide setting; the global default ("*") answers preflights. */
static void minio_cors_explained(void **state)
{
	struct live *l = live_open(state);
	check_ok(l, s3_create_bucket(l->c, l->bucket, &l->st), "CreateBucket");
	struct s3_cors cors = S3_CORS_INIT;
	make_rules(&cors);
	assert_int_equal(s3_put_bucket_cors(l->c, l->bucket, &cors, &l->st), -1);
	assert_int_equal(l->st.http_status, 501);
	assert_string_equal(l->st.code, "NotImplemented");
	assert_int_equal(s3_client_server_kind(l->c), S3_SERVER_MINIO);
	assert_non_null(strstr(l->st.remedy, "MINIO_API_CORS_ALLOW_ORIGIN"));
	s3_cors_free(&cors);
	assert_int_equal(s3_get_bucket_cors(l->c, l->bucket, &cors, &l->st), -1);
	assert_non_null(strstr(l->st.explanation, "MINIO_API_CORS_ALLOW_ORIGIN"));
	s3_cors_free(&cors);
	preflight_verdict(l, "https://rdm.example.org", "GET", 1);
	check_ok(l, s3_delete_bucket(l->c, l->bucket, &l->st), "DeleteBucket");
}

static void expect_auth_failure(struct live *l, struct s3_client *c, const char *code)
{
	struct s3_bucket_list bl = { 0 };
	assert_int_equal(s3_list_buckets(c, &bl, &l->st), -1);
	assert_int_equal(l->st.transport, S3_TRANSPORT_OK);
	assert_int_equal(l->st.http_status, 403);
	if (!l->st.code || strcmp(l->st.code, code))
		fail_msg("%s: wanted %s, got %s", l->srv.kind, code, l->st.code ? l->st.code : "(none)");
	assert_non_null(l->st.explanation);
	assert_non_null(l->st.remedy);
	assert_null(strstr(l->st.explanation, l->srv.secret_key));
	assert_null(strstr(l->st.remedy, l->srv.secret_key));
}

static void wrong_secret(void **state)
{
	struct live *l = live_open(state);
	char *bad = xstrdup(l->srv.secret_key);
	bad[0] = bad[0] == 'A' ? 'B' : 'A';
	struct s3_client *c = client_for(&l->srv, l->srv.access_key, bad, 0);
	expect_auth_failure(l, c, "SignatureDoesNotMatch");
	s3_client_free(c);
	free(bad);
}

static void unknown_key(void **state)
{
	struct live *l = live_open(state);
	struct s3_client *c = client_for(&l->srv, "NOSUCHKEY0000000000X", l->srv.secret_key, 0);
	expect_auth_failure(l, c, "InvalidAccessKeyId");
	s3_client_free(c);
}

static void skewed_clock(void **state)
{
	struct live *l = live_open(state);
	struct s3_client *c = client_for(&l->srv, l->srv.access_key, l->srv.secret_key, 3600);
	expect_auth_failure(l, c, "RequestTimeTooSkewed");
	/* Our clock is an hour ahead: the server's time is about 3600 s behind. */
	if (l->st.skew_seconds > -3000 || l->st.skew_seconds < -4200)
		fail_msg("%s: skew_seconds %ld, wanted about -3600", l->srv.kind, l->st.skew_seconds);
	assert_non_null(strstr(l->st.explanation, "clock") ? l->st.explanation : l->st.remedy);
	s3_client_free(c);
}

/* s3rver over HTTPS: trusted with the CA file, refused without it. */
static void tls_with_ca_file(void **state)
{
	struct live *l = live_open(state);
	struct s3_bucket_list bl = { 0 };
	check_ok(l, s3_list_buckets(l->c, &bl, &l->st), "ListBuckets over TLS");
	s3_bucket_list_free(&bl);
	struct ts_server no_ca = l->srv;
	no_ca.ca_file = NULL;
	struct s3_client *c = client_for(&no_ca, l->srv.access_key, l->srv.secret_key, 0);
	assert_int_equal(s3_list_buckets(c, &bl, &l->st), -1);
	assert_int_equal(l->st.transport, S3_TRANSPORT_TLS_VERIFY);
	assert_non_null(l->st.explanation);
	assert_non_null(l->st.remedy);
	s3_client_free(c);
}

#define LIVE(fn, kind) cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown, (void *)kind)

int main(void)
{
	const struct CMUnitTest tests[] = {
		LIVE(operations, "s3rver"),
		LIVE(bucket_cors, "s3rver"),
		LIVE(tls_with_ca_file, "s3rver-tls"),
		LIVE(operations, "minio"),
		LIVE(minio_cors_explained, "minio"),
		LIVE(wrong_secret, "minio"),
		LIVE(unknown_key, "minio"),
		LIVE(skewed_clock, "minio"),
		LIVE(operations, "ceph"),
		LIVE(bucket_cors, "ceph"),
		LIVE(wrong_secret, "ceph"),
		LIVE(unknown_key, "ceph"),
		LIVE(skewed_clock, "ceph"),
	};
	return cmocka_run_group_tests_name("s3_live", tests, NULL, NULL);
}
