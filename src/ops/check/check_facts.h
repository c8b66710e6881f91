/* The facts the health checks judge: plain data, filled by a probe (see
 * struct check_probe in check_run.h), read by the verdict functions.
 *
 * One sub-struct per kind of fact, named by a CHECK_NEED_* bit. A probe
 * fills the kinds it is asked for and sets their `present` to 1; a verdict
 * that finds `present == 0` says UNKNOWN ("no data"). `latency` is in
 * seconds, < 0 when not measured.
 *
 * Ownership: every pointer in here is borrowed. The probe owns what it puts
 * in and keeps it alive until its end() call; verdicts copy what they keep.
 * S3 answers use struct s3_status (src/s3/model/status.h) as the backend fills
 * it; verdicts only read its fields. */
#ifndef RDM_OPS_CHECK_FACTS_H
#define RDM_OPS_CHECK_FACTS_H
#include <stddef.h>
#include <time.h>

#include "ops/check/check_status.h"
#include "s3/model/s3_error.h"
#include "s3/model/status.h"

/* Kinds of facts; struct check.needs is a mask of these. */
enum check_need {
	CHECK_NEED_INSTANCE = 1u << 0,
	CHECK_NEED_DNS = 1u << 1,
	CHECK_NEED_TCP = 1u << 2,
	CHECK_NEED_TLS = 1u << 3,
	CHECK_NEED_CLOCK = 1u << 4,
	CHECK_NEED_AUTH = 1u << 5,
	CHECK_NEED_BUCKET = 1u << 6,
	CHECK_NEED_REGION = 1u << 7,
	CHECK_NEED_CORS = 1u << 8,
	CHECK_NEED_PRESIGN = 1u << 9,
	CHECK_NEED_CANARY = 1u << 10,
	CHECK_NEED_MINIO_HEALTH = 1u << 11,
};
#define CHECK_NEED_ALL ((1u << 12) - 1)

/* One configuration value and where it came from. */
struct check_setting {
	const char *value; /* effective value; NULL: not set anywhere */
	const char *where; /* "invenio.cfg:73", "environment variable
	                      INVENIO_S3_ENDPOINT_URL", "default", "--endpoint";
	                      NULL: unknown */
	int secret;        /* masked in every output */
};

/* The server kind is the S3 layer's enum (s3/model/s3_error.h), one for
 * all of rdm-s3; the checks keep their short names for it. */
#define check_server s3_server_kind
#define CHECK_SERVER_UNKNOWN S3_SERVER_UNKNOWN
#define CHECK_SERVER_MINIO S3_SERVER_MINIO
#define CHECK_SERVER_AWS S3_SERVER_AWS
#define CHECK_SERVER_CEPH S3_SERVER_CEPH
#define CHECK_SERVER_OTHER S3_SERVER_OTHER

/* What is being checked; filled by the probe's begin(), always present. */
struct check_target {
	time_t now;                    /* the clock verdicts use (TLS expiry) */
	struct check_setting endpoint; /* S3 endpoint URL; value NULL: AWS default */
	const char *host;              /* endpoint host name or address; NULL: none */
	unsigned port;
	int https;
	struct check_setting bucket;
	struct check_setting region;   /* value NULL: us-east-1 (botocore's default) */
	struct check_setting access_key_id;
	const char *origin;            /* browser origin for CORS, from SITE_UI_URL
	                                  or --origin; NULL: unknown */
	/* Why there is no endpoint to probe although one was expected (the
	 * instance's files could not be read, so its S3_ENDPOINT_URL is
	 * unknown): the network checks are UNKNOWN, not run against the AWS
	 * default. NULL otherwise. */
	const char *unknown_endpoint;
	enum check_server server;
};

struct check_duplicate {
	const char *name;            /* "S3_ENDPOINT_URL" */
	const char *effective_where; /* the definition the app uses */
	const char *other_where;     /* the one it shadows */
	int differ;                  /* the two values differ */
};

/* A problem the instance engine already judged (its conflict report:
 * settings that disagree across files, secrets in tracked files, ...). */
struct check_config_problem {
	enum check_status status; /* CHECK_INFO, CHECK_WARN or CHECK_CRIT */
	const char *message;      /* never holds a secret */
	const char *where;        /* file:line, or NULL */
	const char *remedy;       /* or NULL */
};

struct check_file_mode {
	const char *path;  /* relative to the instance folder */
	unsigned mode;     /* st_mode & 07777 */
	int holds_secrets;
};

