/* The S3 operations over the fake transport: each builds the right method,
 * URL, query, headers and body, signs what it sends, reads the answer into
 * its output, and turns failures into explained statuses. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "s3/client.h"
#include "s3/http/http_fake.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define AK "AKIDEXAMPLE"
#define SK "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define T0 ((time_t)1704067200) /* 2024-01-01T00:00:00Z */

static time_t fixed_clock(void *ctx) { (void)ctx; return T0; }
static void no_sleep(void *ctx, long ms) { (void)ctx; (void)ms; }

struct fixture {
	struct s3_transport *t;
	struct s3_client *c;
	struct s3_status st;
};

static struct s3_client *make_client(struct s3_transport *t, const char *endpoint, const char *region,
				     const char *token, int path_style)
{
	struct s3_credentials cr = { AK, SK, token };
	struct s3_client_config cfg = { .endpoint = endpoint, .region = region, .creds = &cr,
					.path_style = path_style, .transport = t,
					.clock = fixed_clock, .retry = { .sleep_ms = no_sleep } };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	if (!c)
		fail_msg("s3_client_new: %s", err.message);
	return c;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->t = s3_fake_transport_new();
	f->c = make_client(f->t, "http://127.0.0.1:9000", NULL, NULL, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	s3_client_free(f->c);
	s3_transport_free(f->t);
	s3_status_clear(&f->st);
	free(f);
	return 0;
}

static const struct s3_fake_request *last(const struct fixture *f)
{
	size_t n = s3_fake_n_requests(f->t);
	assert_true(n > 0);
	return s3_fake_request_at(f->t, n - 1);
}

static void assert_signed(const struct s3_fake_request *r, const char *region)
{
	const char *auth = s3_fake_request_header(r, "Authorization");
	assert_non_null(auth);
	char *want = xasprintf("AWS4-HMAC-SHA256 Credential=" AK "/20240101/%s/s3/aws4_request", region);
	assert_true(strncmp(auth, want, strlen(want)) == 0);
	free(want);
	assert_string_equal(s3_fake_request_header(r, "x-amz-date"), "20240101T000000Z");
	assert_non_null(s3_fake_request_header(r, "x-amz-content-sha256"));
}

static void assert_no_secret(const struct fixture *f)
{
	for (size_t i = 0; i < s3_fake_n_requests(f->t); i++) {
		const struct s3_fake_request *r = s3_fake_request_at(f->t, i);
		assert_null(strstr(r->url, SK));
		assert_null(strstr(buf_str(&r->body), SK));
		for (size_t k = 0; k < r->n_headers; k++)
			assert_null(strstr(r->headers[k].value, SK));
	}
}

static void list_buckets(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, "x-amz-request-id: R1\n",
			    "<?xml version=\"1.0\"?><ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
			    "<Owner><ID>o</ID></Owner><Buckets><Bucket><Name>default</Name>"
			    "<CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket>"
			    "<Bucket><Name>two</Name></Bucket></Buckets></ListAllMyBucketsResult>");
	struct s3_bucket_list l = { 0 };
	assert_int_equal(s3_list_buckets(f->c, &l, &f->st), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.buckets[0].name, "default");
	assert_string_equal(l.buckets[1].name, "two");
	assert_string_equal(f->st.request_id, "R1");
	s3_bucket_list_free(&l);
	const struct s3_fake_request *r = last(f);
	assert_string_equal(r->method, "GET");
	assert_string_equal(r->url, "http://127.0.0.1:9000/");
	assert_string_equal(s3_fake_request_header(r, "Host"), "127.0.0.1:9000");
	assert_string_equal(s3_fake_request_header(r, "x-amz-content-sha256"), SIGV4_EMPTY_SHA256);
	assert_signed(r, "us-east-1");
	assert_no_secret(f);
}

static void list_buckets_not_xml(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, "Content-Type: text/html\n", "<html><title>MinIO Console</title></html>");
	struct s3_bucket_list l = { 0 };
	assert_int_equal(s3_list_buckets(f->c, &l, &f->st), -1);
	assert_true(f->st.body_malformed);
	assert_non_null(f->st.explanation);
	assert_non_null(f->st.remedy);
	assert_int_equal(l.n, 0);
}

