/* Key pairs and secret handling for the admin APIs (see admin_secret.h). */
#include "config.h"
#include "s3/admin/admin_secret.h"

#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define ACCESS_KEY_LEN 20
#define SECRET_KEY_LEN 40

static const char upper_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* n characters drawn uniformly from set (rejection sampling). */
static int random_chars(char *out, size_t n, const char *set)
{
	size_t m = strlen(set), limit = 256 - 256 % m;
	unsigned char r[64];
	size_t got = 0;
	while (got < n) {
		if (RAND_bytes(r, sizeof r) != 1) {
			secure_wipe(r, sizeof r);
			return -1;
		}
		for (size_t i = 0; i < sizeof r && got < n; i++)
			if (r[i] < limit)
				out[got++] = set[r[i] % m];
	}
	secure_wipe(r, sizeof r);
	return 0;
}

int s3_admin_new_key_pair(const char *prefix, char **access_key, char **secret_key,
			  struct rdm_error *err)
{
	size_t p = prefix ? strlen(prefix) : 0;
	if (p > 8)
		p = 8;
	char *ak = xcalloc(ACCESS_KEY_LEN + 1, 1), *sk = xcalloc(SECRET_KEY_LEN + 1, 1);
	memcpy(ak, prefix ? prefix : "", p);
	if (random_chars(ak + p, ACCESS_KEY_LEN - p, upper_digits) != 0 ||
	    random_chars(sk, SECRET_KEY_LEN, alnum) != 0) {
		free(ak);
		secret_free(sk);
		*access_key = *secret_key = NULL;
		return rdm_error_set(err, _("the system's random number generator failed"));
	}
	*access_key = ak;
	*secret_key = sk;
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The end (closing quote) of the JSON string starting after its opening
 * quote at p, or NULL. */
static const char *string_end(const char *p, const char *end)
{
	while (p < end && *p != '"')
		p += *p == '\\' ? 2 : 1;
	return p < end ? p : NULL;
}

/* The value of "name": "..." at or after from, bounded by end: the span
 * between the quotes in *v / *ve. Returns the position after the member,
 * or NULL when there is none. */
static const char *find_member(const char *from, const char *end, const char *name,
			       const char **v, const char **ve)
{
	size_t n = strlen(name);
	for (const char *p = from; p + n + 2 <= end; p++) {
		if (*p != '"' || strncmp(p + 1, name, n) != 0 || p[n + 1] != '"')
			continue;
		const char *q = skip_ws(p + n + 2, end);
		if (q >= end || *q != ':')
			continue;
		q = skip_ws(q + 1, end);
		if (q >= end || *q != '"')
			continue;
		*v = q + 1;
		*ve = string_end(q + 1, end);
		return *ve ? *ve + 1 : end;
	}
	return NULL;
}

/* Decodes the simple escapes secrets can carry; -1 for any other. */
static int json_unescape(const char *v, const char *ve, char **out)
{
	char *s = xcalloc((size_t)(ve - v) + 1, 1), *o = s;
	for (const char *p = v; p < ve; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		if (++p >= ve || (*p != '"' && *p != '\\' && *p != '/')) {
			secret_free(s);
			return -1;
		}
		*o++ = *p;
	}
	*out = s;
	return 0;
}

/* The flat object around pos: from the '{' before it to the '}' after it. */
static void object_around(const char *body, const char *end, const char *pos, const char **os,
			  const char **oe)
{
	const char *s = pos, *e = pos;
	while (s > body && *s != '{')
		s--;
	while (e < end && *e != '}')
		e++;
	*os = s;
	*oe = e;
}

static int object_has_key(const char *os, const char *oe, const char *access_key)
{
	const char *v, *ve;
	for (const char *p = os; p && (p = find_member(p, oe, "access_key", &v, &ve));) {
		if (!ve)
			return 0;
		if ((size_t)(ve - v) == strlen(access_key) && strncmp(v, access_key, ve - v) == 0)
			return 1;
	}
	return 0;
}

int s3_admin_take_json_secret(char *body, size_t len, const char *access_key, char **secret)
{
	*secret = NULL;
	const char *end = body + len, *v, *ve;
	int rc = 0;
	for (const char *p = body; (p = find_member(p, end, "secret_key", &v, &ve));) {
		if (!ve) {
			rc = -1;
			break;
		}
		const char *os, *oe;
		object_around(body, end, v, &os, &oe);
		if (access_key && !*secret && object_has_key(os, oe, access_key) &&
		    json_unescape(v, ve, secret) != 0)
			rc = -1;
		memset(body + (v - body), '*', (size_t)(ve - v));
	}
	if (rc != 0) {
		secret_free(*secret);
		*secret = NULL;
	}
	return rc;
}

/* ---- XML ----------------------------------------------------------------- */

static int xml_unescape(const char *v, const char *ve, char **out)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};
	char *s = xcalloc((size_t)(ve - v) + 1, 1), *o = s;
	for (const char *p = v; p < ve;) {
		if (*p != '&') {
			*o++ = *p++;
			continue;
		}
		size_t i = 0;
		for (; i < sizeof ents / sizeof *ents; i++) {
			size_t n = strlen(ents[i].ent);
			if ((size_t)(ve - p) >= n && strncmp(p, ents[i].ent, n) == 0) {
				*o++ = ents[i].c;
				p += n;
				break;
			}
		}
		if (i == sizeof ents / sizeof *ents) {
			secret_free(s);
			return -1;
		}
	}
	*out = s;
	return 0;
}

int s3_admin_take_xml_secret(char *body, size_t len, const char *element, char **secret)
{
	*secret = NULL;
	char *open = xasprintf("<%s>", element), *close = xasprintf("</%s>", element);
	size_t no = strlen(open), nc = strlen(close);
	const char *end = body + len;
	int rc = 0;
	for (char *p = body; p + no <= end; p++) {
		if (strncmp(p, open, no) != 0)
			continue;
		char *v = p + no, *ve = v;
		while (ve + nc <= end && strncmp(ve, close, nc) != 0)
			ve++;
		if (ve + nc > end) {
			rc = -1;
			break;
		}
		if (!*secret && xml_unescape(v, ve, secret) != 0)
			rc = -1;
		memset(v, '*', (size_t)(ve - v));
		p = ve + nc - 1;
	}
	free(open);
	free(close);
	if (rc != 0) {
		secret_free(*secret);
		*secret = NULL;
	}
	return rc;
}

void s3_admin_json_string(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(out, "\\u%04x", *p);
		} else {
			buf_putc(out, (char)*p);
		}
	}
	buf_putc(out, '"');
}
