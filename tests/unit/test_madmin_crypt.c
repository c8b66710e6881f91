/* MinIO admin body encryption: the sio stream against sio-go's published
 * AES-128-GCM vectors, and the madmin format (PBKDF2 and Argon2id key
 * derivation, AES-256-GCM and ChaCha20-Poly1305) against vectors made by
 * an independent Python implementation (tests/data/madmin/make_vectors.py),
 * both ways; tampering, truncation, wrong keys and garbage are refused.
 * That the MinIO server itself reads our bodies and we read its answers is
 * proven in tests/integration/test_admin_live.c. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "s3/admin/madmin_crypt.h"
#include "s3/admin/madmin_sio.h"
#include "util/xalloc.h"

static json_t *load(const char *rel)
{
	const char *dir = getenv("RDM_S3_TEST_DATA");
	assert_non_null(dir);
	char *path = xasprintf("%s/%s", dir, rel);
	json_error_t e;
	json_t *doc = json_load_file(path, 0, &e);
	if (!doc)
		fail_msg("%s: %s", path, e.text);
	free(path);
	return doc;
}

static unsigned char *unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	unsigned char *b = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		b[i] = (unsigned char)v;
	}
	*len = n;
	return b;
}

static const char *str(json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	assert_non_null(s);
	return s;
}

static void sio_vectors(void **state)
{
	(void)state;
	json_t *doc = load("sio/test_vectors.json");
	size_t checked = 0;
	for (size_t i = 0; i < json_array_size(doc); i++) {
		json_t *v = json_array_get(doc, i);
		if (strcmp(str(v, "Algorithm"), "AES-128-GCM") != 0)
			continue;
		size_t kl, nl, al, pl, cl;
		unsigned char *key = unhex(str(v, "Key"), &kl), *nonce = unhex(str(v, "Nonce"), &nl);
		unsigned char *ad = unhex(str(v, "AssociatedData"), &al);
		unsigned char *plain = unhex(str(v, "Plaintext"), &pl);
		unsigned char *ct = unhex(str(v, "Ciphertext"), &cl);
		size_t bs = (size_t)json_integer_value(json_object_get(v, "BufSize"));
		assert_int_equal(kl, 16);
		assert_int_equal(nl, SIO_NONCE_LEN);
		struct buf sealed = BUF_INIT, opened = BUF_INIT;
		assert_int_equal(sio_seal(SIO_AES_128_GCM, key, nonce, ad, al, bs, plain, pl, &sealed), 0);
		assert_int_equal(sealed.len, cl);
		assert_memory_equal(sealed.data, ct, cl);
		assert_int_equal(sio_open(SIO_AES_128_GCM, key, nonce, ad, al, bs, ct, cl, &opened), 0);
		assert_int_equal(opened.len, pl);
		if (pl)
			assert_memory_equal(opened.data, plain, pl);
		/* One flipped bit anywhere, and the stream is refused. */
		ct[cl / 2] ^= 0x01;
		buf_truncate(&opened, 0);
		assert_int_equal(sio_open(SIO_AES_128_GCM, key, nonce, ad, al, bs, ct, cl, &opened), -1);
		assert_int_equal(opened.len, 0);
		buf_free(&sealed);
		buf_free(&opened);
		free(key), free(nonce), free(ad), free(plain), free(ct);
		checked++;
	}
	assert_int_equal(checked, 14);
	json_decref(doc);
}

/* Cutting the last fragment off leaves a stream that looks complete but
 * lacks the final flag: it must be refused (truncation attack). */
static void sio_truncation(void **state)
{
	(void)state;
	unsigned char key[32] = { 1 }, nonce[8] = { 2 }, plain[40];
	memset(plain, 'x', sizeof plain);
	struct buf s = BUF_INIT, o = BUF_INIT;
	assert_int_equal(sio_seal(SIO_AES_256_GCM, key, nonce, NULL, 0, 16, plain, 40, &s), 0);
	assert_int_equal(s.len, 40 + 3 * SIO_TAG_LEN);
	assert_int_equal(sio_open(SIO_AES_256_GCM, key, nonce, NULL, 0, 16, s.data, s.len, &o), 0);
	assert_int_equal(o.len, 40);
	buf_truncate(&o, 0);
	size_t two = 2 * (16 + SIO_TAG_LEN);
	assert_int_equal(sio_open(SIO_AES_256_GCM, key, nonce, NULL, 0, 16, s.data, two, &o), -1);
	assert_int_equal(sio_open(SIO_AES_256_GCM, key, nonce, NULL, 0, 16, s.data, 10, &o), -1);
	assert_int_equal(o.len, 0);
	buf_free(&s);
	buf_free(&o);
}

