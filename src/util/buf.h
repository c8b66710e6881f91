/* Growable byte buffer. Always NUL-terminated after any append (the NUL is
 * not counted in len), so data can be used as a C string when it holds text. */
#ifndef RDM_UTIL_BUF_H
#define RDM_UTIL_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* NULL until the first append */
	size_t len;
	size_t cap;
	/* A buffer for secrets: when it grows, the old storage is wiped before
	 * it is freed (realloc would leave a copy of the secret behind in the
	 * heap). Free it with buf_free_secret. */
	int secret;
};

#define BUF_INIT { NULL, 0, 0, 0 }
#define BUF_INIT_SECRET { NULL, 0, 0, 1 }

void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Make room for n more bytes; returns a pointer to the free space. */
char *buf_reserve(struct buf *b, size_t n);
void buf_truncate(struct buf *b, size_t len);
/* Returns the contents ("" when empty); never NULL. */
const char *buf_str(const struct buf *b);
/* Hands the storage to the caller (who frees it) and resets the buffer. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
/* Like buf_free, but wipes the bytes first: for buffers that held secrets. */
void buf_free_secret(struct buf *b);

#endif
