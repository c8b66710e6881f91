/* Object operations: Put/Get/Head/DeleteObject (the canary check and tests). */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>

#include "s3/client_internal.h"
#include "util/xalloc.h"

void s3_object_info_free(struct s3_object_info *i)
{
	if (!i)
		return;
	free(i->etag);
	free(i->content_type);
	free(i->last_modified);
	memset(i, 0, sizeof *i);
	i->size = -1;
}

static char *header_dup(const struct s3_http_response *r, const char *name)
{
	const char *v = s3_http_response_header(r, name);
	return v ? xstrdup(v) : NULL;
}

static void info_fill(const struct s3_http_response *r, struct s3_object_info *info)
{
	if (!info)
		return;
	s3_object_info_free(info);
	info->etag = header_dup(r, "ETag");
	info->content_type = header_dup(r, "Content-Type");
	info->last_modified = header_dup(r, "Last-Modified");
	const char *len = s3_http_response_header(r, "Content-Length");
	if (len) {
		char *end;
		long long n = strtoll(len, &end, 10);
		if (end != len && *end == '\0' && n >= 0)
			info->size = n;
	}
}

int s3_put_object(struct s3_client *c, const char *bucket, const char *key, const void *data,
		  size_t len, const struct s3_put_object_opts *opts, struct s3_object_info *info,
		  struct s3_status *st)
{
	struct s3_http_header ct = { "Content-Type", opts && opts->content_type ? opts->content_type : "" };
	int has_ct = opts && opts->content_type;
	struct s3_op_spec spec = { .operation = "PutObject", .method = "PUT", .bucket = bucket,
				   .key = key, .headers = has_ct ? &ct : NULL, .n_headers = has_ct,
				   .body = data, .body_len = len,
				   .unsigned_payload = opts && opts->unsigned_payload };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	if (rc == 0) {
		info_fill(&op.resp, info);
		if (info)
			info->size = (long long)len; /* the answer's length is of its (empty) body */
	}
	s3_op_free(&op);
	return rc;
}

int s3_get_object(struct s3_client *c, const char *bucket, const char *key, size_t cap,
		  struct buf *body, struct s3_object_info *info, struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "GetObject", .method = "GET", .bucket = bucket,
				   .key = key, .body_cap = cap ? cap : S3_HTTP_OBJECT_BODY_CAP };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	if (rc == 0) {
		info_fill(&op.resp, info);
		buf_free(body);
		*body = op.resp.body; /* hand the bytes over */
		memset(&op.resp.body, 0, sizeof op.resp.body);
	}
	s3_op_free(&op);
	return rc;
}

int s3_head_object(struct s3_client *c, const char *bucket, const char *key,
		   struct s3_object_info *info, struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "HeadObject", .method = "HEAD", .bucket = bucket,
				   .key = key };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	if (rc == 0)
		info_fill(&op.resp, info);
	s3_op_free(&op);
	return rc;
}

int s3_delete_object(struct s3_client *c, const char *bucket, const char *key,
		     struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "DeleteObject", .method = "DELETE", .bucket = bucket,
				   .key = key };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	s3_op_free(&op);
	return rc;
}
