/* Every error mapping, from canned responses (tests/data/s3/errors/NAME.http:
 * the ceph-* ones are answers captured from a real radosgw, see
 * ../shared/servers/ceph-rgw/results-s3.txt), then explained. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "s3/model/s3_error.h"
#include "s3_model_data.h"

struct error_case {
	const char *file;
	const char *method;
	int object_request;
	long request_time_offset; /* request time = Date header + this; 0 = unknown */
	int truncated;
	struct s3_explain_ctx ctx;
	/* expected */
	long status;
	const char *code;        /* NULL = none */
	const char *request_id;
	const char *region;      /* bucket_region */
	const char *endpoint;    /* endpoint_hint */
	int malformed;
	long skew;
	const char *message;     /* exact, or NULL to skip */
	const char *explain_has[3];
	const char *remedy_has[3];
};

#define AWS(op, b, r) { .operation = op, .bucket = b, .region = r, \
			.endpoint_host = "s3.amazonaws.com", .server = S3_SERVER_AWS }
#define CEPH(op, b, r) { .operation = op, .bucket = b, .region = r, \
			 .endpoint_host = "127.0.0.1:7480", .server = S3_SERVER_CEPH }
#define MINIO(op, b) { .operation = op, .bucket = b, .endpoint_host = "localhost:9000", \
		       .server = S3_SERVER_MINIO }

