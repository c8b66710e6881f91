/* Bucket CORS: Put/Get/DeleteBucketCors and a real browser-style preflight. */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "s3/client_internal.h"
#include "util/xalloc.h"

/* base64(MD5(body)) for Content-MD5, which S3 requires on PutBucketCors.
 * MD5 is what the protocol asks for here, not a security choice. */
static void content_md5(const void *data, size_t len, struct buf *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	if (EVP_Digest(data, len, md, &md_len, EVP_md5(), NULL) != 1)
		return; /* an empty Content-MD5 is rejected by the server, loudly */
	int n = EVP_EncodeBlock(b64, md, (int)md_len);
	buf_append(out, b64, n > 0 ? (size_t)n : 0);
}

int s3_put_bucket_cors(struct s3_client *c, const char *bucket, const struct s3_cors *cors,
		       struct s3_status *st)
{
	struct buf xml = BUF_INIT, md5 = BUF_INIT;
	s3_xml_build_cors(cors, &xml);
	content_md5(xml.data ? xml.data : "", xml.len, &md5);
	struct s3_http_header h[] = { { "Content-MD5", buf_str(&md5) },
				      { "Content-Type", "application/xml" } };
	struct sigv4_param p = { "cors", "" };
	struct s3_op_spec spec = { .operation = "PutBucketCors", .method = "PUT", .bucket = bucket,
				   .params = &p, .n_params = 1, .headers = h, .n_headers = 2,
				   .body = xml.data, .body_len = xml.len };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	s3_op_free(&op);
	buf_free(&xml);
	buf_free(&md5);
	return rc;
}

int s3_get_bucket_cors(struct s3_client *c, const char *bucket, struct s3_cors *out,
		       struct s3_status *st)
{
	struct sigv4_param p = { "cors", "" };
	struct s3_op_spec spec = { .operation = "GetBucketCors", .method = "GET", .bucket = bucket,
				   .params = &p, .n_params = 1 };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	if (rc == 0) {
		struct rdm_error err = RDM_ERROR_INIT;
		if (s3_xml_parse_cors(buf_str(&op.resp.body), op.resp.body.len, out, &err) != 0)
			rc = s3_client_bad_body(c, &op, st, &err);
		rdm_error_clear(&err);
	}
	s3_op_free(&op);
	return rc;
}

int s3_delete_bucket_cors(struct s3_client *c, const char *bucket, struct s3_status *st)
{
	struct sigv4_param p = { "cors", "" };
	struct s3_op_spec spec = { .operation = "DeleteBucketCors", .method = "DELETE",
				   .bucket = bucket, .params = &p, .n_params = 1 };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	s3_op_free(&op);
	return rc;
}

static void preflight_view(struct s3_preflight_answer *a)
{
	const struct s3_http_response *r = &a->raw;
	a->view.http_status = r->status;
	a->view.allow_origin = s3_http_response_header(r, "Access-Control-Allow-Origin");
	a->view.allow_methods = s3_http_response_header(r, "Access-Control-Allow-Methods");
	a->view.allow_headers = s3_http_response_header(r, "Access-Control-Allow-Headers");
	a->view.expose_headers = s3_http_response_header(r, "Access-Control-Expose-Headers");
	a->view.allow_credentials = s3_http_response_header(r, "Access-Control-Allow-Credentials");
	a->view.max_age = s3_http_response_header(r, "Access-Control-Max-Age");
}

int s3_cors_preflight(struct s3_client *c, const char *bucket, const char *key, const char *origin,
		      const char *method, const char *const *headers, size_t n_headers,
		      struct s3_preflight_answer *out, struct s3_status *st)
{
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < n_headers; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", headers[i]);
	struct s3_http_header h[] = { { "Origin", origin },
				      { "Access-Control-Request-Method", method },
				      { "Access-Control-Request-Headers", buf_str(&list) } };
	/* Browsers send preflights without credentials: so do we. */
	struct s3_op_spec spec = { .operation = "CorsPreflight", .method = "OPTIONS",
				   .bucket = bucket, .key = key && *key ? key : NULL,
				   .headers = h, .n_headers = n_headers ? 3 : 2, .anonymous = 1 };
	struct s3_op op;
	memset(out, 0, sizeof *out);
	s3_http_response_init(&out->raw);
	int prepared = s3_op_prepare(c, &spec, &op, st) == 0;
	buf_free(&list);
	if (prepared)
		s3_op_run(c, &op, st);
	if (!prepared || op.resp.transport != S3_TRANSPORT_OK) {
		s3_op_free(&op);
		return -1;
	}
	out->raw = op.resp; /* take the answer over */
	s3_http_response_init(&op.resp);
	preflight_view(out);
	s3_op_free(&op);
	return 0;
}

void s3_preflight_answer_free(struct s3_preflight_answer *a)
{
	if (!a)
		return;
	s3_http_response_clear(&a->raw);
	memset(&a->view, 0, sizeof a->view);
}
