/* Server steps: the things a change does outside the instance's files
 * (create a bucket, put bucket CORS, restart a service, create the files
 * location, create or revoke a key, prove something), as values.
 *
 * A step is a type (a small table of functions, like a vtable) plus the
 * type's own data. The change engine (change.h) orders steps by phase, runs
 * them, journals every state change in .rdm-s3/ so that a kill at any point
 * can be resumed or undone, and rolls back in reverse order on failure.
 * Setup (ops/setup/), rotation and the dashboard's fixes each add their own
 * types; the engine knows none of them. A type is found again by its `kind`
 * when a journal is read back (resume, undo) in a later process, through a
 * NULL-terminated table of types the caller passes (ops/step_registry.h
 * lists every type rdm-s3 has).
 *
 * Rules for a type:
 *  - run does the step; it must be idempotent (a resumed change may run it
 *    again after a kill left it half done): "already there" is success.
 *  - verify (optional) tells whether run's effect is in place, without
 *    changing anything: used on resume for a step that was started but not
 *    recorded as done. NULL: the engine runs the step again.
 *  - undo (NULL when irreversible) puts back what run did, using only what
 *    save recorded (a later process undoes it): record the state before
 *    (the bucket did not exist; the previous CORS rules) when the step is
 *    made, so undo is safe even for a step that was killed half way.
 *  - describe gives the lines the review screen and --dry-run show.
 *  - save/load (de)serialise the data as fields; nothing secret unless
 *    added with change_fields_add_secret (see there).
 *  - Nothing prints; child processes go through change_ctx_spawn, whose
 *    output reaches the front end's progress callback.
 * Steps get their S3 connection from the resolver (ops/conn) with the
 * instance's files as they are when the step runs; the engine's ordering
 * makes that the right credentials (see change.h). */
#ifndef RDM_OPS_CHANGE_STEP_H
#define RDM_OPS_CHANGE_STEP_H
#include <stdatomic.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/spawn.h"

/* --- fields: a step's data as the journal keeps it ------------------- */
struct change_field {
	char *key;    /* [a-z0-9-.]+ */
	char *value;  /* any text (escaped in the journal); wiped when secret */
	int secret;
};
struct change_fields {
	struct change_field *v;
	size_t n, cap;
};
#define CHANGE_FIELDS_INIT { NULL, 0, 0 }