static const struct error_case cases[] = {
	{ "aws-invalid-access-key.http", "GET", 0, 0, 0, AWS("ListBuckets", NULL, NULL),
	  403, "InvalidAccessKeyId", "4442587FB7D0A2F9", NULL, NULL, 0, 0, NULL,
	  { "does not know the access key" }, { "S3_ACCESS_KEY_ID", "revoked" } },
	{ "aws-access-denied.http", "PUT", 0, 0, 0, AWS("PutBucketCors", "rdm-files", NULL),
	  403, "AccessDenied", "9B1F2A3C4D5E6F70", NULL, NULL, 0, 0, "Access Denied",
	  { "PutBucketCors on bucket rdm-files was denied" }, { "IAM" } },
	{ "aws-bucket-already-exists.http", "PUT", 0, 0, 0, AWS("CreateBucket", "default", NULL),
	  409, "BucketAlreadyExists", "0A1B2C3D4E5F6071", NULL, NULL, 0, 0, NULL,
	  { "default is already taken by another account" }, { "another name", "s3://NAME" } },
	{ "aws-bucket-owned.http", "PUT", 0, 0, 0, AWS("CreateBucket", "rdm-files", NULL),
	  409, "BucketAlreadyOwnedByYou", NULL, NULL, NULL, 0, 0, NULL,
	  { "already own bucket rdm-files" }, { "Nothing to do" } },
	{ "aws-bucket-not-empty.http", "DELETE", 0, 0, 0, AWS("DeleteBucket", "rdm-files", NULL),
	  409, "BucketNotEmpty", NULL, NULL, NULL, 0, 0, NULL,
	  { "rdm-files is not empty" }, { "Delete its objects" } },
	{ "aws-auth-header-malformed.http", "GET", 0, 0, 0,
	  AWS("GetBucketCors", "rdm-files", "us-east-1"),
	  400, "AuthorizationHeaderMalformed", "2A1B2C3D4E5F6073", "eu-central-1", NULL, 0, 0, NULL,
	  { "rdm-files is in region eu-central-1", "made for region us-east-1" },
	  { "--region eu-central-1", "S3_REGION_NAME = \"eu-central-1\"",
	    "https://s3.eu-central-1.amazonaws.com" } },
	{ "aws-auth-header-malformed.http", "PUT", 0, 0, 0,
	  AWS("CreateBucket", "rdm-files", "us-east-1"),
	  400, "AuthorizationHeaderMalformed", "2A1B2C3D4E5F6073", "eu-central-1", NULL, 0, 0, NULL,
	  { "server works in region eu-central-1", "made for region us-east-1" },
	  { "--region eu-central-1" } },
	{ "aws-permanent-redirect.http", "GET", 0, 0, 0, AWS("GetBucketCors", "rdm-files", NULL),
	  301, "PermanentRedirect", "3A1B2C3D4E5F6074", NULL,
	  "rdm-files.s3.eu-west-1.amazonaws.com", 0, 0, NULL,
	  { "rdm-files is in region eu-west-1" }, { "--region eu-west-1" } },
	{ "aws-head-301.http", "HEAD", 0, 0, 0, AWS("HeadBucket", "rdm-files", "us-east-1"),
	  301, "PermanentRedirect", "4A1B2C3D4E5F6075", "ap-southeast-2", NULL, 0, 0, NULL,
	  { "region ap-southeast-2" }, { "--region ap-southeast-2" } },
	{ "aws-head-403.http", "HEAD", 0, 0, 0, AWS("HeadBucket", "rdm-files", NULL),
	  403, "Forbidden", "5A1B2C3D4E5F6076", NULL, NULL, 0, 0, NULL,
	  { "no details", "secret key is wrong" }, { "rdm-s3 bucket list" } },
	{ "aws-head-404.http", "HEAD", 0, 0, 0, AWS("HeadBucket", "rdm-files", NULL),
	  404, "NoSuchBucket", NULL, NULL, NULL, 0, 0, NULL,
	  { "Bucket rdm-files does not exist" }, { "rdm-s3 bucket create rdm-files" } },
	{ "aws-head-404.http", "HEAD", 1, 0, 0, AWS("HeadObject", "rdm-files", NULL),
	  404, "NotFound", NULL, NULL, NULL, 0, 0, NULL,
	  { "object or its bucket rdm-files does not exist" }, { "rdm-s3 bucket head rdm-files" } },
	{ "aws-illegal-location.http", "PUT", 0, 0, 0, AWS("CreateBucket", "rdm-files", "eu-west-1"),
	  400, "IllegalLocationConstraintException", NULL, NULL, NULL, 0, 0, NULL,
	  { "location constraint (region eu-west-1)", "s3.amazonaws.com" }, { "--region" } },
	{ "aws-invalid-location.http", "PUT", 0, 0, 0, AWS("CreateBucket", "rdm-files", "us-east-1"),
	  400, "InvalidLocationConstraint", NULL, NULL, NULL, 0, 0, NULL,
	  { "does not accept us-east-1 as location constraint" }, { "region name" } },
	{ "aws-skewed.http", "GET", 0, 0, 0, AWS("ListBuckets", NULL, NULL),
	  403, "RequestTimeTooSkewed", NULL, NULL, NULL, 0, 2400, NULL,
	  { "40 minutes (2400 s) behind", "15 minutes" }, { "NTP" } },
	{ "aws-no-cors.http", "GET", 0, 0, 0, AWS("GetBucketCors", "rdm-files", NULL),
	  404, "NoSuchCORSConfiguration", NULL, NULL, NULL, 0, 0, NULL,
	  { "rdm-files has no CORS configuration" }, { "rdm-s3 cors set rdm-files" } },
	{ "aws-no-such-key.http", "GET", 1, 0, 0, AWS("GetObject", "rdm-files", NULL),
	  404, "NoSuchKey", NULL, NULL, NULL, 0, 0, NULL,
	  { "object does not exist in bucket rdm-files" }, { "key" } },
	{ "aws-slowdown.http", "PUT", 1, 0, 0, AWS("PutObject", "rdm-files", NULL),
	  503, "SlowDown", NULL, NULL, NULL, 0, 0, NULL,
	  { "overloaded", "503 SlowDown" }, { "retry" } },
	{ "aws-internal-error.http", "GET", 0, 0, 0, AWS("ListBuckets", NULL, NULL),
	  500, "InternalError", "CA1B2C3D4E5F607D", NULL, NULL, 0, 0, NULL,
	  { "internal error (HTTP 500 InternalError)" }, { "CA1B2C3D4E5F607D" } },
	{ "minio-put-cors-not-implemented.http", "PUT", 0, 0, 0, MINIO("PutBucketCors", "default"),
	  501, "NotImplemented", "17F8A1B2C3D4E5F6", NULL, NULL, 0, 0, NULL,
	  { "MinIO (community edition) has no per-bucket CORS" },
	  { "MINIO_API_CORS_ALLOW_ORIGIN", "docker-services.yml", "invenio-cli services start" } },
	{ "minio-put-cors-not-implemented.http", "PUT", 0, 0, 0,
	  { .operation = "PutBucketCors", .bucket = "default" },
	  501, "NotImplemented", NULL, NULL, NULL, 0, 0, NULL,
	  { "does not implement PutBucketCors" }, { "If this is MinIO", "MINIO_API_CORS_ALLOW_ORIGIN" } },
	{ "minio-get-cors-none.http", "GET", 0, 0, 0, MINIO("GetBucketCors", "default"),
	  404, "NoSuchCORSConfiguration", "17F8A1B2C3D4E5F7", NULL, NULL, 0, 0, NULL,
	  { "MinIO has no per-bucket CORS" }, { "MINIO_API_CORS_ALLOW_ORIGIN" } },
	{ "ceph-signature-mismatch.http", "GET", 1, 0, 0, CEPH("GetObject", "tb-14628", NULL),
	  403, "SignatureDoesNotMatch", "tx00000bd87525a0844ab9c-006b067fb0-1016-default", NULL,
	  NULL, 0, 0, "",
	  { "signature does not match", "secret key is wrong", "proxy" },
	  { "S3_SECRET_ACCESS_KEY", "Host header" } },
	{ "ceph-invalid-access-key.http", "GET", 1, 0, 0, CEPH("GetObject", "tb-14628", NULL),
	  403, "InvalidAccessKeyId", "tx0000000dcf48150fcf2d2-006b067fb1-1016-default", NULL, NULL,
	  0, 0, "", { "does not know the access key" }, { "radosgw-admin user info" } },
	{ "ceph-access-denied.http", "GET", 1, 0, 0, CEPH("GetObject", "tb-14628", NULL),
	  403, "AccessDenied", NULL, NULL, NULL, 0, 0, "",
	  { "GetObject on bucket tb-14628 was denied" }, { "presigned" } },
	{ "ceph-presigned-expired.http", "GET", 1, 0, 0, CEPH(NULL, NULL, NULL),
	  403, "AccessDenied", NULL, NULL, NULL, 0, 0, "",
	  { "the request on bucket (unnamed) was denied" }, { "expired" } },
	{ "ceph-preflight-put-denied.http", "OPTIONS", 0, 0, 0, CEPH("CorsPreflight", "tb-14628", NULL),
	  403, "AccessDenied", NULL, NULL, NULL, 0, 0, NULL,
	  { "CORS preflight was refused", "tb-14628" }, { "rdm-s3 cors set tb-14628" } },
	{ "ceph-invalid-location.http", "PUT", 0, 0, 0, CEPH("CreateBucket", "tb-14628-eu2", "eu-west-1"),
	  400, "InvalidLocationConstraint", NULL, NULL, NULL, 0, 0,
	  "The specified location-constraint is not valid",
	  { "zonegroup names", "eu-west-1" }, { "us-east-1", "radosgw-admin zonegroup list" } },
	{ "ceph-skewed-past.http", "GET", 0, -1200, 0, CEPH("ListBuckets", NULL, NULL),
	  403, "RequestTimeTooSkewed", NULL, NULL, NULL, 0, 1200, "",
	  { "20 minutes (1200 s) behind" }, { "NTP" } },
	{ "ceph-skewed-future.http", "GET", 0, 1200, 0, CEPH("ListBuckets", NULL, NULL),
	  403, "RequestTimeTooSkewed", NULL, NULL, NULL, 0, -1200, "",
	  { "20 minutes (1200 s) ahead of" }, { "NTP" } },
	{ "ceph-no-such-key.http", "GET", 1, 0, 0, CEPH("GetObject", "tb-14628", NULL),
	  404, "NoSuchKey", NULL, NULL, NULL, 0, 0, "", { "tb-14628" }, { "key" } },
	{ "ceph-no-such-bucket.http", "GET", 0, 0, 0, CEPH("HeadBucket", "nosuchbucket-32272", NULL),
	  404, "NoSuchBucket", NULL, NULL, NULL, 0, 0, "",
	  { "nosuchbucket-32272 does not exist on 127.0.0.1:7480" },
	  { "rdm-s3 bucket create nosuchbucket-32272" } },
	{ "ceph-invalid-bucket-name.http", "PUT", 0, 0, 0, CEPH("CreateBucket", "xb", NULL),
	  400, "InvalidBucketName", NULL, NULL, NULL, 0, 0, "",
	  { "\"xb\" must be at least 3 characters long" }, { "3-63" } },
	{ "ceph-sha256-mismatch.http", "PUT", 1, 0, 0, CEPH("PutObject", "xbk", NULL),
	  400, "XAmzContentSHA256Mismatch", NULL, NULL, NULL, 0, 0, "",
	  { "x-amz-content-sha256" }, { "proxies" } },
	{ "ceph-preflight-get-ok.http", "OPTIONS", 0, 0, 0, CEPH("CorsPreflight", "tb-14628", NULL),
	  200, NULL, "tx00000d5a12bf8ba1a8c98-006b067fad-1016-default", NULL, NULL, 0, 0, NULL,
	  { "succeeded" }, { NULL } },
	{ "proxy-502.http", "GET", 0, 0, 0, AWS("ListBuckets", NULL, NULL),
	  502, NULL, NULL, NULL, NULL, 1, 0, "502 Bad Gateway",
	  { "proxy", "502", "could not reach the S3 server" }, { "behind the proxy" } },
	{ "not-xml-text.http", "GET", 0, 0, 0, MINIO("ListBuckets", NULL),
	  404, NULL, NULL, NULL, NULL, 1, 0, "404 page not found",
	  { "not an S3 answer", "404 page not found" }, { "9001" } },
	/* Cut after </Code>: the code is recovered, the cut is reported. */
	{ "truncated.http", "GET", 0, 0, 1, CEPH("ListBuckets", NULL, NULL),
	  403, "SignatureDoesNotMatch", "tx00000trunc", NULL, NULL, 1, 0, NULL,
	  { "signature does not match", "The error body was cut off." }, { "S3_SECRET_ACCESS_KEY" } },
	/* Cut inside <Code>: nothing trustworthy is left. */
	{ "truncated-code.http", "GET", 0, 0, 1, CEPH("ListBuckets", NULL, NULL),
	  403, NULL, NULL, NULL, NULL, 1, 0, NULL,
	  { "cut off at the size limit before its error code could be read", "<Error><Code>Signa" },
	  { "-v" } },
	{ "doctype-entities.http", "GET", 0, 0, 0, CEPH("ListBuckets", NULL, NULL),
	  400, NULL, NULL, NULL, NULL, 1, 0, NULL, { "not an S3 answer" }, { NULL } },
};

