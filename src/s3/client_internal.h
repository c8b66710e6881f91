/* The client's state, shared by client*.c, ops_*.c and presign.c only. */
#ifndef RDM_S3_CLIENT_INTERNAL_H
#define RDM_S3_CLIENT_INTERNAL_H

#include "s3/client.h"

struct s3_client {
	struct s3_endpoint ep;
	char *region;            /* NULL: not configured */
	char *signing_region;    /* region, else "us-east-1" */
	struct s3_credentials creds; /* strings owned; secret wiped on free */
	int anonymous;
	enum s3_addressing addressing;
	struct s3_transport *transport;
	int owns_transport;
	struct s3_http http;     /* transport + retry policy + log */
	time_t (*clock)(void *ctx);
	void *clock_ctx;
	long clock_offset;
	enum s3_server_kind server_hint; /* from the config */
	enum s3_server_kind server_seen; /* from the last Server header */
};

/* The secret key the client signs with (NULL when anonymous): for MinIO's
 * admin API, whose bodies are encrypted with a key derived from it
 * (s3/admin/). Never logged, never copied without wiping. */
const char *s3_client_secret_key(const struct s3_client *c);

/* The explanation context of an op: operation, bucket, region, host, server. */
void s3_client_explain(struct s3_client *c, const struct s3_op *op, struct s3_status *st);
/* Remembers the server kind named by the answer's Server header (every
 * answer, not only failures: s3_client_server_kind). */
void s3_client_note_server(struct s3_client *c, const struct s3_op *op);

/* A 2xx answer whose body is not what the operation expects: marks st as
 * malformed and explains it. Returns -1. */
int s3_client_bad_body(const struct s3_client *c, const struct s3_op *op, struct s3_status *st,
		       const struct rdm_error *why);

/* Runs one request described by spec: prepare, run, finish. The op is kept
 * for the caller to read the answer (free it with s3_op_free). */
int s3_client_call(struct s3_client *c, const struct s3_op_spec *spec, struct s3_op *op,
		   struct s3_status *st);

#endif
