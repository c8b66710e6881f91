/* Health checks: one `const struct check` per check, each in its own file
 * under src/ops/checks/, registered in the NULL-terminated check_table
 * (check_table.c). A check is data (id, title, dependencies, the facts it
 * needs) plus one pure verdict function: facts in, result out, no I/O.
 * Gathering the facts is somebody else's job (struct check_probe in
 * check_run.h): a fake in the tests, the S3 backend and the instance engine
 * in real runs. That split keeps every threshold and every remedy
 * unit-testable without a network.
 *
 * Check ids are stable (scripts, --only/--skip, JSON and Prometheus labels
 * use them) and listed in check_table.c in evaluation order:
 *   instance dns tcp tls clock auth bucket region cors presign canary
 *   minio-health browser-reach wiring client-compat minio-image */
#ifndef RDM_OPS_CHECK_H
#define RDM_OPS_CHECK_H
#include <stddef.h>

#include "ops/check/check_facts.h"
#include "ops/check/check_status.h"
#include "util/error.h"

/* What one check found. Everything is owned by the result and freed by
 * check_result_clear; strings never contain secrets (they are masked). */
struct check_result {
	const char *id;          /* the check's id (static storage) */
	const char *title;       /* the check's title (static storage) */
	enum check_status status;
	double latency_seconds;  /* < 0: not measured */
	char *message;           /* one line; never NULL once evaluated */
	char *remedy;            /* NULL, or one remedy per line ('\n' between) */
	char **settings;         /* "NAME = value (where)" lines, secrets masked */
	size_t n_settings, cap_settings;
	int blocks;              /* dependents cannot run (their precondition
	                            failed); set by the verdict */
	unsigned fixes;          /* CHECK_FIX_* bits: what was found has a remedy
	                            rdm-s3 can apply itself (ops/fix/fix.h: the
	                            dashboard's `f`); 0: none */
};

/* Remedies rdm-s3 can apply (struct check_result.fixes). The verdict says
 * what it found; whether the fix applies to this instance (its own MinIO,
 * Amazon S3 ...) is decided when it is built (ops/fix/fix.h). */
enum check_fix {
	CHECK_FIX_BUCKET = 1u << 0,        /* create the missing bucket */
	CHECK_FIX_PLACEHOLDERS = 1u << 1,  /* the own MinIO's root user/password are CHANGE_ME */
	CHECK_FIX_FILE_MODES = 1u << 2,    /* a file holding secrets is readable by everybody */
	CHECK_FIX_CLIENT_COMPAT = 1u << 3, /* S3_CONFIG_EXTRA leaves boto's checksums on */
	CHECK_FIX_CORS_ORIGIN = 1u << 4,   /* the bucket's CORS rules lack the site's origin */
	CHECK_FIX_MINIO_CORS = 1u << 5,    /* MINIO_API_CORS_ALLOW_ORIGIN lacks it */
};

/* One health check. Instances are `const struct check check_<name>` with
 * designated initialisers, one per file in src/ops/checks/. */
struct check {
	const char *id;                /* stable, lowercase, [a-z0-9-] */
	const char *title;             /* short human title */
	const char *const *depends_on; /* ids, NULL-terminated; NULL: none */
	unsigned needs;                /* CHECK_NEED_* facts the verdict reads */
	int writes;                    /* changes data on the server: the
	                                  runner skips it with --no-canary */
	/* Pure: reads facts (only the parts named in `needs`, plus
	 * facts->target), fills r, which arrives initialised by
	 * check_result_init (status OK, latency -1, nothing else). Must set a
	 * message. Never does I/O, never prints. */
	void (*verdict)(const struct check_facts *facts, struct check_result *r);
};

/* Every check, in evaluation order; NULL-terminated (check_table.c). */
extern const struct check *const check_table[];

const struct check *check_find(const struct check *const *table, const char *id);

/* "instance, dns, tcp, ..." (newly allocated): for usage errors and help. */
char *check_table_ids(const struct check *const *table);

/* Checks the table itself: ids unique and well-formed, every dependency
 * exists and comes earlier in the table (so there are no cycles). Returns
 * 0, or -1 with err set. The tests run it on check_table. */
int check_table_validate(const struct check *const *table, struct rdm_error *err);

/* Status names: "ok", "info", "warning", "critical", "unknown", "skipped"
 * (JSON, stable) and "OK", "INFO", "WARN", "CRIT", "UNKNOWN", "SKIPPED"
 * (the text table). */
const char *check_status_name(enum check_status s);
const char *check_status_label(enum check_status s);
/* Severity for combining results: OK 0 < INFO 1 < UNKNOWN 2 < WARN 3 <
 * CRIT 4; SKIPPED is -1 (never raises anything). A definite problem
 * outranks "could not tell", like monitoring-plugins' max_state_alt. */
int check_status_rank(enum check_status s);
/* The more severe of two statuses (by check_status_rank). */
enum check_status check_status_worse(enum check_status a, enum check_status b);
/* Nagios plugin exit code of a status: OK/INFO/SKIPPED 0, WARN 1, CRIT 2,
 * UNKNOWN 3. */
int check_status_exit_code(enum check_status s);

/* Results. init sets id/title from c (c may be NULL in tests), status OK,
 * latency -1. clear frees everything and leaves a zeroed result. */
void check_result_init(struct check_result *r, const struct check *c);
void check_result_clear(struct check_result *r);
/* Records a finding: raises r->status to s when s is more severe, appends
 * the message ("; " between findings) and, when remedy is not NULL, a
 * remedy line. The way every verdict reports (SKIPPED goes through
 * check_result_skip instead: it never raises a status). */
void check_result_note(struct check_result *r, enum check_status s, const char *remedy,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Replaces whatever was recorded by a SKIPPED result with this reason. */
void check_result_skip(struct check_result *r, int blocks, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds "NAME = value (where)" to r->settings; a secret value shows as
 * secret_mask() does, an unset one as "(not set)". s may be NULL. */
void check_result_setting(struct check_result *r, const char *name, const struct check_setting *s);

#endif
