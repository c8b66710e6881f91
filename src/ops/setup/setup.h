/* Setup: from an instance as it is (CHANGE_ME placeholders, a MinIO
 * service, another S3 server) to working, verified S3 storage, as one
 * reviewed change (ops/change/change.h). The recipe behind both front ends:
 * `rdm-s3 setup --non-interactive` and the wizard. No printing, no curses.
 *
 *   setup_survey_read(dir, envp, &sv, &err);     what the instance uses today
 *   setup_draft_init(&d); setup_draft_defaults(&d, &sv);  the safe answers
 *   ... the front end edits d (flags, or the wizard's screens) ...
 *   setup_field_validate(&d, &sv, SETUP_F_BUCKET, &fc);   text under a field
 *   setup_live_auth(&d, &sv, &lo, &ans);         live: prove the typed key
 *   setup_plan_build(&d, &sv, &po, &c, &res, &err);  the change (network:
 *                                                   run it on a worker)
 *   change_review_build(&c, &review);            diff (masked) + steps
 *   change_run(&c, &ro, &outcome, &err);          apply, progress, cancel
 *   setup_verify_report(&c)                       the checks' report
 *
 * A local-storage instance (cookiecutter file_storage = local): the survey
 * says so in sv.local (is_local, where the files are and how many, the
 * sentences to show: found, meaning[], migrate); a front end shows them
 * before its first question, and the plan switches the instance to S3
 * with the cookiecutter's S3 blocks (setup_switch.c) before the usual edits.
 *
 * Everything here may block on the network (bounded by timeouts) except
 * the survey, the draft and validation, which only read files or memory.
 * Separate calls share nothing, so a worker thread may run one while the
 * screen thread validates fields. */
#ifndef RDM_OPS_SETUP_H
#define RDM_OPS_SETUP_H
#include <stddef.h>

#include "ops/change/change.h"
#include "ops/check/check_run.h"
#include "s3/model/s3_error.h"
#include "util/error.h"

enum setup_storage {
	SETUP_STORAGE_MINIO = 0, /* the instance's own MinIO container (service `s3`) */
	SETUP_STORAGE_RUSTFS,    /* the instance's own RustFS container */
	SETUP_STORAGE_AWS,       /* Amazon S3 */
	SETUP_STORAGE_OTHER,     /* another S3-compatible server: Ceph RGW, Garage, ... */
	SETUP_STORAGE__COUNT
};
/* "minio", "rustfs", "aws", "other" (the --storage words). */
const char *setup_storage_name(enum setup_storage s);
/* One line for a screen ("the instance's own MinIO container"). */
const char *setup_storage_summary(enum setup_storage s);
/* 0 and *out, or -1 for an unknown word. */
int setup_storage_parse(const char *word, enum setup_storage *out);
/* MinIO and RustFS: a server that is part of the instance (its compose
 * service, root credentials in its files, restarted by setup). */
int setup_storage_is_own_server(enum setup_storage s);

enum setup_creds_in {
	SETUP_CREDS_ENV = 0,     /* .env as INVENIO_S3_* (recommended: 0600, git-ignored) */
	SETUP_CREDS_CFG,         /* invenio.cfg (local development) */
};
enum setup_restart {
	SETUP_RESTART_AUTO = 0,  /* `docker compose --file docker-compose.yml up -d SERVICE` */
	SETUP_RESTART_NEVER,     /* print the command, stop before the steps that
	                            need the new credentials (resume after) */
};
enum setup_files_location {
	SETUP_LOCATION_RUN = 0,  /* run `invenio files location create ...` */
	SETUP_LOCATION_PRINT,    /* print the command for the operator */
	SETUP_LOCATION_SKIP,     /* neither */
};
/* How the instance runs its app, hence `invenio`. */
enum setup_runner {
	SETUP_RUNNER_PIPENV = 0, /* `pipenv run invenio ...` in the instance folder */
	SETUP_RUNNER_UV,         /* `uv run --no-sync invenio ...` */
	SETUP_RUNNER_CONTAINER,  /* `docker compose --file docker-compose.full.yml
	                            exec -T web-api invenio ...` */
};

/* --- a local-storage instance (cookiecutter file_storage = local) ------ */
/* Where the app's Python dependencies are declared (invenio-app-rdm's s3
 * extra is needed to import invenio_s3). */
enum setup_deps {
	SETUP_DEPS_NONE = 0,     /* neither file: nothing to add */
	SETUP_DEPS_PIPFILE,      /* Pipfile (pipenv) */
	SETUP_DEPS_PYPROJECT,    /* pyproject.toml (uv) */
};
/* What setup found about files stored on the app's own disk, and the
 * words a front end shows before any question (the wizard's survey screen
 * and the command line print them as they are). */
