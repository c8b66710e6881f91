/* The HTTP probes on libcurl's multi interface: the server's clock (Date of
 * an unauthenticated HEAD on the endpoint) and MinIO's health endpoints.
 * They run side by side on one multi handle, which the run also uses to
 * wait for the socket probes (curl_multi_poll's extra descriptors). TLS
 * verification is on; the CA file, when given, is the trust store. */
#include "config.h"
#include "s3/probe/probe_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "s3/http/curl_common.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Past the deadline curl's own timers should have ended every transfer;
 * this grace is only the backstop if they did not. */
#define GUARD_GRACE_SECONDS 0.5

struct http_xfer {
	CURL *easy;
	struct probe_http_result *out;
	struct probe_clock_result *clock; /* the clock request only */
	double wall_status;               /* our wall clock at the status line */
	char *date;                       /* last Date header seen */
	int active;
	char errbuf[CURL_ERROR_SIZE];     /* curl's API wants this fixed buffer */
};

struct probe_http {
	CURLM *multi;
	struct http_xfer x[3];
	size_t n;
	double deadline;
};

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct http_xfer *x = ud;
	size_t n = size * nmemb;
	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		x->wall_status = probe_wall_now();
		free(x->date);
		x->date = NULL;
	} else if (n > 5 && strncasecmp(data, "Date:", 5) == 0) {
		size_t b = 5, e = n;
		while (b < e && (data[b] == ' ' || data[b] == '\t'))
			b++;
		while (e > b && (data[e - 1] == '\r' || data[e - 1] == '\n' || data[e - 1] == ' '))
			e--;
		free(x->date);
		x->date = xstrndup(data + b, e - b);
	}
	return n;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	(void)data;
	(void)ud;
	return size * nmemb; /* only the status matters; the deadline bounds it */
}

static char *probe_url(const struct probe_config *cfg, const char *path)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s://", cfg->https ? "https" : "http");
	if (strchr(cfg->host, ':'))
		buf_printf(&b, "[%s]", cfg->host);
	else
		buf_puts(&b, cfg->host);
	buf_printf(&b, ":%u%s%s", cfg->port, cfg->path_prefix ? cfg->path_prefix : "", path);
	return buf_detach(&b);
}

static void xfer_setup(const struct probe_config *cfg, struct http_xfer *x, const char *url,
		       int head, long ms)
{
	CURL *c = x->easy;
	const struct s3_curl_base base = {
		.url = url, .ca_file = cfg->ca_file,
		.user_agent = cfg->user_agent ? cfg->user_agent : PACKAGE_NAME "/" PACKAGE_VERSION,
		.connect_ms = ms, .total_ms = ms, .errbuf = x->errbuf,
	};
	s3_curl_setup_base(c, &base);
	curl_easy_setopt(c, CURLOPT_PROXY, ""); /* measure the endpoint, not a proxy */
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	if (head)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
}

static int xfer_add(struct probe_http *h, const struct probe_config *cfg,
		    struct probe_http_result *out, struct probe_clock_result *clock, const char *path,
		    long ms)
{
	struct http_xfer *x = &h->x[h->n];
	memset(x, 0, sizeof *x);
	if (!(x->easy = curl_easy_init()))
		return -1;
	h->n++;
	x->out = out;
	x->clock = clock;
	char *url = probe_url(cfg, path);
	xfer_setup(cfg, x, url, clock != NULL, ms);
	probe_set_str(&out->url, url);
	free(url);
	if (curl_multi_add_handle(h->multi, x->easy) != CURLM_OK)
		return -1;
	x->active = 1;
	return 0;
}

struct probe_http *probe_http_start(const struct probe_config *cfg, unsigned kinds,
				    struct probe_results *res, double deadline,
				    struct rdm_error *err)
{
	struct probe_http *h = xcalloc(1, sizeof *h);
	h->deadline = deadline;
	long ms = probe_ms_until(deadline, probe_mono_now());
	if (ms < 1)
		ms = 1; /* curl reads 0 as "no timeout" */
	int rc = (h->multi = curl_multi_init()) ? 0 : -1;
	if (rc == 0 && (kinds & PROBE_CLOCK))
		rc = xfer_add(h, cfg, &res->clock.http, &res->clock, "/", ms);
	if (rc == 0 && (kinds & PROBE_MINIO_HEALTH))
		rc = xfer_add(h, cfg, &res->minio.live, NULL, "/minio/health/live", ms);
	if (rc == 0 && (kinds & PROBE_MINIO_HEALTH))
		rc = xfer_add(h, cfg, &res->minio.ready, NULL, "/minio/health/ready", ms);
	if (rc != 0) {
		probe_http_free(h);
		rdm_error_set(err, _("libcurl could not be initialised for the HTTP probes"));
		return NULL;
	}
	return h;
}

