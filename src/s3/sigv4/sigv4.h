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

/* The canonical URI of a raw (decoded) path: each byte encoded once with
 * sigv4_uri_encode(keep_slash=1); "" becomes "/". With normalize_path (the
 * generic AWS suite only), "." and ".." segments are resolved and empty
 * segments dropped first (RFC 3986 remove_dot_segments). The HTTP layer
 * sends exactly this (normalize_path=0) as the request path. */
void sigv4_canonical_uri(const char *path, int normalize_path, struct buf *out);

/* The canonical query string: names and values encoded with
 * sigv4_uri_encode(keep_slash=0), a NULL value taken as "" (bare "?cors"
 * becomes "cors="), sorted by encoded name, then encoded value, joined as
 * "n1=v1&n2=v2". Appends nothing when n == 0. The HTTP layer sends exactly
 * this after '?', so what is sent is what was signed. */
void sigv4_canonical_query(const struct sigv4_param *params, size_t n, struct buf *out);

/* "20150830T123600Z" into out[17]. `now` must lie in 1970..9999 (the
 * signing functions check this); out of range gives "". */
void sigv4_amz_date(time_t now, char out[17]);

/* Hex SHA-256 of data into out[65] ("" only if OpenSSL itself fails). */
void sigv4_sha256_hex(const void *data, size_t len, char out[65]);

/* Stage 1. Appends the canonical request to out and the signed-header list
 * ("host;x-amz-date") to signed_headers (may be NULL). The request's headers
 * are signed as given: callers add x-amz-date / x-amz-content-sha256 /
 * x-amz-security-token themselves (sigv4_sign_headers does). Header names
 * are lower-cased, values trimmed with inner blank runs folded to one
 * space; repeated names are joined with ',' in their order of appearance.
 * Returns -1 (err filled, out unchanged) when the request cannot be signed:
 * no host header, a header name that is not an HTTP token, a control
 * character (CR, LF, ...) in a value, a path not starting with '/', or a
 * payload hash that is neither 64 lower-case hex digits nor an upper-case
 * keyword such as UNSIGNED-PAYLOAD. Error texts never quote header values. */
int sigv4_canonical_request(const struct sigv4_request *req, int normalize_path,
			    struct buf *out, struct buf *signed_headers, struct rdm_error *err);

/* Stage 2: "AWS4-HMAC-SHA256\n<date>\n<scope>\n<hex sha256(creq)>". */
void sigv4_string_to_sign(const struct sigv4_signing *sg, const char *canonical_request,
			  struct buf *out);

/* Stage 3: HMAC chain (date, region, service, "aws4_request") then the
 * signature as lower-case hex into out[65]. Intermediate keys are wiped.
 * out is "" if OpenSSL fails (the signing functions report that). */
void sigv4_signature(const struct sigv4_signing *sg, const char *string_to_sign, char out[65]);

/* The key derivation of stage 3 on its own: kSigning = HMAC chain of
 * "AWS4"+secret over date8 ("20150830"), region, service, "aws4_request".
 * Returns 0, or -1 if OpenSSL fails. The caller wipes key (secure_wipe). */
int sigv4_signing_key(const char *secret_access_key, const char *date8, const char *region,
		      const char *service, unsigned char key[32]);

/* "<access key>/<date8>/<region>/<service>/aws4_request" appended to out. */
void sigv4_credential(const struct sigv4_signing *sg, struct buf *out);

/* The Authorization header value from the stage results:
 * "AWS4-HMAC-SHA256 Credential=AK/scope, SignedHeaders=sh, Signature=sig"
 * (the ", " separators are what curl, botocore and aws-c-auth send). */
void sigv4_authorization(const struct sigv4_signing *sg, const char *signed_headers,
			 const char *signature, struct buf *out);

/* Header form. Signs req plus the headers it adds itself: x-amz-date,
 * x-amz-content-sha256 (= req->payload_hash) and, with a session token
 * (a NULL or "" token means none), x-amz-security-token. Those headers and
 * "Authorization" are returned in *out, in that order, names lower-case
 * except "Authorization" (caller frees with sigv4_signed_free) for the HTTP
 * layer to send. It is an error (-1, *out empty) if req already carries one
 * of these four headers, or if the credentials, region, service or time are
 * unusable (empty, '/' or blanks in the access key, region or service;
 * time outside 1970..9999). */
struct sigv4_signed {
	struct sigv4_header *headers; /* owned: names and values allocated */
	size_t n_headers;
};
int sigv4_sign_headers(const struct sigv4_request *req, const struct sigv4_signing *sg,
		       struct sigv4_signed *out, struct rdm_error *err);
void sigv4_signed_free(struct sigv4_signed *s);

/* Query (presigned URL) form: appends the complete, encoded query string
 * of the presigned URL to out, without a leading '?': the canonical
 * (sorted) query of the request's own parameters plus X-Amz-Algorithm,
 * -Credential, -Date, -Expires, -SignedHeaders and, with a session token,
 * -Security-Token (signed, as S3 requires), then "&X-Amz-Signature=..."
 * last, as in AWS's own presigned URLs. The signed headers are req->headers
 * (at least host). The payload hash is req->payload_hash (S3 presigned URLs
 * use SIGV4_UNSIGNED_PAYLOAD). expires_seconds: 1..604800 (7 days, the
 * SigV4 maximum). It is an error if req already has an X-Amz-Algorithm,
 * -Credential, -Date, -Expires, -SignedHeaders, -Security-Token or
 * -Signature parameter (any case). On error out is unchanged. */
int sigv4_presign(const struct sigv4_request *req, const struct sigv4_signing *sg,
		  long expires_seconds, struct buf *out, struct rdm_error *err);

/* What the signer computed, for diagnosis and tests: S3 (AWS, MinIO)
 * answers SignatureDoesNotMatch with its own CanonicalRequest and
 * StringToSign, which can be compared with these. canonical_request holds
 * the session token, if any, but never the secret key. Start from
 * SIGV4_TRACE_INIT; sigv4_trace_free releases it. */
struct sigv4_trace {
	struct buf canonical_request;
	struct buf string_to_sign;
	struct buf signed_headers;
	char signature[65];
};
#define SIGV4_TRACE_INIT { BUF_INIT, BUF_INIT, BUF_INIT, "" }
void sigv4_trace_free(struct sigv4_trace *t);

/* sigv4_sign_headers / sigv4_presign that also fill *trace (replacing what
 * it held; trace may be NULL). */
int sigv4_sign_headers_traced(const struct sigv4_request *req, const struct sigv4_signing *sg,
			      struct sigv4_signed *out, struct sigv4_trace *trace,
			      struct rdm_error *err);
int sigv4_presign_traced(const struct sigv4_request *req, const struct sigv4_signing *sg,
			 long expires_seconds, struct buf *out, struct sigv4_trace *trace,
			 struct rdm_error *err);

/* aws-chunked streaming uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): the
 * signature of one chunk, chained from the previous one (the seed signature
 * of the request's Authorization header for the first chunk); the final
 * chunk is empty. String to sign: "AWS4-HMAC-SHA256-PAYLOAD\n<date>\n
 * <scope>\n<previous>\n<sha256("")>\n<sha256(chunk)>". out is "" if
 * OpenSSL fails. */
void sigv4_chunk_signature(const struct sigv4_signing *sg, const char *previous_signature,
			   const void *chunk, size_t len, char out[65]);

#endif
