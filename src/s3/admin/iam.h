/* Amazon IAM access keys, through IAM's Query API (POST / with a form
 * body Action=...&Version=2010-05-08, signed for service "iam" in region
 * us-east-1: IAM is global). The client is made for the IAM endpoint
 * (IAM_ENDPOINT; tests give moto's) with region IAM_SIGNING_REGION and
 * either the app's own key (when its policy allows iam:*AccessKey* on
 * itself) or an administrator's. Every call returns 0 or -1 with st filled
 * and, on failure, explained (LimitExceeded, NoSuchEntity,
 * InvalidClientTokenId for an Inactive or deleted key, a wrong signing
 * region). user NULL means the user of the signing key. */
#ifndef RDM_S3_ADMIN_IAM_H
#define RDM_S3_ADMIN_IAM_H
#include <stddef.h>

#include "s3/client.h"

#define IAM_ENDPOINT "https://iam.amazonaws.com"
#define IAM_SIGNING_REGION "us-east-1"

struct iam_user {
	char *user_name;
	char *user_id;
	char *arn;
	char *create_date;
};
void iam_user_free(struct iam_user *u);
int iam_get_user(struct s3_client *c, const char *user, struct iam_user *out,
		 struct s3_status *st);

struct iam_access_key {
	char *user_name;
	char *access_key_id;
	char *status;       /* "Active" / "Inactive" */
	char *create_date;  /* "2024-05-01T10:00:00Z" */
};
struct iam_access_keys {
	struct iam_access_key *items;
	size_t n;
};
void iam_access_key_free(struct iam_access_key *k);
void iam_access_keys_free(struct iam_access_keys *l);

/* CreateAccessKey: *secret_key gets the new secret (secret_free); it is
 * cut out of the answer before the XML is parsed. */
int iam_create_access_key(struct s3_client *c, const char *user, struct iam_access_key *out,
			  char **secret_key, struct s3_status *st);
/* UpdateAccessKey Status=Active|Inactive. */
int iam_update_access_key(struct s3_client *c, const char *user, const char *access_key_id,
			  int active, struct s3_status *st);
int iam_delete_access_key(struct s3_client *c, const char *user, const char *access_key_id,
			  struct s3_status *st);
/* ListAccessKeys, all pages. */
int iam_list_access_keys(struct s3_client *c, const char *user, struct iam_access_keys *out,
			 struct s3_status *st);

#endif