struct setup_local {
	int is_local;            /* the app stores files locally: no
	                            FILES_REST_STORAGE_FACTORY or invenio-files-rest's
	                            pyfs one (setup switches it to S3) */
	int ini_local;           /* .invenio [cookiecutter] file_storage = local */
	char *folder;            /* <instance_path>/data (.invenio.private), or NULL */
	long n_files;            /* regular files found there; -1 unknown */
	int n_files_more;        /* counting stopped at a limit: "more than n_files" */
	char *volume;            /* the app containers' volume on
	                            /opt/invenio/var/instance/data
	                            (docker-compose.full.yml), or NULL */
	char *service_endpoint;  /* where the s3 service setup adds for MinIO or
	                            RustFS will listen (its port 9000 as the
	                            cookiecutter publishes it): "http://localhost:9000" */
	enum setup_deps deps;    /* where invenio-app-rdm is required */
	int deps_have_s3;        /* its s3 extra is there already */
	char *install_command;   /* "pipenv lock && pipenv sync", "uv lock && uv sync" */
	char *found;             /* "files are stored locally in X; N files" */
	char **meaning;          /* what switching to S3 means, one sentence each */
	size_t n_meaning;
	char *migrate;           /* how to move the old files (setup does not) */
};

/* --- what the instance uses today ------------------------------------- */
struct setup_survey {
	char *instance_dir;
	char *project;              /* .invenio project_shortname, or NULL */
	int file_storage_s3;        /* .invenio [cookiecutter] file_storage = S3 */
	int uses_invenio_s3;        /* FILES_REST_STORAGE_FACTORY is invenio-s3's */
	enum setup_storage kind;    /* what the app's endpoint is: the own server,
	                               Amazon S3, or another (best guess) */
	/* The instance's own server service, if any: */
	char *service;              /* "s3", or NULL */
	enum setup_storage service_kind; /* MINIO or RUSTFS */
	char *service_endpoint;     /* from its published API port:
	                               "http://localhost:9000", or NULL */
	char *root_user;            /* its root user (MINIO_ROOT_USER / RUSTFS_ACCESS_KEY) */
	int root_user_placeholder;  /* CHANGE_ME (or unset: the server's default) */
	int root_password_placeholder;
	char *cors_allow_origin;    /* MINIO_API_CORS_ALLOW_ORIGIN, or NULL */
	int app_uses_root;          /* the app signs with the root user */
	/* The app's settings as it gets them, each with where it comes from: */
	char *endpoint, *endpoint_where;
	char *region;
	char *bucket;               /* .invenio [rdm-s3] bucket, else "default" */
	char *access_key_id, *access_key_where;
	int access_key_placeholder, secret_placeholder;
	enum setup_creds_in creds_in; /* where the app's keys live now */
	char *site_url, *site_url_where; /* SITE_UI_URL */
	char *origin;               /* the site's origin (scheme://host[:port]) */
	int client_compat;          /* S3_CONFIG_EXTRA asks for checksums only when required */
	enum setup_runner runner;
	/* "S3_SECRET_ACCESS_KEY (invenio.cfg:75)", one per CHANGE_ME still there. */
	char **placeholders;
	size_t n_placeholders;
	char *pending_change;       /* an unfinished change (journal id), or NULL */
	char *pending_resume;       /* and the command that finishes it */
	/* Files stored locally (is_local): setup switches the instance to S3
	 * with the cookiecutter's S3 blocks, and adds the s3 service for
	 * MinIO / RustFS (then `service` above is NULL until it is added). */
	struct setup_local local;
};
/* Read the instance (files only; no network). Returns 0, or -1 with err
 * (no instance there, a file that cannot be parsed: file:line and fix). */
int setup_survey_read(const char *instance_dir, char *const *envp, struct setup_survey *out,
		      struct rdm_error *err);
void setup_survey_free(struct setup_survey *sv);

/* --- the draft: the operator's choices, edited by a front end --------- */
struct setup_draft {
	enum setup_storage storage;     /* SETUP_STORAGE__COUNT: not chosen yet */
	char *endpoint;             /* NULL: derived (own server: its published
	                               port; aws: https://s3.REGION.amazonaws.com) */
	char *region;               /* NULL: none (aws: detected from the bucket) */
	char *bucket;               /* NULL: "default" */
	char *access_key_id;        /* own server: the root user; else the key id */
	char *secret;               /* held in memory only; wiped by setup_draft_free */
	int secret_generated;       /* secret came from setup_draft_generate_secret */
	enum setup_creds_in creds_in;
	char **cors_origins;        /* browser origins for CORS; none: the site's */
	size_t n_cors_origins;
	char *site_url;             /* NULL: keep SITE_UI_URL */
	enum setup_restart restart;
	enum setup_files_location files_location;
	char *location_name;        /* NULL: "s3-default" */
};
void setup_draft_init(struct setup_draft *d);
void setup_draft_free(struct setup_draft *d);   /* wipes the secret */
/* Replace a string field (copied; NULL clears). For the secret use
 * setup_draft_set_secret, which wipes the old value. */
