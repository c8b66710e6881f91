/* The fake transport: a FIFO of canned answers and a log of requests. */
#include "config.h"
#include "s3/http/http_fake.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

struct fake_answer {
	long status;
	char *headers;
	struct buf body;
	enum s3_transport_error transport;
	int conn_reset;
};

struct fake_transport {
	struct s3_transport base; /* first: the interface */
	struct fake_answer *answers;
	size_t n_answers, cap_answers, next_answer;
	struct s3_fake_request *requests;
	size_t n_requests, cap_requests;
};

static void record(struct fake_transport *f, const struct s3_http_request *req)
{
	f->requests = xgrow(f->requests, &f->cap_requests, f->n_requests + 1, sizeof *f->requests);
	struct s3_fake_request *r = &f->requests[f->n_requests++];
	memset(r, 0, sizeof *r);
	r->method = xstrdup(req->method);
	r->url = xstrdup(req->url);
	r->body_cap = req->body_cap;
	r->chunked = req->chunked;
	r->n_headers = req->n_headers;
	r->headers = xcalloc(req->n_headers ? req->n_headers : 1, sizeof *r->headers);
	for (size_t i = 0; i < req->n_headers; i++) {
		r->headers[i].name = xstrdup(req->headers[i].name);
		r->headers[i].value = xstrdup(req->headers[i].value);
	}
	if (req->body_len)
		buf_append(&r->body, req->body, req->body_len);
}

static void parse_headers(struct s3_http_response *resp, const char *text)
{
	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		const char *colon = memchr(p, ':', len);
		if (colon)
			s3_http_response_add_header(resp, p, (size_t)(colon - p), colon + 1,
						    len - (size_t)(colon - p) - 1);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void fake_perform(struct s3_transport *base, const struct s3_http_request *req,
			 struct s3_http_response *resp)
{
	struct fake_transport *f = (struct fake_transport *)base;
	record(f, req);
	if (f->next_answer >= f->n_answers) {
		resp->status = 599;
		buf_puts(&resp->body, "fake transport: no answer queued");
		return;
	}
	const struct fake_answer *a = &f->answers[f->next_answer++];
	if (a->transport != S3_TRANSPORT_OK) {
		s3_http_response_fail(resp, a->transport, "fake transport failure");
		resp->conn_reset = a->conn_reset;
		return;
	}
	resp->status = a->status;
	parse_headers(resp, a->headers);
	/* HEAD answers carry no body, as on the wire. */
	if (strcmp(req->method, "HEAD") != 0 &&
	    s3_http_response_append_body(resp, a->body.data, a->body.len, req->body_cap) != 0 &&
	    resp->status < 300)
		s3_http_response_fail(resp, S3_TRANSPORT_TOO_LARGE, "response body larger than the limit");
}

static void fake_destroy(struct s3_transport *base)
{
	struct fake_transport *f = (struct fake_transport *)base;
	for (size_t i = 0; i < f->n_answers; i++) {
		free(f->answers[i].headers);
		buf_free(&f->answers[i].body);
	}
	for (size_t i = 0; i < f->n_requests; i++) {
		struct s3_fake_request *r = &f->requests[i];
		for (size_t k = 0; k < r->n_headers; k++) {
			free(r->headers[k].name);
			free(r->headers[k].value);
		}
		free(r->headers);
		free(r->method);
		free(r->url);
		buf_free(&r->body);
	}
	free(f->answers);
	free(f->requests);
	free(f);
}

struct s3_transport *s3_fake_transport_new(void)
{
	struct fake_transport *f = xcalloc(1, sizeof *f);
	f->base.perform = fake_perform;
	f->base.perform_many = NULL; /* in turn, in order: deterministic */
	f->base.destroy = fake_destroy;
	return &f->base;
}

void s3_fake_push(struct s3_transport *t, const struct s3_fake_answer *a)
{
	struct fake_transport *f = (struct fake_transport *)t;
	f->answers = xgrow(f->answers, &f->cap_answers, f->n_answers + 1, sizeof *f->answers);
	struct fake_answer *d = &f->answers[f->n_answers++];
	memset(d, 0, sizeof *d);
	d->status = a->status;
	d->headers = a->headers ? xstrdup(a->headers) : NULL;
	if (a->body)
		buf_append(&d->body, a->body, a->body_len ? a->body_len : strlen(a->body));
	d->transport = a->transport;
	d->conn_reset = a->conn_reset;
}

void s3_fake_push_simple(struct s3_transport *t, long status, const char *headers, const char *body)
{
	struct s3_fake_answer a = { .status = status, .headers = headers, .body = body };
	s3_fake_push(t, &a);
}

size_t s3_fake_n_requests(const struct s3_transport *t)
{
	return ((const struct fake_transport *)t)->n_requests;
}

const struct s3_fake_request *s3_fake_request_at(const struct s3_transport *t, size_t i)
{
	const struct fake_transport *f = (const struct fake_transport *)t;
	return i < f->n_requests ? &f->requests[i] : NULL;
}

const char *s3_fake_request_header(const struct s3_fake_request *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

size_t s3_fake_n_pending(const struct s3_transport *t)
{
	const struct fake_transport *f = (const struct fake_transport *)t;
	return f->n_answers - f->next_answer;
}
