/* Bucket CORS: Put/Get/DeleteBucketCors and a real browser-style preflight. */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "s3/client_internal.h"
#include "util/xalloc.h"

/* base64(MD5(body)) for Content-MD5, which S3 requires on PutBucketCors.
 * MD5 is what the protocol asks for here, not a security choice. */
void s3_content_md5(const void *data, size_t len, struct buf *out)
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
	s3_content_md5(xml.data ? xml.data : "", xml.len, &md5);
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

/* ---- the request itself, as a browser page sends it ----------------------- */

#define ACTUAL_BODY "rdm-s3 CORS probe: safe to delete\n"

static char *probe_key(void)
{
	unsigned char r[8];
	struct buf b = BUF_INIT;
	if (RAND_bytes(r, sizeof r) != 1)
		memset(r, 0x5a, sizeof r); /* still unique enough with the time */
	buf_printf(&b, "rdm-s3-cors-probe-%lx-", (unsigned long)time(NULL));
	for (size_t i = 0; i < sizeof r; i++)
		buf_printf(&b, "%02x", r[i]);
	return buf_detach(&b);
}

static const char *header_value(const char *name, const char *md5)
{
	if (!strcasecmp(name, "content-type"))
		return "application/octet-stream"; /* what InvenioRDM's uploader sends */
	if (!strcasecmp(name, "content-md5"))
		return md5;
	return "rdm-s3";
}

static char *header_dup(const struct s3_http_response *r, const char *name)
{
	const char *v = s3_http_response_header(r, name);
	return v ? xstrdup(v) : NULL;
}

int s3_cors_actual(struct s3_client *c, const char *bucket, const char *key, const char *origin,
		   const char *method, const char *const *headers, size_t n_headers,
		   struct s3_cors_actual *out, struct s3_status *st)
{
	int put = !strcmp(method, "PUT");
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf md5 = BUF_INIT;
	char *url = NULL;
	memset(out, 0, sizeof *out);
	if (put)
		out->probe_key = probe_key();
	struct s3_presign_spec ps = { .method = put ? "PUT" : "GET", .bucket = bucket,
				      .key = put ? out->probe_key : key, .expires_seconds = 300 };
	if (s3_presign(c, &ps, &url, &err) != 0) {
		s3_status_clear(st);
		st->explanation = xstrdup(err.message ? err.message : "cannot presign");
		rdm_error_clear(&err);
		return -1;
	}
	s3_content_md5(ACTUAL_BODY, strlen(ACTUAL_BODY), &md5);
	struct s3_http_header *h = xcalloc(n_headers + 1, sizeof *h);
	size_t nh = 0;
	h[nh++] = (struct s3_http_header){ "Origin", origin };
	for (size_t i = 0; i < n_headers; i++)
		h[nh++] = (struct s3_http_header){ headers[i], header_value(headers[i], buf_str(&md5)) };
	struct s3_op_spec spec = { .operation = put ? "presigned PUT" : "presigned GET", .method = ps.method,
				   .bucket = bucket, .key = ps.key, .headers = h, .n_headers = nh,
				   .body = put ? ACTUAL_BODY : NULL, .body_len = put ? strlen(ACTUAL_BODY) : 0,
				   .raw_url = url };
	struct s3_op op;
	int rc = -1;
	if (s3_op_prepare(c, &spec, &op, st) == 0) {
		s3_op_run(c, &op, st);
		if (op.resp.transport == S3_TRANSPORT_OK) {
			out->http_status = op.resp.status;
			out->allow_origin = header_dup(&op.resp, "Access-Control-Allow-Origin");
			out->expose_headers = header_dup(&op.resp, "Access-Control-Expose-Headers");
			out->etag = header_dup(&op.resp, "ETag");
			rc = 0;
		}
	}
	s3_op_free(&op);
	if (put && rc == 0 && out->http_status >= 200 && out->http_status <= 299) {
		struct s3_status dst = S3_STATUS_INIT;
		struct s3_op_spec del = { .operation = "DeleteObject", .method = "DELETE", .bucket = bucket,
					  .key = out->probe_key };
		out->cleanup_failed = s3_client_call(c, &del, &op, &dst) != 0;
		s3_op_free(&op);
		s3_status_clear(&dst);
	}
	free(h);
	free(url);
	buf_free(&md5);
	return rc;
}

void s3_cors_actual_free(struct s3_cors_actual *a)
{
	if (!a)
		return;
	free(a->allow_origin);
	free(a->expose_headers);
	free(a->etag);
	free(a->probe_key);
	memset(a, 0, sizeof *a);
}
