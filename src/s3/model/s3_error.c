#include "config.h"
#include "s3/model/s3_error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "s3/model/xml.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Longest excerpt of a non-S3 body kept for the operator. */
#define EXCERPT_MAX 160

int s3_status_ok(const struct s3_status *st)
{
	return st->transport == S3_TRANSPORT_OK && st->http_status >= 200 && st->http_status <= 299;
}

static void clear_s3_fields(struct s3_status *st)
{
	free(st->code);
	free(st->message);
	free(st->request_id);
	free(st->bucket_region);
	free(st->endpoint_hint);
	st->code = st->message = st->request_id = st->bucket_region = st->endpoint_hint = NULL;
	st->http_status = 0;
	st->skew_seconds = 0;
	st->body_malformed = st->body_truncated = 0;
}

void s3_status_clear(struct s3_status *st)
{
	if (!st)
		return;
	clear_s3_fields(st);
	free(st->transport_detail);
	free(st->explanation);
	free(st->remedy);
	memset(st, 0, sizeof *st);
}

const char *s3_header_get(const struct s3_http_header *headers, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (headers[i].name && strcasecmp(headers[i].name, name) == 0)
			return headers[i].value;
	return NULL;
}

/* NULL for absent or blank values, so "" never masquerades as data. */
static char *dup_nonempty(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s ? xstrdup(s) : NULL;
}

static const char *code_from_status(long status, int object_request)
{
	switch (status) {
	case 301: return "PermanentRedirect";
	case 307: return "TemporaryRedirect";
	case 400: return "BadRequest";
	case 403: return "Forbidden";
	case 404: return object_request ? "NotFound" : "NoSuchBucket";
	case 405: return "MethodNotAllowed";
	case 409: return "Conflict";
	case 411: return "MissingContentLength";
	case 412: return "PreconditionFailed";
	case 416: return "InvalidRange";
	case 500: return "InternalError";
	case 501: return "NotImplemented";
	case 503: return "ServiceUnavailable";
	default: return NULL;
	}
}

/* Where in the body the interesting text is: an HTML <title>, or the start. */
static const char *excerpt_source(const char *body, size_t len, size_t *n)
{
	for (size_t i = 0; i + 7 <= len; i++) {
		if (strncasecmp(body + i, "<title>", 7) != 0)
			continue;
		size_t start = i + 7, end = start;
		while (end + 8 <= len && strncasecmp(body + end, "</title>", 8) != 0)
			end++;
		if (end + 8 <= len) {
			*n = end - start;
			return body + start;
		}
		break;
	}
	*n = len;
	return body;
}

/* A short, printable-ASCII, single-line excerpt: bodies of unknown origin
 * must not put control sequences on the operator's terminal. */
