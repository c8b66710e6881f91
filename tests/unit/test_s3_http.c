/* The HTTP policy over the fake transport: which answers are retried, how
 * often, with which waits; response caps; header lookup; log redaction. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <errno.h>

#include "s3/http/http.h"
#include "s3/http/http_fake.h"
#include "util/buf.h"

struct sleeps {
	long ms[16];
	size_t n;
};

static void record_sleep(void *ctx, long ms)
{
	struct sleeps *s = ctx;
	if (s->n < 16)
		s->ms[s->n++] = ms;
}

struct fixture {
	struct s3_transport *t;
	struct s3_http h;
	struct sleeps sleeps;
	struct buf log;
};

static void log_to_buf(void *ctx, int level, const char *line)
{
	struct buf *b = ctx;
	buf_printf(b, "%d %s\n", level, line);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->t = s3_fake_transport_new();
	f->h.transport = f->t;
	f->h.retry.sleep_ms = record_sleep;
	f->h.retry.sleep_ctx = &f->sleeps;
	f->h.log = log_to_buf;
	f->h.log_ctx = &f->log;
	f->h.log_level = 2;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	s3_transport_free(f->t);
	buf_free(&f->log);
	free(f);
	return 0;
}

static struct s3_http_request req(const char *method)
{
	struct s3_http_request r = { .method = method, .url = "http://127.0.0.1:9/b/k" };
	return r;
}

static void get_503_then_200_is_retried(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 503, NULL, "<Error><Code>ServiceUnavailable</Code></Error>");
	s3_fake_push_simple(f->t, 200, NULL, "ok");
	struct s3_http_request r = req("GET");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.attempts, 2);
	assert_string_equal(buf_str(&resp.body), "ok");
	assert_int_equal(s3_fake_n_requests(f->t), 2);
	assert_int_equal(f->sleeps.n, 1);
	assert_int_equal(f->sleeps.ms[0], 200);
	s3_http_response_clear(&resp);
}

static void post_is_not_retried(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 503, NULL, "<Error><Code>SlowDown</Code></Error>");
	s3_fake_push_simple(f->t, 200, NULL, "ok");
	struct s3_http_request r = req("POST");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 503);
	assert_int_equal(resp.attempts, 1);
	assert_int_equal(s3_fake_n_requests(f->t), 1);
	assert_int_equal(f->sleeps.n, 0);
	s3_http_response_clear(&resp);
}

static void not_implemented_is_not_retried(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 501, NULL, "<Error><Code>NotImplemented</Code></Error>");
	struct s3_http_request r = req("PUT");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 501);
	assert_int_equal(resp.attempts, 1);
	s3_http_response_clear(&resp);
}

static void attempts_are_bounded(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 6; i++)
		s3_fake_push_simple(f->t, 500, NULL, NULL);
	f->h.retry.max_attempts = 3;
	struct s3_http_request r = req("DELETE");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 500);
	assert_int_equal(resp.attempts, 3);
	assert_int_equal(s3_fake_n_requests(f->t), 3);
	assert_int_equal(s3_fake_n_pending(f->t), 3);
	assert_int_equal(f->sleeps.n, 2);
	assert_int_equal(f->sleeps.ms[0], 200);
	assert_int_equal(f->sleeps.ms[1], 400);
	s3_http_response_clear(&resp);
}

static void slowdown_body_is_retried(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 400, NULL, "<Error><Code>SlowDown</Code><Message>x</Message></Error>");
	s3_fake_push_simple(f->t, 204, NULL, NULL);
	struct s3_http_request r = req("HEAD");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	/* HEAD answers have no body, so the fake drops it: use GET to see the code. */
	r.method = "GET";
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 204);
	assert_int_equal(resp.attempts, 2);
	s3_http_response_clear(&resp);
}

static void reset_retried_refused_not(void **state)
{
	struct fixture *f = *state;
	struct s3_fake_answer reset = { .transport = S3_TRANSPORT_CONNECT, .conn_reset = 1 };
	struct s3_fake_answer refused = { .transport = S3_TRANSPORT_REFUSED };
	s3_fake_push(f->t, &reset);
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	s3_fake_push(f->t, &refused);
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	struct s3_http_request r = req("PUT");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.attempts, 2);
	s3_http_response_clear(&resp);
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_REFUSED);
	assert_int_equal(resp.attempts, 1);
	s3_http_response_clear(&resp);
}

static unsigned long rng_max(void *ctx) { (void)ctx; return (unsigned long)-1; }
static unsigned long rng_zero(void *ctx) { (void)ctx; return 0; }