static unsigned char *pattern(size_t n)
{
	unsigned char *p = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i % 251);
	return p;
}

static void madmin_vectors(void **state)
{
	(void)state;
	json_t *doc = load("madmin/vectors.json");
	int formats_seen = 0;
	for (size_t i = 0; i < json_array_size(doc); i++) {
		json_t *v = json_array_get(doc, i);
		int format = (int)json_integer_value(json_object_get(v, "format"));
		size_t n = (size_t)json_integer_value(json_object_get(v, "plaintext_pattern_len"));
		size_t sl, nl, cl;
		unsigned char *salt = unhex(str(v, "salt"), &sl), *nonce = unhex(str(v, "nonce"), &nl);
		unsigned char *ct = unhex(str(v, "ciphertext"), &cl), *plain = pattern(n);
		const char *pw = str(v, "password");
		struct rdm_error err = RDM_ERROR_INIT;
		struct buf out = BUF_INIT;
		assert_true(madmin_is_encrypted(ct, cl));
		if (madmin_decrypt(pw, ct, cl, &out, &err) != 0)
			fail_msg("vector %zu: %s", i, err.message);
		assert_int_equal(out.len, n);
		if (n)
			assert_memory_equal(out.data, plain, n);
		buf_free_secret(&out);
		assert_int_equal(madmin_encrypt_with(pw, (enum madmin_format)format, salt, nonce,
						     plain, n, &out, &err), 0);
		assert_int_equal(out.len, cl);
		assert_memory_equal(out.data, ct, cl);
		buf_free(&out);
		/* Another password derives another key: not authentic. */
		assert_int_equal(madmin_decrypt("not-the-password", ct, cl, &out, &err), -1);
		assert_non_null(err.message);
		assert_int_equal(out.len, 0);
		buf_free(&out);
		rdm_error_clear(&err);
		formats_seen |= 1 << format;
		free(salt), free(nonce), free(ct), free(plain);
	}
	assert_int_equal(formats_seen, 7); /* 0x00, 0x01 and 0x02 */
	json_decref(doc);
}

static void madmin_round_trip_and_garbage(void **state)
{
	(void)state;
	const char *msg = "{\"secretKey\":\"s3cr3t\",\"status\":\"enabled\"}";
	struct buf a = BUF_INIT, b = BUF_INIT, p = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(madmin_encrypt("root-pw", msg, strlen(msg), &a, &err), 0);
	assert_int_equal(madmin_encrypt("root-pw", msg, strlen(msg), &b, &err), 0);
	assert_int_equal(a.len, MADMIN_HEADER_LEN + strlen(msg) + SIO_TAG_LEN);
	assert_int_equal((unsigned char)a.data[MADMIN_SALT_LEN], MADMIN_PBKDF2_AES_GCM);
	assert_memory_not_equal(a.data, b.data, MADMIN_HEADER_LEN); /* fresh salt and nonce */
	assert_null(memmem(a.data, a.len, "s3cr3t", 6));
	assert_int_equal(madmin_decrypt("root-pw", a.data, a.len, &p, &err), 0);
	assert_string_equal(p.data, msg);
	buf_free_secret(&p);
	/* Unknown format id, and too short a body. */
	a.data[MADMIN_SALT_LEN] = 0x07;
	assert_false(madmin_is_encrypted(a.data, a.len));
	assert_int_equal(madmin_decrypt("root-pw", a.data, a.len, &p, &err), -1);
	assert_non_null(strstr(err.message, "unknown"));
	assert_int_equal(madmin_decrypt("root-pw", "{}", 2, &p, &err), -1);
	assert_non_null(strstr(err.message, "too short"));
	assert_false(madmin_is_encrypted("{}", 2));
	rdm_error_clear(&err);
	buf_free(&a);
	buf_free(&b);
	buf_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sio_vectors),
		cmocka_unit_test(sio_truncation),
		cmocka_unit_test(madmin_vectors),
		cmocka_unit_test(madmin_round_trip_and_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
