/* Secrets in admin answers and requests, handled so that every copy we
 * make is wiped: fresh key pairs from OpenSSL's random generator, secret
 * values cut out of answers (and blanked there) before a JSON or XML
 * parser copies them, and JSON strings written for encrypted bodies. */
#ifndef RDM_S3_ADMIN_ADMIN_SECRET_H
#define RDM_S3_ADMIN_ADMIN_SECRET_H
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* A new key pair: an access key of 20 upper-case letters and digits
 * starting with prefix (at most 8 characters, e.g. "RDM"), and a secret of
 * 40 letters and digits (~238 bits), drawn without modulo bias. Both are
 * accepted by MinIO (3..20 / 8..40 characters), Ceph RGW and as IAM-style
 * keys in configuration files without quoting. Returns 0, or -1 with err
 * set (random generator failure); free with free() / secret_free(). */
int s3_admin_new_key_pair(const char *prefix, char **access_key, char **secret_key,
			  struct rdm_error *err);

/* RGW answers list keys as flat objects {"user":..,"access_key":..,
 * "secret_key":..}. Overwrites every "secret_key" string value in body with
 * '*' (so a later JSON parse never sees one) and, when access_key is not
 * NULL, copies out the secret of the object whose "access_key" equals it
 * into *secret (NULL when absent; free with secret_free). Returns 0, or -1
 * when a secret value is malformed (unterminated, or with escapes other
 * than \" \\ \/). */
int s3_admin_take_json_secret(char *body, size_t len, const char *access_key, char **secret);

/* The same for XML: overwrites the text of every <element>...</element>
 * (no attributes) in body with '*', and copies the first one's text,
 * with the five predefined entities decoded, into *secret (NULL when
 * absent). Returns 0, or -1 for a malformed element. */
int s3_admin_take_xml_secret(char *body, size_t len, const char *element, char **secret);

/* Appends s to out as a JSON string (quoted, escaped). out may hold
 * secrets: the caller frees it with buf_free_secret. */
void s3_admin_json_string(struct buf *out, const char *s);

#endif
