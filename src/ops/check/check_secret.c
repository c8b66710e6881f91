/* Secret strength for the instance check. A heuristic, not a cracker: it
 * catches the placeholders and defaults operators really leave behind, short
 * values, and values built from very few characters. */
#include "config.h"
#include "ops/check/check_util.h"
#include "util/i18n.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#define SECRET_MIN_LENGTH 12
#define SECRET_MIN_BITS 64.0

/* Defaults seen in MinIO docs, compose files and tutorials. */
static const char *const well_known[] = {
	"minioadmin", "minio123", "minio1234", "minio12345", "minio", "minio_secret",
	"miniosecret", "minio-secret", "password", "password1", "password123", "passw0rd",
	"changeme", "change_me", "change-me", "changeit", "secret", "secretkey", "secret_key",
	"admin", "adminadmin", "admin123", "administrator", "root", "toor", "letmein",
	"qwerty", "qwertyuiop", "12345678", "123456789", "1234567890", "test", "testtest",
	"s3cr3t", "default", NULL,
};

int check_is_placeholder(const char *value)
{
	return value && strcasecmp(value, "CHANGE_ME") == 0;
}

static int is_well_known(const char *s)
{
	for (size_t i = 0; well_known[i]; i++)
		if (strcasecmp(s, well_known[i]) == 0)
			return 1;
	return 0;
}

static size_t distinct_chars(const char *s)
{
	unsigned char seen[256] = { 0 };
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!seen[*p]) {
			seen[*p] = 1;
			n++;
		}
	return n;
}

/* Length times log2 of the pool implied by the character classes used:
 * what a brute-force search over those classes would need. */
static double class_bits(const char *s)
{
	int lower = 0, upper = 0, digit = 0, other = 0;
	size_t len = strlen(s);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (islower(*p))
			lower = 1;
		else if (isupper(*p))
			upper = 1;
		else if (isdigit(*p))
			digit = 1;
		else
			other = 1;
	}
	double pool = 26.0 * lower + 26.0 * upper + 10.0 * digit + 33.0 * other;
	return pool > 1.0 ? (double)len * log2(pool) : 0.0;
}

const char *check_secret_weakness(const char *secret)
{
	if (!secret || !*secret)
		return _("is empty");
	if (check_is_placeholder(secret))
		return _("is the placeholder CHANGE_ME");
	if (is_well_known(secret))
		return _("is a well-known default");
	size_t len = strlen(secret);
	if (len < SECRET_MIN_LENGTH)
		return _("is shorter than 12 characters");
	if (distinct_chars(secret) * 2 < len)
		return _("repeats a few characters");
	if (class_bits(secret) < SECRET_MIN_BITS)
		return _("has too little variety (under 64 bits by character classes)");
	return NULL;
}
