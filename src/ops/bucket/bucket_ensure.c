/* Making the bucket exist (bucket_ensure.h). */
#include "config.h"
#include "ops/bucket/bucket_ensure.h"

#include <string.h>

/* After a failed CreateBucket: does the bucket exist and can we use it?
 * BucketAlreadyOwnedByYou says so; some servers (s3rver) answer
 * BucketAlreadyExists even to the owner, so then HeadBucket decides: on
 * Amazon S3 a bucket of another account answers 403 there. */
static int already_usable(struct s3_client *c, const char *bucket, const struct s3_status *st)
{
	if (!st->code)
		return 0;
	if (!strcmp(st->code, "BucketAlreadyOwnedByYou"))
		return 1;
	if (strcmp(st->code, "BucketAlreadyExists") != 0)
		return 0;
	struct s3_status head = S3_STATUS_INIT;
	int ok = s3_head_bucket(c, bucket, NULL, &head) == 0;
	s3_status_clear(&head);
	return ok;
}

int ops_bucket_ensure(struct s3_client *c, const char *bucket, struct bucket_ensure_result *out,
		      struct s3_status *st)
{
	memset(out, 0, sizeof *out);
	if (s3_create_bucket(c, bucket, st) == 0) {
		out->created = 1;
		return 0;
	}
	if (!already_usable(c, bucket, st))
		return -1;
	s3_status_clear(st);
	st->http_status = 200; /* the bucket is there: a success */
	return 0;
}