/* The instance folder's configuration, as the instance engine reads it. */
struct check_instance_facts {
	int present;
	double latency;
	int found;              /* an instance folder is in use (0: --endpoint only) */
	const char *path;
	const char *load_error; /* a file could not be read/parsed: the message,
	                           with file:line; NULL when all parsed */
	struct check_setting site_ui_url;
	struct check_setting s3_endpoint_url;
	struct check_setting s3_access_key_id;
	struct check_setting s3_secret_access_key;
	struct check_setting s3_region_name;
	struct check_setting s3_signature_version;
	struct check_setting s3_config_extra;      /* the Python literal as written */
	struct check_setting files_rest_storage_factory;
	struct check_setting file_storage;         /* .invenio [cookiecutter] file_storage */
	struct check_setting minio_root_user;      /* NULL value: no MinIO service */
	struct check_setting minio_root_password;
	struct check_setting minio_image;          /* "minio/minio:RELEASE...." */
	struct check_setting minio_cors_allow_origin; /* MINIO_API_CORS_ALLOW_ORIGIN */
	/* Content security policy: whether invenio.cfg appends S3_ENDPOINT_URL
	 * to default-src (the upstream statement), and the default-src list when
	 * it could be read (NULL-terminated; NULL when unknown). */
	int csp_appends_endpoint;
	const char *const *csp_default_src;
	const struct check_duplicate *duplicates;
	size_t n_duplicates;
	const struct check_config_problem *problems;
	size_t n_problems;
	const struct check_file_mode *files;
	size_t n_files;
	/* An interrupted change set still pending after the command tried to
	 * recover it (plan_pending_read): what it is and what the files hold,
	 * and the command that repairs it; NULL when none. state_error: the
	 * private state folder .rdm-s3 cannot be trusted or read. */
	const char *pending_change;
	const char *pending_repair;
	int pending_mixed;      /* some files of the set new, some old */
	const char *state_error;
	const char *state_remedy;
};

struct check_dns_facts {
	int present;
	double latency;
	int ok;
	const char *error;            /* the resolver's message when !ok */
	const char *const *addresses; /* numeric, NULL-terminated; may be NULL */
};

struct check_tcp_facts {
	int present;
	double latency;
	enum s3_transport_error error; /* S3_TRANSPORT_OK: connected */
	const char *detail;
	const char *address;           /* "127.0.0.1:9000" */
};

struct check_tls_facts {
	int present;
	double latency;
	int verified;          /* chain and host name verified */
	const char *verify_error;
	int have_not_after;
	time_t not_after;      /* leaf certificate notAfter */
	const char *subject;   /* optional, for messages */
};

struct check_clock_facts {
	int present;
	double latency;
	int have_date;       /* the answer carried a usable Date header */
	time_t server_date;
	time_t local_date;   /* our clock when the answer arrived */
};

/* One S3 call and its latency. */
struct check_s3_call {
	int done; /* the call was made */
	double latency;
	struct s3_status status;
};

struct check_auth_facts {
	int present;
	double latency;
	const char *operation; /* "ListBuckets": a GET, so errors carry a code */
	struct s3_status status;
};

struct check_bucket_facts {
	int present;
	double latency;
	struct s3_status status; /* HeadBucket */
	int owned;               /* listed by ListBuckets: 1 yes, 0 no, -1 unknown */
};

struct check_region_facts {
	int present;
	double latency;
	struct s3_status status; /* GetBucketLocation */
	const char *location;    /* LocationConstraint ("" = us-east-1); NULL
	                            when the call failed */
};

/* A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method)
 * and the Access-Control-* headers of the answer (NULL: absent). */
struct check_preflight {
	int done;
	struct s3_status status;
	const char *allow_origin;
	const char *allow_methods;
	const char *expose_headers;
	int expose_known; /* expose_headers was read (a preflight may not carry
	                     it; an actual response with Origin does) */
};

struct check_cors_facts {
	int present;
	double latency;
	const char *url; /* the object URL the preflights asked about */
	struct check_preflight get, put;
	/* S3_BUCKET_CORS_RULES against the bucket's live rules (GetBucketCors,
	 * asked only when the setting is written): how they differ, NULL when
	 * they agree or were not compared; where the setting is written. */
	const char *rules_drift;
	const char *rules_where;
};

struct check_presign_facts {
	int present;
	double latency;
	struct s3_status status; /* GET of the presigned URL */
	int object_expected;     /* the canary object was written first */
	int body_matches;        /* 1, 0, -1 not compared */
	const char *url_host;    /* host in the presigned URL (what browsers get) */
};

struct check_canary_facts {
	int present;
	double latency;
	const char *key;
	size_t size;
	struct check_s3_call put, get, del;
	int bytes_match; /* 1, 0, -1 not compared */
};

struct check_minio_health_facts {
	int present;
	double latency;
	struct check_s3_call live, ready;
};

struct check_facts {
	struct check_target target;
	struct check_instance_facts instance;
	struct check_dns_facts dns;
	struct check_tcp_facts tcp;
	struct check_tls_facts tls;
	struct check_clock_facts clock;
	struct check_auth_facts auth;
	struct check_bucket_facts bucket;
	struct check_region_facts region;
	struct check_cors_facts cors;
	struct check_presign_facts presign;
	struct check_canary_facts canary;
	struct check_minio_health_facts minio_health;
};

#endif
