/* SigV4 stage 1: the canonical request, and the checks that keep a request
 * that cannot be signed (or would smuggle CR/LF onto the wire) from getting
 * that far. Error texts name headers but never quote their values: a value
 * may be a session token. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "s3/sigv4/sigv4.h"
#include "s3/sigv4/sigv4_internal.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define WHERE "SigV4 signer"

int sigv4_name_is(const char *name, const char *want)
{
	for (; *name && *want; name++, want++) {
		char a = *name, b = *want;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return *name == *want;
}

/* RFC 9110 token characters (header names, methods). */
static int is_tchar(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int is_token(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!is_tchar((unsigned char)*s))
			return 0;
	return 1;
}

static int is_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static int header_check(const struct sigv4_header *h, struct rdm_error *err)
{
	if (!h->name || !*h->name)
		return rdm_error_set(err, _("a request header has an empty name"));
	if (!is_token(h->name)) {
		if (is_printable(h->name))
			rdm_error_set(err, _("header name \"%s\" is not a valid HTTP token"), h->name);
		else
			rdm_error_set(err, _("a header name contains a control or non-ASCII byte"));
		return -1;
	}
	if (!h->value)
		return rdm_error_set(err, _("header %s has no value"), h->name);
	for (const unsigned char *v = (const unsigned char *)h->value; *v; v++)
		if ((*v < 0x20 && *v != '\t') || *v == 0x7f)
			return rdm_error_set(err, _("the value of header %s contains a control "
					       "character (CR, LF, ...)"), h->name);
	return 0;
}

struct canon_hdr {
	const char *lname; /* lower-cased copy, inside one shared buffer */
	const char *value;
	size_t index;      /* position in the request: keeps duplicates in order */
};

