/* AWS Signature Version 4 for S3, in named stages so that each one can be
 * checked against the published test vectors:
 *
 *   request ──sigv4_canonical_request──▶ canonical request
 *           ──sigv4_string_to_sign─────▶ string to sign
 *           ──sigv4_signature──────────▶ hex signature
 *
 * sigv4_sign_headers() and sigv4_presign() run all three. The clock and the
 * credentials are inputs (struct sigv4_signing), never read from the system,
 * so tests can freeze time and inject clock skew.
 *
 * S3 rules (not the generic AWS ones): the path is URI-encoded exactly once
 * from the raw object key and never normalised ("a/../b" and "//" are kept),
 * unless `normalize_path` is set, which exists only for the generic AWS test
 * suite. Query parameters are sorted by encoded name, then encoded value. */
#ifndef RDM_S3_SIGV4_H
#define RDM_S3_SIGV4_H
#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/error.h"

#define SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
/* SHA-256 of the empty string, the payload hash of bodiless requests. */
#define SIGV4_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct s3_credentials {
	const char *access_key_id;
	const char *secret_access_key; /* secret: never logged */
	const char *session_token;     /* NULL unless temporary credentials */
};

struct sigv4_signing {
	const struct s3_credentials *creds;
	const char *region;  /* "us-east-1" */
	const char *service; /* "s3" */
	time_t now;          /* request time, UTC seconds */
	int normalize_path;  /* 0 for S3; 1 only for the generic AWS suite */
};

struct sigv4_param {    /* one query parameter, decoded (not %-encoded) */
	const char *name;
	const char *value;   /* "" for a bare "?cors" */
};

struct sigv4_header {
	const char *name;    /* any case; canonicalised to lower case */
	const char *value;   /* raw; leading/trailing blanks trimmed, inner runs folded */
};

struct sigv4_request {
	const char *method;               /* "GET", "PUT", ... */
	const char *path;                 /* raw, decoded: "/bucket/my key.txt" */
	const struct sigv4_param *params; /* may be NULL when n_params == 0 */
	size_t n_params;
	const struct sigv4_header *headers; /* must include "host" */
	size_t n_headers;
	const char *payload_hash;         /* lower-case hex SHA-256 of the body,
	                                     or SIGV4_UNSIGNED_PAYLOAD */
};

/* URI-encode per SigV4: unreserved characters (A-Z a-z 0-9 - _ . ~) as they
 * are, every other byte as %XY (upper-case hex); '/' kept when keep_slash.
 * The HTTP layer uses this too, so what is signed is exactly what is sent. */
void sigv4_uri_encode(struct buf *out, const char *s, size_t len, int keep_slash);

/* "20150830T123600Z" into out[17]. */
void sigv4_amz_date(time_t now, char out[17]);

/* Hex SHA-256 of data into out[65]. */
void sigv4_sha256_hex(const void *data, size_t len, char out[65]);

/* Stage 1. Appends the canonical request to out and the signed-header list
 * ("host;x-amz-date") to signed_headers (may be NULL). The request's headers
 * are signed as given: callers add x-amz-date / x-amz-content-sha256 /
 * x-amz-security-token themselves (sigv4_sign_headers does). */
int sigv4_canonical_request(const struct sigv4_request *req, int normalize_path,
			    struct buf *out, struct buf *signed_headers, struct rdm_error *err);

/* Stage 2: "AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256(creq)>". */
void sigv4_string_to_sign(const struct sigv4_signing *sg, const char *canonical_request,
			  struct buf *out);

/* Stage 3: HMAC chain (date, region, service, "aws4_request") then the
 * signature as lower-case hex into out[65]. Intermediate keys are wiped. */
void sigv4_signature(const struct sigv4_signing *sg, const char *string_to_sign, char out[65]);

/* Header form. Signs req plus the headers it adds itself: x-amz-date,
 * x-amz-content-sha256 (= req->payload_hash) and, with a session token,
 * x-amz-security-token. Those headers and "Authorization" are returned in
 * *out (caller frees with sigv4_signed_free) for the HTTP layer to send. */
struct sigv4_signed {
	struct sigv4_header *headers; /* owned: names and values allocated */
	size_t n_headers;
};
int sigv4_sign_headers(const struct sigv4_request *req, const struct sigv4_signing *sg,
		       struct sigv4_signed *out, struct rdm_error *err);
void sigv4_signed_free(struct sigv4_signed *s);

/* Query (presigned URL) form: appends the complete, encoded, sorted query
 * string of the presigned URL (the request's own parameters plus
 * X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders,
 * [-Security-Token], -Signature) to out, without a leading '?'. The payload
 * hash is req->payload_hash (S3 presigned URLs use SIGV4_UNSIGNED_PAYLOAD).
 * expires_seconds: 1..604800 (7 days, the SigV4 maximum). */
int sigv4_presign(const struct sigv4_request *req, const struct sigv4_signing *sg,
		  long expires_seconds, struct buf *out, struct rdm_error *err);

#endif
