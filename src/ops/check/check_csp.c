/* Content-security-policy source matching for the browser-reach check:
 * InvenioRDM redirects downloads to the S3 endpoint, so default-src must
 * allow it (upstream invenio.cfg appends S3_ENDPOINT_URL). */
#include "config.h"
#include "ops/check/check_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

static int scheme_matches(const char *source_scheme, const char *scheme)
{
	if (strcmp(source_scheme, scheme) == 0)
		return 1;
	return strcmp(source_scheme, "http") == 0 && strcmp(scheme, "https") == 0;
}

static int host_matches(const char *pattern, const char *host)
{
	if (strncmp(pattern, "*.", 2) == 0) {
		size_t n = strlen(host), m = strlen(pattern + 1);
		return n > m && strcasecmp(host + n - m, pattern + 1) == 0;
	}
	return strcasecmp(pattern, host) == 0;
}

/* "[scheme://]host[:port|:*][/path]" against the parsed target url. */
static int host_source_matches(const char *source, const struct check_url *t)
{
	struct check_url s;
	int any_port = 0, ok = 0;
	char *text = xstrdup(source);
	char *star = strstr(text, ":*");
	if (star && (star[2] == '\0' || star[2] == '/')) {
		any_port = 1;
		memmove(star, star + 2, strlen(star + 2) + 1);
	}
	if (check_url_split(text, &s) != 0) {
		free(text);
		return 0;
	}
	if (s.scheme && !scheme_matches(s.scheme, t->scheme))
		goto out;
	if (!host_matches(s.host, t->host))
		goto out;
	if (!any_port) {
		/* CSP3 port-part matching: no port in the source means the
		 * default port of the URL's own scheme. */
		struct check_url bare = { .scheme = t->scheme };
		unsigned want = s.port ? s.port : check_url_port(&bare);
		if (want != check_url_port(t))
			goto out;
	}
	if (*s.path && strcmp(s.path, "/") != 0) {
		size_t n = strlen(s.path);
		ok = s.path[n - 1] == '/' ? strncmp(t->path, s.path, n) == 0
					  : strcmp(t->path, s.path) == 0;
		goto out;
	}
	ok = 1;
out:
	check_url_clear(&s);
	free(text);
	return ok;
}

static int source_matches(const char *src, const struct check_url *t, const char *url,
			  const char *self_origin)
{
	size_t n = strlen(src);
	if (strcmp(src, "*") == 0)
		return strcmp(t->scheme, "http") == 0 || strcmp(t->scheme, "https") == 0;
	if (strcasecmp(src, "'self'") == 0) {
		char *origin = check_url_origin(url);
		int same = origin && self_origin && strcasecmp(origin, self_origin) == 0;
		free(origin);
		return same;
	}
	if (src[0] == '\'')
		return 0; /* 'none', 'unsafe-inline', nonces, hashes */
	if (n > 1 && src[n - 1] == ':' && !strchr(src, '/')) {
		char *scheme = xstrndup(src, n - 1);
		for (char *p = scheme; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		int ok = scheme_matches(scheme, t->scheme);
		free(scheme);
		return ok;
	}
	return host_source_matches(src, t);
}

int check_csp_allows(const char *const *sources, const char *url, const char *self_origin)
{
	struct check_url t;
	int ok = 0;
	if (!sources || check_url_split(url, &t) != 0)
		return 0;
	if (t.scheme)
		for (size_t i = 0; sources[i] && !ok; i++)
			ok = source_matches(sources[i], &t, url, self_origin);
	check_url_clear(&t);
	return ok;
}
