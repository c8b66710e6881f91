/* SigV4 stages 2 and 3 on OpenSSL: SHA-256 (EVP_Digest), the HMAC-SHA256
 * key chain, the string to sign, the signature, and aws-chunked chunk
 * signatures. Every derived key is wiped before its memory is given back. */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "s3/sigv4/sigv4.h"
#include "s3/sigv4/sigv4_internal.h"

#define SHA256_LEN 32
/* 9999-12-31T23:59:59Z: beyond it the date no longer has 8 digits. */
#define SIGV4_TIME_MAX ((time_t)253402300799LL)

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

void sigv4_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != SHA256_LEN) {
		out[0] = '\0';
		return;
	}
	hex_encode(md, SHA256_LEN, out);
}

static int hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
		       unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;
	if (klen > INT_MAX)
		return -1;
	if (!HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &len) || len != SHA256_LEN)
		return -1;
	return 0;
}

void sigv4_amz_date(time_t now, char out[17])
{
	struct tm tm;
	out[0] = '\0';
	if (now < 0 || now > SIGV4_TIME_MAX || !gmtime_r(&now, &tm))
		return;
	if (strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		out[0] = '\0';
}

int sigv4_signing_key(const char *secret_access_key, const char *date8, const char *region,
		      const char *service, unsigned char key[32])
{
	const char *steps[] = { date8, region, service, SIGV4_TERMINATOR };
	size_t slen = strlen(secret_access_key);
	struct buf ksecret = BUF_INIT;
	unsigned char k[SHA256_LEN];
	int rc = 0;
	buf_puts(&ksecret, "AWS4");
	buf_append(&ksecret, secret_access_key, slen);
	rc = hmac_sha256(ksecret.data, ksecret.len, steps[0], strlen(steps[0]), key);
	for (size_t i = 1; rc == 0 && i < sizeof(steps) / sizeof(steps[0]); i++) {
		memcpy(k, key, SHA256_LEN);
		rc = hmac_sha256(k, SHA256_LEN, steps[i], strlen(steps[i]), key);
	}
	OPENSSL_cleanse(k, sizeof(k));
	buf_free_secret(&ksecret);
	if (rc < 0)
		OPENSSL_cleanse(key, SHA256_LEN);
	return rc;
}

/* The date8 of the request time: the first 8 characters of the amz date. */
static void date8_of(time_t now, char out[9])
{
	char amz[17] = "";
	sigv4_amz_date(now, amz);
	memcpy(out, amz, 8);
	out[8] = '\0';
}

void sigv4_scope(const struct sigv4_signing *sg, struct buf *out)
{
	char d8[9];
	date8_of(sg->now, d8);
	buf_printf(out, "%s/%s/%s/%s", d8, sg->region ? sg->region : "",
		   sg->service ? sg->service : "", SIGV4_TERMINATOR);
}

void sigv4_string_to_sign(const struct sigv4_signing *sg, const char *canonical_request,
			  struct buf *out)
{
	char amz[17], hash[65];
	sigv4_amz_date(sg->now, amz);
	sigv4_sha256_hex(canonical_request, strlen(canonical_request), hash);
	buf_printf(out, "%s\n%s\n", SIGV4_ALGORITHM, amz);
	sigv4_scope(sg, out);
	buf_printf(out, "\n%s", hash);
}

/* HMAC of msg under the signing key of sg, as hex into out ("" on failure). */
static void sign_with_key(const struct sigv4_signing *sg, const char *msg, char out[65])
{
	unsigned char key[SHA256_LEN], mac[SHA256_LEN];
	char d8[9];
	out[0] = '\0';
	date8_of(sg->now, d8);
	const char *secret = sg->creds && sg->creds->secret_access_key ?
			     sg->creds->secret_access_key : "";
	if (sigv4_signing_key(secret, d8, sg->region ? sg->region : "",
			      sg->service ? sg->service : "", key) == 0 &&
	    hmac_sha256(key, sizeof(key), msg, strlen(msg), mac) == 0)
		hex_encode(mac, sizeof(mac), out);
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(mac, sizeof(mac));
}

void sigv4_signature(const struct sigv4_signing *sg, const char *string_to_sign, char out[65])
{
	sign_with_key(sg, string_to_sign, out);
}

void sigv4_chunk_signature(const struct sigv4_signing *sg, const char *previous_signature,
			   const void *chunk, size_t len, char out[65])
{
	struct buf sts = BUF_INIT;
	char amz[17], hash[65];
	sigv4_amz_date(sg->now, amz);
	buf_printf(&sts, "%s-PAYLOAD\n%s\n", SIGV4_ALGORITHM, amz);
	sigv4_scope(sg, &sts);
	sigv4_sha256_hex(chunk, len, hash);
	buf_printf(&sts, "\n%s\n%s\n%s", previous_signature, SIGV4_EMPTY_SHA256, hash);
	sign_with_key(sg, buf_str(&sts), out);
	buf_free(&sts);
}
