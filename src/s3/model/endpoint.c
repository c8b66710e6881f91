#include "config.h"
#include "s3/model/endpoint.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "s3/model/bucket_name.h"
#include "s3/sigv4/sigv4.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* Errors from the parser all carry the URL as `where`, so the caller can
 * prefix the setting it came from. */
static int url_error(struct rdm_error *err, const char *url, const char *remedy, const char *msg)
{
	rdm_error_set(err, "%s", msg);
	rdm_error_where(err, "%s", url);
	if (remedy)
		rdm_error_remedy(err, "%s", remedy);
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* %-decodes s[0..n) into a new string; NULL on a malformed escape or %00. */
static char *percent_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			buf_putc(&b, s[i]);
			continue;
		}
		int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
		int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			buf_free(&b);
			return NULL;
		}
		buf_putc(&b, (char)(hi * 16 + lo));
		i += 2;
	}
	return buf_detach(&b);
}

static int parse_scheme(const char *url, const char **rest, struct s3_endpoint *out,
			struct rdm_error *err)
{
	const char *sep = strstr(url, "://");
	if (!sep)
		return url_error(err, url,
				 _("write the whole URL, e.g. http://localhost:9000 for a local "
				   "MinIO or https://s3.eu-west-1.amazonaws.com for Amazon S3"),
				 _("the endpoint URL has no scheme (http:// or https://)"));
	size_t n = (size_t)(sep - url);
	if (n == 4 && strncasecmp(url, "http", 4) == 0)
		out->scheme = xstrdup("http");
	else if (n == 5 && strncasecmp(url, "https", 5) == 0)
		out->scheme = xstrdup("https");
	else if (n == 2 && strncasecmp(url, "s3", 2) == 0)
		return url_error(err, url,
				 _("s3://BUCKET is the location URI for `invenio files location`; "
				   "the endpoint is the server's http:// or https:// URL"),
				 _("the endpoint URL must use http or https, not s3://"));
	else
		return url_error(err, url, _("use an http:// or https:// URL"),
				 _("the endpoint URL must use http or https"));
	*rest = sep + 3;
	return 0;
}

static int valid_hostname(const char *h, size_t n)
{
	if (n == 0 || n > 253 || h[0] == '.' || h[0] == '-')
		return 0;
	size_t label = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];
		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-' && c != '_')
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0;
}

