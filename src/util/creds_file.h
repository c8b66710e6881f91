/* A credentials file for S3 keys, read without printing anything: the AWS
 * shared-credentials INI ([default] with aws_access_key_id /
 * aws_secret_access_key / aws_session_token) or plain KEY=VALUE lines
 * (AWS_ACCESS_KEY_ID=..., S3_ACCESS_KEY_ID=..., ACCESS_KEY=...,
 * SECRET_KEY=..., MINIO_ROOT_USER/PASSWORD; "export " and quotes allowed).
 * Names compare without case; lines before any [section] count as
 * [default]; other sections are ignored. Shared by the S3 commands
 * (cmd_s3_creds.c), the health checks (ops/check_live.c) and rotation's
 * admin credentials. */
#ifndef RDM_UTIL_CREDS_FILE_H
#define RDM_UTIL_CREDS_FILE_H

#include "util/error.h"

struct creds_file {
	char *access_key_id;
	char *secret_access_key; /* wiped by creds_file_free */
	char *session_token;     /* NULL when the file has none; wiped too */
};

/* Reads path into out (zeroed first). *group_readable (may be NULL) is set
 * when the file's mode lets group or others read it. Returns 0, or -1
 * with err set (cannot open; no access key or no secret key, naming the
 * file) and out empty. */
int creds_file_read(const char *path, struct creds_file *out, int *group_readable,
		    struct rdm_error *err);

/* The same for files that must be private, such as the administrator's
 * keys of `--admin-credentials-file` (AWS_ACCESS_KEY_ID= and
 * AWS_SECRET_ACCESS_KEY= lines, or the forms above): refused (-1, err
 * naming the file and `chmod 600`) unless it is a regular file that group
 * and others can neither read nor write. */
int creds_file_read_private(const char *path, struct creds_file *out, struct rdm_error *err);

/* Both readers wipe what they read: every line, stdio's buffer, and (in
 * creds_file_free) the secret and token. */
void creds_file_free(struct creds_file *c);

#endif
