/* Internal to ops/setup/: the instance's own server service, the endpoint
 * the draft resolves to, and the connection a step or a probe uses. */
#ifndef RDM_OPS_SETUP_INT_H
#define RDM_OPS_SETUP_INT_H

#include "instance/instance.h"
#include "ops/conn/conn.h"
#include "ops/setup/setup.h"

/* MinIO or RustFS, from the service's image and environment. */
enum setup_storage setup_service_kind(const struct instance *inst, const char *service);
/* "http://localhost:9000" from the service's published API port (the one
 * mapped to container port 9000), ${...} in the address resolved as compose
 * does; NULL when it publishes none. Allocated. */
char *setup_service_endpoint(const struct instance *inst, const char *service, char *const *envp);

/* The endpoint the draft means: given, else the own server's published
 * port, else Amazon S3's for the region (us-east-1 without one); NULL for
 * `other` without an endpoint. Allocated. */
char *setup_draft_endpoint(const struct setup_draft *d, const struct setup_survey *sv);
/* Same scheme, port and host (localhost, 127.0.0.1 and ::1 counting as one):
 * a draft endpoint equal to the current one is not rewritten. */
int setup_same_endpoint(const char *a, const char *b);

/* A resolved connection for a probe: the draft's endpoint and region, and
 * either the draft's in-memory key (given = 1) or what the instance's files
 * say now (creds_from). */
int setup_conn(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_live_opts *o,
	       int given, enum conn_creds_from creds_from, struct conn *out, struct rdm_error *err);
/* The client for it (one attempt per request: probes measure). */
struct s3_client *setup_client(const struct conn *c, const struct setup_live_opts *o, struct rdm_error *err);
/* The S3 explanation of a failed call, as a live answer's diagnosis. */
void setup_answer_fail(struct setup_live_answer *a, const struct s3_status *st, const char *what);

/* Whether bucket exists on cl and its region, into out (ok, bucket_exists,
 * region, summary; a failure's diagnosis). */
void setup_bucket_region(struct s3_client *cl, const char *bucket, struct setup_live_answer *out);

/* The remedy when MinIO/RustFS has to be (re)started by hand. */
char *setup_restart_command(const struct setup_survey *sv);

#endif