static char *body_excerpt(const char *body, size_t len)
{
	size_t n;
	const char *s = excerpt_source(body, len, &n);
	struct buf b = BUF_INIT;
	int space = 1;
	for (size_t i = 0; i < n && b.len < EXCERPT_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f) {
			if (!space)
				buf_putc(&b, ' ');
			space = 1;
			continue;
		}
		buf_putc(&b, c < 0x80 ? (char)c : '?');
		space = 0;
	}
	while (b.len && b.data[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	if (b.len == EXCERPT_MAX)
		buf_puts(&b, "...");
	return b.len ? buf_detach(&b) : (buf_free(&b), NULL);
}

static void fill_from_xml(struct s3_status *st, struct s3_xml_error *x)
{
	st->code = dup_nonempty(x->code);
	st->message = x->message ? xstrdup(x->message) : NULL;
	if (!st->request_id)
		st->request_id = dup_nonempty(x->request_id);
	if (!st->bucket_region)
		st->bucket_region = dup_nonempty(x->region);
	st->endpoint_hint = dup_nonempty(x->endpoint);
}

static void compute_skew(struct s3_status *st, const struct s3_response *r,
			 const struct s3_xml_error *x)
{
	time_t server = 0, ours = r->request_time;
	const char *date = s3_header_get(r->headers, r->n_headers, "Date");
	if (!(x->server_time && s3_time_parse(x->server_time, &server) == 0) &&
	    !(date && s3_time_parse(date, &server) == 0))
		return;
	if (x->request_time)
		s3_time_parse(x->request_time, &ours);
	if (ours)
		st->skew_seconds = (long)(server - ours);
}

void s3_status_from_response(struct s3_status *st, const struct s3_response *r)
{
	clear_s3_fields(st);
	st->http_status = r->http_status;
	st->request_id = dup_nonempty(s3_header_get(r->headers, r->n_headers, "x-amz-request-id"));
	st->bucket_region =
		dup_nonempty(s3_header_get(r->headers, r->n_headers, "x-amz-bucket-region"));
	if (r->http_status >= 200 && r->http_status <= 299)
		return;
	int is_head = r->method && strcmp(r->method, "HEAD") == 0;
	size_t len = is_head || !r->body ? 0 : r->body_len;
	st->body_truncated = len > 0 && r->body_truncated;
	struct s3_xml_error x;
	memset(&x, 0, sizeof x);
	if (len > 0 && s3_xml_parse_error(r->body, len, &x, NULL) == 0) {
		fill_from_xml(st, &x);
	} else if (len > 0) {
		st->body_malformed = 1;
		/* A body cut at the cap is still worth its <Code>, if that arrived. */
		if (st->body_truncated && s3_xml_parse_error_partial(r->body, len, &x, NULL) == 0)
			fill_from_xml(st, &x);
		else
			st->message = body_excerpt(r->body, len);
	}
	if (!st->code && !st->body_malformed && code_from_status(r->http_status, r->object_request))
		st->code = xstrdup(code_from_status(r->http_status, r->object_request));
	if (st->code && strcmp(st->code, "RequestTimeTooSkewed") == 0)
		compute_skew(st, r, &x);
	s3_xml_error_free(&x);
}

char *s3_status_summary(const struct s3_status *st)
{
	static const char *const names[] = {
		[S3_TRANSPORT_OK] = "ok",
		[S3_TRANSPORT_DNS] = N_("host name not found"),
		[S3_TRANSPORT_REFUSED] = N_("connection refused"),
		[S3_TRANSPORT_CONNECT] = N_("could not connect"),
		[S3_TRANSPORT_TIMEOUT] = N_("timed out"),
		[S3_TRANSPORT_TLS_VERIFY] = N_("TLS certificate not trusted"),
		[S3_TRANSPORT_TLS] = N_("TLS handshake failed"),
		[S3_TRANSPORT_TOO_LARGE] = N_("response too large"),
		[S3_TRANSPORT_OTHER] = N_("transfer failed"),
	};
	struct buf b = BUF_INIT;
	if (st->transport != S3_TRANSPORT_OK) {
		unsigned t = (unsigned)st->transport;
		buf_puts(&b, t < sizeof names / sizeof *names ? _(names[t]) : "?");
		if (st->transport_detail)
			buf_printf(&b, " (%s)", st->transport_detail);
		return buf_detach(&b);
	}
	buf_printf(&b, "HTTP %ld", st->http_status);
	if (st->code)
		buf_printf(&b, " %s", st->code);
	if (st->body_malformed)
		buf_printf(&b, " %s", _("(not an S3 answer)"));
	if (st->request_id)
		buf_printf(&b, _(" (request id %s)"), st->request_id);
	return buf_detach(&b);
}

int s3_status_to_error(const struct s3_status *st, struct rdm_error *err)
{
	if (!err)
		return -1;
	char *summary = s3_status_summary(st);
	rdm_error_set(err, "%s", st->explanation ? st->explanation : summary);
	rdm_error_where(err, "%s", summary);
	if (st->remedy)
		rdm_error_remedy(err, "%s", st->remedy);
	free(summary);
	return -1;
}
