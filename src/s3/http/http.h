/* HTTP for the S3 layer: one request/response model, a transport interface
 * (libcurl for real, a fake with canned answers for unit tests), and the
 * policy on top of it that every transport shares: bounded retries with
 * exponential backoff for idempotent requests, response caps and a log
 * callback that never sees secrets.
 *
 *   caller ──s3_http_run / s3_http_run_many──▶ retry policy + log
 *                                              ──transport->perform──▶ curl | fake
 *
 * Nothing here prints; messages go through the log callback. TLS
 * verification is always on; the only TLS knob is an extra CA file. */
#ifndef RDM_S3_HTTP_H
#define RDM_S3_HTTP_H
#include <stddef.h>
#include <time.h>

#include "s3/model/s3_error.h" /* struct s3_http_header */
#include "s3/model/status.h"
#include "util/buf.h"
#include "util/error.h"

/* Default response caps: API answers are small XML documents; object GETs
 * (the canary check) may be larger but are still bounded. */
#define S3_HTTP_API_BODY_CAP ((size_t)1 << 20)      /* 1 MiB */
#define S3_HTTP_OBJECT_BODY_CAP ((size_t)64 << 20)  /* 64 MiB */

struct s3_http_request {
	const char *method;  /* "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST" */
	const char *url;     /* complete and already %-encoded: sent byte for byte */
	/* Sent as given, including Host; strings borrowed for the call.
	 * (struct s3_http_header is declared in s3_error.h.) */
	const struct s3_http_header *headers;
	size_t n_headers;
	const void *body;    /* NULL when there is none */
	size_t body_len;
	size_t body_cap;     /* response body limit; 0 = S3_HTTP_API_BODY_CAP */
	int chunked;         /* send the body with Transfer-Encoding: chunked over
				HTTP/1.1, without Content-Length (as botocore sends
				its aws-chunked uploads) */
};

/* One response header, owned by the response. */
struct s3_http_field {
	char *name;
	char *value;
};

struct s3_http_response {
	enum s3_transport_error transport; /* S3_TRANSPORT_OK when an answer came */
	char *transport_detail; /* the transport's message, or NULL */
	int conn_reset;         /* the connection broke mid-request (retryable) */
	long status;            /* HTTP status; 0 without an answer */
	struct s3_http_field *headers; /* of the final answer only */
	size_t n_headers, cap_headers;
	struct buf body;
	/* The body went over the cap. For a 2xx answer this is a failure
	 * (transport = S3_TRANSPORT_TOO_LARGE); for an error answer the first
	 * body_cap bytes are kept and transport stays OK, so that the status
	 * code still tells what happened. */
	int body_truncated;
	unsigned attempts;      /* how many times the request was sent */
	/* Time of the (last) attempt from start to the end of the answer, as
	 * the transport measured it; < 0 when not measured. Requests sent
	 * together each get their own. */
	double seconds;
};

#define S3_HTTP_RESPONSE_INIT { S3_TRANSPORT_OK, NULL, 0, 0, NULL, 0, 0, BUF_INIT, 0, 0, -1.0 }

void s3_http_response_init(struct s3_http_response *r);
/* Frees everything the response holds and re-initialises it. */
void s3_http_response_clear(struct s3_http_response *r);
/* Case-insensitive lookup; the value of the first match, or NULL. */
const char *s3_http_response_header(const struct s3_http_response *r, const char *name);
/* For transports: record a header / body bytes / a transport failure. */
void s3_http_response_add_header(struct s3_http_response *r, const char *name, size_t name_len,
				 const char *value, size_t value_len);
/* Appends up to the cap; returns 0, or -1 (and sets body_truncated) when the
 * data did not fit. */
int s3_http_response_append_body(struct s3_http_response *r, const void *data, size_t n, size_t cap);
void s3_http_response_fail(struct s3_http_response *r, enum s3_transport_error e, const char *detail);
/* The typed status of a finished request: the transport fields from r, and
 * when an answer arrived, the S3 fields via s3_status_from_response()
 * (code, message, request id, region, skew...). method is the request's;
 * request_time the time it was signed with (0 = unknown); object_request
 * says whether it named an object key (a bodiless 404 is then NotFound,
 * not NoSuchBucket). st is cleared
 * first. Does not call s3_status_explain(). */
void s3_http_response_to_status(const struct s3_http_response *r, const char *method,
				time_t request_time, int object_request, struct s3_status *st);

