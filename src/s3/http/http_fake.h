/* A transport without a network, for unit tests: it records every request
 * it is given and answers from a queue of canned responses. Any layer's
 * tests can use it (operations, checks, rotation) with s3_client's
 * `transport` field. */
#ifndef RDM_S3_HTTP_FAKE_H
#define RDM_S3_HTTP_FAKE_H
#include <stddef.h>

#include "s3/http/http.h"

/* One canned answer. Strings are copied when queued. */
struct s3_fake_answer {
	long status;          /* HTTP status */
	const char *headers;  /* "Name: value\n" lines, or NULL */
	const char *body;     /* NULL: empty */
	size_t body_len;      /* 0: strlen(body) */
	enum s3_transport_error transport; /* != OK: no answer, this error */
	int conn_reset;       /* with transport != OK: a dropped connection */
};

/* A request as the fake saw it (everything copied). */
struct s3_fake_request {
	char *method;
	char *url;
	struct s3_http_field *headers;
	size_t n_headers;
	struct buf body;
	size_t body_cap;
	int chunked; /* would go out with Transfer-Encoding: chunked */
};

struct s3_transport *s3_fake_transport_new(void);
/* Queue an answer; answers are used in order. When the queue is empty the
 * fake answers 599 with the body "fake transport: no answer queued", which
 * no test expects. */
void s3_fake_push(struct s3_transport *t, const struct s3_fake_answer *a);
/* Shorthand for s3_fake_push with status, headers and body. */
void s3_fake_push_simple(struct s3_transport *t, long status, const char *headers, const char *body);
size_t s3_fake_n_requests(const struct s3_transport *t);
const struct s3_fake_request *s3_fake_request_at(const struct s3_transport *t, size_t i);
/* Case-insensitive header lookup on a recorded request, or NULL. */
const char *s3_fake_request_header(const struct s3_fake_request *r, const char *name);
size_t s3_fake_n_pending(const struct s3_transport *t);

#endif
