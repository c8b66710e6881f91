/* Test-side helpers for the SigV4 vectors: reading files, listing vector
 * folders, and parsing the raw HTTP requests of the AWS suites (.req,
 * request.txt) into a struct sigv4_request. Test code only: rdm-s3 itself
 * never parses HTTP requests. */
#ifndef RDM_TESTS_SIGV4_VECIO_H
#define RDM_TESTS_SIGV4_VECIO_H
#include <stddef.h>
#include <time.h>

#include "s3/sigv4/sigv4.h"

/* Whole file, NUL-terminated (len excludes the NUL); NULL if unreadable. */
char *vec_slurp(const char *path, size_t *len);
/* "$RDM_S3_TEST_DATA/sigv4/<rel>" (allocated); NULL if the variable is unset. */
char *vec_data_path(const char *rel);
/* Folders under root (relative paths, sorted, recursively) that contain a
 * file named by marker: "%s.req" means "<folder basename>.req", anything
 * else is taken literally ("context.json"). Returns the count, or -1 if
 * root cannot be read. */
long vec_list_cases(const char *root, const char *marker, char ***out);
void vec_list_free(char **list, long n);
/* "2015-08-30T12:36:00Z" or "20150830T123600Z" -> time_t; -1 on error. */
time_t vec_parse_time(const char *s);
/* %XY-decode (no '+' rule: SigV4 treats '+' as a literal). */
char *vec_pct_decode(const char *s, size_t len);

struct vec_request {
	struct sigv4_request req;       /* points into the fields below */
	char *method, *path;
	struct sigv4_param *params;     /* names/values allocated, decoded */
	struct sigv4_header *headers;   /* names/values allocated */
	size_t cap_headers;
	char *body;
	size_t body_len;
	char payload_hash[65];          /* sha256 of body */
};

/* Parses "METHOD target HTTP/1.1\nName:value\n...\n\nbody". Obsolete line
 * folding (a line starting with a blank) continues the previous header,
 * joined with one space; the query in the target is split on '&' and each
 * name/value %-decoded. Returns 0 or -1 (malformed). */
int vec_request_parse(const char *text, size_t len, struct vec_request *out);
/* Adds a header (copied) to a parsed request. */
void vec_request_add_header(struct vec_request *r, const char *name, const char *value);
void vec_request_free(struct vec_request *r);

/* Splits a query string ("a=1&b") into decoded params (allocated; a bare
 * name gets the value ""), in their order. Returns the count. */
size_t vec_query_split(const char *query, struct sigv4_param **out);
/* Sorts by decoded name, then value: a representation-independent form for
 * comparing the query of a presigned URL with the expected one. */
void vec_params_sort(struct sigv4_param *p, size_t n);
void vec_params_free(struct sigv4_param *p, size_t n);

/* 1 if got and want are the same bytes; otherwise 0 and a one-line TAP
 * comment on stderr: what differs, the first differing offset and both
 * strings with newlines shown as \n. */
int vec_same(const char *what, const char *got, const char *want);

#endif
