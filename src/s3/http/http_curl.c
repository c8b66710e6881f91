/* The libcurl transport. One easy handle serves sequential requests so the
 * connection stays open between them (curl_easy_reset keeps the connection
 * cache); a multi handle with its own pool runs perform_many. Every transfer
 * is set up from scratch, TLS verification is always on, and curl's own
 * verbose output is never enabled (it would print Authorization). */
#include "config.h"
#include "s3/http/http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "s3/http/curl_common.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define DEFAULT_CONNECT_MS 10000L
#define DEFAULT_TOTAL_MS 120000L

struct curl_transport {
	struct s3_transport base; /* first: the interface */
	CURL *easy;               /* sequential requests */
	CURLM *multi;             /* perform_many; created on first use */
	CURL **pool;              /* easy handles for the multi, reused */
	size_t n_pool;
	char *ca_file;
	char *user_agent;
	long connect_ms, total_ms;
};

/* Per-transfer state, alive from setup to finish. */
struct xfer {
	const struct s3_http_request *req;
	struct s3_http_response *resp;
	struct curl_slist *headers;
	size_t sent;                  /* bytes of the request body already read */
	char errbuf[CURL_ERROR_SIZE]; /* curl's API wants this fixed buffer */
};

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new status line (after 100 Continue): forget earlier headers. */
		unsigned attempts = x->resp->attempts;
		s3_http_response_clear(x->resp);
		x->resp->attempts = attempts;
		return n;
	}
	const char *colon = memchr(data, ':', n);
	if (colon && colon > data)
		s3_http_response_add_header(x->resp, data, (size_t)(colon - data), colon + 1,
					    n - (size_t)(colon - data) - 1);
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (s3_http_response_append_body(x->resp, data, n, x->req->body_cap) != 0)
		return 0; /* over the cap: curl stops with CURLE_WRITE_ERROR */
	return n;
}

static size_t on_read(char *dest, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t room = size * nmemb, left = x->req->body_len - x->sent;
	size_t n = left < room ? left : room;
	if (n)
		memcpy(dest, (const char *)x->req->body + x->sent, n);
	x->sent += n;
	return n;
}

static void set_method(CURL *c, struct xfer *x)
{
	const struct s3_http_request *req = x->req;
	if (!strcmp(req->method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (!strcmp(req->method, "GET") && !req->body_len) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else if (req->body || !strcmp(req->method, "PUT") || !strcmp(req->method, "POST")) {
		/* Upload from memory: Content-Length is exact and no form
		 * Content-Type is added behind our back. */
		curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
		if (req->chunked) /* the header added below makes curl chunk the body */
			curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
		else
			curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)req->body_len);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, x);
		if (strcmp(req->method, "PUT"))
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
	}
}

static void set_headers(CURL *c, struct xfer *x)
{
	for (size_t i = 0; i < x->req->n_headers; i++) {
		char *line = xasprintf("%s: %s", x->req->headers[i].name, x->req->headers[i].value);
		struct curl_slist *l = curl_slist_append(x->headers, line);
		free(line);
		if (!l)
			abort(); /* out of memory, like xmalloc */
		x->headers = l;
	}
	if (x->req->chunked) {
		struct curl_slist *te = curl_slist_append(x->headers, "Transfer-Encoding: chunked");
		if (!te)
			abort();
		x->headers = te;
	}
	/* No "Expect: 100-continue" round trip: bodies are small and in memory. */
	struct curl_slist *l = curl_slist_append(x->headers, "Expect:");
	if (!l)
		abort();
	x->headers = l;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->headers);
}

static void xfer_setup(const struct curl_transport *t, CURL *c, struct xfer *x)
{
	curl_easy_reset(c);
	x->errbuf[0] = '\0';
	const struct s3_curl_base base = {
		.url = x->req->url, .ca_file = t->ca_file, .user_agent = t->user_agent,
		.connect_ms = t->connect_ms, .total_ms = t->total_ms, .errbuf = x->errbuf,
	};
	s3_curl_setup_base(c, &base);
	/* S3 keys may contain "/../": send the path exactly as it was signed. */
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	set_method(c, x);
	set_headers(c, x);
}

enum s3_transport_error s3_http_curl_map_error(int curl_code, long os_errno, int *reset)
{
	*reset = 0;
	switch ((CURLcode)curl_code) {
	case CURLE_OK:
		return S3_TRANSPORT_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return S3_TRANSPORT_DNS;
	case CURLE_COULDNT_CONNECT:
		return os_errno == ECONNREFUSED ? S3_TRANSPORT_REFUSED : S3_TRANSPORT_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return S3_TRANSPORT_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION: /* also CURLE_SSL_CACERT since 7.62 */
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return S3_TRANSPORT_TLS_VERIFY;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		return S3_TRANSPORT_TLS;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		*reset = 1; /* the server or the network dropped the connection */
		return S3_TRANSPORT_CONNECT;
	default:
		return S3_TRANSPORT_OTHER;
	}
}