static void create_bucket_bodies(void **state)
{
	struct fixture *f = *state;
	/* No region configured (MinIO default): no body. */
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_create_bucket(f->c, "bkt", &f->st), 0);
	const struct s3_fake_request *r = last(f);
	assert_string_equal(r->method, "PUT");
	assert_string_equal(r->url, "http://127.0.0.1:9000/bkt");
	assert_int_equal(r->body.len, 0);
	/* us-east-1: no body either. */
	struct s3_client *c = make_client(f->t, "http://127.0.0.1:9000", "us-east-1", NULL, 1);
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_create_bucket(c, "bkt", &f->st), 0);
	assert_int_equal(last(f)->body.len, 0);
	s3_client_free(c);
	/* Another region: LocationConstraint, hashed payload. */
	c = make_client(f->t, "http://127.0.0.1:9000", "eu-west-1", NULL, 1);
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_create_bucket(c, "bkt", &f->st), 0);
	r = last(f);
	assert_non_null(strstr(buf_str(&r->body), "<LocationConstraint>eu-west-1</LocationConstraint>"));
	char hash[65];
	sigv4_sha256_hex(r->body.data, r->body.len, hash);
	assert_string_equal(s3_fake_request_header(r, "x-amz-content-sha256"), hash);
	assert_signed(r, "eu-west-1");
	s3_client_free(c);
}

static void create_bucket_conflict_explained(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 409, NULL,
			    "<Error><Code>BucketAlreadyOwnedByYou</Code><Message>yours</Message>"
			    "<RequestId>RQ</RequestId></Error>");
	assert_int_equal(s3_create_bucket(f->c, "bkt", &f->st), -1);
	assert_int_equal(f->st.http_status, 409);
	assert_string_equal(f->st.code, "BucketAlreadyOwnedByYou");
	assert_string_equal(f->st.request_id, "RQ");
	assert_non_null(f->st.explanation);
}

static void head_bucket_region(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, "x-amz-bucket-region: eu-central-1\n", NULL);
	char *region = NULL;
	assert_int_equal(s3_head_bucket(f->c, "bkt", &region, &f->st), 0);
	assert_string_equal(region, "eu-central-1");
	free(region);
	assert_string_equal(last(f)->method, "HEAD");
	s3_fake_push_simple(f->t, 301, "x-amz-bucket-region: ap-south-1\n", NULL);
	assert_int_equal(s3_head_bucket(f->c, "bkt", &region, &f->st), -1);
	assert_null(region);
	assert_string_equal(f->st.bucket_region, "ap-south-1");
	assert_non_null(f->st.explanation);
	assert_non_null(strstr(f->st.explanation, "ap-south-1"));
}

static void bucket_location(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, NULL,
			    "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">EU</LocationConstraint>");
	s3_fake_push_simple(f->t, 200, NULL,
			    "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
	char *region = NULL;
	assert_int_equal(s3_get_bucket_location(f->c, "bkt", &region, &f->st), 0);
	assert_string_equal(region, "eu-west-1");
	free(region);
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/bkt?location=");
	assert_int_equal(s3_get_bucket_location(f->c, "bkt", &region, &f->st), 0);
	assert_string_equal(region, "us-east-1");
	free(region);
}

static void delete_bucket(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 204, NULL, NULL);
	assert_int_equal(s3_delete_bucket(f->c, "bkt", &f->st), 0);
	assert_string_equal(last(f)->method, "DELETE");
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/bkt");
}

/* MinIO's cluster health: unsigned GET below the endpoint; 200 only once
 * MinIO has finished starting, the answer of another server kept in st. */
static void minio_cluster_health(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_minio_cluster_health(f->c, &f->st), 0);
	assert_string_equal(last(f)->method, "GET");
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/minio/health/cluster");
	assert_null(s3_fake_request_header(last(f), "Authorization"));
	s3_status_clear(&f->st);
	s3_fake_push_simple(f->t, 404, NULL, "<Error><Code>NoSuchKey</Code></Error>");
	assert_int_equal(s3_minio_cluster_health(f->c, &f->st), -1);
	assert_int_equal(f->st.transport, S3_TRANSPORT_OK);
	assert_int_equal(f->st.http_status, 404);
}

