/* The requests rdm-s3 sends to behave like the real clients (issue 14):
 * an upload as botocore >= 1.36 sends it (aws-chunked with a CRC32 trailer
 * over https, a CRC32 header over http), presigned PUT URLs, and the
 * request a browser page sends after the preflight (cors test), all over
 * the fake transport. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "s3/client.h"
#include "s3/cors/cors.h"
#include "s3/http/http_fake.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define AK "AKIDEXAMPLE"
#define SK "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define T0 ((time_t)1704067200) /* 2024-01-01T00:00:00Z */

static time_t fixed_clock(void *ctx) { (void)ctx; return T0; }
static void no_sleep(void *ctx, long ms) { (void)ctx; (void)ms; }

static struct s3_client *client(struct s3_transport *t, const char *endpoint)
{
	struct s3_credentials cr = { AK, SK, NULL };
	struct s3_client_config cfg = { .endpoint = endpoint, .creds = &cr, .path_style = 1, .transport = t,
					.clock = fixed_clock, .retry = { .max_attempts = 1, .sleep_ms = no_sleep } };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	if (!c)
		fail_msg("s3_client_new: %s", err.message);
	return c;
}

static const struct s3_fake_request *put_as_boto(struct s3_transport *t, struct s3_client *c, const char *body)
{
	struct s3_status st = S3_STATUS_INIT;
	struct s3_op op;
	struct s3_op_spec spec = { .operation = "PutObject", .method = "PUT", .bucket = "b", .key = "k",
				   .body = body, .body_len = strlen(body), .boto_checksum = 1 };
	s3_fake_push_simple(t, 200, "ETag: \"x\"\n", NULL);
	assert_int_equal(s3_op_prepare(c, &spec, &op, &st), 0);
	assert_int_equal(s3_op_run(c, &op, &st), 0);
	s3_op_free(&op);
	s3_status_clear(&st);
	return s3_fake_request_at(t, s3_fake_n_requests(t) - 1);
}

/* Over https: exactly botocore's _apply_request_trailer_checksum. CRC32 of
 * "hello world" is 0x0d4a1185, base64 DUoRhQ==. */
