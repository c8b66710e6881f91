/* One S3 request from description to typed status: build the URL from the
 * endpoint (path or virtual-hosted), encode the query once, sign exactly
 * the path and query that are sent, run it with the retry policy, and turn
 * the answer into an explained s3_status. */
#include "config.h"
#include "s3/client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s3/client_internal.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *op_own(struct s3_op *op, const char *s)
{
	op->owned = xrealloc(op->owned, (op->n_owned + 1) * sizeof *op->owned);
	op->owned[op->n_owned] = xstrdup(s);
	return op->owned[op->n_owned++];
}

static void op_header(struct s3_op *op, const char *name, const char *value)
{
	op->headers = xrealloc(op->headers, (op->n_headers + 1) * sizeof *op->headers);
	op->headers[op->n_headers].name = op_own(op, name);
	op->headers[op->n_headers].value = op_own(op, value);
	op->n_headers++;
}

/* A request that could not even be built: not a transport failure (no
 * network was involved) and not an answer. */
static int prep_fail(struct s3_op *op, struct s3_status *st, struct rdm_error *err)
{
	s3_status_clear(st);
	st->explanation = xasprintf(_("%s was not sent: %s"), op->operation,
				    err->message ? err->message : _("the request could not be built"));
	st->remedy = err->remedy ? xstrdup(err->remedy) : NULL;
	rdm_error_clear(err);
	return -1;
}

static int op_sign(struct s3_client *c, const struct s3_op_spec *spec, const char *path,
		   struct s3_op *op, struct rdm_error *err)
{
	char hash[65];
	if (op->req.chunked)
		strcpy(hash, S3_STREAMING_UNSIGNED_TRAILER);
	else if (spec->unsigned_payload)
		strcpy(hash, SIGV4_UNSIGNED_PAYLOAD);
	else
		sigv4_sha256_hex(op->body.data ? op->body.data : "", op->body.len, hash);
	struct sigv4_header *sh = xcalloc(op->n_headers, sizeof *sh);
	for (size_t i = 0; i < op->n_headers; i++) {
		sh[i].name = op->headers[i].name;
		sh[i].value = op->headers[i].value;
	}
	struct sigv4_request r = { .method = spec->method, .path = path, .params = spec->params,
				   .n_params = spec->n_params, .headers = sh,
				   .n_headers = op->n_headers, .payload_hash = hash };
	struct sigv4_signing sg = { .creds = &c->creds, .region = c->signing_region,
				    .service = spec->service ? spec->service : "s3",
				    .now = op->signed_at };
	struct sigv4_signed out = { NULL, 0 };
	int rc = sigv4_sign_headers(&r, &sg, &out, err);
	free(sh);
	for (size_t i = 0; rc == 0 && i < out.n_headers; i++)
		op_header(op, out.headers[i].name, out.headers[i].value);
	sigv4_signed_free(&out);
	return rc;
}

/* CRC-32 (ISO-HDLC, as zlib's crc32), the checksum botocore adds by default. */
static unsigned long crc32_of(const unsigned char *p, size_t n)
{
	unsigned long crc = 0xFFFFFFFFUL;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320UL & (0UL - (crc & 1UL)));
	}
	return crc ^ 0xFFFFFFFFUL;
}

static void crc32_b64(const struct buf *body, char out[9])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long crc = crc32_of((const unsigned char *)(body->data ? body->data : ""), body->len);
	unsigned char be[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8),
				(unsigned char)crc };
	unsigned long v = ((unsigned long)be[0] << 16) | ((unsigned long)be[1] << 8) | be[2];
	out[0] = b64[(v >> 18) & 63], out[1] = b64[(v >> 12) & 63], out[2] = b64[(v >> 6) & 63];
	out[3] = b64[v & 63];
	v = ((unsigned long)be[3] << 16);
	out[4] = b64[(v >> 18) & 63], out[5] = b64[(v >> 12) & 63], out[6] = '=', out[7] = '=';
	out[8] = '\0';
}

/* botocore's default request checksum (see s3_op_spec.boto_checksum):
 * headers before signing; over https the body is re-encoded as aws-chunked
 * (one data chunk, then the trailer) and sent with chunked transfer. */
static void op_boto_checksum(struct s3_client *c, struct s3_op *op)
{
	char crc[9], len[32];
	crc32_b64(&op->body, crc);
	op_header(op, "x-amz-sdk-checksum-algorithm", "CRC32");
	if (strcmp(c->ep.scheme, "https") != 0) {
		op_header(op, "x-amz-checksum-crc32", crc);
		return;
	}
	snprintf(len, sizeof len, "%zu", op->body.len);
	op_header(op, "Content-Encoding", "aws-chunked");
	op_header(op, "X-Amz-Trailer", "x-amz-checksum-crc32");
	op_header(op, "X-Amz-Decoded-Content-Length", len);
	struct buf enc = BUF_INIT;
	if (op->body.len) {
		buf_printf(&enc, "%zx\r\n", op->body.len);
		buf_append(&enc, op->body.data, op->body.len);
		buf_puts(&enc, "\r\n");
	}
	buf_printf(&enc, "0\r\nx-amz-checksum-crc32:%s\r\n\r\n", crc);
	buf_free(&op->body);
	op->body = enc;
	op->req.chunked = 1;
}

