/* The effective storage configuration of an instance: for every setting,
 * the value in effect, where it comes from, every other place that sets it,
 * and the problems found across the files (conflicts).
 *
 * Precedence for the application's settings (S3_*, FILES_REST_*, SITE_*):
 *   1. the process environment, INVENIO_<NAME> (invenio-config applies
 *      INVENIO_* variables over invenio.cfg; an empty value is ignored);
 *   2. .env, INVENIO_<NAME> (`pipenv run`, which invenio-cli uses to run the
 *      app locally, loads .env into the environment; docker compose reads it
 *      to interpolate ${…} in the compose files);
 *   3. the `app` service of docker-services.yml, INVENIO_<NAME> (what the
 *      containers get; ${VAR} references are resolved like compose does:
 *      process environment, then .env, then the :- default);
 *   4. invenio.cfg, the last top-level assignment of NAME;
 *   5. the built-in default of invenio-s3 / invenio-files-rest.
 * Local runs and containers can disagree (2 vs 3); when two places set
 * different values that is reported as a conflict, naming both places.
 * rdm-s3 assumes the environment it runs in is the one the app gets; a
 * variable exported in the shell therefore wins over .env (pipenv may load
 * .env over it: the conflict report covers that case too).
 *
 * MinIO settings come from the MinIO service of docker-services.yml (the one
 * named `s3`, see compose_doc_find_minio), overridden by services extending
 * it in docker-compose*.yml; ${VAR} references are resolved as above; unset
 * root credentials are MinIO's built-in `minioadmin`. A service that runs
 * RustFS (image rustfs/..., or RUSTFS_ACCESS_KEY in its environment) is the
 * instance's own server the same way: SET_MINIO_ROOT_USER / _PASSWORD read
 * RUSTFS_ACCESS_KEY / RUSTFS_SECRET_KEY (and are named so), without a
 * built-in default, and the MinIO-only settings stay unset.
 *
 * The bucket is rdm-s3's own record in .invenio, section [rdm-s3], key
 * `bucket` (the files location itself lives in the database); absent →
 * `default`, which is what invenio-cli creates for S3 projects (s3://default).
 *
 * Secret values (S3_SECRET_ACCESS_KEY, MINIO_ROOT_PASSWORD) are stored here
 * in clear for the editors and checks; callers mask them when printing
 * (settings_display_value), and no conflict message ever contains one. */
#ifndef RDM_INSTANCE_SETTINGS_H
#define RDM_INSTANCE_SETTINGS_H
#include <stddef.h>

#include "instance/instance.h"
#include "instance/origin.h"
#include "util/error.h"

enum setting_id {
	SET_S3_ENDPOINT_URL = 0,
	SET_S3_REGION_NAME,
	SET_S3_ACCESS_KEY_ID,
	SET_S3_SECRET_ACCESS_KEY,
	SET_S3_SIGNATURE_VERSION,
	SET_S3_CONFIG_EXTRA,
	SET_S3_URL_EXPIRATION,
	SET_S3_CA_BUNDLE,        /* CA file boto verifies TLS with (invenio-s3 >= 3.1) */
	SET_S3_BUCKET_CORS_RULES, /* rules `invenio s3 create-bucket` puts (invenio-s3 >= 3.1) */
	SET_FILES_REST_STORAGE_FACTORY,
	SET_SITE_UI_URL,
	SET_SITE_API_URL,
	SET_CSP_APPEND,          /* the CSP append statement in invenio.cfg */
	SET_MINIO_IMAGE,
	SET_MINIO_PORTS,         /* the ports joined with ", " */
	SET_MINIO_ROOT_USER,
	SET_MINIO_ROOT_PASSWORD,
	SET_MINIO_CORS,          /* MINIO_API_CORS_ALLOW_ORIGIN */
	SET_MINIO_REGION,        /* MINIO_SITE_REGION (or legacy MINIO_REGION) */
	SET_FILE_STORAGE,        /* .invenio [cookiecutter] file_storage */
	SET_BUCKET,              /* .invenio [rdm-s3] bucket */
	SET__COUNT
};

enum setting_group { SETGROUP_APP, SETGROUP_MINIO, SETGROUP_INSTANCE };

enum setting_src {
	SRC_PROCESS_ENV = 0, /* INVENIO_* / MINIO_* exported where rdm-s3 runs */
	SRC_DOTENV,          /* .env */
	SRC_APP_SERVICE,     /* docker-services.yml `app` service environment */
	SRC_CFG,             /* invenio.cfg */
	SRC_OVERLAY,         /* a docker-compose*.yml service extending MinIO's */
	SRC_MINIO_SERVICE,   /* docker-services.yml MinIO service */
	SRC_INI,             /* .invenio */
	SRC_DEFAULT,         /* built-in default */
};

