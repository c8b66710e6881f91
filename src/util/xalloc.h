/* Checked allocation: out of memory is not a recoverable condition for a
 * command-line tool, so these abort() instead of returning NULL. */
#ifndef RDM_UTIL_XALLOC_H
#define RDM_UTIL_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
/* Grow an array to hold at least `need` elements of `elem` bytes; *cap is
 * updated. Returns the (possibly moved) array. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
