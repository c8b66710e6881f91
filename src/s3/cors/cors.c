#include "config.h"
#include "s3/cors/cors.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "s3/model/xml.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static const char *const cors_methods[] = { "GET", "PUT", "POST", "DELETE", "HEAD" };

/* ---- the model ---------------------------------------------------------- */

void s3_strlist_add(struct s3_strlist *l, const char *s)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	l->items[l->n++] = xstrdup(s ? s : "");
}

void s3_strlist_free(struct s3_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void s3_cors_free(struct s3_cors *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_rules; i++) {
		struct s3_cors_rule *r = &c->rules[i];
		free(r->id);
		s3_strlist_free(&r->allowed_origins);
		s3_strlist_free(&r->allowed_methods);
		s3_strlist_free(&r->allowed_headers);
		s3_strlist_free(&r->expose_headers);
	}
	free(c->rules);
	memset(c, 0, sizeof *c);
}

struct s3_cors_rule *s3_cors_add_rule(struct s3_cors *c)
{
	c->rules = xgrow(c->rules, &c->cap, c->n_rules + 1, sizeof *c->rules);
	struct s3_cors_rule *r = &c->rules[c->n_rules++];
	memset(r, 0, sizeof *r);
	r->max_age_seconds = -1;
	return r;
}

/* ---- validation --------------------------------------------------------- */

static int rule_error(struct rdm_error *err, size_t rule_no, const char *field,
		      const char *remedy, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int rule_error(struct rdm_error *err, size_t rule_no, const char *field,
		      const char *remedy, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, _("CORS rule %zu: %s: "), rule_no, field);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	rdm_error_set(err, "%s", buf_str(&b));
	buf_free(&b);
	rdm_error_remedy(err, "%s", remedy);
	return -1;
}

static int has_space_or_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Length of a URL scheme ("https") ending at "://", or 0. */
static size_t scheme_len(const char *s)
{
	const char *sep = strstr(s, "://");
	if (!sep || sep == s)
		return 0;
	for (const char *p = s; p < sep; p++) {
		int alpha = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
		if (!alpha && (p == s || !((*p >= '0' && *p <= '9') || strchr("+.-", *p))))
			return 0;
	}
	return (size_t)(sep - s);
}

static int check_origin(const char *o, size_t no, struct rdm_error *err)
{
	const char *fix = _("write origins as scheme://host[:port], e.g. https://rdm.example.org, "
			    "or \"*\" for any origin");
	if (!*o)
		return rule_error(err, no, "AllowedOrigins", fix, "%s", _("an origin is empty"));
	if (has_space_or_control(o))
		return rule_error(err, no, "AllowedOrigins", fix,
				  _("\"%s\" contains white space or control characters"), o);
	if (count_char(o, '*') > 1)
		return rule_error(err, no, "AllowedOrigins", fix,
				  _("\"%s\" has more than one '*' wildcard"), o);
	if (strcmp(o, "*") == 0)
		return 0;
	size_t sl = scheme_len(o);
	if (!sl)
		return rule_error(err, no, "AllowedOrigins", fix,
				  _("\"%s\" has no scheme (https://)"), o);
	const char *host = o + sl + 3;
	if (!*host)
		return rule_error(err, no, "AllowedOrigins", fix, _("\"%s\" has no host"), o);
	if (strchr(host, '/'))
		return rule_error(err, no, "AllowedOrigins", fix,
				  _("\"%s\" has a path; a browser's Origin is only scheme://host[:port], "
				    "so this rule would never match"), o);
	return 0;
}

static int check_methods(const struct s3_strlist *l, size_t no, struct rdm_error *err)
{
	const char *fix = _("use only GET, PUT, POST, DELETE and HEAD, in upper case");
	if (l->n == 0)
		return rule_error(err, no, "AllowedMethods", fix, "%s",
				  _("missing; every rule needs at least one method"));
	for (size_t i = 0; i < l->n; i++) {
		size_t k = 0;
		while (k < 5 && strcmp(l->items[i], cors_methods[k]) != 0)
			k++;
		if (k == 5)
			return rule_error(err, no, "AllowedMethods", fix,
					  _("\"%s\" is not allowed"), l->items[i]);
	}
	return 0;
}

static int check_headers(const struct s3_strlist *l, const char *field, size_t no,
			 struct rdm_error *err)
{
	const char *fix = _("list header names such as \"Content-Type\", or \"*\" for all");
	for (size_t i = 0; i < l->n; i++) {
		const char *h = l->items[i];
		if (!*h)
			return rule_error(err, no, field, fix, "%s", _("a header name is empty"));
		if (has_space_or_control(h))
			return rule_error(err, no, field, fix,
					  _("\"%s\" contains white space or control characters"), h);
		if (count_char(h, '*') > 1)
			return rule_error(err, no, field, fix,
					  _("\"%s\" has more than one '*' wildcard"), h);
	}
	return 0;
}

