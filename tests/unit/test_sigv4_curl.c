/* Differential test: our signer against libcurl's CURLOPT_AWS_SIGV4
 * ("aws:amz:us-east-1:s3") on requests that libcurl 7.88 signs correctly:
 * query already sorted and encoded (we build the URL with
 * sigv4_canonical_uri/sigv4_canonical_query, as the HTTP layer does), an
 * explicit x-amz-content-sha256 header, and the same x-amz-date header.
 * A loopback listener run by this test (a thread accepting on 127.0.0.1:0)
 * captures what libcurl sends and answers 200; the Authorization headers
 * must be identical, and the Host, x-amz-date and x-amz-content-sha256 we
 * signed must be the ones on the wire. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "s3/sigv4/sigv4.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define IO_TIMEOUT_MS 20000 /* only so that a broken run cannot hang */
#define AK "AKIDIFFERENTIAL0001"
#define SK "dIfF/SeCrEt+KeY0123456789abcdefghijklmn"

struct listener {
	int fd, port;
	struct buf request; /* what the client sent: headers and body */
	int rc;
};

/* ---- the loopback listener ---- */

static int wait_readable(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	int rc;
	do
		rc = poll(&p, 1, IO_TIMEOUT_MS);
	while (rc < 0 && errno == EINTR);
	return rc == 1 ? 0 : -1;
}

static int recv_some(int fd, struct buf *b)
{
	char chunk[4096];
	if (wait_readable(fd) < 0)
		return -1;
	ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
	if (n <= 0)
		return -1;
	buf_append(b, chunk, (size_t)n);
	return 0;
}

/* Value of the first header `name` in a captured request (allocated). */
static char *captured_header(const char *req, const char *name)
{
	size_t nlen = strlen(name);
	for (const char *line = strstr(req, "\r\n"); line && strncmp(line, "\r\n\r\n", 4) != 0;
	     line = strstr(line + 2, "\r\n")) {
		const char *h = line + 2;
		if (strncasecmp(h, name, nlen) == 0 && h[nlen] == ':') {
			const char *v = h + nlen + 1 + strspn(h + nlen + 1, " \t");
			return xstrndup(v, strcspn(v, "\r\n"));
		}
	}
	return NULL;
}

static int serve_one(struct listener *l, int c)
{
	const char *end;
	while (!(end = strstr(buf_str(&l->request), "\r\n\r\n")))
		if (recv_some(c, &l->request) < 0)
			return -1;
	size_t head = (size_t)(end + 4 - l->request.data);
	char *cl = captured_header(l->request.data, "Content-Length");
	char *expect = captured_header(l->request.data, "Expect");
	size_t body = cl ? strtoul(cl, NULL, 10) : 0;
	if (expect && strcasecmp(expect, "100-continue") == 0) {
		static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
		if (send(c, cont, sizeof(cont) - 1, MSG_NOSIGNAL) < 0)
			body = 0;
	}
	free(cl);
	free(expect);
	while (l->request.len < head + body)
		if (recv_some(c, &l->request) < 0)
			return -1;
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	return send(c, ok, sizeof(ok) - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof(ok) - 1) ? 0 : -1;
}

static void *listener_run(void *arg)
{
	struct listener *l = arg;
	l->rc = -1;
	buf_truncate(&l->request, 0);
	if (wait_readable(l->fd) < 0)
		return NULL;
	int c = accept(l->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	l->rc = serve_one(l, c);
	close(c);
	return NULL;
}

static int listener_open(struct listener *l)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	l->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (l->fd < 0 || bind(l->fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l->fd, 4) < 0 ||
	    getsockname(l->fd, (struct sockaddr *)&a, &alen) < 0)
		return -1;
	l->port = ntohs(a.sin_port);
	return 0;
}

/* ---- one request, signed both ways ---- */