static void put_cors_with_md5(void **state)
{
	struct fixture *f = *state;
	struct s3_cors cors = S3_CORS_INIT;
	struct s3_cors_rule *rule = s3_cors_add_rule(&cors);
	s3_strlist_add(&rule->allowed_origins, "https://rdm.example.org");
	s3_strlist_add(&rule->allowed_methods, "GET");
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_put_bucket_cors(f->c, "bkt", &cors, &f->st), 0);
	s3_cors_free(&cors);
	const struct s3_fake_request *r = last(f);
	assert_string_equal(r->method, "PUT");
	assert_string_equal(r->url, "http://127.0.0.1:9000/bkt?cors=");
	assert_non_null(strstr(buf_str(&r->body), "<AllowedOrigin>https://rdm.example.org</AllowedOrigin>"));
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	unsigned char b64[64];
	assert_int_equal(EVP_Digest(r->body.data, r->body.len, md, &n, EVP_md5(), NULL), 1);
	EVP_EncodeBlock(b64, md, (int)n);
	assert_string_equal(s3_fake_request_header(r, "Content-MD5"), (char *)b64);
	assert_string_equal(s3_fake_request_header(r, "Content-Type"), "application/xml");
	assert_signed(r, "us-east-1");
}

static void minio_cors_not_implemented(void **state)
{
	struct fixture *f = *state;
	struct s3_cors cors = S3_CORS_INIT;
	struct s3_cors_rule *rule = s3_cors_add_rule(&cors);
	s3_strlist_add(&rule->allowed_origins, "*");
	s3_strlist_add(&rule->allowed_methods, "GET");
	s3_fake_push_simple(f->t, 501, "Server: MinIO\n",
			    "<Error><Code>NotImplemented</Code><Message>A header you provided implies "
			    "functionality that is not implemented</Message></Error>");
	assert_int_equal(s3_put_bucket_cors(f->c, "bkt", &cors, &f->st), -1);
	s3_cors_free(&cors);
	assert_int_equal(s3_fake_n_requests(f->t), 1); /* 501 is not retried */
	assert_string_equal(f->st.code, "NotImplemented");
	assert_int_equal(s3_client_server_kind(f->c), S3_SERVER_MINIO);
	assert_non_null(strstr(f->st.remedy, "MINIO_API_CORS_ALLOW_ORIGIN"));
}

static void get_and_delete_cors(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, NULL,
			    "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
			    "<AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>3000</MaxAgeSeconds>"
			    "</CORSRule></CORSConfiguration>");
	s3_fake_push_simple(f->t, 404, NULL,
			    "<Error><Code>NoSuchCORSConfiguration</Code><Message>none</Message></Error>");
	s3_fake_push_simple(f->t, 204, NULL, NULL);
	struct s3_cors cors = S3_CORS_INIT;
	assert_int_equal(s3_get_bucket_cors(f->c, "bkt", &cors, &f->st), 0);
	assert_int_equal(cors.n_rules, 1);
	assert_int_equal(cors.rules[0].max_age_seconds, 3000);
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/bkt?cors=");
	s3_cors_free(&cors);
	assert_int_equal(s3_get_bucket_cors(f->c, "bkt", &cors, &f->st), -1);
	assert_string_equal(f->st.code, "NoSuchCORSConfiguration");
	assert_non_null(f->st.explanation);
	s3_cors_free(&cors);
	assert_int_equal(s3_delete_bucket_cors(f->c, "bkt", &f->st), 0);
	assert_string_equal(last(f)->method, "DELETE");
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/bkt?cors=");
}

