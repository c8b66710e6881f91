/* The sio streaming AEAD (see madmin_sio.h) on OpenSSL EVP ciphers. */
#include "config.h"
#include "s3/admin/madmin_sio.h"

#include <openssl/evp.h>
#include <string.h>

#include "util/secret.h"

#define SIO_IV_LEN 12 /* nonce8 || sequence number */

static const EVP_CIPHER *cipher_of(enum sio_aead aead)
{
	switch (aead) {
	case SIO_AES_128_GCM: return EVP_aes_128_gcm();
	case SIO_AES_256_GCM: return EVP_aes_256_gcm();
	case SIO_CHACHA20_POLY1305: return EVP_chacha20_poly1305();
	}
	return NULL;
}

static void iv_for(const unsigned char nonce[SIO_NONCE_LEN], unsigned long seq,
		   unsigned char iv[SIO_IV_LEN])
{
	memcpy(iv, nonce, SIO_NONCE_LEN);
	for (int i = 0; i < 4; i++)
		iv[SIO_NONCE_LEN + i] = (unsigned char)(seq >> (8 * i));
}

/* One AEAD operation: seal (enc=1: in -> out, tag written) or open (enc=0:
 * in -> out, tag checked). out must hold len bytes. */
static int aead_run(int enc, const EVP_CIPHER *c, const unsigned char *key,
		    const unsigned char iv[SIO_IV_LEN], const unsigned char *aad, size_t aad_len,
		    const unsigned char *in, size_t len, unsigned char *out,
		    unsigned char tag[SIO_TAG_LEN])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, ok = ctx != NULL && len <= (size_t)0x7fffffff && aad_len <= (size_t)0x7fffffff;
	ok = ok && EVP_CipherInit_ex(ctx, c, NULL, NULL, NULL, enc) == 1;
	ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, SIO_IV_LEN, NULL) == 1;
	ok = ok && EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc) == 1;
	ok = ok && (aad_len == 0 || EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1);
	ok = ok && (len == 0 || EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1);
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, SIO_TAG_LEN, tag) == 1;
	ok = ok && EVP_CipherFinal_ex(ctx, out + len, &n) == 1;
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, SIO_TAG_LEN, tag) == 1;
	EVP_CIPHER_CTX_free(ctx); /* also wipes the key schedule */
	return ok ? 0 : -1;
}

/* aad = flag || tag of sealing nothing under sequence number 0. */
static int make_aad(const EVP_CIPHER *c, const unsigned char *key,
		    const unsigned char nonce[SIO_NONCE_LEN], const void *ad, size_t ad_len,
		    unsigned char aad[1 + SIO_TAG_LEN])
{
	unsigned char iv[SIO_IV_LEN], none[1];
	iv_for(nonce, 0, iv);
	aad[0] = 0x00;
	return aead_run(1, c, key, iv, ad, ad_len, NULL, 0, none, aad + 1);
}

int sio_seal(enum sio_aead aead, const unsigned char *key, const unsigned char nonce[SIO_NONCE_LEN],
	     const void *ad, size_t ad_len, size_t buf_size, const void *plain, size_t len,
	     struct buf *out)
{
	const EVP_CIPHER *c = cipher_of(aead);
	unsigned char aad[1 + SIO_TAG_LEN];
	if (!c || buf_size == 0 || make_aad(c, key, nonce, ad, ad_len, aad) != 0)
		return -1;
	const unsigned char *p = plain;
	size_t start = out->len, frags = len == 0 ? 1 : (len + buf_size - 1) / buf_size;
	buf_reserve(out, len + frags * SIO_TAG_LEN); /* once: no copies left by a realloc */
	unsigned long seq = 1;
	do {
		size_t n = len > buf_size ? buf_size : len;
		int last = n == len;
		aad[0] = last ? 0x80 : 0x00;
		unsigned char iv[SIO_IV_LEN];
		iv_for(nonce, seq++, iv);
		unsigned char *dst = (unsigned char *)out->data + out->len;
		if (aead_run(1, c, key, iv, aad, sizeof aad, p, n, dst, dst + n) != 0) {
			secure_wipe(out->data + start, out->cap - start);
			buf_truncate(out, start);
			return -1;
		}
		out->len += n + SIO_TAG_LEN;
		out->data[out->len] = '\0';
		p += n;
		len -= n;
		if (last)
			break;
	} while (1);
	return 0;
}

int sio_open(enum sio_aead aead, const unsigned char *key, const unsigned char nonce[SIO_NONCE_LEN],
	     const void *ad, size_t ad_len, size_t buf_size, const void *sealed, size_t len,
	     struct buf *out)
{
	const EVP_CIPHER *c = cipher_of(aead);
	unsigned char aad[1 + SIO_TAG_LEN];
	if (!c || buf_size == 0 || len < SIO_TAG_LEN || make_aad(c, key, nonce, ad, ad_len, aad) != 0)
		return -1;
	const unsigned char *p = sealed;
	size_t start = out->len, frag = buf_size + SIO_TAG_LEN;
	buf_reserve(out, len); /* once: a realloc would leave plaintext behind */
	unsigned long seq = 1;
	while (len > 0) {
		/* A fragment followed by more data is a full one; the rest is the last. */
		int last = len <= frag;
		size_t n = last ? len : frag;
		if (n < SIO_TAG_LEN)
			goto fail;
		aad[0] = last ? 0x80 : 0x00;
		unsigned char iv[SIO_IV_LEN];
		iv_for(nonce, seq++, iv);
		size_t plain = n - SIO_TAG_LEN;
		unsigned char tag[SIO_TAG_LEN];
		memcpy(tag, p + plain, SIO_TAG_LEN);
		unsigned char *dst = (unsigned char *)out->data + out->len;
		if (aead_run(0, c, key, iv, aad, sizeof aad, p, plain, dst, tag) != 0)
			goto fail;
		out->len += plain;
		out->data[out->len] = '\0';
		p += n;
		len -= n;
	}
	return 0;
fail:
	secure_wipe(out->data + start, out->cap - start);
	buf_truncate(out, start);
	return -1;
}
