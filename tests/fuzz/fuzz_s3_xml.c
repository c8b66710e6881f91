/* libFuzzer target: every parser that reads bytes from an S3 server (or
 * from a file the operator hands us) must survive any input. The first
 * byte picks nothing: all parsers see every input, so the corpus of canned
 * responses (tests/data/s3) is a good seed for all of them. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "s3/cors/cors.h"
#include "s3/model/s3_error.h"
#include "s3/model/xml.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_cors(const char *body, size_t len)
{
	struct s3_cors c = S3_CORS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (s3_cors_parse(body, len, &c, &err) == 0) {
		struct buf b = BUF_INIT;
		int valid = s3_cors_validate(&c, &err) == 0;
		s3_xml_build_cors(&c, &b);
		s3_cors_to_json(&c, S3_CORS_JSON_ARRAY, &b);
		const char *hdr = "content-type";
		s3_cors_match(&c, "https://rdm.example.org", "PUT", &hdr, 1);
		/* What we build from a valid configuration must parse back
		 * (an invalid one is never sent: `cors set` validates first). */
		struct s3_cors back = S3_CORS_INIT;
		struct buf x = BUF_INIT;
		s3_xml_build_cors(&c, &x);
		if (valid && s3_xml_parse_cors(x.data, x.len, &back, &err) != 0)
			abort();
		if (valid && back.n_rules != c.n_rules)
			abort();
		s3_cors_free(&back);
		buf_free(&x);
		buf_free(&b);
	}
	s3_cors_free(&c);
	rdm_error_clear(&err);
}

static void fuzz_response(const char *body, size_t len, int truncated)
{
	static const struct s3_http_header headers[] = {
		{ "x-amz-request-id", "TX1" },
		{ "Date", "Wed, 01 Mar 2023 10:20:00 GMT" },
	};
	struct s3_response r = { .method = "GET", .http_status = 403, .headers = headers,
				 .n_headers = 2, .body = body, .body_len = len,
				 .body_truncated = truncated,
				 .request_time = 1677664800 };
	struct s3_status st = S3_STATUS_INIT;
	struct s3_explain_ctx ctx = { .operation = "PutBucketCors", .bucket = "b",
				      .server = S3_SERVER_MINIO };
	s3_status_from_response(&st, &r);
	s3_status_explain(&st, &ctx);
	char *s = s3_status_summary(&st);
	free(s);
	s3_status_clear(&st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_xml_error xe;
	if (s3_xml_parse_error(body, size, &xe, &err) == 0)
		s3_xml_error_free(&xe);
	struct s3_bucket_list bl;
	if (s3_xml_parse_bucket_list(body, size, &bl, &err) == 0)
		s3_bucket_list_free(&bl);
	char *region = NULL;
	if (s3_xml_parse_location(body, size, &region, &err) == 0)
		free(region);
	rdm_error_clear(&err);
	fuzz_cors(body, size);
	/* the size's parity decides: both paths of a cut-off body get inputs */
	fuzz_response(body, size, (int)(size & 1));
	return 0;
}