static void preflight(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200,
			    "Access-Control-Allow-Origin: https://rdm.example.org\n"
			    "Access-Control-Allow-Methods: GET, HEAD\nAccess-Control-Max-Age: 3000\n"
			    "Access-Control-Expose-Headers: ETag\n", NULL);
	struct s3_preflight_answer a;
	const char *hdrs[] = { "range", "content-type" };
	assert_int_equal(s3_cors_preflight(f->c, "bkt", "a b.pdf", "https://rdm.example.org", "GET",
					   hdrs, 2, &a, &f->st), 0);
	const struct s3_fake_request *r = last(f);
	assert_string_equal(r->method, "OPTIONS");
	assert_string_equal(r->url, "http://127.0.0.1:9000/bkt/a%20b.pdf");
	assert_null(s3_fake_request_header(r, "Authorization"));
	assert_null(s3_fake_request_header(r, "x-amz-date"));
	assert_string_equal(s3_fake_request_header(r, "Origin"), "https://rdm.example.org");
	assert_string_equal(s3_fake_request_header(r, "Access-Control-Request-Method"), "GET");
	assert_string_equal(s3_fake_request_header(r, "Access-Control-Request-Headers"), "range, content-type");
	assert_int_equal(a.view.http_status, 200);
	assert_string_equal(a.view.allow_origin, "https://rdm.example.org");
	assert_string_equal(a.view.allow_methods, "GET, HEAD");
	assert_string_equal(a.view.max_age, "3000");
	assert_string_equal(a.view.expose_headers, "ETag");
	assert_null(a.view.allow_headers);
	s3_preflight_answer_free(&a);
	/* A refusal is an answer, not a failure of the call. */
	s3_fake_push_simple(f->t, 403, NULL, "<Error><Code>AccessDenied</Code></Error>");
	assert_int_equal(s3_cors_preflight(f->c, "bkt", NULL, "https://evil.example", "PUT", NULL, 0,
					   &a, &f->st), 0);
	assert_null(s3_fake_request_header(last(f), "Access-Control-Request-Headers"));
	assert_int_equal(a.view.http_status, 403);
	assert_null(a.view.allow_origin);
	assert_string_equal(f->st.code, "AccessDenied");
	assert_non_null(f->st.explanation);
	s3_preflight_answer_free(&a);
	/* No answer at all is a failure. */
	struct s3_fake_answer refused = { .transport = S3_TRANSPORT_REFUSED };
	s3_fake_push(f->t, &refused);
	assert_int_equal(s3_cors_preflight(f->c, "bkt", NULL, "https://x.org", "GET", NULL, 0, &a, &f->st), -1);
	assert_int_equal(f->st.transport, S3_TRANSPORT_REFUSED);
	s3_preflight_answer_free(&a);
}

