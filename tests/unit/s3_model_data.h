/* Test helpers of the S3 model tests: canned files from $RDM_S3_TEST_DATA. */
#ifndef RDM_TESTS_S3_MODEL_DATA_H
#define RDM_TESTS_S3_MODEL_DATA_H
#include <stddef.h>

#include "s3/model/s3_error.h"

/* Reads $RDM_S3_TEST_DATA/s3/rel (the test fails when it cannot). Caller frees. */
char *tdata_read(const char *rel, size_t *len);

/* A raw HTTP response file: status line, headers, blank line, body. */
struct canned {
	char *raw;
	long status;
	struct s3_http_header headers[32];
	size_t n_headers;
	const char *body;  /* points into raw */
	size_t body_len;
};
void canned_load(const char *rel, struct canned *c);
void canned_free(struct canned *c);

#endif