static enum probe_error map_curl(CURL *c, CURLcode code)
{
	long os_errno = 0, verify = 0;
	curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
	switch (code) {
	case CURLE_OK:
		return PROBE_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
		return PROBE_ERR_DNS;
	case CURLE_COULDNT_CONNECT:
		if (os_errno == ECONNREFUSED)
			return PROBE_ERR_REFUSED;
		if (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH)
			return PROBE_ERR_UNREACHABLE;
		return PROBE_ERR_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return PROBE_ERR_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
		/* OpenSSL's result; curl checks the host name itself afterwards,
		 * so a clean chain with this error is a name mismatch. */
		curl_easy_getinfo(c, CURLINFO_SSL_VERIFYRESULT, &verify);
		return verify ? probe_tls_classify(verify) : PROBE_ERR_TLS_NAME_MISMATCH;
	case CURLE_SSL_CACERT_BADFILE:
		return PROBE_ERR_CA_FILE;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CERTPROBLEM:
		return PROBE_ERR_TLS_HANDSHAKE;
	default:
		return PROBE_ERR_HTTP;
	}
}

static void clock_finish(struct http_xfer *x)
{
	struct probe_clock_result *k = x->clock;
	curl_off_t pre = 0, first = 0;
	curl_easy_getinfo(x->easy, CURLINFO_PRETRANSFER_TIME_T, &pre);
	curl_easy_getinfo(x->easy, CURLINFO_STARTTRANSFER_TIME_T, &first);
	probe_set_str(&k->date_header, x->date);
	if (x->wall_status <= 0)
		return;
	double wait = first > pre ? (double)(first - pre) / 1e6 : 0;
	k->local_mid = x->wall_status - wait / 2;
	k->local_date = (time_t)floor(k->local_mid);
	time_t d = x->date ? curl_getdate(x->date, NULL) : (time_t)-1;
	if (d == (time_t)-1)
		return;
	k->have_date = 1;
	k->server_date = d;
	k->skew_seconds = (long)(d - k->local_date);
}

static void xfer_finish(struct http_xfer *x, CURLcode code)
{
	struct probe_http_result *out = x->out;
	long status = 0;
	curl_off_t total = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total);
	out->error = map_curl(x->easy, code);
	out->status = out->error == PROBE_OK ? status : 0;
	out->latency = (double)total / 1e6;
	probe_set_str(&out->detail, out->error == PROBE_OK ? NULL
				    : x->errbuf[0]       ? x->errbuf
							 : curl_easy_strerror(code));
	if (x->clock && out->error == PROBE_OK)
		clock_finish(x);
	out->done = 1;
	x->active = 0;
}

void probe_http_wait(struct probe_http *h, struct pollfd *extra, size_t n, long timeout_ms)
{
	struct curl_waitfd *w = n ? xcalloc(n, sizeof *w) : NULL;
	for (size_t i = 0; i < n; i++) {
		w[i].fd = extra[i].fd;
		w[i].events = extra[i].events;
	}
	int ms = timeout_ms > 600000 ? 600000 : (int)timeout_ms;
	curl_multi_poll(h->multi, w, (unsigned)n, ms, NULL);
	for (size_t i = 0; i < n; i++)
		extra[i].revents = w[i].revents;
	free(w);
}

int probe_http_advance(struct probe_http *h, double now)
{
	int running = 0, left = 0;
	curl_multi_perform(h->multi, &running);
	CURLMsg *m;
	while ((m = curl_multi_info_read(h->multi, &left))) {
		struct http_xfer *x = NULL;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (x && x->active)
			xfer_finish(x, m->data.result);
	}
	int active = 0;
	for (size_t i = 0; i < h->n; i++) {
		struct http_xfer *x = &h->x[i];
		if (x->active && now > h->deadline + GUARD_GRACE_SECONDS) {
			curl_multi_remove_handle(h->multi, x->easy);
			snprintf(x->errbuf, sizeof x->errbuf, _("no answer before the deadline"));
			xfer_finish(x, CURLE_OPERATION_TIMEDOUT);
		}
		active |= x->active;
	}
	return active;
}

void probe_http_free(struct probe_http *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		if (h->multi && h->x[i].easy)
			curl_multi_remove_handle(h->multi, h->x[i].easy);
		curl_easy_cleanup(h->x[i].easy);
		free(h->x[i].date);
	}
	if (h->multi)
		curl_multi_cleanup(h->multi);
	free(h);
}