static int parse_port(const char *p, size_t n, int *port)
{
	long v = 0;
	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int parse_ipv6_host(const char *url, const char *a, size_t n, const char **port_start,
			   struct s3_endpoint *out, struct rdm_error *err)
{
	const char *close = memchr(a, ']', n);
	if (!close)
		return url_error(err, url, _("write an IPv6 address in brackets: http://[::1]:9000"),
				 _("the IPv6 address in the endpoint URL has no closing ']'"));
	char *lit = xstrndup(a + 1, (size_t)(close - a - 1));
	unsigned char tmp[16];
	int ok = inet_pton(AF_INET6, lit, tmp) == 1;
	if (!ok) {
		free(lit);
		return url_error(err, url, _("check the address between [ and ]"),
				 _("the endpoint URL holds an invalid IPv6 address"));
	}
	for (char *c = lit; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	out->host = lit;
	out->host_is_ipv6 = out->host_is_ip = 1;
	out->host_is_localhost = strcmp(lit, "::1") == 0;
	*port_start = close + 1;
	return 0;
}

static int parse_name_host(const char *url, const char *a, size_t n, const char **port_start,
			   struct s3_endpoint *out, struct rdm_error *err)
{
	const char *colon = memchr(a, ':', n);
	size_t hn = colon ? (size_t)(colon - a) : n;
	if (colon && memchr(colon + 1, ':', n - hn - 1))
		return url_error(err, url, _("write an IPv6 address in brackets: http://[::1]:9000"),
				 _("the endpoint URL's host looks like an IPv6 address without brackets"));
	if (hn == 0)
		return url_error(err, url, _("put the server's host name after the scheme"),
				 _("the endpoint URL has no host"));
	if (!valid_hostname(a, hn))
		return url_error(err, url, _("use a host name of letters, digits, '-' and '.'"),
				 _("the endpoint URL's host is not a valid host name"));
	out->host = xstrndup(a, hn);
	for (char *c = out->host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	struct in_addr v4;
	out->host_is_ip = inet_pton(AF_INET, out->host, &v4) == 1;
	size_t len = strlen(out->host);
	out->host_is_localhost = strcmp(out->host, "localhost") == 0 ||
		(len > 10 && strcmp(out->host + len - 10, ".localhost") == 0) ||
		(out->host_is_ip && strncmp(out->host, "127.", 4) == 0);
	*port_start = a + hn;
	return 0;
}

static int parse_authority(const char *url, const char *a, size_t n, struct s3_endpoint *out,
			   struct rdm_error *err)
{
	if (memchr(a, '@', n))
		return url_error(err, url,
				 _("remove \"user:password@\" from the URL; rdm-s3 reads the keys "
				   "from the instance configuration, the environment or --credentials-file"),
				 _("the endpoint URL contains credentials (user:password@)"));
	const char *port_start;
	int rc = a[0] == '[' ? parse_ipv6_host(url, a, n, &port_start, out, err)
			     : parse_name_host(url, a, n, &port_start, out, err);
	if (rc)
		return rc;
	size_t rest = n - (size_t)(port_start - a);
	out->port = strcmp(out->scheme, "https") == 0 ? 443 : 80;
	if (rest == 0)
		return 0;
	if (port_start[0] != ':' || parse_port(port_start + 1, rest - 1, &out->port))
		return url_error(err, url, _("write the port as a number from 1 to 65535, e.g. :9000"),
				 _("the endpoint URL has an invalid port"));
	out->port_explicit = 1;
	return 0;
}

static int parse_path(const char *url, const char *p, struct s3_endpoint *out,
		      struct rdm_error *err)
{
	size_t n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	out->path_prefix = percent_decode(p, n);
	if (!out->path_prefix)
		return url_error(err, url,
				 /* xgettext:no-c-format */
				 _("write '%' only as %XX with two hex digits"),
				 /* xgettext:no-c-format */
				 _("the endpoint URL's path has a malformed %-escape"));
	return 0;
}

static int region_like(const char *s, size_t n)
{
	/* "eu-west-1", "us-gov-west-1", "cn-north-1": lower case words, digits. */
	if (n < 4 || !memchr(s, '-', n) || !isdigit((unsigned char)s[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

struct label {
	const char *s;
	size_t n;
};

static int label_is(const struct label *l, const char *word)
{
	return l->n == strlen(word) && memcmp(l->s, word, l->n) == 0;
}

/* The label naming the service: "s3" or "s3-..." (the last one, as bucket
 * names in front of it may start with "s3" too). */
static size_t find_s3_label(const struct label *l, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (label_is(&l[i], "s3") || (l[i].n > 3 && memcmp(l[i].s, "s3-", 3) == 0))
			return i;
	return n;
}

static void aws_service_label(struct s3_endpoint *ep, const struct label *l)
{
	if (label_is(l, "s3-fips"))
		ep->aws_fips = 1;
	else if (label_is(l, "s3-external-1"))
		ep->aws_region = xstrdup("us-east-1");
	else if (l->n > 11 && memcmp(l->s, "s3-website-", 11) == 0 && region_like(l->s + 11, l->n - 11))
		ep->aws_region = xstrndup(l->s + 11, l->n - 11);
	else if (l->n > 3 && region_like(l->s + 3, l->n - 3))
		ep->aws_region = xstrndup(l->s + 3, l->n - 3); /* legacy s3-<region> */
}

static void aws_labels(struct s3_endpoint *ep, const struct label *l, size_t n)
{
	size_t i = find_s3_label(l, n);
	if (i == n)
		return;
	if (i > 0)
		ep->aws_host_bucket = xstrndup(l[0].s, (size_t)(l[i - 1].s + l[i - 1].n - l[0].s));
	aws_service_label(ep, &l[i]);
	int accelerate = label_is(&l[i], "s3-accelerate");
	for (size_t j = i + 1; j < n; j++) {
		if (label_is(&l[j], "dualstack"))
			ep->aws_dualstack = 1;
		else if (!ep->aws_region && !accelerate && region_like(l[j].s, l[j].n))
			ep->aws_region = xstrndup(l[j].s, l[j].n);
	}
	if (!ep->aws_region && !accelerate && !ep->aws_china && label_is(&l[i], "s3"))
		ep->aws_region = xstrdup("us-east-1"); /* global endpoint */
}

static int host_suffix(const char *host, const char *suffix, size_t *base)
{
	size_t h = strlen(host), s = strlen(suffix);
	if (h <= s || strcmp(host + h - s, suffix) != 0)
		return 0;
	*base = h - s;
	return 1;
}

static void aws_detect(struct s3_endpoint *ep)
{
	size_t base;
	if (ep->host_is_ip)
		return;
	if (host_suffix(ep->host, ".amazonaws.com.cn", &base))
		ep->aws_china = 1;
	else if (!host_suffix(ep->host, ".amazonaws.com", &base))
		return;
	ep->is_aws = 1;
	struct label *l = NULL;
	size_t n = 0, cap = 0;
	for (const char *p = ep->host; p < ep->host + base;) {
		size_t len = strcspn(p, ".");
		if (len > (size_t)(ep->host + base - p))
			len = (size_t)(ep->host + base - p);
		l = xgrow(l, &cap, n + 1, sizeof *l);
		l[n].s = p;
		l[n++].n = len;
		p += len + 1;
	}
	aws_labels(ep, l, n);
	free(l);
}

char *s3_endpoint_aws_for_region(const char *region)
{
	if (!region || !*region)
		region = "us-east-1";
	int china = strncmp(region, "cn-", 3) == 0;
	return xasprintf("https://s3.%s.amazonaws.com%s", region, china ? ".cn" : "");
}

int s3_endpoint_parse(const char *url, struct s3_endpoint *out, struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	if (!url || !*url)
		return url_error(err, "", _("set the endpoint, e.g. http://localhost:9000"),
				 _("the endpoint URL is empty"));
	for (const char *c = url; *c; c++)
		if (isspace((unsigned char)*c) || iscntrl((unsigned char)*c))
			return url_error(err, url, _("remove spaces and quotes around the URL"),
					 _("the endpoint URL contains white space or control characters"));
	const char *rest;
	if (parse_scheme(url, &rest, out, err))
		goto fail;
	if (strchr(rest, '?')) {
		url_error(err, url, _("remove everything from '?' on"),
			  _("the endpoint URL must not have a query (?...)"));
		goto fail;
	}
	if (strchr(rest, '#')) {
		url_error(err, url, _("remove everything from '#' on"),
			  _("the endpoint URL must not have a fragment (#...)"));
		goto fail;
	}
	size_t alen = strcspn(rest, "/");
	if (alen == 0) {
		url_error(err, url, _("put the server's host name after the scheme"),
			  _("the endpoint URL has no host"));
		goto fail;
	}
	if (parse_authority(url, rest, alen, out, err) || parse_path(url, rest + alen, out, err))
		goto fail;
	aws_detect(out);
	return 0;
fail:
	s3_endpoint_free(out);
	return -1;
}

void s3_endpoint_free(struct s3_endpoint *ep)
{
	if (!ep)
		return;
	free(ep->scheme);
	free(ep->host);
	free(ep->path_prefix);
	free(ep->aws_region);
	free(ep->aws_host_bucket);
	memset(ep, 0, sizeof *ep);
}

static int default_port(const char *scheme, int port)
{
	return (strcmp(scheme, "https") == 0 && port == 443) ||
	       (strcmp(scheme, "http") == 0 && port == 80);
}

/* host[:port] with IPv6 bracketed, optionally under a bucket label. */
static char *host_header(const struct s3_endpoint *ep, const char *bucket)
{
	struct buf b = BUF_INIT;
	if (bucket)
		buf_printf(&b, "%s.", bucket);
	if (ep->host_is_ipv6)
		buf_printf(&b, "[%s]", ep->host);
	else
		buf_puts(&b, ep->host);
	if (!default_port(ep->scheme, ep->port))
		buf_printf(&b, ":%d", ep->port);
	return buf_detach(&b);
}

char *s3_endpoint_to_string(const struct s3_endpoint *ep)
{
	char *h = host_header(ep, NULL);
	char *s = xasprintf("%s://%s%s", ep->scheme, h, ep->path_prefix ? ep->path_prefix : "");
	free(h);
	return s;
}

static int virtual_possible(const struct s3_endpoint *ep, const char *bucket)
{
	if (ep->host_is_ip || ep->host_is_localhost || ep->aws_host_bucket)
		return 0;
	if (s3_bucket_name_check(bucket, NULL) != S3_BUCKET_NAME_OK)
		return 0; /* not a DNS label set at all */
	if (strchr(bucket, '.') && strcmp(ep->scheme, "https") == 0)
		return 0; /* *.s3... wildcard certificates do not cover dotted names */
	return 1;
}

int s3_url_build(const struct s3_endpoint *ep, enum s3_addressing mode, const char *bucket,
		 const char *key, struct s3_url *out, struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	if (bucket && (!*bucket || strchr(bucket, '/'))) {
		rdm_error_set(err, _("bucket name \"%s\" is empty or contains '/'"), bucket);
		rdm_error_remedy(err, "%s", _("give the bucket name alone, without a path"));
		return -1;
	}
	if (key && !*key) {
		rdm_error_set(err, "%s", _("the object key is empty"));
		return -1;
	}
	if (!bucket && key) {
		rdm_error_set(err, "%s", _("an object key needs a bucket"));
		return -1;
	}
	const char *prefix = ep->path_prefix ? ep->path_prefix : "";
	int want_virtual = mode == S3_ADDRESSING_VIRTUAL || (mode == S3_ADDRESSING_AUTO && ep->is_aws);
	out->virtual_hosted = bucket && want_virtual && virtual_possible(ep, bucket);
	out->scheme = xstrdup(ep->scheme);
	out->host_header = host_header(ep, out->virtual_hosted ? bucket : NULL);
	struct buf p = BUF_INIT;
	buf_puts(&p, prefix);
	if (bucket && !out->virtual_hosted) {
		buf_printf(&p, "/%s", bucket);
		if (key)
			buf_printf(&p, "/%s", key);
	} else {
		buf_printf(&p, "/%s", key ? key : "");
	}
	out->path = buf_detach(&p);
	return 0;
}

void s3_url_free(struct s3_url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->host_header);
	free(u->path);
	memset(u, 0, sizeof *u);
}

void s3_url_encode_path(const struct s3_url *u, struct buf *out)
{
	sigv4_uri_encode(out, u->path, strlen(u->path), 1);
}

void s3_url_wire(const struct s3_url *u, const char *query, struct buf *out)
{
	buf_printf(out, "%s://%s", u->scheme, u->host_header);
	s3_url_encode_path(u, out);
	if (query && *query)
		buf_printf(out, "?%s", query);
}