void setup_draft_set(char **field, const char *value);
void setup_draft_set_secret(struct setup_draft *d, const char *secret);
void setup_draft_add_origin(struct setup_draft *d, const char *origin);
void setup_draft_clear_origins(struct setup_draft *d);
/* A strong random secret (40 characters [A-Za-z0-9], ~238 bits) into
 * d->secret; secret_generated = 1. -1 with err when the kernel has no
 * randomness to give. */
int setup_draft_generate_secret(struct setup_draft *d, struct rdm_error *err);
/* Fill what the front end has not chosen with the safe, common answers for
 * this instance: the storage it uses today (its own MinIO when it has
 * one), its bucket or "default", the root user kept unless CHANGE_ME (then
 * "rdm-admin"), credentials in .env, the site's origin for CORS, restart
 * and files location on. Fields already set are kept. No secret is made
 * here: a front end that wants one generated (the root password is still
 * CHANGE_ME) calls setup_draft_generate_secret. */
void setup_draft_defaults(struct setup_draft *d, const struct setup_survey *sv);

/* --- validation, field by field (what the screen shows under a field) - */
enum setup_field {
	SETUP_F_STORAGE = 0,
	SETUP_F_ENDPOINT,
	SETUP_F_REGION,
	SETUP_F_BUCKET,
	SETUP_F_ACCESS_KEY_ID,
	SETUP_F_SECRET,
	SETUP_F_CREDS_IN,
	SETUP_F_CORS_ORIGINS,
	SETUP_F_SITE_URL,
	SETUP_F_RESTART,
	SETUP_F_FILES_LOCATION,
	SETUP_F__COUNT
};
enum setup_level { SETUP_OK = 0, SETUP_WARN, SETUP_ERROR };
struct setup_field_check {
	enum setup_level level;     /* ERROR: the value cannot be used */
	char *message;              /* one line for under the field, or NULL when OK */
};
void setup_field_check_free(struct setup_field_check *fc);
/* Judge one field of the draft in the light of the survey (no network).
 * Returns fc->level. Examples: a bucket name against the AWS rules, an
 * endpoint without http(s)://, a MinIO password under 8 characters, no
 * region for Amazon S3 (a warning: it is detected from the bucket), an
 * endpoint on loopback while SITE_UI_URL is public (a warning: browsers
 * get presigned URLs for that host). */
enum setup_level setup_field_validate(const struct setup_draft *d, const struct setup_survey *sv,
				      enum setup_field f, struct setup_field_check *fc);
/* Every field; the first error in field order (its message in err, the
 * field in *bad), 0 when none. For `--non-interactive` (exit 64 naming
 * setup_field_flag(*bad)). */
int setup_draft_validate(const struct setup_draft *d, const struct setup_survey *sv, enum setup_field *bad,
			 struct rdm_error *err);
/* The command-line flag of a field ("--endpoint"), the screen label
 * ("Endpoint"). */
const char *setup_field_flag(enum setup_field f);
const char *setup_field_label(enum setup_field f);

/* --- live questions (network, bounded; run them on a worker) ---------- */
struct setup_live_opts {
	char *const *envp;          /* NULL: environ */
	const char *ca_file;        /* --ca-file (wins over S3_CA_BUNDLE) */
	long timeout_ms;            /* per request; 0: 10 s */
	long clock_offset;
};
struct setup_live_answer {
	int ok;                     /* the answer to the question is yes/known */
	char *summary;              /* one line ("accepted by Ceph RGW; 3 buckets") */
	char *diagnosis, *remedy;   /* when not ok: the S3 explanation */
	enum s3_server_kind server; /* what the server turned out to be */
	char **buckets;             /* setup_live_buckets */
	size_t n_buckets;
	int bucket_exists;          /* setup_live_region: 1 yes, 0 no, -1 unknown */
	char *region;               /* setup_live_region: the bucket's real region */
};
void setup_live_answer_free(struct setup_live_answer *a);
/* Prove the draft's credentials (held in memory, written nowhere) against
 * the draft's endpoint and region: a signed ListBuckets. Not ok: wrong
 * secret, unknown key, clock skew, endpoint unreachable ... with the
 * diagnosis and remedy of the checks. A draft without a secret for the
 * key the app uses now (another server) means "keep it": the app's keys
 * as the files hold them are tried (also by the plan's probe). Returns 0
 * (see out->ok). */
