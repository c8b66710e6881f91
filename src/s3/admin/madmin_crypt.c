/* madmin body encryption (see madmin_crypt.h): the key derivations and the
 * header around the sio stream. Derived keys are wiped after use. */
#include "config.h"
#include "s3/admin/madmin_crypt.h"

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "s3/admin/madmin_sio.h"
#include "util/i18n.h"
#include "util/secret.h"

#define KEY_LEN 32
#define PBKDF2_ROUNDS 8192
#define ARGON2_TIME 1
#define ARGON2_MEMORY_KIB (64 * 1024)
#define ARGON2_LANES 4

static int derive_key(enum madmin_format format, const char *secret,
		      const unsigned char salt[MADMIN_SALT_LEN], unsigned char key[KEY_LEN])
{
	size_t n = strlen(secret);
	if (format == MADMIN_PBKDF2_AES_GCM)
		return PKCS5_PBKDF2_HMAC(secret, (int)n, salt, MADMIN_SALT_LEN, PBKDF2_ROUNDS,
					 EVP_sha256(), KEY_LEN, key) == 1 ? 0 : -1;
	return argon2id_hash_raw(ARGON2_TIME, ARGON2_MEMORY_KIB, ARGON2_LANES, secret, n, salt,
				 MADMIN_SALT_LEN, key, KEY_LEN) == ARGON2_OK ? 0 : -1;
}

static enum sio_aead aead_of(enum madmin_format format)
{
	return format == MADMIN_ARGON2ID_CHACHA20_POLY1305 ? SIO_CHACHA20_POLY1305 : SIO_AES_256_GCM;
}

static int known_format(int id)
{
	return id == MADMIN_ARGON2ID_AES_GCM || id == MADMIN_ARGON2ID_CHACHA20_POLY1305 ||
	       id == MADMIN_PBKDF2_AES_GCM;
}

int madmin_is_encrypted(const void *data, size_t len)
{
	return len > MADMIN_SALT_LEN && known_format(((const unsigned char *)data)[MADMIN_SALT_LEN]);
}

int madmin_encrypt_with(const char *secret_key, enum madmin_format format,
			const unsigned char salt[MADMIN_SALT_LEN], const unsigned char nonce[8],
			const void *data, size_t len, struct buf *out, struct rdm_error *err)
{
	unsigned char key[KEY_LEN];
	if (!known_format((int)format) || derive_key(format, secret_key, salt, key) != 0) {
		secure_wipe(key, sizeof key);
		return rdm_error_set(err, _("cannot derive the MinIO admin encryption key"));
	}
	size_t start = out->len;
	buf_append(out, salt, MADMIN_SALT_LEN);
	buf_putc(out, (char)format);
	buf_append(out, nonce, SIO_NONCE_LEN);
	int rc = sio_seal(aead_of(format), key, nonce, NULL, 0, SIO_BUF_SIZE, data, len, out);
	secure_wipe(key, sizeof key);
	if (rc != 0) {
		buf_truncate(out, start);
		return rdm_error_set(err, _("cannot encrypt the MinIO admin request"));
	}
	return 0;
}

int madmin_encrypt(const char *secret_key, const void *data, size_t len, struct buf *out,
		   struct rdm_error *err)
{
	unsigned char salt[MADMIN_SALT_LEN], nonce[SIO_NONCE_LEN];
	if (RAND_bytes(salt, sizeof salt) != 1 || RAND_bytes(nonce, sizeof nonce) != 1)
		return rdm_error_set(err, _("the system's random number generator failed"));
	return madmin_encrypt_with(secret_key, MADMIN_PBKDF2_AES_GCM, salt, nonce, data, len, out,
				   err);
}

int madmin_decrypt(const char *secret_key, const void *data, size_t len, struct buf *out,
		   struct rdm_error *err)
{
	const unsigned char *p = data;
	if (len < MADMIN_HEADER_LEN + SIO_TAG_LEN)
		return rdm_error_set(err, _("the encrypted MinIO admin answer is too short (%zu bytes)"),
				     len);
	enum madmin_format format = (enum madmin_format)p[MADMIN_SALT_LEN];
	if (!known_format((int)format))
		return rdm_error_set(err, _("the MinIO admin answer uses an unknown encryption "
					    "(format id %d)"), (int)format);
	unsigned char key[KEY_LEN];
	if (derive_key(format, secret_key, p, key) != 0) {
		secure_wipe(key, sizeof key);
		return rdm_error_set(err, _("cannot derive the MinIO admin encryption key"));
	}
	int rc = sio_open(aead_of(format), key, p + MADMIN_SALT_LEN + 1, NULL, 0, SIO_BUF_SIZE,
			  p + MADMIN_HEADER_LEN, len - MADMIN_HEADER_LEN, out);
	secure_wipe(key, sizeof key);
	if (rc != 0) {
		rdm_error_set(err, _("the MinIO admin answer cannot be decrypted: it is not "
				     "authentic for this secret key"));
		rdm_error_remedy(err, _("The admin secret key must be the one that signed the "
					"request; a proxy must pass bodies unchanged."));
		return -1;
	}
	return 0;
}
