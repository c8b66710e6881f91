/* Bucket operations: ListBuckets, HeadBucket, CreateBucket, DeleteBucket,
 * GetBucketLocation; and MinIO's cluster health, which says when bucket
 * operations are safe after a start. */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>

#include "s3/client_internal.h"
#include "util/xalloc.h"

int s3_list_buckets(struct s3_client *c, struct s3_bucket_list *out, struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "ListBuckets", .method = "GET" };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	if (rc == 0) {
		struct rdm_error err = RDM_ERROR_INIT;
		if (s3_xml_parse_bucket_list(buf_str(&op.resp.body), op.resp.body.len, out, &err) != 0)
			rc = s3_client_bad_body(c, &op, st, &err);
		rdm_error_clear(&err);
	}
	s3_op_free(&op);
	return rc;
}

int s3_head_bucket(struct s3_client *c, const char *bucket, char **region, struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "HeadBucket", .method = "HEAD", .bucket = bucket };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	const char *r = s3_http_response_header(&op.resp, "x-amz-bucket-region");
	if (r && !st->bucket_region)
		st->bucket_region = xstrdup(r);
	if (region)
		*region = rc == 0 && r ? xstrdup(r) : NULL;
	s3_op_free(&op);
	return rc;
}

int s3_create_bucket(struct s3_client *c, const char *bucket, struct s3_status *st)
{
	struct buf body = BUF_INIT;
	/* No body for us-east-1 or no region: S3 rejects "us-east-1" as a
	 * LocationConstraint, and MinIO without a region wants none. */
	int has_body = s3_xml_build_create_bucket(c->region, &body);
	struct s3_http_header ct = { "Content-Type", "application/xml" };
	struct s3_op_spec spec = { .operation = "CreateBucket", .method = "PUT", .bucket = bucket,
				   .headers = has_body ? &ct : NULL, .n_headers = has_body ? 1 : 0,
				   .body = has_body ? body.data : NULL, .body_len = has_body ? body.len : 0 };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	s3_op_free(&op);
	buf_free(&body);
	return rc;
}

int s3_delete_bucket(struct s3_client *c, const char *bucket, struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "DeleteBucket", .method = "DELETE", .bucket = bucket };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	s3_op_free(&op);
	return rc;
}

int s3_minio_cluster_health(struct s3_client *c, struct s3_status *st)
{
	struct s3_op_spec spec = { .operation = "MinIO cluster health", .method = "GET",
				   .path = "/minio/health/cluster", .anonymous = 1 };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	s3_op_free(&op);
	return rc;
}

int s3_get_bucket_location(struct s3_client *c, const char *bucket, char **region,
			   struct s3_status *st)
{
	struct sigv4_param p = { "location", "" };
	struct s3_op_spec spec = { .operation = "GetBucketLocation", .method = "GET", .bucket = bucket,
				   .params = &p, .n_params = 1 };
	struct s3_op op;
	int rc = s3_client_call(c, &spec, &op, st);
	if (rc == 0) {
		struct rdm_error err = RDM_ERROR_INIT;
		if (s3_xml_parse_location(buf_str(&op.resp.body), op.resp.body.len, region, &err) != 0)
			rc = s3_client_bad_body(c, &op, st, &err);
		rdm_error_clear(&err);
	}
	s3_op_free(&op);
	return rc;
}
