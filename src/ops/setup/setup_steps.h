/* Setup's server steps (change_step_type values, ops/change/step.h), each
 * in its own file, and how they connect: with the endpoint and region the
 * change decided, and the credentials the instance's files hold when the
 * step runs (the change's order makes that the right ones: today's before
 * the files are written, the new ones after the restart).
 *
 *   setup-bucket     create the bucket (region-aware); undo: delete it
 *                    again if setup created it and it is still empty
 *   setup-cors       put bucket CORS rules; undo: the previous rules back
 *                    (or none)
 *   setup-restart    `docker compose --file docker-compose.yml up -d SERVICE`
 *                    so MinIO/RustFS reads its new files, then wait until it
 *                    accepts the root credentials the files hold; with
 *                    --restart never it stops instead (resume after a
 *                    restart by hand); undo: the same after the files are
 *                    restored
 *   setup-location   `invenio files location create NAME s3://BUCKET --default`
 *                    the way the instance runs invenio; irreversible
 *   setup-verify     the health checks (advisory: a failure is reported,
 *                    not rolled back) */
#ifndef RDM_OPS_SETUP_STEPS_H
#define RDM_OPS_SETUP_STEPS_H

#include "ops/change/step.h"
#include "ops/conn/conn.h"
#include "ops/setup/setup.h"

extern const struct change_step_type setup_step_bucket;
extern const struct change_step_type setup_step_cors;
extern const struct change_step_type setup_step_restart;
extern const struct change_step_type setup_step_location;
extern const struct change_step_type setup_step_verify;

/* Where a step connects. */
struct step_conn {
	char *endpoint;
	char *region;  /* NULL: none */
	int root;      /* the server's root credentials (else the app's keys) */
};
void step_conn_init(struct step_conn *c, const char *endpoint, const char *region, int root);
void step_conn_save(const struct step_conn *c, struct change_fields *f);
int step_conn_load(struct step_conn *c, const struct change_fields *f, const char *kind, struct rdm_error *err);
void step_conn_free(struct step_conn *c);
/* Resolve (instance files as they are now) and make the client; r says why
 * on failure. */
struct s3_client *step_client(const struct step_conn *sc, const struct change_ctx *ctx,
			      struct change_step_result *r);
/* A failed S3 call as the step's failure (the S3 explanation and remedy). */
int step_fail(struct change_step_result *r, const struct s3_status *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "with the credentials that work today" / "with the new credentials" ... */
const char *step_conn_words(const struct step_conn *c, enum change_phase phase);

/* The steps' data, made by the plan builder (setup_edits.c). */
void *setup_bucket_new(const struct step_conn *c, const char *bucket);
void *setup_cors_new(const struct step_conn *c, const char *bucket, const char *rules_json,
		     const char *previous_json);
void *setup_restart_new(const struct step_conn *c, const char *service, enum setup_storage kind, int manual);
void *setup_location_new(enum setup_runner runner, const char *name, const char *bucket);
void *setup_verify_new(const char *bucket);
/* The command a runner runs invenio with, + args (argv, NULL-terminated;
 * free the array only: the strings are static or borrowed). */
const char **setup_invenio_argv(enum setup_runner runner, const char *const *args);
/* The verify step's report (NULL before it ran). */
const struct check_report *setup_verify_data_report(const void *data);

#endif
