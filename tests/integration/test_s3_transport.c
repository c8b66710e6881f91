/* The libcurl transport against listeners this test runs itself on
 * 127.0.0.1: a refused port, a server that never answers, 503 then 200,
 * a dropped connection, oversized bodies, keep-alive, concurrent requests,
 * the bytes sent on the wire, and a self-signed TLS server (openssl
 * s_server) that fails verification and passes with a CA file. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_stub.h"
#include "s3/http/http.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void no_sleep(void *ctx, long ms) { (void)ctx; (void)ms; }

struct fixture {
	struct s3_transport *t;
	struct s3_http h;
	struct http_stub stub;
	char *dir;
	char *log_path;
	char *url;
};

static char *run_dir(void)
{
	const char *base = getenv("RDM_S3_TEST_RUN");
	char *dir = xasprintf("%s/s3_transport.XXXXXX", base ? base : "/tmp");
	char *parent = xasprintf("%s", base ? base : "/tmp");
	mkdir(parent, 0755); /* shared by the run: test_plan's unprivileged child must reach it */
	free(parent);
	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s failed", dir);
	return dir;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	/* Bounds for a stub that answers: generous, so that a sanitizer build
	 * on a loaded machine never times out (the hang test sets its own). */
	struct s3_http_options o = { .connect_timeout_ms = 30000, .timeout_ms = 30000 };
	struct rdm_error err = RDM_ERROR_INIT;
	f->t = s3_transport_curl_new(&o, &err);
	assert_non_null(f->t);
	f->h.transport = f->t;
	f->h.retry.sleep_ms = no_sleep;
	f->dir = run_dir();
	f->log_path = xasprintf("%s/stub.log", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_stub_stop(&f->stub);
	s3_transport_free(f->t);
	unlink(f->log_path);
	rmdir(f->dir);
	free(f->log_path);
	free(f->dir);
	free(f->url);
	free(f);
	return 0;
}

static void start_stub(struct fixture *f, const char *const *script, size_t n)
{
	assert_int_equal(http_stub_start(&f->stub, script, n, f->log_path), 0);
	f->url = xasprintf("http://127.0.0.1:%d", f->stub.port);
}

static char *read_log(const struct fixture *f)
{
	struct buf b = BUF_INIT;
	FILE *fp = fopen(f->log_path, "r");
	char tmp[4096];
	size_t n;
	while (fp && (n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_append(&b, tmp, n);
	if (fp)
		fclose(fp);
	return buf_detach(&b);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void refused_port(void **state)
{
	struct fixture *f = *state;
	int port = http_stub_unused_port();
	assert_true(port > 0);
	char *url = xasprintf("http://127.0.0.1:%d/", port);
	struct s3_http_request r = { .method = "GET", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_REFUSED);
	assert_int_equal(resp.attempts, 1);
	assert_int_equal(resp.status, 0);
	assert_non_null(resp.transport_detail);
	s3_http_response_clear(&resp);
	free(url);
}

static void silent_server_times_out(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "hang", "hang", "hang", "hang" };
	start_stub(f, script, 4);
	/* A transport whose request bound is short: the stub never answers. */
	struct s3_http_options o = { .connect_timeout_ms = 30000, .timeout_ms = 1000 };
	struct rdm_error err = RDM_ERROR_INIT;
	s3_transport_free(f->t);
	f->t = s3_transport_curl_new(&o, &err);
	assert_non_null(f->t);
	f->h.transport = f->t;
	char *url = xasprintf("%s/b", f->url);
	struct s3_http_request r = { .method = "GET", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_TIMEOUT);
	assert_int_equal(resp.attempts, 1); /* a timeout is not retried */
	s3_http_response_clear(&resp);
	free(url);
}

static void retry_then_success_on_one_connection(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "503 <Error><Code>SlowDown</Code></Error>", "200 first",
				 "200\nx-amz-request-id: TX9\nETag: \"abc\"\n\n<ok/>" };
	start_stub(f, script, 3);
	char *url = xasprintf("%s/bucket/key", f->url);
	struct s3_http_request r = { .method = "GET", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.attempts, 2);
	assert_string_equal(buf_str(&resp.body), "first");
	s3_http_response_clear(&resp);
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_string_equal(s3_http_response_header(&resp, "X-Amz-Request-Id"), "TX9");
	assert_string_equal(s3_http_response_header(&resp, "etag"), "\"abc\"");
	assert_string_equal(buf_str(&resp.body), "<ok/>");
	assert_true(resp.seconds >= 0); /* measured by the transport (no value asserted) */
	s3_http_response_clear(&resp);
	assert_true(resp.seconds < 0); /* cleared: not measured */
	char *log = read_log(f);
	assert_int_equal(count(log, "GET /bucket/key HTTP/1.1"), 3);
	assert_int_equal(count(log, "CONNECT "), 1); /* keep-alive: one connection */
	free(log);
	free(url);
}

static void dropped_connection_is_retried(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "close", "204 " };
	start_stub(f, script, 2);
	char *url = xasprintf("%s/b/k", f->url);
	struct s3_http_request r = { .method = "DELETE", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 204);
	assert_int_equal(resp.attempts, 2);
	s3_http_response_clear(&resp);
	free(url);
}

