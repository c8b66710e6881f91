/* Helpers shared by the verdict functions in src/ops/checks/: URL pieces
 * and host classes (browser reachability, CSP, client compatibility),
 * secret strength, and reading an s3_status. All pure. */
#ifndef RDM_OPS_CHECK_UTIL_H
#define RDM_OPS_CHECK_UTIL_H
#include <stddef.h>
#include <time.h>

#include "ops/check/check.h"
#include "ops/check/check_facts.h"
#include "s3/model/status.h"

/* scheme://[userinfo@]host[:port][/path][?query][#fragment], split. All
 * strings owned; scheme and host lower-cased; IPv6 hosts without brackets. */
struct check_url {
	char *scheme; /* NULL when the text has no "scheme://" */
	char *host;
	unsigned port; /* 0: none given */
	char *path;    /* "" when none; query and fragment dropped */
};

/* Returns 0, or -1 when there is no host (then u is cleared). A missing
 * scheme is not an error here: "localhost:9000" gives scheme NULL, host
 * "localhost", port 9000, so callers can say what is wrong. */
int check_url_split(const char *text, struct check_url *u);
void check_url_clear(struct check_url *u);
/* The port, or the scheme's default (http 80, https 443, else 0). */
unsigned check_url_port(const struct check_url *u);
/* "scheme://host[:port]" with the default port left out (IPv6 in
 * brackets); newly allocated; NULL when text has no scheme or host. */
char *check_url_origin(const char *text);

/* Who can reach a host, from its name or address alone (no lookups). */
enum check_host_class {
	CHECK_HOST_LOOPBACK, /* localhost, *.localhost, 127/8, ::1, 0.0.0.0 */
	CHECK_HOST_INTERNAL, /* names only a container network or cluster
	                        resolves: one label (s3, minio), *.internal,
	                        *.svc, *.cluster.local */
	CHECK_HOST_PRIVATE,  /* RFC 1918, link-local, fc00::/7, fe80::/10 */
	CHECK_HOST_PUBLIC,
};
enum check_host_class check_host_classify(const char *host);
const char *check_host_class_name(enum check_host_class c);
/* An IPv4 or IPv6 address literal (no brackets). */
int check_host_is_ip(const char *host);
/* *.amazonaws.com and *.amazonaws.com.cn (and the China partition). */
int check_host_is_aws(const char *host);

/* Whether S3_CONFIG_EXTRA's text (a Python dict literal or dict(...)
 * call) sets key to the string want (any quotes, case-insensitive, as
 * botocore lower-cases these values). A tolerant scan, not a parser. */
int check_extra_sets(const char *text, const char *key, const char *want);
/* The remedy for a bucket in another region than configured: the command
 * that sets it where the configured region came from (`rdm-s3 config set
 * storage.region=R` for the instance, --region R for the option or no
 * instance). Allocated. */
char *check_region_remedy(const struct check_facts *f, const char *region);

/* It sets request_checksum_calculation to "when_required": botocore then
 * sends uploads without the default CRC32 checksum. */
int check_extra_checksums_off(const char *text);

/* Whether a CSP source list (default-src entries as written: "'self'",
 * "data:", "https:", "*.example.org", "http://localhost:9000/") lets a page
 * from self_origin load url. Implements the CSP3 source matching that
 * matters here: '*', scheme sources, host sources with "*." and ":*", paths
 * (a trailing "/" matches below it), 'self', and the http-to-https
 * upgrade. Keywords such as 'unsafe-inline' match nothing. */
int check_csp_allows(const char *const *sources, const char *url, const char *self_origin);

/* Why a password or secret key is weak, or NULL when it is not: the
 * CHANGE_ME placeholder and well-known defaults (minioadmin, ...), fewer
 * than 12 characters, too few distinct characters, or less than 64 bits by
 * a character-class estimate. The reason never quotes the secret or its
 * length. */
const char *check_secret_weakness(const char *secret);
/* Case-insensitive "CHANGE_ME" (the cookiecutter placeholder). */
int check_is_placeholder(const char *value);

/* An S3 answer: transport OK and 2xx. */
int check_s3_ok(const struct s3_status *st);
/* The answer's S3 error code equals code. */
int check_s3_code_is(const struct s3_status *st, const char *code);
/* One line: "connection refused (detail)", "HTTP 403 AccessDenied: msg",
 * "HTTP 404"; newly allocated. */
char *check_s3_describe(const struct s3_status *st);
/* Notes a failed S3 call: "<what> failed: <describe>", with the backend's
 * explanation and remedy when it filled them, else fallback_remedy. */
void check_note_s3_failure(struct check_result *r, enum check_status s, const char *what,
			   const struct s3_status *st, const char *fallback_remedy);
/* Text of a transport error ("DNS lookup failed", "connection refused"). */
const char *check_transport_name(enum s3_transport_error e);

/* "2025-03-01 12:00 UTC" into a caller buffer of at least 32 bytes. */
void check_format_utc(time_t t, char *out, size_t size);

/* Case-insensitive search for a token in a comma-separated header value
 * ("GET, PUT" contains "put"; "*" contains everything when star_matches). */
int check_header_list_has(const char *list, const char *token, int star_matches);
/* The next item of the comma-separated list at *p, spaces around it
 * trimmed: returns its start, sets *len (never 0) and moves *p past it;
 * NULL when no item is left. Empty items (",,") are passed over. */
const char *check_list_next(const char **p, size_t *len);

/* The common start of the verdicts that read the instance: notes UNKNOWN
 * when its configuration was not read, or skips (not blocking) when there
 * is no instance folder. Returns 1 when the verdict can go on, else 0. */
int check_instance_usable(const struct check_instance_facts *in, struct check_result *r);

#endif