/* The transport interface. Implementations embed this as their first member.
 *
 * perform: sends req once (no retries) and fills resp, which the caller has
 *   initialised; resp is complete when it returns, whatever happened.
 *   req and everything it points to is borrowed for the call only.
 * perform_many: the same for n independent requests, which may run
 *   concurrently; resps[i] answers reqs[i]. May be NULL (then perform is
 *   called for each in turn).
 * destroy: frees the transport; NULL is accepted by s3_transport_free. */
struct s3_transport {
	void (*perform)(struct s3_transport *t, const struct s3_http_request *req,
			struct s3_http_response *resp);
	void (*perform_many)(struct s3_transport *t, const struct s3_http_request *const *reqs,
			     struct s3_http_response *const *resps, size_t n);
	void (*destroy)(struct s3_transport *t);
};

void s3_transport_free(struct s3_transport *t);

/* libcurl transport options. */
struct s3_http_options {
	const char *ca_file;     /* extra trust anchors (PEM); NULL: system store */
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;         /* whole request, per attempt; 0: 120 s */
	const char *user_agent;  /* NULL: "rdm-s3/VERSION" */
};

/* A libcurl transport: one easy handle reused for sequential requests
 * (keep-alive), a multi handle for perform_many. The CA file is checked
 * here (readable) so that a typo is reported as such, not as a TLS error.
 * Returns NULL and fills err on failure. */
struct s3_transport *s3_transport_curl_new(const struct s3_http_options *opt, struct rdm_error *err);

/* How a libcurl result code (CURLcode) maps to a transport error; os_errno
 * is CURLINFO_OS_ERRNO (tells "refused" from other connect failures).
 * *reset is set for a connection dropped mid-request. Exposed for tests. */
enum s3_transport_error s3_http_curl_map_error(int curl_code, long os_errno, int *reset);

/* Retry policy: only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS)
 * are retried, and only on 500/502/503/504, 429, an S3 "SlowDown" answer or
 * a connection reset. Wait before retry k (1-based) is
 * min(max_delay_ms, base_delay_ms * 2^(k-1)); with an rng, the wait is drawn
 * uniformly from [wait/2, wait] ("equal jitter"). */
struct s3_retry_policy {
	unsigned max_attempts; /* tries in all, including the first; 0: 4 */
	long base_delay_ms;    /* 0: 200 */
	long max_delay_ms;     /* 0: 5000 */
	unsigned long (*rng)(void *ctx); /* NULL: fixed schedule, no jitter */
	void *rng_ctx;
	void (*sleep_ms)(void *ctx, long ms); /* NULL: nanosleep; tests record instead */
	void *sleep_ctx;
};

/* Log levels of the callback: 1 = one line per request (method, URL with
 * signatures/tokens redacted, status); 2 = each attempt, retries and waits,
 * and a few response headers. Request headers are never logged. */
typedef void (*s3_http_log_fn)(void *ctx, int level, const char *line);

/* What s3_http_run needs: a transport, a policy and an optional log. All
 * borrowed. */
struct s3_http {
	struct s3_transport *transport;
	struct s3_retry_policy retry;
	s3_http_log_fn log;     /* NULL: silent */
	void *log_ctx;
	int log_level;          /* lines with level <= this are passed on */
};

/* Runs req with retries; resp must be initialised and is filled with the
 * final attempt's answer. Returns 0 when an HTTP answer arrived (any status)
 * and -1 on a transport failure. */
int s3_http_run(const struct s3_http *h, const struct s3_http_request *req,
		struct s3_http_response *resp);

/* Runs n independent requests concurrently (where the transport can), each
 * with the same retry rules; retries of a round run together after one wait.
 * resps[i] must be initialised. Returns the number of transport failures. */
size_t s3_http_run_many(const struct s3_http *h, const struct s3_http_request *reqs,
			struct s3_http_response *resps, size_t n);

/* The policy's pieces, exposed for tests. */
int s3_http_method_idempotent(const char *method);
int s3_http_should_retry(const struct s3_http_request *req, const struct s3_http_response *resp);
long s3_http_backoff_ms(const struct s3_retry_policy *p, unsigned retry);
/* The URL as it may be logged: the values of X-Amz-Signature and
 * X-Amz-Security-Token replaced by "REDACTED" (the access key id in
 * X-Amz-Credential is not a secret and helps diagnosis). Newly allocated. */
char *s3_http_url_for_log(const char *url);

#endif