static void backoff_schedule(void **state)
{
	(void)state;
	struct s3_retry_policy p = { 0 };
	long want[] = { 200, 400, 800, 1600, 3200, 5000, 5000 };
	for (unsigned k = 1; k <= 7; k++)
		assert_int_equal(s3_http_backoff_ms(&p, k), want[k - 1]);
	p.base_delay_ms = 100;
	p.max_delay_ms = 250;
	assert_int_equal(s3_http_backoff_ms(&p, 1), 100);
	assert_int_equal(s3_http_backoff_ms(&p, 2), 200);
	assert_int_equal(s3_http_backoff_ms(&p, 3), 250);
	/* Equal jitter stays within [wait/2, wait]. */
	p.rng = rng_zero;
	assert_int_equal(s3_http_backoff_ms(&p, 2), 100);
	p.rng = rng_max;
	long j = s3_http_backoff_ms(&p, 2);
	assert_true(j >= 100 && j <= 200);
}

static void idempotent_methods(void **state)
{
	(void)state;
	const char *yes[] = { "GET", "HEAD", "PUT", "DELETE", "OPTIONS" };
	for (size_t i = 0; i < 5; i++)
		assert_true(s3_http_method_idempotent(yes[i]));
	assert_false(s3_http_method_idempotent("POST"));
	assert_false(s3_http_method_idempotent("PATCH"));
}

static void body_cap_success_is_too_large(void **state)
{
	struct fixture *f = *state;
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s3_fake_push_simple(f->t, 200, NULL, big);
	s3_fake_push_simple(f->t, 500, NULL, big);
	s3_fake_push_simple(f->t, 500, NULL, big);
	struct s3_http_request r = req("POST"); /* no retries: one answer each */
	r.body_cap = 1000;
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_TOO_LARGE);
	s3_http_response_clear(&resp);
	/* An error answer keeps the first bytes and stays an answer. */
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 500);
	assert_true(resp.body_truncated);
	assert_int_equal(resp.body.len, 1000);
	s3_http_response_clear(&resp);
	/* Default cap (1 MiB) lets 3000 bytes through. */
	r.body_cap = 0;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_false(resp.body_truncated);
	assert_int_equal(resp.body.len, sizeof big - 1);
	s3_http_response_clear(&resp);
}

static void headers_case_insensitive(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 200, "X-Amz-Request-Id:  TX1 \nx-amz-bucket-region: eu-west-1\n", NULL);
	struct s3_http_request r = req("HEAD");
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_string_equal(s3_http_response_header(&resp, "x-amz-request-id"), "TX1");
	assert_string_equal(s3_http_response_header(&resp, "X-AMZ-BUCKET-REGION"), "eu-west-1");
	assert_null(s3_http_response_header(&resp, "etag"));
	s3_http_response_clear(&resp);
}

static void url_redaction(void **state)
{
	(void)state;
	char *u = s3_http_url_for_log("https://h/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F2"
				      "&X-Amz-Security-Token=TOKENSECRET&X-Amz-Signature=abcdef0123");
	assert_string_equal(u, "https://h/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F2"
			       "&X-Amz-Security-Token=REDACTED&X-Amz-Signature=REDACTED");
	free(u);
	u = s3_http_url_for_log("http://h/b?cors=");
	assert_string_equal(u, "http://h/b?cors=");
	free(u);
}

static void log_lines_name_method_url_status(void **state)
{
	struct fixture *f = *state;
	s3_fake_push_simple(f->t, 503, NULL, NULL);
	s3_fake_push_simple(f->t, 200, "x-amz-request-id: R2\n", NULL);
	struct s3_http_request r = req("GET");
	r.url = "http://127.0.0.1:9/b/k?X-Amz-Signature=deadbeef";
	struct s3_http_header h[] = { { "Authorization", "AWS4-HMAC-SHA256 Credential=AK/x, Signature=SIGSECRET" } };
	r.headers = h;
	r.n_headers = 1;
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	const char *log = buf_str(&f->log);
	assert_non_null(strstr(log, "2 GET http://127.0.0.1:9/b/k?X-Amz-Signature=REDACTED -> 503"));
	assert_non_null(strstr(log, "retry 1 of 3 in 200 ms"));
	assert_non_null(strstr(log, "1 GET http://127.0.0.1:9/b/k?X-Amz-Signature=REDACTED -> 200"));
	assert_non_null(strstr(log, "x-amz-request-id: R2"));
	assert_null(strstr(log, "deadbeef"));
	assert_null(strstr(log, "SIGSECRET"));
	assert_null(strstr(log, "Authorization"));
	/* Level 1 only: the retry line is not passed on. */
	buf_free(&f->log);
	f->h.log_level = 1;
	s3_http_response_clear(&resp);
	s3_fake_push_simple(f->t, 503, NULL, NULL);
	s3_fake_push_simple(f->t, 200, NULL, NULL);
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_null(strstr(buf_str(&f->log), "retry"));
	assert_non_null(strstr(buf_str(&f->log), "-> 200"));
	s3_http_response_clear(&resp);
}