static void xfer_finish(CURL *c, struct xfer *x, CURLcode code)
{
	struct s3_http_response *resp = x->resp;
	long status = 0, os_errno = 0;
	curl_off_t usec = -1;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
	if (curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &usec) == CURLE_OK && usec >= 0)
		resp->seconds = (double)usec / 1e6;
	resp->status = status;
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	if (code == CURLE_OK)
		return;
	if (code == CURLE_WRITE_ERROR && resp->body_truncated) {
		if (status >= 300)
			return; /* an error answer, cut: the status still speaks */
		s3_http_response_fail(resp, S3_TRANSPORT_TOO_LARGE, _("response body larger than the limit"));
		return;
	}
	int reset;
	enum s3_transport_error e = s3_http_curl_map_error((int)code, os_errno, &reset);
	s3_http_response_fail(resp, e, x->errbuf[0] ? x->errbuf : curl_easy_strerror(code));
	resp->conn_reset = reset;
	if (e != S3_TRANSPORT_OK && e != S3_TRANSPORT_OTHER)
		resp->status = 0; /* no (complete) answer */
}

static void curl_perform(struct s3_transport *base, const struct s3_http_request *req,
			 struct s3_http_response *resp)
{
	struct curl_transport *t = (struct curl_transport *)base;
	struct xfer x = { .req = req, .resp = resp };
	xfer_setup(t, t->easy, &x);
	CURLcode code = curl_easy_perform(t->easy);
	xfer_finish(t->easy, &x, code);
}

static void pool_grow(struct curl_transport *t, size_t n)
{
	if (n <= t->n_pool)
		return;
	t->pool = xrealloc(t->pool, n * sizeof *t->pool);
	for (; t->n_pool < n; t->n_pool++)
		if (!(t->pool[t->n_pool] = curl_easy_init()))
			abort();
}

static void multi_drain(struct curl_transport *t)
{
	int left;
	CURLMsg *m;
	while ((m = curl_multi_info_read(t->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct xfer *x = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x)
			xfer_finish(m->easy_handle, x, m->data.result);
	}
}

static void curl_perform_many(struct s3_transport *base, const struct s3_http_request *const *reqs,
			      struct s3_http_response *const *resps, size_t n)
{
	struct curl_transport *t = (struct curl_transport *)base;
	if (!t->multi && !(t->multi = curl_multi_init()))
		abort();
	pool_grow(t, n);
	struct xfer *x = xcalloc(n, sizeof *x);
	for (size_t i = 0; i < n; i++) {
		x[i].req = reqs[i];
		x[i].resp = resps[i];
		xfer_setup(t, t->pool[i], &x[i]);
		curl_multi_add_handle(t->multi, t->pool[i]);
	}
	int running = 1;
	while (running) {
		if (curl_multi_perform(t->multi, &running) != CURLM_OK)
			break;
		multi_drain(t);
		if (running)
			curl_multi_poll(t->multi, NULL, 0, 1000, NULL);
	}
	multi_drain(t);
	for (size_t i = 0; i < n; i++) {
		curl_multi_remove_handle(t->multi, t->pool[i]);
		if (x[i].headers) { /* never finished (multi failure) */
			curl_slist_free_all(x[i].headers);
			s3_http_response_fail(resps[i], S3_TRANSPORT_OTHER, _("transfer did not complete"));
		}
	}
	free(x);
}

static void curl_destroy(struct s3_transport *base)
{
	struct curl_transport *t = (struct curl_transport *)base;
	for (size_t i = 0; i < t->n_pool; i++)
		curl_easy_cleanup(t->pool[i]);
	free(t->pool);
	if (t->multi)
		curl_multi_cleanup(t->multi);
	curl_easy_cleanup(t->easy);
	free(t->ca_file);
	free(t->user_agent);
	free(t);
}

struct s3_transport *s3_transport_curl_new(const struct s3_http_options *opt, struct rdm_error *err)
{
	if (opt->ca_file && access(opt->ca_file, R_OK) != 0) {
		rdm_error_set(err, _("cannot read the CA file: %s"), strerror(errno));
		rdm_error_where(err, "%s", opt->ca_file);
		rdm_error_remedy(err, _("give --ca-file a readable PEM file with the CA certificate "
				      "that signed the server's certificate"));
		return NULL;
	}
	CURL *easy = curl_easy_init();
	if (!easy) {
		rdm_error_set(err, _("libcurl could not be initialised"));
		return NULL;
	}
	struct curl_transport *t = xcalloc(1, sizeof *t);
	t->base.perform = curl_perform;
	t->base.perform_many = curl_perform_many;
	t->base.destroy = curl_destroy;
	t->easy = easy;
	t->ca_file = opt->ca_file ? xstrdup(opt->ca_file) : NULL;
	t->user_agent = opt->user_agent ? xstrdup(opt->user_agent) : xstrdup(PACKAGE_NAME "/" PACKAGE_VERSION);
	t->connect_ms = opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms : DEFAULT_CONNECT_MS;
	t->total_ms = opt->timeout_ms > 0 ? opt->timeout_ms : DEFAULT_TOTAL_MS;
	return &t->base;
}