static void post_dropped_is_not_retried(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "close", "200 " };
	start_stub(f, script, 2);
	char *url = xasprintf("%s/b?uploads", f->url);
	struct s3_http_request r = { .method = "POST", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_CONNECT);
	assert_true(resp.conn_reset);
	assert_int_equal(resp.attempts, 1);
	s3_http_response_clear(&resp);
	free(url);
}

static void body_caps(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "big:3000000", "bigerr:5000", "big:3000000" };
	start_stub(f, script, 3);
	char *url = xasprintf("%s/b/k", f->url);
	struct s3_http_request r = { .method = "GET", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_TOO_LARGE);
	assert_true(resp.body.len <= S3_HTTP_API_BODY_CAP);
	s3_http_response_clear(&resp);
	r.body_cap = 1000;
	r.method = "POST"; /* no retry of the 500 */
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.status, 500);
	assert_true(resp.body_truncated);
	assert_int_equal(resp.body.len, 1000);
	s3_http_response_clear(&resp);
	r.method = "GET";
	r.body_cap = S3_HTTP_OBJECT_BODY_CAP;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	assert_int_equal(resp.body.len, 3000000);
	s3_http_response_clear(&resp);
	free(url);
}

static void wire_bytes_are_what_was_given(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "200 ", "200 ", "200 " };
	start_stub(f, script, 3);
	char *url = xasprintf("%s/b/a/../c%%20d//e?cors=", f->url);
	struct s3_http_header h[] = { { "Host", "bucket.example:9000" }, { "Content-MD5", "abc==" },
				       { "x-amz-date", "20240101T000000Z" } };
	struct s3_http_request r = { .method = "PUT", .url = url, .headers = h, .n_headers = 3,
				     .body = "<CORSConfiguration/>", .body_len = 20 };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), 0);
	s3_http_response_clear(&resp);
	struct s3_http_request o = { .method = "OPTIONS", .url = url };
	assert_int_equal(s3_http_run(&f->h, &o, &resp), 0);
	s3_http_response_clear(&resp);
	struct s3_http_request hd = { .method = "HEAD", .url = url };
	assert_int_equal(s3_http_run(&f->h, &hd, &resp), 0);
	assert_int_equal(resp.status, 200);
	s3_http_response_clear(&resp);
	char *log = read_log(f);
	assert_non_null(strstr(log, "PUT /b/a/../c%20d//e?cors= HTTP/1.1\r\n"));
	assert_non_null(strstr(log, "Host: bucket.example:9000\r\n"));
	assert_non_null(strstr(log, "Content-MD5: abc==\r\n"));
	assert_non_null(strstr(log, "Content-Length: 20\r\n"));
	assert_null(strstr(log, "Expect:"));
	assert_null(strstr(log, "Content-Type"));
	assert_non_null(strstr(log, "BODY 20\n<CORSConfiguration/>\n"));
	assert_non_null(strstr(log, "OPTIONS /b/a/../c%20d//e?cors= HTTP/1.1"));
	assert_non_null(strstr(log, "HEAD /b/a/../c%20d//e?cors= HTTP/1.1"));
	free(log);
	free(url);
}

