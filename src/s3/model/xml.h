/* S3 XML bodies, parsed and built with libxml2. Parsing never loads a DTD,
 * never touches the network, never expands entities, refuses documents with
 * a DOCTYPE and bodies over S3_XML_MAX_BODY: whatever a server (or a
 * proxy in front of it) sends, the result is data or a "malformed" error,
 * never a crash. Element names are matched by local name, so the S3
 * namespace is optional. All parse functions return 0 on success and -1 with
 * err set when the body is not the expected document. */
#ifndef RDM_S3_XML_H
#define RDM_S3_XML_H
#include <stddef.h>

#include "s3/cors/cors.h"
#include "util/buf.h"
#include "util/error.h"

#define S3_XML_MAX_BODY (16u * 1024u * 1024u)
#define S3_XML_NAMESPACE "http://s3.amazonaws.com/doc/2006-03-01/"

/* <Error> body. Every field is NULL when absent; text is as sent (an empty
 * element gives ""). */
struct s3_xml_error {
	char *code;
	char *message;
	char *request_id;
	char *host_id;
	char *region;       /* AuthorizationHeaderMalformed: expected region */
	char *endpoint;     /* PermanentRedirect: the host to use */
	char *bucket_name;
	char *resource;
	char *server_time;  /* RequestTimeTooSkewed */
	char *request_time; /* RequestTimeTooSkewed */
	char *max_allowed_skew_ms; /* RequestTimeTooSkewed (MaxAllowedSkewMilliseconds) */
};

int s3_xml_parse_error(const char *body, size_t len, struct s3_xml_error *out,
		       struct rdm_error *err);
/* For a body cut at the response cap: recovers the elements that arrived
 * complete (libxml2's recovery mode, same safety options). Succeeds only
 * when at least <Code> was complete; elements cut in the middle may be
 * missing or shortened, so treat the result as a best effort. */
int s3_xml_parse_error_partial(const char *body, size_t len, struct s3_xml_error *out,
			       struct rdm_error *err);
void s3_xml_error_free(struct s3_xml_error *e);

/* ListAllMyBucketsResult. */
struct s3_bucket_entry {
	char *name;
	char *creation_date; /* as sent, e.g. "2024-01-02T03:04:05.000Z"; may be NULL */
};
struct s3_bucket_list {
	struct s3_bucket_entry *buckets;
	size_t n;
	char *owner_id;           /* may be NULL */
	char *owner_display_name; /* may be NULL */
};
int s3_xml_parse_bucket_list(const char *body, size_t len, struct s3_bucket_list *out,
			     struct rdm_error *err);
void s3_bucket_list_free(struct s3_bucket_list *l);

/* GetBucketLocation: <LocationConstraint>; the region it means is stored in
 * *region (newly allocated): empty -> "us-east-1", "EU" -> "eu-west-1",
 * anything else as sent (MinIO without a region sends an empty one too). */
int s3_xml_parse_location(const char *body, size_t len, char **region, struct rdm_error *err);
/* The same mapping for a bare value (NULL counts as empty). */
const char *s3_location_to_region(const char *location_constraint);

/* CORSConfiguration into out (reset first); values are not validated. */
int s3_xml_parse_cors(const char *body, size_t len, struct s3_cors *out, struct rdm_error *err);

/* Appends a CORSConfiguration document (with the S3 namespace, XML
 * declaration, escaping done by libxml2) to out. */
void s3_xml_build_cors(const struct s3_cors *c, struct buf *out);

/* CreateBucket body. Appends a CreateBucketConfiguration with
 * <LocationConstraint> and returns 1; for NULL, "" and "us-east-1" writes
 * nothing and returns 0 (S3 rejects us-east-1 as a LocationConstraint, and
 * the request must then have no body). */
int s3_xml_build_create_bucket(const char *region, struct buf *out);

/* Records of small answers of the other SigV4 APIs (IAM's Query API):
 * for every element named record below the root element (which must be
 * named root), fn gets the trimmed text of its direct children named in
 * fields[0..n_fields) (NULL when absent; borrowed for the call). Records
 * are not searched inside a record. Returns 0, or -1 with err set when the
 * body is not XML or has another root. */
typedef void (*s3_xml_record_fn)(void *ctx, const char *const *values);
int s3_xml_parse_records(const char *body, size_t len, const char *root, const char *record,
			 const char *const *fields, size_t n_fields, s3_xml_record_fn fn, void *ctx,
			 struct rdm_error *err);

#endif