static void assert_str_or_null(const char *want, const char *got, const char *what)
{
	if (!want && !got)
		return;
	if (!want || !got || strcmp(want, got) != 0)
		fail_msg("%s: want \"%s\", got \"%s\"", what, want ? want : "(null)",
			 got ? got : "(null)");
}

static void assert_has_all(const char *text, const char *const *parts, size_t n, const char *what)
{
	for (size_t i = 0; i < n && parts[i]; i++) {
		if (!text || !strstr(text, parts[i]))
			fail_msg("%s lacks \"%s\": %s", what, parts[i], text ? text : "(null)");
	}
}

static time_t date_of(const struct canned *c)
{
	const char *date = s3_header_get(c->headers, c->n_headers, "date");
	time_t t = 0;
	assert_non_null(date);
	assert_int_equal(s3_time_parse(date, &t), 0);
	return t;
}

static void test_error_case(void **state)
{
	const struct error_case *ec = *state;
	struct canned c;
	char *path = NULL;
	if (asprintf(&path, "errors/%s", ec->file) < 0)
		fail();
	canned_load(path, &c);
	free(path);
	struct s3_response r = { .method = ec->method, .http_status = c.status,
				 .headers = c.headers, .n_headers = c.n_headers, .body = c.body,
				 .body_len = c.body_len, .body_truncated = ec->truncated,
				 .object_request = ec->object_request };
	if (ec->request_time_offset)
		r.request_time = date_of(&c) + ec->request_time_offset;
	struct s3_status st = S3_STATUS_INIT;
	s3_status_from_response(&st, &r);
	assert_int_equal(st.transport, S3_TRANSPORT_OK);
	assert_int_equal(st.http_status, ec->status);
	assert_str_or_null(ec->code, st.code, "code");
	if (ec->request_id)
		assert_str_or_null(ec->request_id, st.request_id, "request id");
	assert_str_or_null(ec->region, st.bucket_region, "bucket region");
	assert_str_or_null(ec->endpoint, st.endpoint_hint, "endpoint hint");
	assert_int_equal(st.body_malformed, ec->malformed);
	assert_int_equal(st.body_truncated, ec->truncated);
	assert_int_equal(st.skew_seconds, ec->skew);
	if (ec->message)
		assert_str_or_null(ec->message, st.message, "message");
	assert_int_equal(s3_status_ok(&st), ec->status >= 200 && ec->status < 300);
	s3_status_explain(&st, &ec->ctx);
	assert_non_null(st.explanation);
	assert_has_all(st.explanation, ec->explain_has, 3, "explanation");
	if (ec->remedy_has[0])
		assert_has_all(st.remedy, ec->remedy_has, 3, "remedy");
	s3_status_clear(&st);
	assert_null(st.code);
	assert_null(st.explanation);
	canned_free(&c);
}

