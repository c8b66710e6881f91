/* Rotation: replace the app's S3 key without a failed request, as one
 * reviewed change (ops/change/change.h). The recipe behind
 * `rdm-s3 rotate --non-interactive` (and later the walkthrough screens).
 * No printing, no curses.
 *
 *   rotate_survey_read(dir, &o, &sv, &err);   what the app signs with today,
 *                                            where it is written, which
 *                                            server, the key's age (network)
 *   rotate_plan_build(&sv, &o, &c, &err);     the change: steps + files
 *   change_review_build / change_run          as for setup
 *
 * What the change does, per kind (ROTATE_*):
 *   1. create a second key while the first still works, and prove it (a
 *      signed request and a canary object written, read back and deleted,
 *      with the key held in memory) before anything is written;
 *   2. write the app's configuration (the engine's files step: diff,
 *      atomic writes, backups);
 *   3. MinIO/RustFS root password only: restart the service the way setup
 *      does (`docker compose --file docker-compose.yml up -d SERVICE`);
 *   4. prove the configuration as written (the keys read from the files);
 *   5. revoke the old key, then prove it is rejected.
 * A failure rolls back to the last state that worked (the new key deleted,
 * the files restored); a kill leaves a journal that `rdm-s3 rotate
 * --resume` finishes or `rdm-s3 undo` rolls back. The new secret is never
 * shown; the old one stays in memory (and in the in-flight journal, 0600)
 * only until the change ends. */
#ifndef RDM_OPS_ROTATE_H
#define RDM_OPS_ROTATE_H

#include "ops/change/change.h"
#include "ops/setup/setup.h"
#include "s3/model/s3_error.h"
#include "util/error.h"

enum rotate_kind {
	ROTATE_ROOT = 0,   /* the app signs with MinIO's/RustFS's root user: new
	                      root password in the files, restart */
	ROTATE_APP_USER,   /* --app-user: the app moves from the root user to a
	                      MinIO user of its own, with a policy limited to
	                      the bucket (no restart, now or later) */
	ROTATE_MINIO_USER, /* the app has its own MinIO user or service account:
	                      a new service account, overlap, the old revoked */
	ROTATE_RGW,        /* Ceph RGW: a second S3 key (admin ops API) */
	ROTATE_IAM,        /* Amazon S3 (or an IAM-compatible server): IAM
	                      CreateAccessKey / UpdateAccessKey / DeleteAccessKey */
	ROTATE__COUNT
};
/* "root", "app-user", "minio-user", "rgw", "iam". */
const char *rotate_kind_name(enum rotate_kind k);

struct rotate_opts {
	char *const *envp;          /* NULL: environ */
	const char *ca_file;        /* --ca-file */
	long timeout_ms;            /* per request; 0: 30 s */
	long clock_offset;
	int app_user;               /* --app-user */
	int restart_never;          /* --restart never */
	const char *admin_file;     /* --admin-credentials-file, or NULL */
};

struct rotate_survey {
	char *instance_dir;
	enum rotate_kind kind;
	enum s3_server_kind server;
	const char *server_name;    /* "MinIO", "RustFS", "Ceph RGW", "Amazon IAM" (static) */
	char *endpoint;             /* the app's S3 endpoint (NULL: Amazon S3) */
	char *region;
	char *bucket;
	char *access_key_id;        /* the app's key today */
	char *access_key_source;    /* where it is written ("S3_ACCESS_KEY_ID (.env:3)") */
	char *owner;                /* the user the key belongs to (MinIO parent
	                               user, RGW uid, IAM user name), or NULL */
	char *age;                  /* when the key was made or changed, as the
	                               server tells it, or NULL */
	char *admin_source;         /* the credentials the key calls are signed
	                               with, in words (never the secret) */
	char *service;              /* the instance's own server service, or NULL */
	int old_is_user;            /* MinIO: the app's key is a user's own (not
	                               a service account) */
	char *pending_change, *pending_resume; /* an unfinished change */
	/* Private to the plan: */
	char *old_secret;           /* wiped by rotate_survey_free */
	char *admin_endpoint;       /* where the key API is (IAM: its endpoint) */
	char *admin_region;
	enum setup_storage service_kind;
	int admin_root;             /* MinIO: the admin calls use the root
	                               credentials of the files */
};
/* Read the instance (files) and ask the server what the key is (its
 * kind, owner and age, and that it works today). Returns 0, or -1 with err
 * (no instance, a key that does not work today, a server kind that needs
 * --admin-credentials-file: err->remedy names it; *usage set to 1 when the
 * command line is what must change). */
int rotate_survey_read(const char *instance_dir, const struct rotate_opts *o, struct rotate_survey *out,
		       int *usage, struct rdm_error *err);
void rotate_survey_free(struct rotate_survey *sv);

/* What the plan decided, for the output. */
struct rotate_resolved {
	char *new_access_key_id;    /* NULL: the server makes it (IAM) */
	char *new_owner;            /* --app-user: the new MinIO user */
	char *restart_command;      /* root: the restart, or NULL */
};
void rotate_resolved_free(struct rotate_resolved *r);

/* Build the change (c initialised by the call; free it with change_free,
 * also on error). Files only: the network is used by the steps. Returns 0,
 * or -1 with err. */
int rotate_plan_build(const struct rotate_survey *sv, const struct rotate_opts *o, struct change *c,
		      struct rotate_resolved *res, struct rdm_error *err);

/* The words of the front ends: the kind in one line, and the key today
 * with the plan (the diff masked, the steps with their undo), appended to
 * out. */
const char *rotate_kind_words(enum rotate_kind k);
void rotate_review_text(const struct rotate_survey *sv, const struct rotate_resolved *res,
			const struct change_review *rv, struct buf *out);

#define ROTATE_COMMAND "rotate"
#define ROTATE_RESUME_COMMAND "rdm-s3 rotate --resume"
/* The change's in-memory secret holding the old key's secret. */
#define ROTATE_OLD_SECRET "old-secret"

#endif