static void concurrent_requests(void **state)
{
	struct fixture *f = *state;
	const char *script[] = { "200 x", "200 x", "503 ", "200 x", "200 x" };
	start_stub(f, script, 5);
	char *url = xasprintf("%s/b/k", f->url);
	struct s3_http_request r[4];
	struct s3_http_response resp[4];
	for (int i = 0; i < 4; i++) {
		r[i] = (struct s3_http_request){ .method = "GET", .url = url };
		s3_http_response_init(&resp[i]);
	}
	assert_int_equal(s3_http_run_many(&f->h, r, resp, 4), 0);
	unsigned attempts = 0;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(resp[i].status, 200);
		assert_string_equal(buf_str(&resp[i].body), "x");
		attempts += resp[i].attempts;
		s3_http_response_clear(&resp[i]);
	}
	assert_int_equal(attempts, 5); /* the one 503 was retried once */
	free(url);
}

/* --- TLS with a self-signed certificate ------------------------------- */

static int run_program(char *const argv[], int quiet)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (quiet) {
			if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
				_exit(126);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int wait_listening(int port)
{
	for (int i = 0; i < 200; i++) { /* up to ~20 s for a slow, shared machine */
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
		close(fd);
		if (ok)
			return 0;
		struct timespec ts = { 0, 100000000L };
		nanosleep(&ts, NULL);
	}
	return -1;
}

static void tls_self_signed(void **state)
{
	struct fixture *f = *state;
	char *key = xasprintf("%s/key.pem", f->dir), *cert = xasprintf("%s/cert.pem", f->dir);
	char *gen[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
			"-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
			"-addext", "subjectAltName=IP:127.0.0.1", NULL };
	if (run_program(gen, 1) != 0) {
		if (getenv("CI") && !strcmp(getenv("CI"), "true"))
			fail_msg("openssl could not make a certificate");
		skip();
	}
	int port = http_stub_unused_port();
	char *accept = xasprintf("%d", port);
	char *srv[] = { "openssl", "s_server", "-quiet", "-www", "-accept", accept, "-cert", cert,
			"-key", key, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		alarm(60);
		execvp(srv[0], srv);
		_exit(127);
	}
	assert_true(pid > 0);
	assert_int_equal(wait_listening(port), 0);
	char *url = xasprintf("https://127.0.0.1:%d/", port);
	struct s3_http_request r = { .method = "GET", .url = url };
	struct s3_http_response resp = S3_HTTP_RESPONSE_INIT;
	assert_int_equal(s3_http_run(&f->h, &r, &resp), -1);
	assert_int_equal(resp.transport, S3_TRANSPORT_TLS_VERIFY);
	s3_http_response_clear(&resp);

	struct s3_http_options o = { .ca_file = cert, .timeout_ms = 30000 };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_transport *t = s3_transport_curl_new(&o, &err);
	assert_non_null(t);
	struct s3_http h = { .transport = t, .retry = { .sleep_ms = no_sleep } };
	assert_int_equal(s3_http_run(&h, &r, &resp), 0);
	assert_int_equal(resp.status, 200);
	s3_http_response_clear(&resp);
	s3_transport_free(t);

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink(key);
	unlink(cert);
	free(key);
	free(cert);
	free(accept);
	free(url);
}

static void unreadable_ca_file_is_reported(void **state)
{
	(void)state;
	struct s3_http_options o = { .ca_file = "/nonexistent/ca.pem" };
	struct rdm_error err = RDM_ERROR_INIT;
	assert_null(s3_transport_curl_new(&o, &err));
	assert_non_null(strstr(err.message, "CA file"));
	assert_string_equal(err.where, "/nonexistent/ca.pem");
	assert_non_null(err.remedy);
	rdm_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refused_port, setup, teardown),
		cmocka_unit_test_setup_teardown(silent_server_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(retry_then_success_on_one_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(dropped_connection_is_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(post_dropped_is_not_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(body_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(wire_bytes_are_what_was_given, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(tls_self_signed, setup, teardown),
		cmocka_unit_test(unreadable_ca_file_is_reported),
	};
	return cmocka_run_group_tests_name("s3_transport", tests, NULL, NULL);
}
