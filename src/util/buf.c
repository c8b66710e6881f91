#include "config.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/secret.h"
#include "util/xalloc.h"

/* Grow a secret buffer by moving it: new storage, copy, wipe the old. */
static void grow_secret(struct buf *b, size_t need)
{
	size_t cap = b->cap;
	char *fresh = xgrow(NULL, &cap, need, 1); /* the same growth rule */
	if (b->data) {
		memcpy(fresh, b->data, b->len + 1 <= b->cap ? b->len + 1 : b->len);
		secure_wipe(b->data, b->cap);
		free(b->data);
	}
	b->data = fresh;
	b->cap = cap;
}

char *buf_reserve(struct buf *b, size_t n)
{
	if (b->secret && b->len + n + 1 > b->cap)
		grow_secret(b, b->len + n + 1);
	else
		b->data = xgrow(b->data, &b->cap, b->len + n + 1, 1);
	return b->data + b->len;
}

void buf_append(struct buf *b, const void *data, size_t n)
{
	char *p = buf_reserve(b, n);
	if (n)
		memcpy(p, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(struct buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	char *p = buf_reserve(b, (size_t)n);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

const char *buf_str(const struct buf *b) { return b->data ? b->data : ""; }

char *buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(struct buf *b)
{
	if (b->secret && b->data)
		secure_wipe(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_free_secret(struct buf *b)
{
	if (b->data)
		secure_wipe(b->data, b->cap);
	buf_free(b);
}
