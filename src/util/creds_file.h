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

/* Reads path into out (zeroed first), with read(2) into memory that is
 * wiped afterwards. A regular file that group or others may read or write
 * is refused, as ssh refuses such a private key (*group_readable, may be
 * NULL, is set then). Returns 0, or -1 with err set (cannot open; readable
 * by others, with the chmod remedy; no access key or no secret key, naming
 * the file) and out empty. */
int creds_file_read(const char *path, struct creds_file *out, int *group_readable,
		    struct rdm_error *err);

/* The same for the administrator's keys of `--admin-credentials-file`
 * (AWS_ACCESS_KEY_ID= and AWS_SECRET_ACCESS_KEY= lines, or the forms
 * above): also refused unless it is a regular file (-1, err naming the
 * file and `chmod 600` for an open mode). */
int creds_file_read_private(const char *path, struct creds_file *out, struct rdm_error *err);

/* Both readers use read(2) into a buffer that is wiped (no stdio buffer),
 * and creds_file_free wipes the secret and token. */
void creds_file_free(struct creds_file *c);

#endif
