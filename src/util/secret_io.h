/* Making and reading secrets without ever putting them in argv or on the
 * screen: a strong random one from the kernel, or one typed (echo off) or
 * piped on a file descriptor, or read from a file. Nothing is printed. */
#ifndef RDM_UTIL_SECRET_IO_H
#define RDM_UTIL_SECRET_IO_H
#include <stddef.h>

#include "util/error.h"

#define SECRET_GENERATED_LEN 40

/* len characters of [A-Za-z0-9] from the kernel's CSPRNG (rejection
 * sampling: every character equally likely; 40 give ~238 bits). NULL when
 * the kernel gives no random bytes. Free with secret_free. */
char *secret_generate(size_t len);

/* The secret on fd: one line when fd is a terminal (its echo turned off
 * while reading), everything otherwise; one trailing newline (LF or CRLF)
 * dropped. Refused: more than one line, a NUL byte, more than 4096 bytes.
 * *out allocated (free with secret_free), "" when there was nothing. The
 * caller shows any prompt. */
int secret_read_fd(int fd, char **out, struct rdm_error *err);
/* The same from a file (--secret-file): the whole file, one trailing
 * newline dropped. A file readable by group or others is refused (as ssh
 * refuses such private keys), with the chmod remedy. */
int secret_read_file(const char *path, char **out, struct rdm_error *err);

#endif
