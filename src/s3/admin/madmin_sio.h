/* The "sio" streaming AEAD that MinIO's admin API wraps its encrypted
 * bodies in (the data format of github.com/secure-io/sio-go, implemented
 * here from its description on OpenSSL's AEAD ciphers):
 *
 *   plaintext is cut into fragments of buf_size bytes (the last one holds
 *   the rest: 1..buf_size bytes, or 0 bytes for an empty plaintext); each
 *   fragment i = 1, 2, ... is sealed with
 *     nonce = nonce8 || little-endian uint32(i)
 *     aad   = flag || tag0   (flag 0x00, or 0x80 on the last fragment;
 *              tag0 = the tag of sealing nothing, with the caller's
 *              associated data, under sequence number 0; MinIO's is empty)
 *   and the sealed fragments (ciphertext || 16-byte tag) are concatenated.
 *
 * The final-fragment flag is what makes a cut-off stream fail to open. */
#ifndef RDM_S3_ADMIN_MADMIN_SIO_H
#define RDM_S3_ADMIN_MADMIN_SIO_H
#include <stddef.h>

#include "util/buf.h"

enum sio_aead {
	SIO_AES_128_GCM,       /* key 16 bytes (sio-go's test vectors use it) */
	SIO_AES_256_GCM,       /* key 32 bytes (MinIO) */
	SIO_CHACHA20_POLY1305, /* key 32 bytes (MinIO without AES hardware) */
};

#define SIO_NONCE_LEN 8
#define SIO_TAG_LEN 16
#define SIO_BUF_SIZE 16384 /* the fragment size MinIO uses */

/* Appends the sealed stream to out. Returns 0, or -1 when OpenSSL fails
 * or an argument is unusable (buf_size 0). out is unchanged on failure. */
int sio_seal(enum sio_aead aead, const unsigned char *key, const unsigned char nonce[SIO_NONCE_LEN],
	     const void *ad, size_t ad_len, size_t buf_size, const void *plain, size_t len,
	     struct buf *out);

/* Appends the plaintext to out. Returns 0, or -1 when the stream is not
 * authentic (a wrong key, a changed byte, a cut or extended stream). out
 * is unchanged on failure (partial plaintext is wiped, never returned). */
int sio_open(enum sio_aead aead, const unsigned char *key, const unsigned char nonce[SIO_NONCE_LEN],
	     const void *ad, size_t ad_len, size_t buf_size, const void *sealed, size_t len,
	     struct buf *out);

#endif