/* One place that sets a setting. */
struct setting_source {
	enum setting_src kind;
	char *value;   /* what it sets (decoded, ${…} resolved); NULL when it
			  cannot be known without running Python or compose */
	char *raw;     /* as written when it differs ("${MINIO_ROOT_USER}", a
			  Python expression), else NULL */
	char *via;     /* for a resolved reference: "${VAR} at docker-services.yml:68" */
	struct inst_origin origin;
	int editable;  /* a simple literal rdm-s3 may rewrite in place */
	/* INVENIO_* values (environment, .env, app service) only: invenio-config
	 * runs ast.literal_eval on them (instance/pycfg/pyliteral.h). NULL: the
	 * text stays as written. Else Python's type of the result ("str" for a
	 * quoted string, "int", "dict", ...), "TypeError" (the app does not
	 * start) or "unknown" (only Python can tell); value is then str() of
	 * the result where rdm-s3 knows it (the string, an int's decimal
	 * digits, True, None), else the text as written. */
	const char *pytype;
	char *written; /* the text before evaluation, when value differs from it */
	int empty_env; /* SRC_CFG evaluated because INVENIO_<NAME> is set but empty */
};

struct setting {
	enum setting_id id;
	const char *name;   /* "S3_ENDPOINT_URL", "MINIO_ROOT_USER", "bucket" … */
	enum setting_group group;
	int secret;
	/* Every place, highest precedence first; sources[winner] is in effect.
	 * n_sources 0 / winner SIZE_MAX: not set anywhere and no default. */
	struct setting_source *sources;
	size_t n_sources;
	size_t winner;
	const char *note;   /* static: what "not set" means ("boto3 uses us-east-1") */
};

enum conflict_level { CONFLICT_INFO = 0, CONFLICT_WARNING, CONFLICT_ERROR };

struct setting_conflict {
	enum conflict_level level;
	enum setting_id about; /* the main setting concerned */
	char *message;         /* never contains a secret value */
	char *where;           /* file:line or environment variable, or NULL */
	char *remedy;          /* or NULL */
};

struct settings {
	struct setting v[SET__COUNT];
	char *minio_service;   /* name of the MinIO service, NULL when none */
	int rustfs;            /* that service runs RustFS (Invenio's newer S3
	                          server): its root credentials are RUSTFS_ACCESS_KEY
	                          / RUSTFS_SECRET_KEY (the MINIO_ROOT_* settings
	                          carry those names then) */
	struct inst_origin minio_origin; /* its line in docker-services.yml */
	char *app_service;     /* "app" when docker-services.yml has it, else NULL */
	struct setting_conflict *conflicts;
	size_t n_conflicts, cap_conflicts;
	/* Secrets in files under version control: 1 yes, 0 no, -1 unknown. */
	int git_state;         /* 1 a git work tree, 0 not one, -1 unknown */
};

struct settings_opts {
	char *const *envp;     /* the process environment (NULL: none) */
	int check_git;         /* run git to see which files are tracked */
};

/* The configuration as `rdm-s3 config show` prints it (settings_text.c):
 * appended to out; secrets masked unless reveal. shown_dir: the instance
 * folder as the first line names it (NULL: inst->dir). */
void settings_text(struct buf *out, const struct instance *inst, const struct settings *s, int reveal,
		   const char *shown_dir);

/* Read the effective configuration from the instance's working copies. */
int settings_read(struct settings *s, const struct instance *inst, const struct settings_opts *o,
		  struct rdm_error *err);
void settings_free(struct settings *s);

/* Does the app's endpoint point at this instance's MinIO service? Its
 * service name (or "minio") as the host, or a loopback host with the port
 * that the service publishes for MinIO's API (9000 in the container); a
 * loopback host is taken for MinIO when the published port is not known. */
int settings_app_uses_minio(const struct settings *s);

/* The value in effect, or NULL. */
const char *settings_value(const struct settings *s, enum setting_id id);
/* The source in effect, or NULL. */
const struct setting_source *settings_winner(const struct settings *s, enum setting_id id);
/* The source of `kind`, or NULL. */
const struct setting_source *settings_source(const struct settings *s, enum setting_id id, enum setting_src kind);
/* The value as it may be shown: masked for secrets (unless show_secrets),
 * "(not set)" / "(computed: EXPR)" otherwise. Newly allocated. */
char *settings_display_value(const struct setting *st, int show_secrets);
/* The same for one source of st (the winner or one it overrides). */
char *settings_source_display(const struct setting *st, const struct setting_source *src, int show_secrets);
/* "invenio.cfg:72", "environment variable INVENIO_S3_ENDPOINT_URL",
 * ".env:3 (via ${VAR} at docker-services.yml:68)", "default". Allocated. */
char *settings_describe_source(const struct setting_source *src);
const char *settings_src_name(enum setting_src kind);
/* Does the app's endpoint point at this instance's MinIO service (host
 * localhost, 127.0.0.1, [::1], minio or the service's name)? */
int settings_app_uses_minio(const struct settings *s);
const char *conflict_level_name(enum conflict_level l);

/* Internal to settings*.c: add a conflict. */
void settings_add_conflict(struct settings *s, enum conflict_level level, enum setting_id about,
			   const struct inst_origin *where, const char *remedy, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
