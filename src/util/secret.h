/* Secrets (secret access keys, MinIO root passwords): held in memory only as
 * long as needed, wiped when freed, and shown only masked. */
#ifndef RDM_UTIL_SECRET_H
#define RDM_UTIL_SECRET_H
#include <stddef.h>

/* No core dumps from here on: RLIMIT_CORE 0 (soft and hard, so a child
 * cannot raise it) and PR_SET_DUMPABLE 0 (no core even when the limit is
 * raised by a core pattern pipe, and no ptrace attach by other processes
 * of the same user). A crash would otherwise write every secret in memory
 * into a core file. Called by main before any command runs: every command
 * but help reads an instance's files or credentials, which hold secrets.
 * Returns 0, or -1 when either call failed (the caller warns). */
int secret_protect_process(void);

/* Overwrite memory in a way the compiler may not optimise away. */
void secure_wipe(void *p, size_t n);
/* Wipe and free a NUL-terminated secret string; NULL is fine. */
void secret_free(char *s);
/* A display form that never reveals the value: "****" plus, for values of
 * 12 or more characters, nothing else; callers print this instead of the
 * secret. Returns a static string. */
const char *secret_mask(const char *s);

#endif
