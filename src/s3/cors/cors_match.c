#include "config.h"
#include "s3/cors/cors.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* S3 patterns hold at most one '*', which matches any run of characters. */
static int wildcard_match(const char *pattern, const char *s, int nocase)
{
	const char *star = strchr(pattern, '*');
	int (*cmp)(const char *, const char *, size_t) = nocase ? strncasecmp : strncmp;
	if (!star)
		return nocase ? strcasecmp(pattern, s) == 0 : strcmp(pattern, s) == 0;
	size_t pre = (size_t)(star - pattern), post = strlen(star + 1), n = strlen(s);
	return n >= pre + post && cmp(pattern, s, pre) == 0 &&
	       cmp(star + 1, s + n - post, post) == 0;
}

static int list_matches(const struct s3_strlist *l, const char *s, int nocase)
{
	for (size_t i = 0; i < l->n; i++)
		if (wildcard_match(l->items[i], s, nocase))
			return 1;
	return 0;
}

static int list_has(const struct s3_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], s) == 0)
			return 1;
	return 0;
}

long s3_cors_match(const struct s3_cors *c, const char *origin, const char *method,
		   const char *const *headers, size_t n_headers)
{
	for (size_t i = 0; i < c->n_rules; i++) {
		const struct s3_cors_rule *r = &c->rules[i];
		if (!list_matches(&r->allowed_origins, origin, 0) ||
		    !list_has(&r->allowed_methods, method))
			continue;
		size_t h = 0;
		while (h < n_headers && list_matches(&r->allowed_headers, headers[h], 1))
			h++;
		if (h == n_headers)
			return (long)i;
	}
	return -1;
}

/* ---- judging a real preflight answer ------------------------------------ */

/* Is token (case-insensitively when nocase) one of the comma-separated
 * values of a header? "*" counts when star_ok. */
static int header_list_has(const char *list, const char *token, int nocase, int star_ok)
{
	if (!list)
		return 0;
	size_t tn = strlen(token);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		size_t m = n;
		while (m > 0 && (p[m - 1] == ' ' || p[m - 1] == '\t'))
			m--;
		if (m > 0 && star_ok && m == 1 && p[0] == '*')
			return 1;
		if (m == tn && (nocase ? strncasecmp(p, token, m) : strncmp(p, token, m)) == 0)
			return 1;
		p += n;
	}
	return 0;
}

static int safelisted_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "POST") == 0;
}

static char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

static char *refusal(const struct s3_preflight *p, const char *origin, const char *method)
{
	if (p->http_status == 403)
		return xasprintf(_("the server refused the preflight (HTTP 403): no CORS rule of the "
				   "bucket allows origin %s with method %s"), origin, method);
	if (p->http_status == 404)
		return xstrdup(_("the preflight got HTTP 404: the bucket does not exist or has no "
				 "CORS configuration"));
	return xasprintf(_("the preflight got HTTP %ld instead of a 2xx answer, so browsers "
			   "give up"), p->http_status);
}

static char *origin_verdict(const struct s3_preflight *p, const char *origin)
{
	if (!p->allow_origin)
		return xasprintf(_("the answer has no Access-Control-Allow-Origin header: no CORS "
				   "rule matches origin %s"), origin);
	char *ao = trimmed(p->allow_origin);
	char *why = NULL;
	if (strcmp(ao, "*") != 0 && strcmp(ao, origin) != 0)
		why = xasprintf(_("the server allows origin \"%s\", not %s"), ao, origin);
	free(ao);
	return why;
}

static char *headers_verdict(const struct s3_preflight *p, const char *const *headers, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* "*" never covers Authorization (Fetch standard). */
		int star_ok = strcasecmp(headers[i], "authorization") != 0;
		if (!header_list_has(p->allow_headers, headers[i], 1, star_ok))
			return xasprintf(_("request header %s is not in Access-Control-Allow-Headers "
					   "(\"%s\")"), headers[i],
					 p->allow_headers ? p->allow_headers : "");
	}
	return NULL;
}

void s3_cors_preflight_judge(const struct s3_preflight *p, const char *origin, const char *method,
			     const char *const *headers, size_t n_headers,
			     struct s3_preflight_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->etag_exposed = header_list_has(p->expose_headers, "ETag", 1, 1);
	if (p->http_status < 200 || p->http_status > 299) {
		out->reason = refusal(p, origin, method);
		return;
	}
	if ((out->reason = origin_verdict(p, origin)))
		return;
	if (!safelisted_method(method) && !header_list_has(p->allow_methods, method, 0, 1)) {
		out->reason = xasprintf(_("method %s is not in Access-Control-Allow-Methods (\"%s\")"),
					method, p->allow_methods ? p->allow_methods : "");
		return;
	}
	if ((out->reason = headers_verdict(p, headers, n_headers)))
		return;
	out->allowed = 1;
	out->reason = xasprintf(_("a browser on %s may send %s requests"), origin, method);
}

void s3_preflight_verdict_free(struct s3_preflight_verdict *v)
{
	if (!v)
		return;
	free(v->reason);
	v->reason = NULL;
}

/* ---- the browser's whole verdict: preflight, then the request itself ------ */

/* Request headers a script may set without a preflight (Fetch standard's
 * CORS-safelisted names; Content-Type only with form or text values, and
 * the uploader sends application/octet-stream). */
static int needs_preflight(const char *method, const char *const *headers, size_t n)
{
	static const char *const safe[] = { "accept", "accept-language", "content-language" };
	if (!safelisted_method(method))
		return 1;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < 3 && strcasecmp(headers[i], safe[k]) != 0)
			k++;
		if (k == 3)
			return 1;
	}
	return 0;
}

void s3_cors_browser_judge(const struct s3_preflight *p, const struct s3_actual_view *a, const char *origin,
			   const char *method, const char *const *headers, size_t n_headers,
			   struct s3_preflight_verdict *out)
{
	s3_cors_preflight_judge(p, origin, method, headers, n_headers, out);
	out->etag_known = p->expose_headers != NULL;
	if (!a || (!out->allowed && needs_preflight(method, headers, n_headers)))
		return;
	char *why = NULL;
	if (!a->allow_origin)
		why = xasprintf(_("the answer to the %s itself (HTTP %ld) has no Access-Control-Allow-Origin: "
				  "browsers hide it from the page"), method, a->http_status);
	else {
		struct s3_preflight view = { .allow_origin = a->allow_origin };
		char *o = origin_verdict(&view, origin);
		if (o) {
			why = xasprintf(_("the answer to the %s itself: %s"), method, o);
			free(o);
		}
	}
	free(out->reason);
	out->etag_known = 1;
	out->etag_exposed = header_list_has(a->expose_headers, "ETag", 1, 1);
	out->allowed = why == NULL;
	out->reason = why ? why : xasprintf(_("a browser on %s may send %s requests and read the answer"),
					    origin, method);
}
