/* The one connection resolver: where every command that talks S3 for an
 * instance (check, dashboard, bucket, cors, presign, setup, rotate, the
 * wizard) gets its endpoint, region, CA, addressing and credentials, with
 * the provenance of each, and the server kind. One precedence for all:
 *
 *   endpoint     rq->endpoint (--endpoint); the instance's S3_ENDPOINT_URL;
 *                none: Amazon S3 for the region (what boto does).
 *   region       rq->region (--region); an explicit instance's
 *                S3_REGION_NAME; AWS_REGION; AWS_DEFAULT_REGION; a found
 *                instance's S3_REGION_NAME; for an Amazon S3 endpoint the
 *                region its host names.
 *   CA           rq->ca_file (--ca-file) wins; else the instance's
 *                S3_CA_BUNDLE (what invenio-s3 >= 3.1 passes to boto as
 *                `verify`); else the system store. TLS verification is
 *                never turned off.
 *   credentials  rq->creds (held in memory: the wizard's typed key, a key
 *                being proven before it is written anywhere);
 *                rq->credentials_file (--credentials-file); an explicit
 *                instance's keys; AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
 *                (+ AWS_SESSION_TOKEN); a found instance's keys.
 *                An instance's keys are S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY
 *                as the app gets them, or, when it sets neither and has its
 *                own server service, that service's root credentials.
 *                rq->creds_from narrows this (only the app's keys, only the
 *                server's root credentials, only the given ones, none).
 *
 * "Explicit" instance: named with --instance, or the instance a command
 * works on (check, dashboard, setup, rotate): its settings describe what the
 * app does, so they come before the shell's AWS_* variables. An instance
 * merely found around the current folder by an S3 command only fills in
 * what the command line and the environment leave open.
 *
 * Nothing is printed; secrets are copied and wiped by conn_free. The
 * resolver reads files only (no network): safe on any thread. */
#ifndef RDM_OPS_CONN_H
#define RDM_OPS_CONN_H
#include <stddef.h>

#include "s3/client.h"
#include "s3/model/s3_error.h"
#include "util/error.h"

enum conn_creds_from {
	CONN_CREDS_AUTO = 0,    /* the precedence above */
	CONN_CREDS_APP,         /* as AUTO, but an instance gives only its app's
	                           keys (what the app signs with), never its
	                           server's root credentials (the checks) */
	CONN_CREDS_SERVER_ROOT, /* only the root credentials of the instance's own
	                           server service (MinIO's MINIO_ROOT_*, RustFS's
	                           RUSTFS_*_KEY) as its files say now */
	CONN_CREDS_GIVEN,       /* only rq->creds */
	CONN_CREDS_NONE,        /* anonymous (unsigned requests) */
};

struct conn_request {
	const char *instance_dir;    /* NULL: no instance */
	int instance_explicit;       /* see above */
	const char *endpoint;        /* overrides; NULL: from the instance */
	const char *region;
	const char *ca_file;         /* --ca-file */
	int path_style;              /* 1: always path-style; 0: auto (path-style
	                                for every endpoint but Amazon S3's, as
	                                invenio-s3 forces path-style anyway) */
	const char *credentials_file;
	const struct s3_credentials *creds; /* in memory; copied */
	const char *creds_label;     /* where they come from ("typed in the
	                                wizard", "standard input"); NULL: "given" */
	enum conn_creds_from creds_from;
	char *const *envp;           /* the environment to read; NULL: environ */
	long clock_offset;           /* seconds (RDM_S3_CLOCK_OFFSET, a test aid) */
};

/* Which kind of place a value came from (for callers that word it their
 * own way, e.g. the checks' "uses:" lines). */
enum conn_from {
	CONN_FROM_NONE = 0,  /* not set */
	CONN_FROM_REQUEST,   /* an option or the in-memory credentials */
	CONN_FROM_ENV,       /* the environment (AWS_*) */
	CONN_FROM_INSTANCE,  /* the instance's files */
};

/* The resolved connection. Every *_source says where the value came from
 * ("--endpoint", "S3_ENDPOINT_URL (invenio.cfg:73)", "environment variable
 * AWS_REGION"), NULL when the value is NULL. */
struct conn {
	char *instance_dir;          /* the instance used, or NULL */
	char *endpoint, *endpoint_source; /* NULL: Amazon S3 for the region */
	char *region, *region_source;     /* NULL: not set (us-east-1 for boto) */
	char *ca_file, *ca_source;        /* NULL: the system store */
	int path_style;
	char *access_key_id;
	char *secret_access_key;     /* wiped by conn_free */
	char *session_token;         /* wiped too; NULL when none */
	char *creds_source;          /* NULL: anonymous */
	int creds_file_loose;        /* the credentials file is readable by others */
	char *bucket, *bucket_source;     /* the instance's bucket (.invenio
	                                     [rdm-s3] bucket, else "default"); NULL
	                                     without an instance */
	char *origin, *origin_source;     /* the site's origin from SITE_UI_URL */
	enum conn_from endpoint_from, region_from, ca_from, creds_from;
	enum s3_server_kind server;  /* S3_SERVER_AWS for an Amazon S3 endpoint,
	                                MINIO / RUSTFS when the endpoint is the
	                                instance's own server service, else
	                                UNKNOWN (the answers tell later) */
	char *service;               /* that service's name ("s3"), or NULL */
	long clock_offset;
};

/* Resolve. Returns 0, or -1 with err: an unreadable credentials file, half
 * a key pair in the environment or the instance (naming both places), an
 * instance folder that cannot be read (explicit instances only; a broken
 * found instance is ignored when the rest is complete). out is zeroed
 * first and empty on error. */
int conn_resolve(const struct conn_request *rq, struct conn *out, struct rdm_error *err);
/* The same from an instance the caller has already read (the check's probe,
 * setup): s NULL when there is none or it could not be read (then only the
 * request and the environment count). rq->instance_dir labels it. */
struct settings;
int conn_resolve_settings(const struct conn_request *rq, const struct settings *s, struct conn *out,
			  struct rdm_error *err);
void conn_free(struct conn *c);

/* The client for a resolved connection. Options not given take the
 * client's defaults (http.h); the secret is copied into the client. */
struct conn_client_opts {
	long connect_timeout_ms;     /* 0: 10 s */
	long timeout_ms;             /* per attempt; 0: 120 s */
	struct s3_retry_policy retry; /* zero: defaults; .max_attempts = 1 for probes */
	s3_http_log_fn log;          /* NULL: silent */
	void *log_ctx;
	int log_level;
	struct s3_transport *transport; /* tests: a fake transport; NULL: libcurl */
};
struct s3_client *conn_client_new(const struct conn *c, const struct conn_client_opts *o,
				  struct rdm_error *err);

/* One line per value with its provenance, secrets masked: what `-v` shows
 * ("endpoint http://127.0.0.1:9000 from --endpoint"). Appends to out. */
void conn_describe(const struct conn *c, struct buf *out);

#endif
