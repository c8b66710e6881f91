/* The request policy on top of any transport: which answers are worth
 * another try, how long to wait, and what the log may say. Kept apart from
 * the curl code so that the fake transport exercises exactly this logic. */
#include "config.h"
#include "s3/http/http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/xalloc.h"

#define DEFAULT_ATTEMPTS 4u
#define DEFAULT_BASE_MS 200L
#define DEFAULT_MAX_MS 5000L

int s3_http_method_idempotent(const char *method)
{
	/* S3 defines these as idempotent; POST (multipart complete, DeleteObjects,
	 * browser uploads) is not, so a lost answer must not resend it. */
	static const char *const ok[] = { "GET", "HEAD", "PUT", "DELETE", "OPTIONS", NULL };
	for (size_t i = 0; ok[i]; i++)
		if (strcmp(method, ok[i]) == 0)
			return 1;
	return 0;
}

static int body_says_slowdown(const struct s3_http_response *resp)
{
	return resp->body.len && strstr(buf_str(&resp->body), "<Code>SlowDown</Code>") != NULL;
}

int s3_http_should_retry(const struct s3_http_request *req, const struct s3_http_response *resp)
{
	if (!s3_http_method_idempotent(req->method))
		return 0;
	if (resp->transport != S3_TRANSPORT_OK)
		return resp->conn_reset;
	switch (resp->status) {
	/* 501 NotImplemented and 505 are permanent answers: not retried. */
	case 500: case 502: case 503: case 504: case 429:
		return 1;
	default:
		return body_says_slowdown(resp);
	}
}

long s3_http_backoff_ms(const struct s3_retry_policy *p, unsigned retry)
{
	long base = p->base_delay_ms > 0 ? p->base_delay_ms : DEFAULT_BASE_MS;
	long max = p->max_delay_ms > 0 ? p->max_delay_ms : DEFAULT_MAX_MS;
	long wait = base;
	for (unsigned k = 1; k < retry && wait < max; k++)
		wait *= 2;
	if (wait > max)
		wait = max;
	if (p->rng) {
		long half = wait / 2;
		wait = half + (long)(p->rng(p->rng_ctx) % (unsigned long)(wait - half + 1));
	}
	return wait;
}

static unsigned policy_attempts(const struct s3_retry_policy *p)
{
	return p->max_attempts ? p->max_attempts : DEFAULT_ATTEMPTS;
}

static void policy_sleep(const struct s3_retry_policy *p, long ms)
{
	if (p->sleep_ms) {
		p->sleep_ms(p->sleep_ctx, ms);
		return;
	}
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Query parameters whose values must not reach a log. */
static int param_is_secret(const char *p, size_t len)
{
	static const char *const names[] = { "X-Amz-Signature", "X-Amz-Security-Token", NULL };
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == len && strncasecmp(p, names[i], len) == 0)
			return 1;
	return 0;
}

char *s3_http_url_for_log(const char *url)
{
	struct buf out = BUF_INIT;
	const char *q = strchr(url, '?');
	if (!q)
		return xstrdup(url);
	buf_append(&out, url, (size_t)(q - url) + 1);
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&");
		size_t name_len = strcspn(p, "=&");
		if (name_len < len && param_is_secret(p, name_len))
			buf_printf(&out, "%.*s=REDACTED", (int)name_len, p);
		else
			buf_append(&out, p, len);
		p += len;
		if (*p == '&')
			buf_putc(&out, *p++);
	}
	return buf_detach(&out);
}

