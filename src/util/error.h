/* Error reports that travel up the layers to the command line or the screen.
 * Lower layers never print: they fill a struct rdm_error and return non-zero.
 * Every report says what went wrong (message), where (file:line, a setting or
 * a URL), and how to fix it (remedy). */
#ifndef RDM_UTIL_ERROR_H
#define RDM_UTIL_ERROR_H

struct rdm_error {
	char *message; /* what went wrong, one line */
	char *where;   /* "docker-services.yml:57", "S3_ENDPOINT_URL", ... or NULL */
	char *remedy;  /* what the operator can do about it, or NULL */
};

#define RDM_ERROR_INIT { NULL, NULL, NULL }

/* Set (replacing anything already there). Returns -1 so callers can write
 * `return rdm_error_set(err, ...);`. err may be NULL. */
int rdm_error_set(struct rdm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rdm_error_where(struct rdm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rdm_error_remedy(struct rdm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix the message with context: "reading .env: <old message>". */
void rdm_error_prefix(struct rdm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rdm_error_clear(struct rdm_error *err);
/* "where: message" + newline + "  fix: remedy" (newly allocated). */
char *rdm_error_format(const struct rdm_error *err);

#endif
