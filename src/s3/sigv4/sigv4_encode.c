/* SigV4 encoding rules: URI-encoding, the canonical URI (S3: encoded once,
 * never normalised) and the canonical (sorted) query string. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "s3/sigv4/sigv4.h"
#include "s3/sigv4/sigv4_internal.h"
#include "util/xalloc.h"

static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~';
}

void sigv4_uri_encode(struct buf *out, const char *s, size_t len, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	/* One reservation for the worst case (every byte as %XY) instead of
	 * growing per character. */
	char *p = buf_reserve(out, len * 3);
	char *start = p;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_unreserved(c) || (keep_slash && c == '/')) {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0x0f];
		}
	}
	out->len += (size_t)(p - start);
	out->data[out->len] = '\0';
}

/* RFC 3986 remove_dot_segments plus dropping empty segments, on the raw
 * path: what the generic AWS services do and S3 must not. A path that ends
 * in '/', "." or ".." keeps a trailing slash ("/a/b/.." -> "/a/"). */
static void path_normalize(const char *path, struct buf *out)
{
	size_t len = strlen(path);
	size_t *starts = xmalloc((len / 2 + 2) * sizeof(*starts)); /* kept segment offsets in out */
	size_t depth = 0;
	int trailing = 0;
	buf_putc(out, '/');
	size_t base = out->len;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		if (!*p)
			break; /* trailing slashes: `trailing` is already set */
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		trailing = (e != NULL) || (n == 1 && p[0] == '.') ||
			   (n == 2 && p[0] == '.' && p[1] == '.');
		if (n == 1 && p[0] == '.') {
			/* "." names the current segment: nothing to keep */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (depth > 0)
				buf_truncate(out, starts[--depth]);
		} else {
			starts[depth++] = out->len;
			if (out->len > base)
				buf_putc(out, '/');
			buf_append(out, p, n);
		}
		p += n;
	}
	if (trailing && out->len > base)
		buf_putc(out, '/');
	free(starts);
}

void sigv4_canonical_uri(const char *path, int normalize_path, struct buf *out)
{
	if (!path || !*path) {
		buf_putc(out, '/');
		return;
	}
	if (!normalize_path) {
		sigv4_uri_encode(out, path, strlen(path), 1);
		return;
	}
	struct buf norm = BUF_INIT;
	path_normalize(path, &norm);
	sigv4_uri_encode(out, norm.data, norm.len, 1);
	buf_free(&norm);
}

struct enc_param {
	const char *name, *value; /* encoded, NUL-terminated, inside one buffer */
};

static int enc_param_cmp(const void *a, const void *b)
{
	const struct enc_param *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

void sigv4_canonical_query(const struct sigv4_param *params, size_t n, struct buf *out)
{
	if (n == 0)
		return;
	/* All encoded names and values go into one buffer (NUL-separated);
	 * offsets are turned into pointers once it stops growing. */
	struct buf all = BUF_INIT;
	size_t *offs = xmalloc(2 * n * sizeof(*offs));
	for (size_t i = 0; i < n; i++) {
		const char *v = params[i].value ? params[i].value : "";
		offs[2 * i] = all.len;
		sigv4_uri_encode(&all, params[i].name, strlen(params[i].name), 0);
		buf_append(&all, "", 1);
		offs[2 * i + 1] = all.len;
		sigv4_uri_encode(&all, v, strlen(v), 0);
		buf_append(&all, "", 1);
	}
	struct enc_param *sorted = xmalloc(n * sizeof(*sorted));
	for (size_t i = 0; i < n; i++) {
		sorted[i].name = all.data + offs[2 * i];
		sorted[i].value = all.data + offs[2 * i + 1];
	}
	qsort(sorted, n, sizeof(*sorted), enc_param_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, '&');
		buf_puts(out, sorted[i].name);
		buf_putc(out, '=');
		buf_puts(out, sorted[i].value);
	}
	free(sorted);
	free(offs);
	buf_free(&all);
}
