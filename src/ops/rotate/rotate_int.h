/* Internal to ops/rotate/: where the key API is and how its calls are
 * signed (a step's "target", journaled with it), the clients, and the
 * proofs every step shares. */
#ifndef RDM_OPS_ROTATE_INT_H
#define RDM_OPS_ROTATE_INT_H

#include "ops/change/step.h"
#include "ops/rotate/rotate.h"
#include "s3/client.h"

struct rotate_target {
	enum rotate_kind kind;
	char *endpoint, *region;    /* the app's S3 endpoint (NULL: Amazon S3) */
	char *bucket;               /* the proofs' bucket */
	char *admin_endpoint;       /* the key API (IAM's endpoint; else the S3 one) */
	char *admin_region;
	char *admin_file;           /* --admin-credentials-file, or NULL: */
	int admin_root;             /* MinIO: the root credentials of the files;
	                               else the app's keys of the files (IAM) */
	char *owner;                /* the key's user (parent / uid / IAM user) */
};
void rotate_target_from_survey(struct rotate_target *t, const struct rotate_survey *sv);
void rotate_target_copy(struct rotate_target *to, const struct rotate_target *from);
void rotate_target_save(const struct rotate_target *t, struct change_fields *f);
int rotate_target_load(struct rotate_target *t, const struct change_fields *f, const char *kind,
		       struct rdm_error *err);
void rotate_target_free(struct rotate_target *t);

/* What the clients need besides the target (a step's change_ctx, or the
 * survey's options). */
struct rotate_env {
	const char *instance_dir;
	char *const *envp;
	const char *ca_file;
	long timeout_ms;
	long clock_offset;
};
void rotate_env_of_ctx(struct rotate_env *e, const struct change_ctx *ctx);

/* The client for the key API (admin credentials), or NULL with err. */
struct s3_client *rotate_admin_client(const struct rotate_target *t, const struct rotate_env *e,
				      struct rdm_error *err);
/* A client on the app's endpoint with the given key pair (held in memory),
 * or with ak NULL the app's keys as the files hold them now. */
struct s3_client *rotate_key_client(const struct rotate_target *t, const struct rotate_env *e, const char *ak,
				    const char *sk, struct rdm_error *err);

/* The proof: a signed HeadBucket and, with canary, an object written,
 * read back, compared and deleted. Retries while the key is refused as
 * unknown (a new key takes seconds to reach every IAM server) for up to
 * wait_s. 0, or -1 with st (the last failure) and *what (the operation). */
int rotate_prove(struct s3_client *cl, const char *bucket, int canary, int wait_s, struct s3_status *st,
		 const char **what);
/* Whether a failed request was refused for its key (unknown key, wrong
 * secret, inactive key), as a revoked key is. */
int rotate_refused_for_key(const struct s3_status *st);
/* Waits up to wait_s until the key pair is refused for its key: 1
 * refused, 0 still accepted (or another failure: st says). */
int rotate_wait_refused(struct s3_client *cl, const char *bucket, int wait_s, struct s3_status *st);

/* A failed call as a step's failure (the S3 explanation and remedy). */
int rotate_fail(struct change_step_result *r, const struct s3_status *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The step types (rotate_steps.c, rotate_revoke.c, rotate_prove_steps.c). */
extern const struct change_step_type rotate_step_create;
extern const struct change_step_type rotate_step_prove_config;
extern const struct change_step_type rotate_step_revoke; /* MinIO: reversible */
extern const struct change_step_type rotate_step_delete; /* RGW, IAM: irreversible */
extern const struct change_step_type rotate_step_old_rejected;

/* Their data, made by the plan. new_ak / new_sk: NULL when the server makes
 * them (IAM; RGW's secret). */
void *rotate_create_new(const struct rotate_target *t, const char *old_ak, const char *new_ak, const char *new_sk,
			int old_is_user);
void *rotate_prove_config_new(const struct rotate_target *t, const char *old_ak);
void *rotate_revoke_new(const struct rotate_target *t, const char *old_ak, int old_is_user);
void *rotate_old_rejected_new(const struct rotate_target *t, const char *old_ak);

#define ROTATE_PROVE_WAIT_S 30
#define ROTATE_REJECT_WAIT_S 30

#endif
