/* The S3 client: one endpoint, region and set of credentials, and the
 * operations the rest of rdm-s3 needs (bucket, CORS, object, presign,
 * preflight). Every operation returns 0 on success and -1 on failure, and
 * always fills a struct s3_status: transport result, HTTP status, S3 code,
 * message, request id, region hint and (on failure) an explanation with a
 * remedy (s3_status_explain). Callers own st and clear it with
 * s3_status_clear; output structs are only filled on success.
 *
 *   struct s3_client_config cfg = { .endpoint = "http://127.0.0.1:9000",
 *                                   .creds = &creds, .path_style = 1 };
 *   struct s3_client *c = s3_client_new(&cfg, &err);
 *   struct s3_status st = S3_STATUS_INIT;
 *   if (s3_head_bucket(c, "default", NULL, &st) != 0) ... st.explanation ...
 *
 * Requests are signed with SigV4 (x-amz-content-sha256 = SHA-256 of the
 * body; UNSIGNED-PAYLOAD on request for large object PUTs), the path sent is
 * exactly the path signed, and nothing secret reaches the log callback. */
#ifndef RDM_S3_CLIENT_H
#define RDM_S3_CLIENT_H
#include <stddef.h>
#include <time.h>

#include "s3/cors/cors.h"
#include "s3/model/endpoint.h"
#include "s3/http/http.h"
#include "s3/model/s3_error.h"
#include "s3/sigv4/sigv4.h"
#include "s3/model/status.h"
#include "s3/model/xml.h"
#include "util/buf.h"
#include "util/error.h"

struct s3_client;

/* Everything is copied by s3_client_new (the secret too, and wiped on free). */
struct s3_client_config {
	const char *endpoint;   /* "http://127.0.0.1:9000"; NULL: Amazon S3 for region */
	const char *region;     /* NULL: the region in an AWS endpoint's host name,
	                           else none (signed as us-east-1, no LocationConstraint) */
	const struct s3_credentials *creds; /* NULL: anonymous (unsigned requests) */
	enum s3_addressing addressing; /* S3_ADDRESSING_AUTO by default */
	int path_style;         /* shorthand for S3_ADDRESSING_PATH */
	const char *ca_file;    /* extra trust for TLS; verification is always on */
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;        /* per attempt; 0: 120 s */
	/* Injectable for tests: NULL transport = libcurl (owned by the client);
	 * a given transport is borrowed and must outlive the client. */
	struct s3_transport *transport;
	time_t (*clock)(void *ctx); /* NULL: time(NULL) */
	void *clock_ctx;
	long clock_offset;      /* seconds added to the clock (simulates a skewed clock) */
	struct s3_retry_policy retry; /* zero: the defaults of http.h */
	s3_http_log_fn log;     /* NULL: silent */
	void *log_ctx;
	int log_level;
	enum s3_server_kind server; /* hint for remedies; UNKNOWN: guessed from answers */
	/* Where the credentials came from, named by remedies ("--credentials-file
	 * F", "S3_SECRET_ACCESS_KEY (.env:4)"); NULL: the generic names. */
	const char *creds_source;
};

struct s3_client *s3_client_new(const struct s3_client_config *cfg, struct rdm_error *err);
void s3_client_free(struct s3_client *c); /* NULL is fine */

/* What the client was made with (strings owned by the client). */
const char *s3_client_region(const struct s3_client *c);    /* NULL when unset */
time_t s3_client_now(const struct s3_client *c);            /* clock + offset */
void s3_client_set_clock_offset(struct s3_client *c, long seconds);
/* The server kind given, or guessed from the last answer's Server header. */
enum s3_server_kind s3_client_server_kind(const struct s3_client *c);
/* 1 when requests are signed (credentials given), 0 when anonymous. */
int s3_client_has_credentials(const struct s3_client *c);

/* --- buckets (ops_bucket.c) ------------------------------------------ */
int s3_list_buckets(struct s3_client *c, struct s3_bucket_list *out, struct s3_status *st);
/* HeadBucket; *region (may be NULL) gets x-amz-bucket-region when sent.
 * A wrong-region answer (301/400) names the right region in st->bucket_region. */
int s3_head_bucket(struct s3_client *c, const char *bucket, char **region, struct s3_status *st);
/* CreateBucket with CreateBucketConfiguration/LocationConstraint = the
 * client's region, except for us-east-1 and when no region is set (MinIO
 * without MINIO_SITE_REGION, Ceph's default zonegroup). */