/* ---- transport failures ------------------------------------------------- */

struct transport_case {
	enum s3_transport_error t;
	enum s3_server_kind server;
	const char *explain_has;
	const char *remedy_has;
};

static const struct transport_case transport_cases[] = {
	{ S3_TRANSPORT_DNS, S3_SERVER_MINIO, "could not be resolved", "localhost:9000" },
	{ S3_TRANSPORT_REFUSED, S3_SERVER_MINIO, "connection refused", "invenio-cli services start" },
	{ S3_TRANSPORT_REFUSED, S3_SERVER_AWS, "connection refused", "port" },
	{ S3_TRANSPORT_CONNECT, S3_SERVER_UNKNOWN, "Could not connect", "firewall" },
	{ S3_TRANSPORT_TIMEOUT, S3_SERVER_UNKNOWN, "did not answer in time", "firewall" },
	{ S3_TRANSPORT_TLS_VERIFY, S3_SERVER_CEPH, "could not be verified", "--ca-file" },
	{ S3_TRANSPORT_TLS, S3_SERVER_MINIO, "TLS handshake", "http://" },
	{ S3_TRANSPORT_TOO_LARGE, S3_SERVER_MINIO, "cut off", "9001" },
	{ S3_TRANSPORT_OTHER, S3_SERVER_UNKNOWN, "failed", "-v" },
};