int setup_live_auth(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_live_opts *o,
		    struct setup_live_answer *out);
/* The instance's own server (MinIO / RustFS, its published port): does it
 * accept the root credentials its files hold today (a signed ListBuckets)?
 * Not ok: refused (the server runs with other credentials: not restarted
 * since they changed), unreachable (not running) ..., with the diagnosis
 * and remedy. An instance without its own server: not ok, the summary
 * says so. Returns 0 (see out->ok). */
int setup_live_today(const struct setup_survey *sv, const struct setup_live_opts *o, struct setup_live_answer *out);
/* The buckets these credentials see (for the wizard's list). */
int setup_live_buckets(const struct setup_draft *d, const struct setup_survey *sv,
		       const struct setup_live_opts *o, struct setup_live_answer *out);
/* Whether bucket exists and in which region (HeadBucket's
 * x-amz-bucket-region, else GetBucketLocation). */
int setup_live_region(const struct setup_draft *d, const struct setup_survey *sv, const char *bucket,
		      const struct setup_live_opts *o, struct setup_live_answer *out);

/* The bucket CORS rules setup puts (previews: GET, HEAD; the uploader's
 * part PUTs) for the draft's origins, as the JSON array `rdm-s3 cors set`
 * and S3_BUCKET_CORS_RULES take. Allocated. */
char *setup_cors_rules_json(const struct setup_draft *d);

/* --- the plan ---------------------------------------------------------- */
struct setup_opts {
	struct setup_live_opts live; /* for the probes the plan needs */
	int probe;                  /* 1: ask the server (bucket there? its
	                               region and CORS rules, today's
	                               credentials accepted?); 0: plan offline
	                               (tests of the file edits only) */
	int verify;                 /* 1: end with the health checks (a step) */
};
/* What the plan decided, for the output (--json) and the review screen. */
struct setup_resolved {
	enum setup_storage storage;
	char *endpoint;             /* the endpoint the app will use */
	char *region;               /* the region (NULL: none) */
	char *region_given;         /* when the bucket's real region differs: the
	                               one asked for (the real one is used) */
	char *bucket;
	int bucket_exists;          /* 1, 0, -1 unknown (offline) */
	char *access_key_id;
	int secret_generated;
	char *origins;              /* the CORS origins, comma-separated */
	char *restart_command;      /* "docker compose --file docker-compose.yml up -d s3", or NULL */
	char *location_command;     /* "pipenv run invenio files location create ...", or NULL */
	int client_compat;          /* S3_CONFIG_EXTRA checksums when_required */
};
void setup_resolved_free(struct setup_resolved *r);

/* Build the change: every file edit (through the config keys, so setup and
 * `config set` write alike) and the server steps, in the computed order.
 * Needs a valid draft (setup_draft_validate). With o->probe the server is
 * asked first: refused credentials, an unreachable endpoint or a bucket
 * name taken by another account fail here, before anything is written.
 * c is initialised by the call (free it with change_free, also on error);
 * res likewise. Returns 0, or -1 with err. */
int setup_plan_build(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		     struct change *c, struct setup_resolved *res, struct rdm_error *err);

/* A part of setup: only the edits named (setup_edit.h's names: "bucket-step",
 * "credentials", "restart", "minio-cors", "client-compat", "cors-rules",
 * "cors-step", "verify" ...; NULL-terminated), in the table's order, as a
 * change recorded under `command` and resumed with `resume_command` (NULL:
 * undone with `rdm-s3 undo` only). The draft is validated for the fields
 * those edits use: the endpoint and bucket always, the credentials when
 * "credentials" is named. The dashboard's fixes (ops/fix/fix.h) are built
 * with it. As setup_plan_build otherwise. */
int setup_plan_build_only(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
			  const char *const *edits, const char *command, const char *resume_command,
			  struct change *c, struct setup_resolved *res, struct rdm_error *err);

/* The health checks' report of a run change (its verify step), or NULL
 * when the change had none or it did not run. Owned by the change. */
const struct check_report *setup_verify_report(const struct change *c);

/* The command the change resumes with. */
#define SETUP_RESUME_COMMAND "rdm-s3 setup --resume"
#define SETUP_COMMAND "setup"
#define SETUP_DEFAULT_BUCKET "default"
#define SETUP_DEFAULT_LOCATION "s3-default"
#define SETUP_DEFAULT_ROOT_USER "rdm-admin"
/* The API port the cookiecutter's s3 service publishes. */
#define SETUP_LOCAL_PORT "${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9000:9000"

#endif
