/* The response object shared by every transport: headers, capped body,
 * transport failure, and its copy into the typed s3_status. */
#include "config.h"
#include "s3/http/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

void s3_http_response_init(struct s3_http_response *r)
{
	struct s3_http_response zero = S3_HTTP_RESPONSE_INIT;
	*r = zero;
}

void s3_http_response_clear(struct s3_http_response *r)
{
	for (size_t i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->transport_detail);
	buf_free(&r->body);
	s3_http_response_init(r);
}

const char *s3_http_response_header(const struct s3_http_response *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void s3_http_response_add_header(struct s3_http_response *r, const char *name, size_t name_len,
				 const char *value, size_t value_len)
{
	while (value_len && is_blank(*value)) {
		value++;
		value_len--;
	}
	while (value_len && is_blank(value[value_len - 1]))
		value_len--;
	r->headers = xgrow(r->headers, &r->cap_headers, r->n_headers + 1, sizeof *r->headers);
	r->headers[r->n_headers].name = xstrndup(name, name_len);
	r->headers[r->n_headers].value = xstrndup(value, value_len);
	r->n_headers++;
}

int s3_http_response_append_body(struct s3_http_response *r, const void *data, size_t n, size_t cap)
{
	if (cap == 0)
		cap = S3_HTTP_API_BODY_CAP;
	size_t room = r->body.len < cap ? cap - r->body.len : 0;
	if (n <= room) {
		buf_append(&r->body, data, n);
		return 0;
	}
	buf_append(&r->body, data, room);
	r->body_truncated = 1;
	return -1;
}

void s3_http_response_fail(struct s3_http_response *r, enum s3_transport_error e, const char *detail)
{
	r->transport = e;
	free(r->transport_detail);
	r->transport_detail = detail ? xstrdup(detail) : NULL;
}

void s3_http_response_to_status(const struct s3_http_response *r, const char *method,
				time_t request_time, int object_request, struct s3_status *st)
{
	s3_status_clear(st);
	if (r->transport == S3_TRANSPORT_OK) {
		struct s3_http_header *hv = xcalloc(r->n_headers ? r->n_headers : 1, sizeof *hv);
		for (size_t i = 0; i < r->n_headers; i++) {
			hv[i].name = r->headers[i].name;
			hv[i].value = r->headers[i].value;
		}
		struct s3_response sr = {
			.method = method,
			.http_status = r->status,
			.headers = hv,
			.n_headers = r->n_headers,
			.body = r->body.data,
			.body_len = r->body.len,
			.body_truncated = r->body_truncated,
			.request_time = request_time,
			.object_request = object_request,
		};
		s3_status_from_response(st, &sr);
		free(hv);
	}
	st->transport = r->transport;
	st->transport_detail = r->transport_detail ? xstrdup(r->transport_detail) : NULL;
	if (r->transport != S3_TRANSPORT_OK)
		st->http_status = r->status;
}

void s3_transport_free(struct s3_transport *t)
{
	if (t && t->destroy)
		t->destroy(t);
}