struct dcase {
	const char *name, *method, *path; /* raw (decoded) path */
	struct sigv4_param params[6];
	size_t n_params;
	const char *content_type, *body;
	int unsigned_payload;
	const char *token;
};

struct drun { /* per-case state */
	const struct dcase *d;
	struct listener *l;
};

static size_t discard(char *p, size_t size, size_t n, void *u)
{
	(void)p;
	(void)u;
	return size * n;
}

/* A prerequisite that is missing: skip, but fail under CI=true. */
static void prerequisite_missing(const char *what)
{
	const char *ci = getenv("CI");
	if (ci && strcmp(ci, "true") == 0)
		fail_msg("prerequisite missing (CI=true): %s", what);
	print_message("# SKIP prerequisite missing: %s\n", what);
	skip();
}

static struct curl_slist *curl_headers(const struct dcase *d, const char *amz, const char *hash)
{
	struct curl_slist *h = NULL;
	char *line = xasprintf("x-amz-date: %s", amz);
	h = curl_slist_append(h, line);
	free(line);
	line = xasprintf("x-amz-content-sha256: %s", hash);
	h = curl_slist_append(h, line);
	free(line);
	if (d->content_type) {
		line = xasprintf("Content-Type: %s", d->content_type);
		h = curl_slist_append(h, line);
		free(line);
	}
	if (d->token) {
		line = xasprintf("x-amz-security-token: %s", d->token);
		h = curl_slist_append(h, line);
		free(line);
	}
	return h;
}

/* libcurl signs and sends; returns what the listener captured (allocated). */
static char *curl_send(const struct dcase *d, struct listener *l, const char *url,
		       struct curl_slist *headers)
{
	CURL *c = curl_easy_init();
	assert_non_null(c);
	if (curl_easy_setopt(c, CURLOPT_AWS_SIGV4, "aws:amz:us-east-1:s3") != CURLE_OK) {
		curl_easy_cleanup(c);
		prerequisite_missing("libcurl without CURLOPT_AWS_SIGV4 (needs 7.75 or later)");
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_USERNAME, AK);
	curl_easy_setopt(c, CURLOPT_PASSWORD, SK);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, d->method);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)IO_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if (strcmp(d->method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (d->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, d->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(d->body));
	}
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, listener_run, l), 0);
	CURLcode rc = curl_easy_perform(c);
	pthread_join(th, NULL);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK || l->rc != 0)
		fail_msg("%s: libcurl: %s; listener rc %d", d->name, curl_easy_strerror(rc), l->rc);
	return xstrdup(buf_str(&l->request));
}

static void check_wire(const char *captured, const char *name, const char *want)
{
	char *v = captured_header(captured, name);
	if (!v || strcmp(v, want) != 0)
		fail_msg("%s on the wire is \"%s\", we signed \"%s\"", name, v ? v : "(none)", want);
	free(v);
}