int s3_create_bucket(struct s3_client *c, const char *bucket, struct s3_status *st);
int s3_delete_bucket(struct s3_client *c, const char *bucket, struct s3_status *st);
/* MinIO's cluster health, GET /minio/health/cluster (unsigned): 200 once
 * MinIO serves with write quorum and has finished starting (bucket
 * metadata and IAM loaded), 503 until then. Returns 0 on a 2xx, else -1
 * with st (a server that is not MinIO answers 403 or 404). */
int s3_minio_cluster_health(struct s3_client *c, struct s3_status *st);
/* *region: "us-east-1" for an empty LocationConstraint, "eu-west-1" for "EU". */
int s3_get_bucket_location(struct s3_client *c, const char *bucket, char **region,
			   struct s3_status *st);

/* --- bucket CORS (ops_cors.c) ----------------------------------------- */
/* Sends the configuration as XML with Content-MD5; does not validate
 * (call s3_cors_validate first). */
int s3_put_bucket_cors(struct s3_client *c, const char *bucket, const struct s3_cors *cors,
		       struct s3_status *st);
/* out is reset first; NoSuchCORSConfiguration is a failure with that code. */
int s3_get_bucket_cors(struct s3_client *c, const char *bucket, struct s3_cors *out,
		       struct s3_status *st);
int s3_delete_bucket_cors(struct s3_client *c, const char *bucket, struct s3_status *st);

/* The answer to a real, unsigned CORS preflight. view's strings point into
 * raw and live until s3_preflight_answer_free. */
struct s3_preflight_answer {
	struct s3_preflight view;
	struct s3_http_response raw;
};
/* OPTIONS /bucket[/key] with Origin, Access-Control-Request-Method and (if
 * n_headers) Access-Control-Request-Headers. Returns 0 when the server
 * answered, whatever the status (a refusal is an answer: judge it with
 * s3_cors_preflight_judge); -1 only on a transport failure. st has the
 * status; for a non-2xx answer it is explained. */
int s3_cors_preflight(struct s3_client *c, const char *bucket, const char *key, const char *origin,
		      const char *method, const char *const *headers, size_t n_headers,
		      struct s3_preflight_answer *out, struct s3_status *st);
void s3_preflight_answer_free(struct s3_preflight_answer *a);

/* What a page on origin gets when its script sends the request itself
 * (after the preflight, if one is needed), through a presigned URL as
 * InvenioRDM hands them out: GET of bucket/key, or PUT of a small body to
 * a new probe object (deleted again) with each of headers set as the
 * uploader sets it (Content-Type: application/octet-stream, Content-MD5 of
 * the body). Browsers read the CORS headers of this answer: whether the
 * script may see it at all (Access-Control-Allow-Origin) and which
 * headers it may read (Access-Control-Expose-Headers). Needs credentials.
 * Returns 0 when the server answered (whatever the status). */
struct s3_cors_actual {
	long http_status;
	char *allow_origin;   /* NULL: absent */
	char *expose_headers; /* NULL: absent */
	char *etag;           /* the ETag sent, NULL: none */
	char *probe_key;      /* PUT: the object written (and deleted) */
	int cleanup_failed;   /* PUT: the probe object could not be deleted */
};
int s3_cors_actual(struct s3_client *c, const char *bucket, const char *key, const char *origin,
		   const char *method, const char *const *headers, size_t n_headers,
		   struct s3_cors_actual *out, struct s3_status *st);
void s3_cors_actual_free(struct s3_cors_actual *a);

/* --- objects (ops_object.c) ------------------------------------------- */
struct s3_object_info {
	char *etag;           /* as sent, with quotes; NULL if none */
	long long size;       /* Content-Length; -1 if not sent */
	char *content_type;   /* NULL if none */
	char *last_modified;  /* as sent; NULL if none */
};
void s3_object_info_free(struct s3_object_info *i);

struct s3_put_object_opts {
	const char *content_type;  /* NULL: none sent */
	int unsigned_payload;      /* sign as UNSIGNED-PAYLOAD instead of hashing */
};
/* info (may be NULL) gets the ETag of the stored object. */
int s3_put_object(struct s3_client *c, const char *bucket, const char *key, const void *data,
		  size_t len, const struct s3_put_object_opts *opts, struct s3_object_info *info,
		  struct s3_status *st);
/* body is replaced by the object; cap 0 = S3_HTTP_OBJECT_BODY_CAP. */
int s3_get_object(struct s3_client *c, const char *bucket, const char *key, size_t cap,
		  struct buf *body, struct s3_object_info *info, struct s3_status *st);
int s3_head_object(struct s3_client *c, const char *bucket, const char *key,
		   struct s3_object_info *info, struct s3_status *st);
int s3_delete_object(struct s3_client *c, const char *bucket, const char *key,
		     struct s3_status *st);