static void op_finish_request(const struct s3_op_spec *spec, struct s3_op *op)
{
	op->req.method = spec->method;
	op->req.url = buf_str(&op->url);
	op->req.headers = op->headers;
	op->req.n_headers = op->n_headers;
	op->req.body = op->body.len ? op->body.data : NULL;
	op->req.body_len = op->body.len;
	op->req.body_cap = spec->body_cap;
}

int s3_op_prepare(struct s3_client *c, const struct s3_op_spec *spec, struct s3_op *op,
		  struct s3_status *st)
{
	struct rdm_error err = RDM_ERROR_INIT;
	memset(op, 0, sizeof *op);
	s3_http_response_init(&op->resp);
	op->operation = xstrdup(spec->operation ? spec->operation : spec->method);
	op->bucket = spec->bucket ? xstrdup(spec->bucket) : NULL;
	op->signed_at = s3_client_now(c);
	op->object_request = spec->key != NULL;
	if (spec->body_len)
		buf_append(&op->body, spec->body, spec->body_len);
	if (spec->raw_url) {
		op->host = s3_endpoint_to_string(&c->ep);
		buf_puts(&op->url, spec->raw_url);
		for (size_t i = 0; i < spec->n_headers; i++)
			op_header(op, spec->headers[i].name, spec->headers[i].value);
		op_finish_request(spec, op);
		return 0;
	}
	struct s3_url u = { 0 };
	if (s3_url_build(&c->ep, c->addressing, spec->path ? NULL : spec->bucket,
			 spec->path ? NULL : spec->key, &u, &err) != 0)
		return prep_fail(op, st, &err);
	if (spec->path) { /* service level: prefix + "/" becomes prefix + path */
		char *p = xasprintf("%s%s", c->ep.path_prefix ? c->ep.path_prefix : "", spec->path);
		free(u.path);
		u.path = p;
	}
	op->host = xstrdup(u.host_header);
	struct buf query = BUF_INIT;
	sigv4_canonical_query(spec->params, spec->n_params, &query);
	s3_url_wire(&u, query.len ? query.data : NULL, &op->url);
	buf_free(&query);
	op_header(op, "Host", u.host_header);
	for (size_t i = 0; i < spec->n_headers; i++)
		op_header(op, spec->headers[i].name, spec->headers[i].value);
	if (spec->boto_checksum)
		op_boto_checksum(c, op);
	int rc = 0;
	if (!spec->anonymous && !c->anonymous)
		rc = op_sign(c, spec, u.path, op, &err);
	s3_url_free(&u);
	if (rc != 0)
		return prep_fail(op, st, &err);
	op_finish_request(spec, op);
	return 0;
}

int s3_op_finish(struct s3_client *c, struct s3_op *op, struct s3_status *st)
{
	s3_http_response_to_status(&op->resp, op->req.method, op->signed_at, op->object_request, st);
	s3_client_note_server(c, op); /* successes name the server too */
	if (s3_status_ok(st))
		return 0;
	s3_client_explain(c, op, st);
	return -1;
}

int s3_op_run(struct s3_client *c, struct s3_op *op, struct s3_status *st)
{
	s3_http_run(&c->http, &op->req, &op->resp);
	return s3_op_finish(c, op, st);
}

size_t s3_op_run_many(struct s3_client *c, struct s3_op *ops, size_t n, struct s3_status *sts)
{
	if (n == 0)
		return 0;
	struct s3_http_request *reqs = xcalloc(n, sizeof *reqs);
	struct s3_http_response *resps = xcalloc(n, sizeof *resps);
	for (size_t i = 0; i < n; i++) {
		reqs[i] = ops[i].req;
		s3_http_response_init(&resps[i]);
	}
	s3_http_run_many(&c->http, reqs, resps, n);
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		s3_http_response_clear(&ops[i].resp);
		ops[i].resp = resps[i]; /* hands over the storage */
		failed += s3_op_finish(c, &ops[i], &sts[i]) != 0;
	}
	free(reqs);
	free(resps);
	return failed;
}

int s3_client_call(struct s3_client *c, const struct s3_op_spec *spec, struct s3_op *op,
		   struct s3_status *st)
{
	if (s3_op_prepare(c, spec, op, st) != 0)
		return -1;
	return s3_op_run(c, op, st);
}

void s3_op_free(struct s3_op *op)
{
	if (!op)
		return;
	free(op->operation);
	free(op->bucket);
	free(op->host);
	buf_free(&op->url);
	free(op->headers);
	/* Wiped: x-amz-security-token is among them. */
	for (size_t i = 0; i < op->n_owned; i++)
		secret_free(op->owned[i]);
	free(op->owned);
	buf_free(&op->body);
	s3_http_response_clear(&op->resp);
	memset(op, 0, sizeof *op);
}