static void differential(void **state)
{
	const struct drun *run = *state;
	const struct dcase *d = run->d;
	if (run->l->fd < 0)
		prerequisite_missing("cannot listen on 127.0.0.1");
	const time_t now = 1714558830; /* 2024-05-01T10:20:30Z */
	char hash[65], amz[17];
	sigv4_amz_date(now, amz);
	if (d->unsigned_payload)
		snprintf(hash, sizeof(hash), "%s", SIGV4_UNSIGNED_PAYLOAD);
	else
		sigv4_sha256_hex(d->body ? d->body : "", d->body ? strlen(d->body) : 0, hash);

	/* ours */
	char *host = xasprintf("127.0.0.1:%d", run->l->port);
	struct sigv4_header h[3] = { { "Host", host } };
	size_t nh = 1;
	if (d->content_type)
		h[nh++] = (struct sigv4_header){ "Content-Type", d->content_type };
	struct sigv4_request req = { d->method, d->path, d->params, d->n_params, h, nh, hash };
	struct s3_credentials creds = { AK, SK, d->token };
	struct sigv4_signing sg = { &creds, "us-east-1", "s3", now, 0 };
	struct sigv4_signed ours;
	struct rdm_error err = RDM_ERROR_INIT;
	if (sigv4_sign_headers(&req, &sg, &ours, &err) != 0)
		fail_msg("%s: %s", d->name, err.message);

	/* libcurl's, on the URL our encoding produces */
	struct buf url = BUF_INIT;
	buf_printf(&url, "http://%s", host);
	sigv4_canonical_uri(d->path, 0, &url);
	if (d->n_params) {
		buf_putc(&url, '?');
		sigv4_canonical_query(d->params, d->n_params, &url);
	}
	struct curl_slist *ch = curl_headers(d, amz, hash);
	char *captured = curl_send(d, run->l, buf_str(&url), ch);
	curl_slist_free_all(ch);

	check_wire(captured, "Host", host);
	check_wire(captured, "x-amz-date", ours.headers[0].value);
	check_wire(captured, "x-amz-content-sha256", ours.headers[1].value);
	check_wire(captured, "Authorization", ours.headers[ours.n_headers - 1].value);
	print_message("# %s: %.*s\n", d->name, (int)strcspn(captured, "\r"), captured);

	free(captured);
	buf_free(&url);
	sigv4_signed_free(&ours);
	free(host);
}

static const struct dcase cases[] = {
	{ "GET bucket list (ListObjectsV2)", "GET", "/photos-bucket/",
	  { { "list-type", "2" }, { "prefix", "2024/May photos/" }, { "max-keys", "100" },
	    { "delimiter", "/" } }, 4, NULL, NULL, 0, NULL },
	{ "GET service (ListBuckets)", "GET", "/", { { NULL, NULL } }, 0, NULL, NULL, 0, NULL },
	{ "PUT object with a body", "PUT", "/bucket/records/ab cd/my file (1).txt",
	  { { NULL, NULL } }, 0, "text/plain", "Hello, S3!\nsecond line\n", 0, NULL },
	{ "PUT bucket CORS (bare subresource)", "PUT", "/bucket", { { "cors", "" } }, 1,
	  "application/xml",
	  "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod>"
	  "<AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>", 0, NULL },
	{ "PUT RGW admin key (several sorted params)", "PUT", "/admin/user",
	  { { "uid", "testuser" }, { "key", "" }, { "secret-key", "n3w/S+cr=t" },
	    { "access-key", "NEWKEY" }, { "key-type", "s3" } }, 5, NULL, NULL, 0, NULL },
	{ "DELETE object, UNSIGNED-PAYLOAD", "DELETE", "/bucket/\xc3\xbcn\xc3\xaf c\xc3\xb8" "d\xc3\xa9/a+b=c&d~e.txt",
	  { { NULL, NULL } }, 0, NULL, NULL, 1, NULL },
	{ "HEAD bucket with a session token", "HEAD", "/bucket", { { NULL, NULL } }, 0, NULL, NULL, 0,
	  "FwoGZXIvYXdzEXAMPLE/session+token=" },
};

int main(void)
{
	struct listener l = { -1, 0, BUF_INIT, 0 };
	struct drun runs[N_ELEMS(cases)];
	struct CMUnitTest tests[N_ELEMS(cases)];
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	/* A listener that cannot be opened is reported by each case (skip, or
	 * fail under CI=true). */
	if (listener_open(&l) < 0 && l.fd >= 0) {
		close(l.fd);
		l.fd = -1;
	}
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		runs[i] = (struct drun){ &cases[i], &l };
		tests[i] = (struct CMUnitTest){ cases[i].name, differential, NULL, NULL, &runs[i] };
	}
	int rc = _cmocka_run_group_tests("sigv4_curl_differential", tests, N_ELEMS(tests), NULL,
					 NULL);
	if (l.fd >= 0)
		close(l.fd);
	buf_free(&l.request);
	curl_global_cleanup();
	return rc;
}
