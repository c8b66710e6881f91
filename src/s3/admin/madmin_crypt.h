/* MinIO's admin API encrypts request and response bodies that carry
 * secrets with a key derived from the caller's secret key (madmin-go's
 * EncryptData/DecryptData format, checked against the MinIO server):
 *
 *   salt (32 bytes) | id (1 byte) | nonce (8 bytes) | sio stream (madmin_sio.h)
 *
 *   id 0x00  Argon2id (t=1, m=64 MiB, p=4) -> AES-256-GCM
 *   id 0x01  Argon2id (same)                -> ChaCha20-Poly1305
 *   id 0x02  PBKDF2-HMAC-SHA256 (8192 rounds) -> AES-256-GCM
 *
 * The server decrypts all three. We send 0x02 (OpenSSL alone does it).
 * A MinIO built without FIPS answers with 0x00 or 0x01: those need
 * Argon2id, which OpenSSL 3.0 lacks, so libargon2 derives that key. */
#ifndef RDM_S3_ADMIN_MADMIN_CRYPT_H
#define RDM_S3_ADMIN_MADMIN_CRYPT_H
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define MADMIN_SALT_LEN 32
#define MADMIN_HEADER_LEN (MADMIN_SALT_LEN + 1 + 8)

enum madmin_format {
	MADMIN_ARGON2ID_AES_GCM = 0x00,
	MADMIN_ARGON2ID_CHACHA20_POLY1305 = 0x01,
	MADMIN_PBKDF2_AES_GCM = 0x02,
};

/* Encrypts data for the server with a fresh random salt and nonce, in
 * format 0x02. Appends to out. Returns 0, or -1 with err set. */
int madmin_encrypt(const char *secret_key, const void *data, size_t len, struct buf *out,
		   struct rdm_error *err);

/* The same with a given format, salt and nonce: for tests and vectors
 * only (a salt or nonce must never be reused for real requests). */
int madmin_encrypt_with(const char *secret_key, enum madmin_format format,
			const unsigned char salt[MADMIN_SALT_LEN], const unsigned char nonce[8],
			const void *data, size_t len, struct buf *out, struct rdm_error *err);

/* Decrypts a body in any of the three formats, appending the plaintext to
 * out (which the caller frees with buf_free_secret). Returns 0, or -1 with
 * err set: too short, unknown format id, or not authentic (wrong secret
 * key, changed or cut body); out is then unchanged. */
int madmin_decrypt(const char *secret_key, const void *data, size_t len, struct buf *out,
		   struct rdm_error *err);

/* 1 when data looks like an encrypted body (long enough, known id byte). */
int madmin_is_encrypted(const void *data, size_t len);

#endif
