/* Pieces shared by the sigv4*.c files; not for use outside src/s3/sigv4*. */
#ifndef RDM_S3_SIGV4_INTERNAL_H
#define RDM_S3_SIGV4_INTERNAL_H
#include <stddef.h>

#include "s3/sigv4/sigv4.h"

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SIGV4_TERMINATOR "aws4_request"

/* Canonical header block ("name:value\n" per distinct name, sorted) into
 * canon and the signed-header list into signed_names (either may be NULL).
 * Returns -1 with err filled on an unsignable header set. */
int sigv4_headers_canonical(const struct sigv4_header *headers, size_t n, struct buf *canon,
			    struct buf *signed_names, struct rdm_error *err);

/* Checks what stage 1 needs from req apart from the headers (method, path,
 * params, payload hash). */
int sigv4_request_check(const struct sigv4_request *req, struct rdm_error *err);

/* Stage 1 from pre-canonicalised headers, with params in place of
 * req->params (presigning adds the X-Amz-* ones). */
void sigv4_creq_build(const struct sigv4_request *req, const struct sigv4_param *params,
		      size_t n_params, int normalize_path, const char *canon_headers,
		      const char *signed_headers, struct buf *out);

/* Checks credentials, region, service and time before signing. */
int sigv4_signing_check(const struct sigv4_signing *sg, struct rdm_error *err);

/* "<date8>/<region>/<service>/aws4_request" appended to out. */
void sigv4_scope(const struct sigv4_signing *sg, struct buf *out);

/* Case-insensitive ASCII comparison of a NUL-terminated name. */
int sigv4_name_is(const char *name, const char *want);

#endif
