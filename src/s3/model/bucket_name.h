/* Bucket-name rules for general purpose buckets, as AWS documents them
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 * The check reports the first rule that fails, so the wizard can say which
 * one and the CLI can refuse a name before the server does. */
#ifndef RDM_S3_BUCKET_NAME_H
#define RDM_S3_BUCKET_NAME_H

#include "util/error.h"

enum s3_bucket_name_rule {
	S3_BUCKET_NAME_OK = 0,
	S3_BUCKET_NAME_TOO_SHORT,       /* fewer than 3 characters */
	S3_BUCKET_NAME_TOO_LONG,        /* more than 63 characters */
	S3_BUCKET_NAME_UPPERCASE,       /* A-Z */
	S3_BUCKET_NAME_BAD_CHAR,        /* anything but a-z 0-9 . - */
	S3_BUCKET_NAME_BAD_START,       /* must begin with a letter or digit */
	S3_BUCKET_NAME_BAD_END,         /* must end with a letter or digit */
	S3_BUCKET_NAME_DOUBLE_DOT,      /* ".." */
	S3_BUCKET_NAME_IP_ADDRESS,      /* formatted like 192.168.5.4 */
	S3_BUCKET_NAME_RESERVED_PREFIX, /* xn--  sthree-  amzn-s3-demo- */
	S3_BUCKET_NAME_RESERVED_SUFFIX, /* -s3alias  --ol-s3  .mrap  --x-s3 */
};

/* Returns the first rule name breaks (S3_BUCKET_NAME_OK when none). When it
 * fails and err is not NULL, err gets a message quoting the name and the
 * rule, and a remedy (where = "bucket name"). name NULL counts as "". */
enum s3_bucket_name_rule s3_bucket_name_check(const char *name, struct rdm_error *err);

/* Short text of a rule, e.g. "must be 3 to 63 characters long". */
const char *s3_bucket_name_rule_text(enum s3_bucket_name_rule rule);

/* 1 when name can be a DNS label set under TLS wildcard certificates, i.e.
 * valid and without dots: virtual-hosted style over https works. */
int s3_bucket_name_virtual_host_safe(const char *name);

#endif