static void boto_upload_https(void **state)
{
	(void)state;
	struct s3_transport *t = s3_fake_transport_new();
	struct s3_client *c = client(t, "https://127.0.0.1:9443");
	const struct s3_fake_request *r = put_as_boto(t, c, "hello world");
	assert_true(r->chunked);
	assert_string_equal(s3_fake_request_header(r, "Content-Encoding"), "aws-chunked");
	assert_string_equal(s3_fake_request_header(r, "X-Amz-Trailer"), "x-amz-checksum-crc32");
	assert_string_equal(s3_fake_request_header(r, "X-Amz-Decoded-Content-Length"), "11");
	assert_string_equal(s3_fake_request_header(r, "x-amz-sdk-checksum-algorithm"), "CRC32");
	assert_string_equal(s3_fake_request_header(r, "x-amz-content-sha256"), "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
	assert_null(s3_fake_request_header(r, "x-amz-checksum-crc32"));
	const char want[] = "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
	assert_int_equal(r->body.len, strlen(want));
	assert_memory_equal(r->body.data, want, strlen(want));
	const char *auth = s3_fake_request_header(r, "Authorization");
	assert_non_null(strstr(auth, "content-encoding"));
	assert_non_null(strstr(auth, "x-amz-trailer"));
	assert_null(strstr(auth, "transfer-encoding")); /* botocore never signs it */
	/* an empty file: the trailer alone */
	r = put_as_boto(t, c, "");
	assert_string_equal(r->body.data, "0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
	s3_client_free(c);
	s3_transport_free(t);
}

/* Over http botocore puts the checksum in a header and signs the payload. */
static void boto_upload_http(void **state)
{
	(void)state;
	struct s3_transport *t = s3_fake_transport_new();
	struct s3_client *c = client(t, "http://127.0.0.1:9000");
	const struct s3_fake_request *r = put_as_boto(t, c, "hello world");
	assert_false(r->chunked);
	assert_string_equal(s3_fake_request_header(r, "x-amz-checksum-crc32"), "DUoRhQ==");
	assert_string_equal(s3_fake_request_header(r, "x-amz-sdk-checksum-algorithm"), "CRC32");
	assert_null(s3_fake_request_header(r, "Content-Encoding"));
	assert_string_equal(s3_fake_request_header(r, "x-amz-content-sha256"),
			    "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
	assert_string_equal(r->body.data, "hello world");
	s3_client_free(c);
	s3_transport_free(t);
}

static void presign_put(void **state)
{
	(void)state;
	struct s3_transport *t = s3_fake_transport_new();
	struct s3_client *c = client(t, "http://127.0.0.1:9000");
	struct rdm_error err = RDM_ERROR_INIT;
	char *url = NULL;
	struct s3_presign_spec spec = { .method = "PUT", .bucket = "b", .key = "up/part 1", .expires_seconds = 600 };
	assert_int_equal(s3_presign(c, &spec, &url, &err), 0);
	assert_non_null(strstr(url, "http://127.0.0.1:9000/b/up/part%201?"));
	assert_non_null(strstr(url, "X-Amz-SignedHeaders=host&"));
	assert_non_null(strstr(url, "X-Amz-Expires=600"));
	free(url);
	spec.content_type = "application/octet-stream";
	assert_int_equal(s3_presign(c, &spec, &url, &err), 0);
	assert_non_null(strstr(url, "X-Amz-SignedHeaders=content-type%3Bhost"));
	free(url);
	spec.method = "DELETE";
	assert_int_equal(s3_presign(c, &spec, &url, &err), -1);
	assert_null(url);
	rdm_error_clear(&err);
	assert_int_equal(s3_fake_n_requests(t), 0); /* nothing is sent */
	s3_client_free(c);
	s3_transport_free(t);
}

/* cors test's request after the preflight: a presigned PUT of a new probe
 * object with Origin and the uploader's headers, then its deletion. */
static void cors_actual_put(void **state)
{
	(void)state;
	struct s3_transport *t = s3_fake_transport_new();
	struct s3_client *c = client(t, "http://127.0.0.1:9000");
	struct s3_status st = S3_STATUS_INIT;
	struct s3_cors_actual a;
	const char *const headers[] = { "content-type", "content-md5" };
	s3_fake_push_simple(t, 200, "ETag: \"e\"\nAccess-Control-Allow-Origin: *\n"
				    "Access-Control-Expose-Headers: Date, Etag\n", NULL);
	s3_fake_push_simple(t, 204, NULL, NULL);
	assert_int_equal(s3_cors_actual(c, "b", "ignored", "https://rdm.example.org", "PUT", headers, 2, &a, &st), 0);
	assert_int_equal(s3_fake_n_requests(t), 2);
	const struct s3_fake_request *put = s3_fake_request_at(t, 0), *del = s3_fake_request_at(t, 1);
	assert_string_equal(put->method, "PUT");
	assert_non_null(strstr(put->url, "/b/rdm-s3-cors-probe-"));
	assert_non_null(strstr(put->url, "X-Amz-Signature="));
	assert_null(s3_fake_request_header(put, "Authorization"));
	assert_string_equal(s3_fake_request_header(put, "Origin"), "https://rdm.example.org");
	assert_string_equal(s3_fake_request_header(put, "content-type"), "application/octet-stream");
	assert_int_equal(strlen(s3_fake_request_header(put, "content-md5")), 24);
	assert_string_equal(del->method, "DELETE");
	assert_non_null(strstr(del->url, a.probe_key));
	assert_string_equal(a.allow_origin, "*");
	assert_string_equal(a.expose_headers, "Date, Etag");
	assert_false(a.cleanup_failed);
	/* a browser judges this answer: ETag readable */
	struct s3_preflight pre = { .http_status = 200, .allow_origin = "*", .allow_methods = "PUT",
				    .allow_headers = "content-type, content-md5" };
	struct s3_actual_view view = { a.http_status, a.allow_origin, a.expose_headers };
	struct s3_preflight_verdict v;
	s3_cors_browser_judge(&pre, &view, "https://rdm.example.org", "PUT", headers, 2, &v);
	assert_true(v.allowed);
	assert_true(v.etag_known);
	assert_true(v.etag_exposed);
	s3_preflight_verdict_free(&v);
	/* without Access-Control-Allow-Origin on that answer the page sees nothing */
	view.allow_origin = NULL;
	s3_cors_browser_judge(&pre, &view, "https://rdm.example.org", "PUT", headers, 2, &v);
	assert_false(v.allowed);
	assert_non_null(strstr(v.reason, "the PUT itself"));
	s3_preflight_verdict_free(&v);
	s3_cors_actual_free(&a);
	s3_status_clear(&st);
	s3_client_free(c);
	s3_transport_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boto_upload_https),
		cmocka_unit_test(boto_upload_http),
		cmocka_unit_test(presign_put),
		cmocka_unit_test(cors_actual_put),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
