/* Secrets (secret access keys, MinIO root passwords): held in memory only as
 * long as needed, wiped when freed, and shown only masked. */
#ifndef RDM_UTIL_SECRET_H
#define RDM_UTIL_SECRET_H
#include <stddef.h>

/* Overwrite memory in a way the compiler may not optimise away. */
void secure_wipe(void *p, size_t n);
/* Wipe and free a NUL-terminated secret string; NULL is fine. */
void secret_free(char *s);
/* A display form that never reveals the value: "****" plus, for values of
 * 12 or more characters, nothing else; callers print this instead of the
 * secret. Returns a static string. */
const char *secret_mask(const char *s);

#endif