static void objects(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, "ETag: \"e1\"\n", NULL);
	struct s3_put_object_opts po = { .content_type = "text/plain" };
	struct s3_object_info info = { 0 };
	assert_int_equal(s3_put_object(f->c, "bkt", "dir/a b+\xc3\xbc.txt", "hello", 5, &po, &info, &f->st), 0);
	const struct s3_fake_request *r = last(f);
	assert_string_equal(r->url, "http://127.0.0.1:9000/bkt/dir/a%20b%2B%C3%BC.txt");
	assert_string_equal(buf_str(&r->body), "hello");
	assert_string_equal(s3_fake_request_header(r, "Content-Type"), "text/plain");
	char hash[65];
	sigv4_sha256_hex("hello", 5, hash);
	assert_string_equal(s3_fake_request_header(r, "x-amz-content-sha256"), hash);
	assert_string_equal(info.etag, "\"e1\"");
	/* UNSIGNED-PAYLOAD on request; keys are not normalised. */
	po.unsigned_payload = 1;
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_put_object(f->c, "bkt", "a/../b//c", "x", 1, &po, NULL, &f->st), 0);
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/bkt/a/../b//c");
	assert_string_equal(s3_fake_request_header(last(f), "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
	s3_fake_push_simple(f->t, 200, "Content-Length: 5\nContent-Type: text/plain\nETag: \"e1\"\n", "hello");
	struct buf body = BUF_INIT;
	assert_int_equal(s3_get_object(f->c, "bkt", "k", 0, &body, &info, &f->st), 0);
	assert_string_equal(buf_str(&body), "hello");
	assert_int_equal(last(f)->body_cap, S3_HTTP_OBJECT_BODY_CAP);
	assert_int_equal(info.size, 5);
	buf_free(&body);
	s3_fake_push_simple(f->t, 200, "Content-Length: 1234\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\n", NULL);
	assert_int_equal(s3_head_object(f->c, "bkt", "k", &info, &f->st), 0);
	assert_int_equal(info.size, 1234);
	assert_string_equal(info.last_modified, "Mon, 01 Jan 2024 00:00:00 GMT");
	assert_string_equal(last(f)->method, "HEAD");
	s3_fake_push_simple(f->t, 404, NULL, NULL);
	assert_int_equal(s3_head_object(f->c, "bkt", "missing", &info, &f->st), -1);
	assert_string_equal(f->st.code, "NotFound");
	s3_fake_push_simple(f->t, 204, NULL, NULL);
	assert_int_equal(s3_delete_object(f->c, "bkt", "k", &f->st), 0);
	assert_string_equal(last(f)->method, "DELETE");
	assert_string_equal(last(f)->url, "http://127.0.0.1:9000/bkt/k");
	s3_object_info_free(&info);
	assert_no_secret(f);
}

static void presigned_url(void **state)
{
	struct fixture *f = *state;
	char *url = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_presign_get(f->c, "bkt", "a b.pdf", 300, &url, &err), 0);
	assert_true(strncmp(url, "http://127.0.0.1:9000/bkt/a%20b.pdf?", 36) == 0);
	assert_non_null(strstr(url, "X-Amz-Algorithm=AWS4-HMAC-SHA256"));
	assert_non_null(strstr(url, "X-Amz-Credential=" AK "%2F20240101%2Fus-east-1%2Fs3%2Faws4_request"));
	assert_non_null(strstr(url, "X-Amz-Date=20240101T000000Z"));
	assert_non_null(strstr(url, "X-Amz-Expires=300"));
	assert_non_null(strstr(url, "X-Amz-SignedHeaders=host"));
	assert_non_null(strstr(url, "&X-Amz-Signature="));
	assert_null(strstr(url, SK));
	free(url);
	/* The clock offset is what gets signed. */
	s3_client_set_clock_offset(f->c, 3600);
	assert_int_equal(s3_presign_get(f->c, "bkt", "k", 60, &url, &err), 0);
	assert_non_null(strstr(url, "X-Amz-Date=20240101T010000Z"));
	free(url);
	assert_int_equal(s3_presign_get(f->c, "bkt", "k", 0, &url, &err), -1);
	assert_null(url);
	assert_non_null(err.message);
	rdm_error_clear(&err);
	assert_int_equal(s3_fake_n_requests(f->t), 0); /* presigning sends nothing */
}

static void virtual_hosted_on_aws(void **state)
{
	struct fixture *f = *state;
	struct s3_client *c = make_client(f->t, "https://s3.eu-west-1.amazonaws.com", NULL, "TOKEN1", 0);
	assert_string_equal(s3_client_region(c), "eu-west-1");
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_put_object(c, "mybucket", "k.txt", "x", 1, NULL, NULL, &f->st), 0);
	const struct s3_fake_request *r = last(f);
	assert_string_equal(r->url, "https://mybucket.s3.eu-west-1.amazonaws.com/k.txt");
	assert_string_equal(s3_fake_request_header(r, "Host"), "mybucket.s3.eu-west-1.amazonaws.com");
	assert_string_equal(s3_fake_request_header(r, "x-amz-security-token"), "TOKEN1");
	assert_signed(r, "eu-west-1");
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_create_bucket(c, "mybucket", &f->st), 0);
	assert_non_null(strstr(buf_str(&last(f)->body), "eu-west-1"));
	s3_client_free(c);
}

static void retried_then_ok(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 503, NULL, "<Error><Code>SlowDown</Code></Error>");
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_head_bucket(f->c, "bkt", NULL, &f->st), 0);
	assert_int_equal(s3_fake_n_requests(f->t), 2);
	assert_int_equal(f->st.http_status, 200);
}

