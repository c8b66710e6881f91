/* One model of a bucket CORS configuration, read and written as S3 XML
 * (xml.h: s3_xml_parse_cors / s3_xml_build_cors) and as the JSON of the AWS
 * console and the InvenioRDM docs:
 *   [{"AllowedHeaders":["*"],"AllowedMethods":["GET"],"AllowedOrigins":["*"],
 *     "ExposeHeaders":["ETag"],"MaxAgeSeconds":3000}]
 * (aws-cli's {"CORSRules":[...]} is accepted too). Parsing keeps what it
 * reads; s3_cors_validate() judges it, so messages can name rule and field. */
#ifndef RDM_S3_CORS_H
#define RDM_S3_CORS_H
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* S3 accepts at most 100 CORS rules per bucket. */
#define S3_CORS_MAX_RULES 100

struct s3_strlist {
	char **items;
	size_t n;
	size_t cap;
};

struct s3_cors_rule {
	char *id;                          /* <ID>, NULL when absent */
	struct s3_strlist allowed_origins;
	struct s3_strlist allowed_methods; /* kept as read; validated later */
	struct s3_strlist allowed_headers;
	struct s3_strlist expose_headers;
	long max_age_seconds;              /* -1 when absent */
};

struct s3_cors {
	struct s3_cors_rule *rules;
	size_t n_rules;
	size_t cap;
};

#define S3_CORS_INIT { NULL, 0, 0 }

void s3_strlist_add(struct s3_strlist *l, const char *s);
void s3_strlist_free(struct s3_strlist *l);

void s3_cors_free(struct s3_cors *c);
/* Appends an empty rule (max_age_seconds = -1) and returns it. The pointer
 * is valid until the next s3_cors_add_rule. */
struct s3_cors_rule *s3_cors_add_rule(struct s3_cors *c);

/* Checks the whole configuration; on the first problem returns -1 with a
 * message naming the rule (1-based) and field, e.g.
 * "CORS rule 2: AllowedMethods: \"PATCH\" is not allowed". Rules: 1..100
 * rules; each needs AllowedOrigins and AllowedMethods; methods only GET,
 * PUT, POST, DELETE, HEAD (exact case); origins non-empty, at most one '*',
 * a scheme ("https://") unless the origin is "*", no path (a browser's
 * Origin never has one, so such a rule never matches); headers non-empty
 * with at most one '*'; MaxAgeSeconds >= 0; ID at most 255 characters. */
int s3_cors_validate(const struct s3_cors *c, struct rdm_error *err);

/* JSON in: a rule array or {"CORSRules":[...]}. Unknown keys, wrong types
 * (e.g. "MaxAgeSeconds":"3000" or 30.5) are errors naming rule and key.
 * Does not validate values: call s3_cors_validate. out must be initialised
 * (it is reset first). */
int s3_cors_from_json(const char *text, size_t len, struct s3_cors *out, struct rdm_error *err);

enum s3_cors_json_style {
	S3_CORS_JSON_ARRAY = 0,    /* [ {...}, ... ]  (console / InvenioRDM docs) */
	S3_CORS_JSON_AWSCLI = 1,   /* {"CORSRules": [ ... ]} */
};
/* JSON out, indented, keys in the console's order, absent fields omitted;
 * appended to out with a final newline. */
void s3_cors_to_json(const struct s3_cors *c, enum s3_cors_json_style style, struct buf *out);

enum s3_doc_format {
	S3_DOC_EMPTY = 0,   /* nothing but white space */
	S3_DOC_JSON,        /* first significant byte '[' or '{' */
	S3_DOC_XML,         /* first significant byte '<' */
	S3_DOC_UNKNOWN,
};
/* Looks at the first byte after an optional UTF-8 BOM and white space. */
enum s3_doc_format s3_doc_detect(const char *text, size_t len);

/* JSON or XML, detected; not validated. */
int s3_cors_parse(const char *text, size_t len, struct s3_cors *out, struct rdm_error *err);

/* The rule set InvenioRDM needs, for the given site origins (e.g.
 * "https://rdm.example.org"; a trailing path or '/' is dropped, "*" is kept):
 *   1. ID "invenio-preview": GET, HEAD; AllowedHeaders "*"; ExposeHeaders
 *      Content-Length, Content-Range, Accept-Ranges, ETag (PDF.js and the
 *      previewers use range requests); MaxAgeSeconds 3000.
 *   2. ID "invenio-upload": PUT; AllowedHeaders "*"; ExposeHeaders ETag
 *      (multipart uploads read each part's ETag); MaxAgeSeconds 3000.
 * Returns -1 when an origin is malformed (the result would not validate). */
int s3_cors_invenio_rules(struct s3_cors *out, const char *const *origins, size_t n_origins,
			  struct rdm_error *err);

/* Which rule S3 would apply to a request from origin with method and the
 * given request headers (Access-Control-Request-Headers, split): the first
 * rule whose origin (with '*' wildcard) and method match and which allows
 * every header. Returns the 0-based index or -1. */
long s3_cors_match(const struct s3_cors *c, const char *origin, const char *method,
		   const char *const *headers, size_t n_headers);

/* The Access-Control-* answer of a real preflight (OPTIONS). Values as
 * received (NULL when the header was absent). */
struct s3_preflight {
	long http_status;
	const char *allow_origin;    /* Access-Control-Allow-Origin */
	const char *allow_methods;   /* Access-Control-Allow-Methods (comma list) */
	const char *allow_headers;   /* Access-Control-Allow-Headers */
	const char *expose_headers;  /* Access-Control-Expose-Headers */
	const char *allow_credentials; /* Access-Control-Allow-Credentials */
	const char *max_age;         /* Access-Control-Max-Age */
};

struct s3_preflight_verdict {
	int allowed;       /* a browser on origin may send method (+ headers) */
	int etag_exposed;  /* ETag readable by scripts (some multipart uploaders
			      read it; InvenioRDM's does not) */
	int etag_known;    /* etag_exposed was read from an answer that says it */
	char *reason;      /* why (allowed or not), one sentence; caller frees */
};

/* The CORS headers of the answer to the request itself (not the preflight). */
struct s3_actual_view {
	long http_status;
	const char *allow_origin;   /* NULL: absent */
	const char *expose_headers; /* NULL: absent */
};

/* Decides like a browser (Fetch standard): the answer must be 2xx; the
 * allowed origin must be "*" or exactly origin; method must be listed (or
 * "*"; GET/HEAD/POST are CORS-safelisted); each request header must be
 * listed (case-insensitive) or "*". */
void s3_cors_preflight_judge(const struct s3_preflight *p, const char *origin, const char *method,
			     const char *const *headers, size_t n_headers,
			     struct s3_preflight_verdict *out);
void s3_preflight_verdict_free(struct s3_preflight_verdict *v);

/* The whole of a browser's decision: the preflight when the request needs
 * one (a method other than GET/HEAD/POST, or a header that is not
 * CORS-safelisted), then the answer to the request itself, which must allow
 * the origin too; scripts read only the headers that answer exposes
 * (Access-Control-Expose-Headers; MinIO sends it there, not on the
 * preflight). a NULL: the request was not sent, judge the preflight. */
void s3_cors_browser_judge(const struct s3_preflight *p, const struct s3_actual_view *a, const char *origin,
			   const char *method, const char *const *headers, size_t n_headers,
			   struct s3_preflight_verdict *out);

#endif