static int check_rule(const struct s3_cors_rule *r, size_t no, struct rdm_error *err)
{
	if (r->id && strlen(r->id) > 255)
		return rule_error(err, no, "ID", _("shorten the ID"), "%s",
				  _("longer than 255 characters"));
	if (r->id && has_control(r->id)) /* XML 1.0 cannot carry them at all */
		return rule_error(err, no, "ID", _("use letters, digits, spaces and punctuation"), "%s",
				  _("contains control characters"));
	if (r->allowed_origins.n == 0)
		return rule_error(err, no, "AllowedOrigins",
				  _("add the site's origin, e.g. [\"https://rdm.example.org\"]"), "%s",
				  _("missing; every rule needs at least one origin"));
	for (size_t i = 0; i < r->allowed_origins.n; i++)
		if (check_origin(r->allowed_origins.items[i], no, err))
			return -1;
	if (check_methods(&r->allowed_methods, no, err) ||
	    check_headers(&r->allowed_headers, "AllowedHeaders", no, err) ||
	    check_headers(&r->expose_headers, "ExposeHeaders", no, err))
		return -1;
	if (r->max_age_seconds < -1)
		return rule_error(err, no, "MaxAgeSeconds", _("use a whole number of seconds >= 0"),
				  _("%ld is negative"), r->max_age_seconds);
	return 0;
}

int s3_cors_validate(const struct s3_cors *c, struct rdm_error *err)
{
	if (c->n_rules == 0) {
		rdm_error_set(err, "%s", _("the CORS configuration has no rules"));
		rdm_error_remedy(err, "%s", _("add at least one rule; to remove CORS from a bucket, "
					      "use `rdm-s3 cors delete`"));
		return -1;
	}
	if (c->n_rules > S3_CORS_MAX_RULES) {
		rdm_error_set(err, _("the CORS configuration has %zu rules; S3 allows at most %d"),
			      c->n_rules, S3_CORS_MAX_RULES);
		rdm_error_remedy(err, "%s", _("merge rules that share methods and headers"));
		return -1;
	}
	for (size_t i = 0; i < c->n_rules; i++)
		if (check_rule(&c->rules[i], i + 1, err))
			return -1;
	return 0;
}

/* ---- formats ------------------------------------------------------------ */

enum s3_doc_format s3_doc_detect(const char *text, size_t len)
{
	size_t i = 0;
	if (!text)
		return S3_DOC_EMPTY;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && text[i] && strchr(" \t\r\n", text[i]))
		i++;
	if (i == len)
		return S3_DOC_EMPTY;
	if (text[i] == '[' || text[i] == '{')
		return S3_DOC_JSON;
	if (text[i] == '<')
		return S3_DOC_XML;
	return S3_DOC_UNKNOWN;
}

int s3_cors_parse(const char *text, size_t len, struct s3_cors *out, struct rdm_error *err)
{
	switch (s3_doc_detect(text, len)) {
	case S3_DOC_JSON:
		return s3_cors_from_json(text, len, out, err);
	case S3_DOC_XML:
		return s3_xml_parse_cors(text, len, out, err);
	case S3_DOC_EMPTY:
		s3_cors_free(out);
		rdm_error_set(err, "%s", _("the CORS configuration is empty"));
		break;
	case S3_DOC_UNKNOWN:
		s3_cors_free(out);
		rdm_error_set(err, "%s", _("the CORS configuration is neither JSON nor XML"));
		break;
	}
	rdm_error_remedy(err, "%s", _("give a JSON rule list ([{\"AllowedOrigins\": [...], ...}]) "
				      "or an S3 <CORSConfiguration> document"));
	return -1;
}

/* ---- the InvenioRDM rule set -------------------------------------------- */

static char *origin_only(const char *site)
{
	size_t sl = scheme_len(site);
	if (!sl)
		return xstrdup(site); /* "*" or malformed: validation says which */
	return xstrndup(site, sl + 3 + strcspn(site + sl + 3, "/?#"));
}

static void add_words(struct s3_strlist *l, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s3_strlist_add(l, words[i]);
}

int s3_cors_invenio_rules(struct s3_cors *out, const char *const *origins, size_t n_origins,
			  struct rdm_error *err)
{
	static const char *const get_head[] = { "GET", "HEAD" };
	static const char *const put[] = { "PUT" };
	static const char *const any[] = { "*" };
	static const char *const preview_expose[] = { "Content-Length", "Content-Range",
						      "Accept-Ranges", "ETag" };
	static const char *const etag[] = { "ETag" };
	s3_cors_free(out);
	if (n_origins == 0) {
		rdm_error_set(err, "%s", _("no site origin given for the CORS rules"));
		rdm_error_remedy(err, "%s", _("give the instance's site URL, e.g. https://rdm.example.org"));
		return -1;
	}
	struct s3_cors_rule *r = s3_cors_add_rule(out);
	r->id = xstrdup("invenio-preview");
	add_words(&r->allowed_methods, get_head, 2);
	add_words(&r->allowed_headers, any, 1);
	add_words(&r->expose_headers, preview_expose, 4);
	r->max_age_seconds = 3000;
	r = s3_cors_add_rule(out);
	r->id = xstrdup("invenio-upload");
	add_words(&r->allowed_methods, put, 1);
	add_words(&r->allowed_headers, any, 1);
	add_words(&r->expose_headers, etag, 1);
	r->max_age_seconds = 3000;
	for (size_t i = 0; i < n_origins; i++) {
		char *o = origin_only(origins[i] ? origins[i] : "");
		s3_strlist_add(&out->rules[0].allowed_origins, o);
		s3_strlist_add(&out->rules[1].allowed_origins, o);
		free(o);
	}
	if (s3_cors_validate(out, err)) {
		s3_cors_free(out);
		return -1;
	}
	return 0;
}