static void auth_errors_explained(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 403, "x-amz-request-id: RID\n",
			    "<Error><Code>SignatureDoesNotMatch</Code><Message></Message></Error>");
	assert_int_equal(s3_delete_bucket(f->c, "bkt", &f->st), -1);
	assert_string_equal(f->st.code, "SignatureDoesNotMatch");
	assert_string_equal(f->st.request_id, "RID");
	assert_non_null(f->st.explanation);
	assert_non_null(f->st.remedy);
	assert_null(strstr(f->st.explanation, SK));
	assert_null(strstr(f->st.remedy, SK));
	struct s3_fake_answer timeout = { .transport = S3_TRANSPORT_TIMEOUT };
	s3_fake_push(f->t, &timeout);
	assert_int_equal(s3_delete_bucket(f->c, "bkt", &f->st), -1);
	assert_int_equal(f->st.transport, S3_TRANSPORT_TIMEOUT);
	assert_non_null(f->st.explanation);
}

static void anonymous_client_does_not_sign(void **state)
{
	struct fixture *f = *state;
	struct s3_client_config cfg = { .endpoint = "http://127.0.0.1:9000", .path_style = 1,
					.transport = f->t, .clock = fixed_clock };
	struct s3_client *c = s3_client_new(&cfg, NULL);
	assert_non_null(c);
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_head_bucket(c, "bkt", NULL, &f->st), 0);
	assert_null(s3_fake_request_header(last(f), "Authorization"));
	char *url = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_presign_get(c, "bkt", "k", 60, &url, &err), -1);
	rdm_error_clear(&err);
	s3_client_free(c);
}

static void bad_endpoint_rejected(void **state)
{
	(void)state;
	struct s3_client_config cfg = { .endpoint = "localhost:9000" };
	struct rdm_error err = RDM_ERROR_INIT;
	assert_null(s3_client_new(&cfg, &err));
	assert_non_null(err.message);
	rdm_error_clear(&err);
}

static void run_many_ops(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	s3_fake_push_simple(f->t, 404, NULL, "<Error><Code>NoSuchBucket</Code></Error>");
	struct s3_op ops[2];
	struct s3_status sts[2] = { S3_STATUS_INIT, S3_STATUS_INIT };
	struct s3_op_spec a = { .operation = "HeadBucket", .method = "HEAD", .bucket = "one" };
	struct s3_op_spec b = { .operation = "GetBucketCors", .method = "GET", .bucket = "two",
				.params = &(struct sigv4_param){ "cors", "" }, .n_params = 1 };
	assert_int_equal(s3_op_prepare(f->c, &a, &ops[0], &sts[0]), 0);
	assert_int_equal(s3_op_prepare(f->c, &b, &ops[1], &sts[1]), 0);
	assert_int_equal(s3_op_run_many(f->c, ops, 2, sts), 1);
	assert_int_equal(sts[0].http_status, 200);
	assert_string_equal(sts[1].code, "NoSuchBucket");
	assert_non_null(sts[1].explanation);
	assert_string_equal(s3_fake_request_at(f->t, 1)->url, "http://127.0.0.1:9000/two?cors=");
	for (int i = 0; i < 2; i++) {
		s3_op_free(&ops[i]);
		s3_status_clear(&sts[i]);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(list_buckets), T(list_buckets_not_xml), T(create_bucket_bodies),
		T(create_bucket_conflict_explained), T(head_bucket_region), T(bucket_location),
		T(delete_bucket), T(minio_cluster_health), T(put_cors_with_md5), T(minio_cors_not_implemented),
		T(get_and_delete_cors), T(preflight), T(objects), T(presigned_url),
		T(virtual_hosted_on_aws), T(retried_then_ok), T(auth_errors_explained),
		T(anonymous_client_does_not_sign), cmocka_unit_test(bad_endpoint_rejected),
		T(run_many_ops),
	};
#undef T
	return cmocka_run_group_tests_name("s3_ops", tests, NULL, NULL);
}
