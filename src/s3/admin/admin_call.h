/* Calls to the key-management APIs that sit beside S3 on the same signer
 * and transport: MinIO's admin API, the Ceph RGW admin ops API and Amazon
 * IAM. Each call is signed with the client's credentials (SigV4, with the
 * API's service name) and returns a typed struct s3_status like every S3
 * call: transport result, HTTP status, error code, message, request id,
 * and on failure an explanation with a remedy that names the admin
 * operation. Error bodies are JSON (MinIO, RGW) or XML (IAM).
 *
 * Answers of these APIs can hold secret keys: they are handed to the caller
 * in a buffer to be freed with buf_free_secret, and the transport's copy is
 * wiped. Nothing secret is ever put in a URL by this module's callers
 * (the HTTP log shows URLs). */
#ifndef RDM_S3_ADMIN_ADMIN_CALL_H
#define RDM_S3_ADMIN_ADMIN_CALL_H
#include <stddef.h>

#include "s3/client.h"

enum s3_admin_api {
	S3_ADMIN_MINIO, /* /minio/admin/v3/..., service "s3", JSON errors */
	S3_ADMIN_RGW,   /* /admin/..., service "s3", JSON errors */
	S3_ADMIN_IAM,   /* POST / form, service "iam", XML errors */
};

struct s3_admin_request {
	enum s3_admin_api api;
	const char *operation;   /* "AddUser", "CreateAccessKey": named in explanations */
	const char *method;
	const char *path;        /* raw, below the endpoint's prefix */
	const struct sigv4_param *params; /* query, decoded; never secrets */
	size_t n_params;
	const void *body;        /* may hold (encrypted) secrets: wiped after sending */
	size_t body_len;
	const char *content_type; /* NULL: none sent */
	const char *subject;     /* the user or key the call is about (explanations); may be NULL */
};

/* Runs the request. On a 2xx answer returns 0 and, when answer is not
 * NULL, appends the body to it (free with buf_free_secret). Otherwise
 * returns -1 with st filled and explained; answer is left alone. */
int s3_admin_call(struct s3_client *c, const struct s3_admin_request *req, struct buf *answer,
		  struct s3_status *st);

/* Fills st->code, message and request id from a JSON error body
 * ({"Code": ..., "Message": ..., "RequestId": ...}, as MinIO's admin API
 * and RGW answer). Returns 1 when the body was such a document. Exposed
 * for tests. */
int s3_admin_status_from_json(struct s3_status *st, const char *body, size_t len);

/* Explains a failed admin call (replacing what s3_status_explain said):
 * admin error codes first, then the S3 explanations. */
void s3_admin_explain(struct s3_status *st, enum s3_admin_api api, const char *operation,
		      const char *subject, const char *host, enum s3_server_kind server);

#endif
