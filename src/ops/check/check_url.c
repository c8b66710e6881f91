/* URL pieces and host classes for the configuration checks. Only what the
 * verdicts need: the S3 backend has its own endpoint parser for requests. */
#include "config.h"
#include "ops/check/check_util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

static char *lower_dup(const char *s, size_t n)
{
	char *out = xstrndup(s, n);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

void check_url_clear(struct check_url *u)
{
	free(u->scheme);
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

/* Splits "host[:port]" or "[v6][:port]" (authority without userinfo). */
static int split_hostport(const char *a, size_t n, struct check_url *u)
{
	const char *host = a, *colon = NULL;
	size_t host_len;
	if (n && a[0] == '[') {
		const char *close = memchr(a, ']', n);
		if (!close)
			return -1;
		host = a + 1;
		host_len = (size_t)(close - host);
		if ((size_t)(close + 1 - a) < n) {
			if (close[1] != ':')
				return -1;
			colon = close + 1;
		}
	} else {
		colon = memchr(a, ':', n);
		host_len = colon ? (size_t)(colon - a) : n;
	}
	if (host_len == 0)
		return -1;
	if (colon) {
		const char *p = colon + 1, *end = a + n;
		unsigned long port = 0;
		if (p == end)
			return -1;
		for (; p < end; p++) {
			if (!isdigit((unsigned char)*p) || port > 65535)
				return -1;
			port = port * 10 + (unsigned long)(*p - '0');
		}
		if (port == 0 || port > 65535)
			return -1;
		u->port = (unsigned)port;
	}
	u->host = lower_dup(host, host_len);
	return 0;
}

int check_url_split(const char *text, struct check_url *u)
{
	memset(u, 0, sizeof(*u));
	if (!text)
		return -1;
	const char *p = text, *sep = strstr(text, "://");
	if (sep && sep > text && strcspn(text, "/?#") > (size_t)(sep - text)) {
		u->scheme = lower_dup(text, (size_t)(sep - text));
		p = sep + 3;
	}
	size_t auth_len = strcspn(p, "/?#");
	const char *at = memchr(p, '@', auth_len);
	if (at) {
		auth_len -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if (split_hostport(p, auth_len, u) != 0) {
		check_url_clear(u);
		return -1;
	}
	const char *rest = p + auth_len;
	u->path = xstrndup(rest, *rest == '/' ? strcspn(rest, "?#") : 0);
	return 0;
}

unsigned check_url_port(const struct check_url *u)
{
	if (u->port)
		return u->port;
	if (u->scheme && strcmp(u->scheme, "http") == 0)
		return 80;
	if (u->scheme && strcmp(u->scheme, "https") == 0)
		return 443;
	return 0;
}

char *check_url_origin(const char *text)
{
	struct check_url u;
	char *out = NULL;
	if (check_url_split(text, &u) != 0)
		return NULL;
	if (u.scheme) {
		int v6 = strchr(u.host, ':') != NULL;
		unsigned port = check_url_port(&u);
		int default_port = (strcmp(u.scheme, "http") == 0 && port == 80) ||
				   (strcmp(u.scheme, "https") == 0 && port == 443);
		if (port && !default_port)
			out = xasprintf("%s://%s%s%s:%u", u.scheme, v6 ? "[" : "", u.host,
					v6 ? "]" : "", port);
		else
			out = xasprintf("%s://%s%s%s", u.scheme, v6 ? "[" : "", u.host, v6 ? "]" : "");
	}
	check_url_clear(&u);
	return out;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static enum check_host_class classify_v4(uint32_t a)
{
	if ((a >> 24) == 127 || a == 0)
		return CHECK_HOST_LOOPBACK;
	if ((a >> 24) == 10 || (a >> 20) == 0xac1 /* 172.16/12 */ ||
	    (a >> 16) == 0xc0a8 /* 192.168/16 */ || (a >> 16) == 0xa9fe /* 169.254/16 */)
		return CHECK_HOST_PRIVATE;
	return CHECK_HOST_PUBLIC;
}

static enum check_host_class classify_v6(const unsigned char b[16])
{
	static const unsigned char loop[16] = { [15] = 1 };
	static const unsigned char v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	if (memcmp(b, loop, 16) == 0)
		return CHECK_HOST_LOOPBACK;
	if (memcmp(b, v4mapped, 12) == 0)
		return classify_v4((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
				   (uint32_t)b[14] << 8 | b[15]);
	if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return CHECK_HOST_PRIVATE;
	return CHECK_HOST_PUBLIC;
}

enum check_host_class check_host_classify(const char *host)
{
	struct in_addr v4;
	unsigned char v6[16];
	if (inet_pton(AF_INET, host, &v4) == 1)
		return classify_v4(ntohl(v4.s_addr));
	if (inet_pton(AF_INET6, host, v6) == 1)
		return classify_v6(v6);
	if (strcasecmp(host, "localhost") == 0 || ends_with(host, ".localhost"))
		return CHECK_HOST_LOOPBACK;
	if (!strchr(host, '.') || ends_with(host, ".internal") || ends_with(host, ".svc") ||
	    ends_with(host, ".cluster.local"))
		return CHECK_HOST_INTERNAL;
	return CHECK_HOST_PUBLIC;
}

int check_host_is_ip(const char *host)
{
	struct in_addr v4;
	unsigned char v6[16];
	return host && (inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, v6) == 1);
}

const char *check_host_class_name(enum check_host_class c)
{
	switch (c) {
	case CHECK_HOST_LOOPBACK: return "loopback";
	case CHECK_HOST_INTERNAL: return "container-internal";
	case CHECK_HOST_PRIVATE: return "private";
	case CHECK_HOST_PUBLIC: return "public";
	}
	return "unknown";
}

int check_host_is_aws(const char *host)
{
	return host && (strcasecmp(host, "amazonaws.com") == 0 || ends_with(host, ".amazonaws.com") ||
			ends_with(host, ".amazonaws.com.cn"));
}