static int canon_hdr_cmp(const void *a, const void *b)
{
	const struct canon_hdr *x = a, *y = b;
	int c = strcmp(x->lname, y->lname);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Appends v without leading/trailing blanks and with inner runs of blanks
 * as one space ("Trimall"); the result is never longer than v. */
static void value_append_folded(struct buf *out, const char *v)
{
	char *p = buf_reserve(out, strlen(v));
	char *start = p;
	int blank = 0;
	for (; *v; v++) {
		if (*v == ' ' || *v == '\t') {
			blank = p > start;
			continue;
		}
		if (blank)
			*p++ = ' ';
		blank = 0;
		*p++ = *v;
	}
	out->len += (size_t)(p - start);
	out->data[out->len] = '\0';
}

/* Lower-cased names, all in one buffer; entries point into it. */
static struct canon_hdr *headers_sorted(const struct sigv4_header *headers, size_t n,
					struct buf *names)
{
	struct canon_hdr *v = xmalloc(n * sizeof(*v));
	size_t *offs = xmalloc(n * sizeof(*offs));
	for (size_t i = 0; i < n; i++) {
		offs[i] = names->len;
		size_t len = strlen(headers[i].name);
		char *p = buf_reserve(names, len + 1);
		for (size_t k = 0; k < len; k++) {
			char c = headers[i].name[k];
			p[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		p[len] = '\0';
		names->len += len + 1;
	}
	for (size_t i = 0; i < n; i++) {
		v[i].lname = names->data + offs[i];
		v[i].value = headers[i].value;
		v[i].index = i;
	}
	free(offs);
	qsort(v, n, sizeof(*v), canon_hdr_cmp);
	return v;
}

int sigv4_headers_canonical(const struct sigv4_header *headers, size_t n, struct buf *canon,
			    struct buf *signed_names, struct rdm_error *err)
{
	int has_host = 0;
	if (n && !headers)
		return rdm_error_set(err, _("the request has %zu headers but no header array"), n);
	for (size_t i = 0; i < n; i++) {
		if (header_check(&headers[i], err) < 0) {
			rdm_error_where(err, WHERE);
			return -1;
		}
		has_host |= sigv4_name_is(headers[i].name, "host");
	}
	if (!has_host) {
		rdm_error_set(err, _("the request to sign has no Host header"));
		rdm_error_where(err, WHERE);
		return -1;
	}
	struct buf names = BUF_INIT;
	struct canon_hdr *v = headers_sorted(headers, n, &names);
	for (size_t i = 0; i < n; i++) {
		int same = i > 0 && strcmp(v[i].lname, v[i - 1].lname) == 0;
		if (same) {
			/* Repeated header: one line, values joined with ','. */
			if (canon)
				buf_putc(canon, ',');
		} else {
			if (canon) {
				if (i > 0)
					buf_putc(canon, '\n');
				buf_puts(canon, v[i].lname);
				buf_putc(canon, ':');
			}
			if (signed_names) {
				if (i > 0)
					buf_putc(signed_names, ';');
				buf_puts(signed_names, v[i].lname);
			}
		}
		if (canon)
			value_append_folded(canon, v[i].value);
	}
	if (canon)
		buf_putc(canon, '\n');
	free(v);
	buf_free(&names);
	return 0;
}

/* 64 lower-case hex digits, or an upper-case keyword with a '-' such as
 * UNSIGNED-PAYLOAD / STREAMING-AWS4-HMAC-SHA256-PAYLOAD (which upper-case
 * hex, a likely slip, is not). */
static int payload_hash_ok(const char *h)
{
	size_t len = strlen(h), hex = 0, word = 0;
	for (const char *p = h; *p; p++) {
		hex += (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
		word += (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-';
	}
	return (len == 64 && hex == len) ||
	       (word == len && h[0] >= 'A' && h[0] <= 'Z' && strchr(h, '-'));
}

int sigv4_request_check(const struct sigv4_request *req, struct rdm_error *err)
{
	const char *msg = NULL;
	if (!is_token(req->method))
		msg = N_("the request method is missing or not an HTTP token");
	else if (!req->path || (req->path[0] && req->path[0] != '/'))
		msg = N_("the request path is missing or does not start with '/'");
	else if (req->n_params && !req->params)
		msg = N_("the request has query parameters but no parameter array");
	else if (!req->payload_hash || !payload_hash_ok(req->payload_hash))
		msg = N_("the payload hash is neither 64 lower-case hex digits nor UNSIGNED-PAYLOAD");
	for (size_t i = 0; !msg && i < req->n_params; i++)
		if (!req->params[i].name)
			msg = N_("a query parameter has no name");
	if (!msg)
		return 0;
	rdm_error_set(err, "%s", _(msg));
	rdm_error_where(err, WHERE);
	return -1;
}

void sigv4_creq_build(const struct sigv4_request *req, const struct sigv4_param *params,
		      size_t n_params, int normalize_path, const char *canon_headers,
		      const char *signed_headers, struct buf *out)
{
	buf_puts(out, req->method);
	buf_putc(out, '\n');
	sigv4_canonical_uri(req->path, normalize_path, out);
	buf_putc(out, '\n');
	sigv4_canonical_query(params, n_params, out);
	buf_putc(out, '\n');
	buf_puts(out, canon_headers);
	buf_putc(out, '\n');
	buf_puts(out, signed_headers);
	buf_putc(out, '\n');
	buf_puts(out, req->payload_hash);
}

int sigv4_canonical_request(const struct sigv4_request *req, int normalize_path,
			    struct buf *out, struct buf *signed_headers, struct rdm_error *err)
{
	if (sigv4_request_check(req, err) < 0)
		return -1;
	struct buf canon = BUF_INIT, names = BUF_INIT;
	if (sigv4_headers_canonical(req->headers, req->n_headers, &canon, &names, err) < 0) {
		buf_free(&canon);
		buf_free(&names);
		return -1;
	}
	sigv4_creq_build(req, req->params, req->n_params, normalize_path, buf_str(&canon),
			 buf_str(&names), out);
	if (signed_headers)
		buf_append(signed_headers, names.data, names.len);
	buf_free(&canon);
	buf_free(&names);
	return 0;
}