static void log_line(const struct s3_http *h, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void log_line(const struct s3_http *h, int level, const char *fmt, ...)
{
	if (!h->log || level > h->log_level)
		return;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	h->log(h->log_ctx, level, buf_str(&b));
	buf_free(&b);
}

static void log_result(const struct s3_http *h, const struct s3_http_request *req,
		       const struct s3_http_response *resp, int level)
{
	if (!h->log || level > h->log_level)
		return;
	char *url = s3_http_url_for_log(req->url);
	if (resp->transport == S3_TRANSPORT_OK)
		log_line(h, level, "%s %s -> %ld%s", req->method, url, resp->status,
			 resp->body_truncated ? " (body truncated)" : "");
	else
		log_line(h, level, "%s %s -> no answer: %s", req->method, url,
			 resp->transport_detail ? resp->transport_detail : "transport error");
	free(url);
	static const char *const shown[] = { "x-amz-request-id", "x-amz-bucket-region", "content-type",
					     "content-length", NULL };
	for (size_t i = 0; shown[i] && resp->transport == S3_TRANSPORT_OK; i++) {
		const char *v = s3_http_response_header(resp, shown[i]);
		if (v)
			log_line(h, 2, "  %s: %s", shown[i], v);
	}
}

static void perform_one(const struct s3_http *h, const struct s3_http_request *req,
			struct s3_http_response *resp)
{
	unsigned attempts = resp->attempts;
	s3_http_response_clear(resp);
	resp->attempts = attempts + 1;
	h->transport->perform(h->transport, req, resp);
}

int s3_http_run(const struct s3_http *h, const struct s3_http_request *req,
		struct s3_http_response *resp)
{
	unsigned max = policy_attempts(&h->retry);
	resp->attempts = 0;
	for (;;) {
		perform_one(h, req, resp);
		int again = resp->attempts < max && s3_http_should_retry(req, resp);
		log_result(h, req, resp, again ? 2 : 1);
		if (!again)
			break;
		long wait = s3_http_backoff_ms(&h->retry, resp->attempts);
		log_line(h, 2, "  retry %u of %u in %ld ms", resp->attempts, max - 1, wait);
		policy_sleep(&h->retry, wait);
	}
	return resp->transport == S3_TRANSPORT_OK ? 0 : -1;
}

/* One round of perform_many over the requests listed in idx. */
static void perform_round(const struct s3_http *h, const struct s3_http_request *reqs,
			  struct s3_http_response *resps, const size_t *idx, size_t m)
{
	struct s3_transport *t = h->transport;
	if (!t->perform_many) {
		for (size_t k = 0; k < m; k++)
			perform_one(h, &reqs[idx[k]], &resps[idx[k]]);
		return;
	}
	const struct s3_http_request **rq = xcalloc(m, sizeof *rq);
	struct s3_http_response **rs = xcalloc(m, sizeof *rs);
	for (size_t k = 0; k < m; k++) {
		unsigned attempts = resps[idx[k]].attempts;
		s3_http_response_clear(&resps[idx[k]]);
		resps[idx[k]].attempts = attempts + 1;
		rq[k] = &reqs[idx[k]];
		rs[k] = &resps[idx[k]];
	}
	t->perform_many(t, rq, rs, m);
	free(rq);
	free(rs);
}

size_t s3_http_run_many(const struct s3_http *h, const struct s3_http_request *reqs,
			struct s3_http_response *resps, size_t n)
{
	unsigned max = policy_attempts(&h->retry);
	size_t *idx = xcalloc(n, sizeof *idx), m = n, failures = 0;
	for (size_t i = 0; i < n; i++) {
		idx[i] = i;
		resps[i].attempts = 0;
	}
	for (unsigned round = 1; m > 0; round++) {
		perform_round(h, reqs, resps, idx, m);
		size_t again = 0;
		for (size_t k = 0; k < m; k++) {
			size_t i = idx[k];
			int retry = round < max && s3_http_should_retry(&reqs[i], &resps[i]);
			log_result(h, &reqs[i], &resps[i], retry ? 2 : 1);
			if (retry)
				idx[again++] = i;
		}
		m = again;
		if (m) {
			long wait = s3_http_backoff_ms(&h->retry, round);
			log_line(h, 2, "  retrying %zu request(s) in %ld ms", m, wait);
			policy_sleep(&h->retry, wait);
		}
	}
	for (size_t i = 0; i < n; i++)
		failures += resps[i].transport != S3_TRANSPORT_OK;
	free(idx);
	return failures;
}
