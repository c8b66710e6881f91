/* Test-side reading of the SigV4 vector files (see sigv4_vecio.h). */
#include "config.h"

#include "sigv4_vecio.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/xalloc.h"

char *vec_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		return NULL;
	}
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

char *vec_data_path(const char *rel)
{
	const char *d = getenv("RDM_S3_TEST_DATA");
	return d && *d ? xasprintf("%s/sigv4/%s", d, rel) : NULL;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Depth-first walk; rel is "" at the root. */
static int list_walk(const char *root, const char *rel, const char *marker, char ***out,
		     long *n, size_t *cap)
{
	char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	if (!d) {
		free(dir);
		return -1;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
			char *srel = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
			char *mark = strcmp(marker, "%s.req") == 0 ?
				     xasprintf("%s/%s.req", sub, e->d_name) :
				     xasprintf("%s/%s", sub, marker);
			if (is_file(mark)) {
				*out = xgrow(*out, cap, (size_t)*n + 1, sizeof(**out));
				(*out)[(*n)++] = xstrdup(srel);
			}
			list_walk(root, srel, marker, out, n, cap);
			free(mark);
			free(srel);
		}
		free(sub);
	}
	closedir(d);
	free(dir);
	return 0;
}

long vec_list_cases(const char *root, const char *marker, char ***out)
{
	long n = 0;
	size_t cap = 0;
	*out = NULL;
	if (list_walk(root, "", marker, out, &n, &cap) < 0)
		return -1;
	if (n)
		qsort(*out, (size_t)n, sizeof(**out), cmp_str);
	return n;
}

void vec_list_free(char **list, long n)
{
	for (long i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

time_t vec_parse_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6 &&
	    sscanf(s, "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *vec_pct_decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *p = out;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < len &&
		    (hi = hexval(s[i + 1])) >= 0 && (lo = hexval(s[i + 2])) >= 0) {
			*p++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*p++ = s[i];
		}
	}
	*p = '\0';
	return out;
}

static int cmp_param(const void *a, const void *b)
{
	const struct sigv4_param *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

size_t vec_query_split(const char *query, struct sigv4_param **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	while (query && *query) {
		size_t len = strcspn(query, "&");
		const char *eq = memchr(query, '=', len);
		size_t nlen = eq ? (size_t)(eq - query) : len;
		*out = xgrow(*out, &cap, n + 1, sizeof(**out));
		(*out)[n].name = vec_pct_decode(query, nlen);
		(*out)[n].value = eq ? vec_pct_decode(eq + 1, len - nlen - 1) : xstrdup("");
		n++;
		query += len;
		if (*query == '&')
			query++;
	}
	return n;
}

void vec_params_sort(struct sigv4_param *p, size_t n)
{
	if (n)
		qsort(p, n, sizeof(*p), cmp_param);
}

void vec_params_free(struct sigv4_param *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)p[i].name);
		free((char *)p[i].value);
	}
	free(p);
}

void vec_request_add_header(struct vec_request *r, const char *name, const char *value)
{
	r->headers = xgrow(r->headers, &r->cap_headers, r->req.n_headers + 1, sizeof(*r->headers));
	r->headers[r->req.n_headers].name = xstrdup(name);
	r->headers[r->req.n_headers].value = xstrdup(value);
	r->req.n_headers++;
	r->req.headers = r->headers;
}

/* A continuation line (obsolete folding): previous value + ' ' + line. */
static void header_continue(struct vec_request *r, const char *line, size_t len)
{
	struct sigv4_header *h = &r->headers[r->req.n_headers - 1];
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	char *v = xasprintf("%s %.*s", h->value, (int)len, line);
	free((char *)h->value);
	h->value = v;
}

static int request_line(const char *line, size_t len, struct vec_request *r)
{
	/* The target may contain spaces ("/example space/"): the method ends at
	 * the first space, the version starts after the last one. */
	const char *sp1 = memchr(line, ' ', len);
	const char *sp2 = line + len;
	while (sp2 > line && sp2[-1] != ' ')
		sp2--;
	if (!sp1 || sp2 <= sp1 + 1)
		return -1;
	r->method = xstrndup(line, (size_t)(sp1 - line));
	char *target = xstrndup(sp1 + 1, (size_t)(sp2 - 1 - (sp1 + 1)));
	char *q = strchr(target, '?');
	if (q) {
		*q = '\0';
		size_t n = vec_query_split(q + 1, &r->params);
		r->req.n_params = n;
	}
	r->path = xstrdup(target); /* raw, as the suites intend: encoded once */
	free(target);
	return 0;
}

int vec_request_parse(const char *text, size_t len, struct vec_request *r)
{
	memset(r, 0, sizeof(*r));
	const char *p = text, *end = text + len;
	int first = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *next = nl ? nl + 1 : end;
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (first) {
			if (request_line(p, ll, r) < 0)
				return -1;
			first = 0;
		} else if (ll == 0) {
			p = next;
			break; /* the body follows the first empty line */
		} else if (*p == ' ' || *p == '\t') {
			if (r->req.n_headers == 0)
				return -1;
			header_continue(r, p, ll);
		} else {
			const char *colon = memchr(p, ':', ll);
			if (!colon)
				return -1;
			char *name = xstrndup(p, (size_t)(colon - p));
			char *value = xstrndup(colon + 1, ll - (size_t)(colon + 1 - p));
			vec_request_add_header(r, name, value);
			free(name);
			free(value);
		}
		p = next;
	}
	if (first)
		return -1;
	r->body_len = p < end ? (size_t)(end - p) : 0;
	r->body = xstrndup(p < end ? p : "", r->body_len);
	sigv4_sha256_hex(r->body, r->body_len, r->payload_hash);
	r->req.method = r->method;
	r->req.path = r->path;
	r->req.params = r->params;
	r->req.headers = r->headers;
	r->req.payload_hash = r->payload_hash;
	return 0;
}

void vec_request_free(struct vec_request *r)
{
	vec_params_free(r->params, r->req.n_params);
	for (size_t i = 0; i < r->req.n_headers; i++) {
		free((char *)r->headers[i].name);
		free((char *)r->headers[i].value);
	}
	free(r->headers);
	free(r->method);
	free(r->path);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stderr);
		else
			fputc(*s, stderr);
	}
}

int vec_same(const char *what, const char *got, const char *want)
{
	if (got && want && strcmp(got, want) == 0)
		return 1;
	size_t i = 0;
	while (got && want && got[i] && got[i] == want[i])
		i++;
	fprintf(stderr, "# %s differs at byte %zu\n#   got:  \"", what, i);
	print_escaped(got ? got : "(null)");
	fputs("\"\n#   want: \"", stderr);
	print_escaped(want ? want : "(null)");
	fputs("\"\n", stderr);
	return 0;
}