static void run_many_retries_only_what_failed(void **state)
{
	struct fixture *f = *state;
	/* Fake answers in order: round 1 gets 200, 503, 200; round 2 gets 200. */
	s3_fake_push_simple(f->t, 200, NULL, "a");
	s3_fake_push_simple(f->t, 503, NULL, NULL);
	s3_fake_push_simple(f->t, 200, NULL, "c");
	s3_fake_push_simple(f->t, 200, NULL, "b");
	struct s3_http_request r[3] = { req("GET"), req("GET"), req("GET") };
	r[1].url = "http://127.0.0.1:9/second";
	struct s3_http_response resp[3];
	for (int i = 0; i < 3; i++)
		s3_http_response_init(&resp[i]);
	assert_int_equal(s3_http_run_many(&f->h, r, resp, 3), 0);
	assert_string_equal(buf_str(&resp[0].body), "a");
	assert_string_equal(buf_str(&resp[1].body), "b");
	assert_string_equal(buf_str(&resp[2].body), "c");
	assert_int_equal(resp[1].attempts, 2);
	assert_int_equal(resp[0].attempts, 1);
	assert_string_equal(s3_fake_request_at(f->t, 3)->url, "http://127.0.0.1:9/second");
	assert_int_equal(f->sleeps.n, 1);
	for (int i = 0; i < 3; i++)
		s3_http_response_clear(&resp[i]);
}

static void curl_error_mapping(void **state)
{
	(void)state;
	int reset;
	assert_int_equal(s3_http_curl_map_error(CURLE_COULDNT_RESOLVE_HOST, 0, &reset), S3_TRANSPORT_DNS);
	assert_int_equal(s3_http_curl_map_error(CURLE_COULDNT_CONNECT, ECONNREFUSED, &reset), S3_TRANSPORT_REFUSED);
	assert_int_equal(s3_http_curl_map_error(CURLE_COULDNT_CONNECT, EHOSTUNREACH, &reset), S3_TRANSPORT_CONNECT);
	assert_false(reset);
	assert_int_equal(s3_http_curl_map_error(CURLE_OPERATION_TIMEDOUT, 0, &reset), S3_TRANSPORT_TIMEOUT);
	assert_int_equal(s3_http_curl_map_error(CURLE_PEER_FAILED_VERIFICATION, 0, &reset), S3_TRANSPORT_TLS_VERIFY);
	assert_int_equal(s3_http_curl_map_error(CURLE_SSL_CONNECT_ERROR, 0, &reset), S3_TRANSPORT_TLS);
	assert_int_equal(s3_http_curl_map_error(CURLE_RECV_ERROR, ECONNRESET, &reset), S3_TRANSPORT_CONNECT);
	assert_true(reset);
	assert_int_equal(s3_http_curl_map_error(CURLE_GOT_NOTHING, 0, &reset), S3_TRANSPORT_CONNECT);
	assert_true(reset);
	assert_int_equal(s3_http_curl_map_error(CURLE_UNSUPPORTED_PROTOCOL, 0, &reset), S3_TRANSPORT_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(get_503_then_200_is_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(post_is_not_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(not_implemented_is_not_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(attempts_are_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(slowdown_body_is_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_retried_refused_not, setup, teardown),
		cmocka_unit_test(backoff_schedule),
		cmocka_unit_test(idempotent_methods),
		cmocka_unit_test_setup_teardown(body_cap_success_is_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(headers_case_insensitive, setup, teardown),
		cmocka_unit_test(url_redaction),
		cmocka_unit_test_setup_teardown(log_lines_name_method_url_status, setup, teardown),
		cmocka_unit_test_setup_teardown(run_many_retries_only_what_failed, setup, teardown),
		cmocka_unit_test(curl_error_mapping),
	};
	return cmocka_run_group_tests_name("s3_http", tests, NULL, NULL);
}