void change_fields_add(struct change_fields *f, const char *key, const char *value);
void change_fields_addf(struct change_fields *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void change_fields_add_long(struct change_fields *f, const char *key, long value);
/* A secret the change needs across a kill (e.g. a key the server created
 * that the files will hold). It is journaled (file 0600) only while the
 * change is in flight and removed from the journal when the change ends
 * (done, rolled back, undone); use it only for values this change writes
 * into the instance's files anyway. */
void change_fields_add_secret(struct change_fields *f, const char *key, const char *value);
/* The value of key, or NULL (the last one when repeated). */
const char *change_fields_get(const struct change_fields *f, const char *key);
/* Every value of a repeated key, in order: *n of them (borrowed, array
 * allocated). */
const char **change_fields_get_all(const struct change_fields *f, const char *key, size_t *n);
/* key as a number: 0 and *out set, -1 when absent or not a number. */
int change_fields_get_long(const struct change_fields *f, const char *key, long *out);
/* A required field for load: its value, or NULL with err naming the key
 * and the step kind. */
const char *change_fields_need(const struct change_fields *f, const char *kind, const char *key,
			       struct rdm_error *err);
void change_fields_free(struct change_fields *f);

/* --- phases: the order is computed, not typed ------------------------- */
/* Steps run sorted by phase (stable: insertion order within a phase).
 * Before the files are written, a step sees the instance's files as they
 * are today, so it works with the credentials that work today; after, with
 * the new ones (after the restart for a server that reads them at start). */
enum change_phase {
	CHANGE_PHASE_BEFORE_FILES = 10, /* with today's files and credentials */
	CHANGE_PHASE_FILES = 20,        /* the file plan: the engine's own step */
	CHANGE_PHASE_RESTART = 30,      /* services re-read the new files */
	CHANGE_PHASE_AFTER_RESTART = 40, /* with the new files and credentials */
	CHANGE_PHASE_VERIFY = 50,       /* proofs and checks */
};

/* enum change_step_type.flags */
enum {
	/* A failure is reported but does not roll the change back (the final
	 * health checks: they say what is wrong; the change stays). */
	CHANGE_STEP_ADVISORY = 1u << 0,
	/* Undo after the files were restored, not in reverse position: a
	 * restart that makes a service read the files must run again once the
	 * old files are back, before the steps that ran before the files are
	 * undone with the old credentials. */
	CHANGE_STEP_UNDO_AFTER_FILES = 1u << 1,
	/* A failed undo stops the rollback at this step: the steps before it
	 * stay as they are, since undoing them assumes this one undone (a
	 * revoked key that cannot be put back: restoring the files would give
	 * the app that key). */
	CHANGE_STEP_UNDO_BARRIER = 1u << 2,
};

enum change_step_state {
	CHANGE_STEP_PENDING = 0, /* not started */
	CHANGE_STEP_STARTED,     /* started; not known to be done (a kill) */
	CHANGE_STEP_DONE,
	CHANGE_STEP_FAILED,      /* failed (then rolled back, unless advisory) */
	CHANGE_STEP_STOPPED,     /* stopped on purpose, waiting for the operator
	                            (e.g. --restart never); resumable */
	CHANGE_STEP_UNDONE,      /* rolled back or undone */
	CHANGE_STEP_NOT_UNDONE,  /* irreversible: left as it is when rolling back */
	CHANGE_STEP_SKIPPED,     /* never ran (the change stopped before it) */
};

/* What run / verify / undo report. Strings are allocated (or NULL) and
 * never contain secrets. */
struct change_step_result {
	char *message;   /* one line: what happened ("bucket default created") */
	char *diagnosis; /* on failure: what it means (the check's words) */
	char *remedy;    /* on failure or stop: what the operator can do */
};
void change_step_result_set(struct change_step_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void change_step_result_fail(struct change_step_result *r, const char *diagnosis, const char *remedy,
			     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void change_step_result_clear(struct change_step_result *r);

/* What describe gives: the review's lines. */
struct change_step_text {
	char *title;    /* "create bucket default" (the step as a to-do) */
	char *detail;   /* "with the credentials that work today" / the command; or NULL */
	char *undo;     /* "deleted again if still empty"; "not undone: …" when irreversible */
};
void change_step_text_clear(struct change_step_text *t);

/* What a step may use while it runs (filled by the engine). */
struct change_ctx {
	const char *instance_dir;
	char *const *envp;          /* the environment for the resolver and children */
	const char *ca_file;        /* --ca-file of the command, or NULL */
	long timeout_ms;            /* per request / child; 0: the defaults */
	long clock_offset;
	const atomic_int *cancel;   /* the front end's cancel flag, or NULL */
	const struct change_fields *secrets; /* the change's in-memory secrets */
	const char *resume_command; /* "rdm-s3 setup --resume": what a stopped
	                               step tells the operator to run next */
	/* Output of a child process as it arrives (the engine forwards it to
	 * the progress callback as CHANGE_EV_OUTPUT). */
	void (*output)(void *octx, const char *data, size_t len);
	void *octx;
};

/* Run a child in the instance folder (spawn.h) with the context's cancel
 * flag and output forwarding; timeout_ms 0: the context's (or 120 s). */
int change_ctx_spawn(const struct change_ctx *ctx, const char *const *argv, long timeout_ms,
		     struct spawn_result *r, struct rdm_error *err);
/* Whether the front end asked to stop. */
int change_ctx_cancelled(const struct change_ctx *ctx);

struct change_step;

struct change_step_type {
	const char *kind;  /* stable journal name: [a-z0-9-]+ ("bucket-create") */
	unsigned flags;    /* CHANGE_STEP_* */
	/* 0 done; -1 failed (r says why); 1 stopped on purpose, resumable
	 * (r->remedy says what the operator does before `--resume`). */
	int (*run)(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r);
	/* 1 in place, 0 not, -1 cannot tell (r says why). May be NULL. */
	int (*verify)(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r);
	/* 0 undone, -1 failed (r says why and what to do by hand). NULL:
	 * irreversible. */
	int (*undo)(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r);
	void (*describe)(const struct change_step *s, struct change_step_text *out);
	void (*save)(const struct change_step *s, struct change_fields *out);
	/* Rebuild s->data from fields (s->type is set). */
	int (*load)(struct change_step *s, const struct change_fields *in, struct rdm_error *err);
	void (*free_data)(void *data);
};

struct change_step {
	const struct change_step_type *type;
	void *data;                 /* the type's; freed with type->free_data */
	enum change_phase phase;    /* chosen when the step is made */
	/* Kept by the engine: */
	enum change_step_state state;
	struct change_step_result last; /* what the last run/verify/undo said */
	long duration_ms;
};

/* Find a type by kind in a NULL-terminated table, or NULL. */
const struct change_step_type *change_step_type_find(const struct change_step_type *const *types,
						     const char *kind);
const char *change_step_state_name(enum change_step_state s);

#endif
