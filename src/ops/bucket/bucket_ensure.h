/* The bucket an instance uses, made to exist: the recipe behind
 * `rdm-s3 bucket create` and setup's bucket step (and rotation's proofs), so
 * that no front end copies a command. */
#ifndef RDM_OPS_BUCKET_ENSURE_H
#define RDM_OPS_BUCKET_ENSURE_H

#include "s3/client.h"

struct bucket_ensure_result {
	int created;   /* 1: this call created it; 0: it was there and usable */
};

/* CreateBucket (in the client's region, LocationConstraint as S3 wants it);
 * "already owned by you" and, on servers that answer BucketAlreadyExists
 * even to the owner (s3rver), a HeadBucket that succeeds count as success:
 * asking twice for the same bucket is not an error. Returns 0, or -1 with
 * st explained (a name taken by another account, access denied, ...). */
int ops_bucket_ensure(struct s3_client *c, const char *bucket, struct bucket_ensure_result *out,
		      struct s3_status *st);

#endif