static void test_transport_errors(void **state)
{
	for (size_t i = 0; i < sizeof transport_cases / sizeof *transport_cases; i++) {
		const struct transport_case *tc = &transport_cases[i];
		struct s3_status st = S3_STATUS_INIT;
		st.transport = tc->t;
		st.transport_detail = strdup("curl: detail text");
		struct s3_explain_ctx ctx = { .operation = "ListBuckets", .endpoint_host = "minio.test:9000",
					      .server = tc->server };
		assert_false(s3_status_ok(&st));
		s3_status_explain(&st, &ctx);
		assert_has_all(st.explanation, &tc->explain_has, 1, "explanation");
		assert_has_all(st.remedy, &tc->remedy_has, 1, "remedy");
		assert_non_null(strstr(st.explanation, "minio.test:9000"));
		/* Never advise switching TLS verification off. */
		assert_null(strstr(st.remedy, "--insecure"));
		assert_null(strstr(st.remedy, "-k "));
		char *sum = s3_status_summary(&st);
		assert_non_null(strstr(sum, "curl: detail text"));
		free(sum);
		s3_status_clear(&st);
	}
}

/* ---- the rest of the API ------------------------------------------------ */

static void test_status_ok(void **state)
{
	struct s3_status st = S3_STATUS_INIT;
	assert_false(s3_status_ok(&st)); /* no answer yet */
	st.http_status = 200;
	assert_true(s3_status_ok(&st));
	st.http_status = 204;
	assert_true(s3_status_ok(&st));
	st.http_status = 301;
	assert_false(s3_status_ok(&st));
	st.http_status = 200;
	st.transport = S3_TRANSPORT_TIMEOUT;
	assert_false(s3_status_ok(&st));
	s3_status_clear(NULL);
}