/* --- presigned URLs (presign.c) --------------------------------------- */
/* A presigned GET URL for bucket/key valid for expires_seconds (1..604800),
 * signed at s3_client_now(); as InvenioRDM hands them to browsers. *url is
 * newly allocated. Needs credentials. */
int s3_presign_get(struct s3_client *c, const char *bucket, const char *key, long expires_seconds,
		   char **url, struct rdm_error *err);
/* The same for GET or PUT. Only the host is signed, as invenio-s3 signs
 * its part upload URLs; with content_type the URL also requires exactly
 * that Content-Type. */
struct s3_presign_spec {
	const char *method;        /* "GET" (NULL) or "PUT" */
	const char *bucket, *key;
	long expires_seconds;
	const char *content_type;  /* NULL: not signed */
};
int s3_presign(struct s3_client *c, const struct s3_presign_spec *spec, char **url, struct rdm_error *err);

/* base64(MD5(data)), the value of a Content-MD5 header (InvenioRDM's
 * uploader sends one with every part; S3 requires it on PutBucketCors). */
void s3_content_md5(const void *data, size_t len, struct buf *out);

/* --- generic requests, alone or several at once (client_request.c) --- */
/* Any S3 request, for operations this header does not wrap and for
 * running probes concurrently (the health checks). All pointers are
 * borrowed for the s3_op_prepare call only: the op keeps copies. */
struct s3_op_spec {
	const char *operation;  /* "HeadBucket", ...: names the call in explanations */
	const char *method;
	const char *bucket;     /* NULL: service level */
	const char *key;        /* NULL: bucket level */
	const struct sigv4_param *params; /* query, decoded; sent sorted and encoded */
	size_t n_params;
	const struct s3_http_header *headers; /* extra headers, signed and sent */
	size_t n_headers;
	const void *body;
	size_t body_len;
	int unsigned_payload;   /* x-amz-content-sha256: UNSIGNED-PAYLOAD */
	/* Send the body the way botocore >= 1.36 does by default (checksums
	 * "when_supported", which invenio-s3 leaves on unless S3_CONFIG_EXTRA
	 * turns them down): over https as Content-Encoding: aws-chunked with
	 * an x-amz-checksum-crc32 trailer, STREAMING-UNSIGNED-PAYLOAD-TRAILER,
	 * Transfer-Encoding: chunked and no Content-Length; over http with an
	 * x-amz-checksum-crc32 header. Both with x-amz-sdk-checksum-algorithm. */
	int boto_checksum;
	int anonymous;          /* send unsigned (CORS preflight, public reads) */
	const char *raw_url;    /* send to exactly this URL, unsigned (a presigned
	                           URL); bucket/key/params are then only context */
	size_t body_cap;        /* response cap; 0: S3_HTTP_API_BODY_CAP */
	/* Other SigV4 APIs on the same endpoint (MinIO and RGW admin, IAM): */
	const char *path;       /* raw path below the endpoint's prefix, e.g.
	                           "/admin/user"; bucket/key are then only context */
	const char *service;    /* signing service; NULL: "s3" */
};

/* A prepared request and, after it ran, its raw answer. */
struct s3_op {
	char *operation;
	char *bucket;
	char *host;                   /* Host header / endpoint host, for explanations */
	struct s3_http_request req;   /* points into the storage below */
	struct buf url;
	struct s3_http_header *headers;
	size_t n_headers;
	char **owned;                 /* strings the headers point to (wiped on free) */
	size_t n_owned;
	struct buf body;
	time_t signed_at;
	int object_request;           /* a key was named */
	struct s3_http_response resp;
};
#define S3_OP_INIT { 0 }

/* Builds, signs and stores the request (signed at s3_client_now()). On
 * failure (unsignable request, bad bucket or key for the endpoint) returns
 * -1 with st explained (transport OK, http_status 0: nothing was sent).
 * Whatever the result, free op with s3_op_free. */
int s3_op_prepare(struct s3_client *c, const struct s3_op_spec *spec, struct s3_op *op,
		  struct s3_status *st);
/* Sends a prepared op (with retries) and fills st from the answer; on
 * failure st is explained. Returns 0 when the answer is a 2xx. */
int s3_op_run(struct s3_client *c, struct s3_op *op, struct s3_status *st);
/* Sends n prepared ops concurrently; sts[i] (initialised) gets the status of
 * ops[i]. Returns how many did not succeed. */
size_t s3_op_run_many(struct s3_client *c, struct s3_op *ops, size_t n, struct s3_status *sts);
/* Fills st from op->resp and explains a failure (used by s3_op_run). */
int s3_op_finish(struct s3_client *c, struct s3_op *op, struct s3_status *st);
void s3_op_free(struct s3_op *op);

#endif
