/* From an S3 answer (or a transport failure) to a diagnosis an operator can
 * act on. The transport calls s3_status_from_response() with what it
 * received; whoever knows the context (operation, bucket, region, server
 * kind) calls s3_status_explain(), which fills st->explanation and
 * st->remedy. Nothing here prints or performs I/O. */
#ifndef RDM_S3_S3_ERROR_H
#define RDM_S3_S3_ERROR_H
#include <stddef.h>
#include <time.h>

#include "s3/model/status.h"
#include "util/error.h"

/* What kind of server we believe we talk to; makes remedies specific. The
 * one enum that names the server kind in rdm-s3 (the checks, the resolver,
 * setup and rotation use it too). */
enum s3_server_kind {
	S3_SERVER_UNKNOWN = 0,
	S3_SERVER_AWS,
	S3_SERVER_MINIO,
	S3_SERVER_CEPH,
	S3_SERVER_OTHER,   /* known not to be one of the above */
	S3_SERVER_RUSTFS,  /* the instance's own RustFS */
};

struct s3_explain_ctx {
	const char *operation;     /* "CreateBucket", "PutBucketCors", ... or NULL */
	const char *bucket;        /* or NULL */
	const char *region;        /* configured/signing region; NULL = us-east-1 */
	const char *endpoint_host; /* "localhost:9000", "s3.eu-west-1.amazonaws.com"; or NULL */
	enum s3_server_kind server;
};

/* One response header as received; names compare case-insensitively. */
struct s3_http_header {
	const char *name;
	const char *value;
};

/* What the transport received for one request. */
struct s3_response {
	const char *method;        /* "HEAD" etc.; HEAD answers never carry a body */
	long http_status;
	const struct s3_http_header *headers; /* may be NULL when n_headers == 0 */
	size_t n_headers;
	const char *body;          /* may be NULL; need not be NUL-terminated */
	size_t body_len;
	int body_truncated;        /* the body was cut at the response cap */
	time_t request_time;       /* the x-amz-date we signed with (UTC); 0 = unknown */
	int object_request;        /* the request named an object key */
};

/* Fills the S3 fields of st (http_status, code, message, request_id,
 * bucket_region, endpoint_hint, skew_seconds, body_malformed,
 * body_truncated) from an answer; leaves the transport fields alone and
 * frees any S3 fields already set. For 2xx answers only http_status and
 * request_id are set. Error bodies are parsed with s3_xml_parse_error();
 * when there is no body (HEAD, empty) the code is derived from the status:
 * 301 PermanentRedirect, 307 TemporaryRedirect, 400 BadRequest,
 * 403 Forbidden (no detail: wrong key, wrong secret or no permission),
 * 404 NoSuchBucket (or NotFound when resp->object_request is set: the key
 * or its bucket is missing), 405 MethodNotAllowed, 409 Conflict,
 * 411 MissingContentLength, 412 PreconditionFailed, 416 InvalidRange,
 * 500 InternalError, 501 NotImplemented, 503 ServiceUnavailable; other
 * statuses: NULL. A body that is not an S3 XML error leaves code NULL
 * (we do not know what S3 would have said) and sets body_malformed.
 * When body_malformed is set, st->message holds a short printable excerpt
 * of the body (an HTML page's <title> when there is one) rather than an S3
 * <Message>, so the operator sees what actually answered.
 * skew_seconds (server - request time) is set for RequestTimeTooSkewed from
 * <ServerTime>/<RequestTime>, else from the Date header and
 * resp->request_time. */
void s3_status_from_response(struct s3_status *st, const struct s3_response *resp);

/* Fills st->explanation and st->remedy (replacing earlier ones) from the
 * transport error, the HTTP status and the S3 code. ctx may be NULL. */
void s3_status_explain(struct s3_status *st, const struct s3_explain_ctx *ctx);

/* A one-line summary: "HTTP 403 SignatureDoesNotMatch (request id tx00..)"
 * or "connection refused (curl detail)". Newly allocated. */
char *s3_status_summary(const struct s3_status *st);

/* Copies a failed status into err: message = explanation (or summary when
 * s3_status_explain was not called), where = summary, remedy = remedy.
 * Returns -1 so callers can `return s3_status_to_error(st, err);`. */
int s3_status_to_error(const struct s3_status *st, struct rdm_error *err);

/* Case-insensitive header lookup; NULL when absent. */
const char *s3_header_get(const struct s3_http_header *headers, size_t n, const char *name);

/* Parses the time formats S3 uses: RFC 1123 ("Wed, 01 Mar 2023 10:00:00
 * GMT", the Date header), ISO 8601 basic ("20230301T100000Z", x-amz-date)
 * and extended ("2023-03-01T10:00:00Z", "2023-03-01T10:00:00.000Z").
 * Returns 0 and sets *out (UTC seconds), or -1. Useful for clock checks. */
int s3_time_parse(const char *s, time_t *out);

#endif