static void test_from_response_replaces(void **state)
{
	/* A second answer into the same status frees and replaces the first. */
	struct canned a, b;
	canned_load("errors/aws-access-denied.http", &a);
	canned_load("errors/ceph-preflight-get-ok.http", &b);
	struct s3_response ra = { .method = "GET", .http_status = a.status, .headers = a.headers,
				  .n_headers = a.n_headers, .body = a.body, .body_len = a.body_len };
	struct s3_response rb = { .method = "OPTIONS", .http_status = b.status, .headers = b.headers,
				  .n_headers = b.n_headers, .body = b.body, .body_len = b.body_len };
	struct s3_status st = S3_STATUS_INIT;
	s3_status_from_response(&st, &ra);
	assert_string_equal(st.code, "AccessDenied");
	s3_status_from_response(&st, &rb);
	assert_null(st.code);
	assert_null(st.message);
	assert_int_equal(st.http_status, 200);
	assert_true(s3_status_ok(&st));
	s3_status_clear(&st);
	canned_free(&a);
	canned_free(&b);
}

static void test_head_ignores_body(void **state)
{
	/* A HEAD answer's "body" (curl may hand us stale bytes) is never parsed. */
	struct s3_response r = { .method = "HEAD", .http_status = 403,
				 .body = "<Error><Code>NoSuchKey</Code></Error>", .body_len = 37 };
	struct s3_status st = S3_STATUS_INIT;
	s3_status_from_response(&st, &r);
	assert_string_equal(st.code, "Forbidden");
	assert_int_equal(st.body_malformed, 0);
	s3_status_clear(&st);
}

static void test_explain_without_context(void **state)
{
	struct s3_status st = S3_STATUS_INIT;
	st.http_status = 404;
	st.code = strdup("NoSuchBucket");
	s3_status_explain(&st, NULL);
	assert_non_null(strstr(st.explanation, "does not exist"));
	assert_non_null(st.remedy);
	/* Unknown codes get a generic text quoting code and message. */
	free(st.code);
	st.code = strdup("WeirdError");
	st.message = strdup("something odd");
	st.http_status = 418;
	s3_status_explain(&st, NULL);
	assert_non_null(strstr(st.explanation, "HTTP 418 WeirdError: something odd"));
	assert_non_null(strstr(st.remedy, "WeirdError"));
	/* Unknown 5xx codes count as server errors. */
	free(st.code);
	st.code = strdup("Whatever");
	st.http_status = 502;
	s3_status_explain(&st, NULL);
	assert_non_null(strstr(st.explanation, "internal error"));
	s3_status_clear(&st);
}

static void test_summary_and_error(void **state)
{
	struct s3_status st = S3_STATUS_INIT;
	st.http_status = 403;
	st.code = strdup("SignatureDoesNotMatch");
	st.request_id = strdup("tx1");
	char *sum = s3_status_summary(&st);
	assert_string_equal(sum, "HTTP 403 SignatureDoesNotMatch (request id tx1)");
	free(sum);
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_status_to_error(&st, &err), -1);
	assert_string_equal(err.message, "HTTP 403 SignatureDoesNotMatch (request id tx1)");
	assert_null(err.remedy);
	s3_status_explain(&st, NULL);
	assert_int_equal(s3_status_to_error(&st, &err), -1);
	assert_string_equal(err.message, st.explanation);
	assert_string_equal(err.remedy, st.remedy);
	assert_string_equal(err.where, "HTTP 403 SignatureDoesNotMatch (request id tx1)");
	rdm_error_clear(&err);
	s3_status_clear(&st);
}

static void test_time_parse(void **state)
{
	time_t t = 0;
	assert_int_equal(s3_time_parse("Wed, 01 Mar 2023 10:20:00 GMT", &t), 0);
	assert_int_equal(t, 1677666000);
	assert_int_equal(s3_time_parse("20230301T102000Z", &t), 0);
	assert_int_equal(t, 1677666000);
	assert_int_equal(s3_time_parse("2023-03-01T10:20:00Z", &t), 0);
	assert_int_equal(t, 1677666000);
	assert_int_equal(s3_time_parse("2023-03-01T10:20:00.123Z", &t), 0);
	assert_int_equal(t, 1677666000);
	assert_int_equal(s3_time_parse("Thu, 01 Jan 1970 00:00:00 GMT", &t), 0);
	assert_int_equal(t, 0);
	const char *bad[] = { "", "yesterday", "Wed, 01 Foo 2023 10:20:00 GMT",
			      "Wed, 01 Mar 2023 10:20:00 CET", "20230301T102000", "2023-13-01T00:00:00Z",
			      "2023-03-01T25:00:00Z", "Wed, 1 Mar 2023 10:20:00 GMT", "2023",
			      "Wed, 01 anF 2023 10:20:00 GMT" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (s3_time_parse(bad[i], &t) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(s3_time_parse(NULL, &t), -1);
}

static void test_header_get(void **state)
{
	const struct s3_http_header h[] = { { "X-Amz-Request-Id", "a" }, { "Date", "b" } };
	assert_string_equal(s3_header_get(h, 2, "x-amz-request-id"), "a");
	assert_string_equal(s3_header_get(h, 2, "DATE"), "b");
	assert_null(s3_header_get(h, 2, "x-amz-bucket-region"));
	assert_null(s3_header_get(NULL, 0, "date"));
}

#define N_CASES (sizeof cases / sizeof *cases)
static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_transport_errors),
	cmocka_unit_test(test_status_ok),
	cmocka_unit_test(test_from_response_replaces),
	cmocka_unit_test(test_head_ignores_body),
	cmocka_unit_test(test_explain_without_context),
	cmocka_unit_test(test_summary_and_error),
	cmocka_unit_test(test_time_parse),
	cmocka_unit_test(test_header_get),
};
#define N_FIXED (sizeof fixed_tests / sizeof *fixed_tests)

int main(void)
{
	static struct CMUnitTest tests[N_CASES + N_FIXED];
	static char names[N_CASES][128];
	for (size_t i = 0; i < N_CASES; i++) {
		snprintf(names[i], sizeof names[i], "%s %s", cases[i].file,
			 cases[i].ctx.operation ? cases[i].ctx.operation : "-");
		if (cases[i].ctx.server == S3_SERVER_UNKNOWN)
			strncat(names[i], " (server unknown)", sizeof names[i] - strlen(names[i]) - 1);
		tests[i].name = names[i];
		tests[i].test_func = test_error_case;
		tests[i].initial_state = (void *)&cases[i];
	}
	memcpy(tests + N_CASES, fixed_tests, sizeof fixed_tests);
	return cmocka_run_group_tests_name("s3_error", tests, NULL, NULL);
}
