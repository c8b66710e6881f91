/* The change engine: a change is the file plan (instance/plan/plan.h) plus
 * an ordered list of server steps (step.h), reviewed as a whole, applied
 * with rollback, journaled so that a kill at any point can be resumed or
 * undone. Setup, rotation and the dashboard's fixes build changes; the
 * command line and the wizard run them. No printing, no curses: progress
 * goes through a callback, on the thread that runs the change.
 *
 *   struct change c;
 *   change_init(&c, dir, "setup", "rdm-s3 setup --resume");
 *   ... editors fill c.files (plan_set_file / inst_plan) ...
 *   change_add_step(&c, &my_type, data, CHANGE_PHASE_BEFORE_FILES);
 *   change_review_build(&c, &review);      -- diff (masked) + steps in order
 *   change_run(&c, &opts, &outcome, &err); -- progress per step, cancel flag
 *   change_free(&c);
 *
 * Order. Steps run sorted by phase (step.h). The file plan is one step of
 * its own ("write files", phase FILES), present when a file changes. So a
 * step that needs the credentials that work today runs before the files
 * that change them are written, and a step that needs the new ones runs
 * after the restart. Steps resolve their credentials from the files as they
 * are when they run; undo runs in reverse order, so each undo sees the
 * files its step saw (a step flagged UNDO_AFTER_FILES, a restart, runs
 * again right after the files are restored).
 *
 * Journal. .rdm-s3/changes/<id> (folder 0700, file 0600): the change's
 * command, resume command, state, and every step with its state and saved
 * fields, rewritten atomically at each transition: before a step starts
 * (STARTED), when it is done, failed or undone. The files step records the
 * backup set it made (.rdm-s3/backups/<id>, see backup.h), so `rdm-s3 undo`
 * restores files and reversible server steps together. Secrets are in the
 * journal only when a step adds one with change_fields_add_secret, and only
 * while the change is in flight.
 *
 * Faults. The test hook (RDM_S3_FAULT_AT=N, read by the command layer into
 * change_run_opts.fault_at) counts fault points over the whole change: for
 * each server step one right before it is journaled STARTED and one right
 * after it ran (before it is journaled DONE); for the files step the plan's
 * own points (plan.h: 2n+3 for n files). change_fault_points() says how
 * many a change has, so a test can kill at every one. */
#ifndef RDM_OPS_CHANGE_H
#define RDM_OPS_CHANGE_H
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "instance/plan/plan.h"
#include "ops/change/step.h"
#include "util/error.h"

struct change {
	char *instance_dir;
	char *command;          /* "setup": one line, recorded (no secrets) */
	char *resume_command;   /* "rdm-s3 setup --resume": what finishes it */
	struct plan files;      /* the file plan; editors fill it */
	struct change_step *steps; /* in the order added; run order: change_order */
	size_t n_steps, cap_steps;
	struct change_fields secrets; /* in-memory secrets steps may read by name */
	/* Set by change_run / change_resume: */
	char *id;               /* the journal's id, NULL before */
	char *backup_id;        /* the files step's backup set, or NULL */
};

void change_init(struct change *c, const char *instance_dir, const char *command,
		 const char *resume_command);
/* Frees steps (type->free_data), the plan (wiping file contents and
 * secrets) and everything else. */
void change_free(struct change *c);

/* Add a step; the change takes ownership of data (freed with
 * type->free_data). Returns the step (valid until the next add). */
struct change_step *change_add_step(struct change *c, const struct change_step_type *type, void *data,
				    enum change_phase phase);

/* Whether the change does anything: a file changes or a step exists. */
int change_is_empty(const struct change *c);

/* The run order: indices into c->steps, plus (size_t)-1 for the files
 * step, sorted by phase (stable). *n entries; the array is allocated. */
size_t *change_order(const struct change *c, size_t *n);

/* Number of fault points (see above) of the change as it stands. */
unsigned change_fault_points(const struct change *c);

/* --- values a step learns while it runs -------------------------------- */
/* Some values the files must hold exist only once a step has run (the
 * access key and secret that IAM or Ceph RGW make). The plan holds a token
 * in their place: change_fill_token(NAME), letters and digits only, so an
 * editor writes it where and as it would write the value. The step saves
 * the value in its fields as "fill.NAME" (change_fields_add_secret for a
 * secret, which keeps it in the journal only while the change is in
 * flight); the files step puts the values in place of the tokens just
 * before it writes (again on resume), and fails when a token is left.
 * Allocated. */
char *change_fill_token(const char *name);

/* --- the review: what the screen and --dry-run show ------------------ */
struct change_review_file {
	char *rel;
	int created, removed;   /* the file is new / goes away */
	int secret;             /* holds secrets: written 0600 */
	size_t lines_added, lines_removed;
	char *diff;             /* unified diff of this file, secrets masked */
};
struct change_review_step {
	int is_files;           /* the "write files" step */
	enum change_phase phase;
	int reversible;         /* has an undo */
	int advisory;           /* a failure does not roll back */
	struct change_step_text text; /* title, detail, undo */
};
struct change_review {
	struct change_review_file *files; /* changed files, plan order */
	size_t n_files;
	struct change_review_step *steps; /* run order, files step included */
	size_t n_steps;
	char **notes;           /* the plan's notes (restart hints, ...) */
	size_t n_notes;
	char *diff;             /* every file's diff, concatenated (--dry-run) */
};
void change_review_build(const struct change *c, struct change_review *out);
void change_review_free(struct change_review *r);

/* --- running ------------------------------------------------------------ */
enum change_event_kind {
	CHANGE_EV_STARTED = 0,  /* a step starts */
	CHANGE_EV_OUTPUT,       /* output of the step's child process (a chunk) */
	CHANGE_EV_DONE,         /* done (duration_ms) */
	CHANGE_EV_ALREADY_DONE, /* on resume: found done (journal or verify) */
	CHANGE_EV_FAILED,       /* failed: message, diagnosis, remedy */
	CHANGE_EV_STOPPED,      /* stopped on purpose; remedy says what to do */
	CHANGE_EV_ROLLBACK,     /* rolling back starts (after a failure or cancel) */
	CHANGE_EV_UNDONE,       /* a step (or the files) was undone */
	CHANGE_EV_UNDO_FAILED,  /* undoing it failed: message, remedy */
	CHANGE_EV_NOT_UNDONE,   /* irreversible: left as it is (message says what) */
};

struct change_event {
	enum change_event_kind kind;
	size_t index;           /* position in the run order (0-based) */
	size_t count;           /* steps in the run order */
	int is_files;
	const char *title;      /* describe's title (never NULL) */
	const char *message;    /* what happened, or NULL */
	const char *diagnosis;  /* FAILED: what it means, or NULL */
	const char *remedy;     /* FAILED / STOPPED / UNDO_FAILED, or NULL */
	const char *output;     /* OUTPUT: the chunk (not NUL-terminated) */
	size_t output_len;
	long duration_ms;       /* DONE, UNDONE: how long it took */
};
typedef void (*change_progress_fn)(void *ctx, const struct change_event *ev);

struct change_run_opts {
	change_progress_fn progress; /* NULL: silent */
	void *progress_ctx;
	const atomic_int *cancel;    /* checked between steps (and by children):
	                                non-zero = stop and roll back */
	char *const *envp;           /* NULL: environ */
	const char *ca_file;         /* --ca-file, passed to the steps */
	long timeout_ms;             /* per request / child process; 0: defaults */
	long clock_offset;
	time_t now;                  /* names the journal and backup set; 0: time() */
	unsigned fault_at;           /* test hook (see above); 0: off */
	enum plan_fault fault_kind;
	/* The step types rdm-s3 knows, for reading a journal back (resume,
	 * undo); NULL: ops_step_types (ops/step_registry.h). */
	const struct change_step_type *const *types;
};

enum change_end {
	CHANGE_END_DONE = 0,     /* every step done (advisory failures counted) */
	CHANGE_END_NOTHING,      /* nothing to do: no file changes, no step */
	CHANGE_END_STOPPED,      /* stopped on purpose at a step; resumable */
	CHANGE_END_ROLLED_BACK,  /* a step failed; what was done is undone
	                            (irreversible steps are listed as such) */
	CHANGE_END_CANCELLED,    /* the cancel flag was set; rolled back */
	CHANGE_END_BROKEN,       /* the rollback failed too: the journal stays
	                            for `rdm-s3 undo`; remedy says what is left */
};

struct change_outcome {
	enum change_end end;
	char *journal_id;        /* NULL for CHANGE_END_NOTHING */
	char *backup_id;         /* the files' backup set, or NULL */
	char *backup_dir;
	char **written;          /* files written (rel paths) */
	size_t n_written;
	/* The step that failed or stopped (run-order index, its title) and
	 * what it said; NULL/0 otherwise. */
	size_t step_index;
	char *step_title;
	char *message, *diagnosis, *remedy;
	size_t n_advisory_failed; /* advisory steps that failed */
	size_t n_not_undone;     /* irreversible steps left in place by a rollback */
};
void change_outcome_free(struct change_outcome *o);
const char *change_end_name(enum change_end e); /* "done", "stopped", ... */

/* Run the change: take the instance lock, write the journal, run the steps
 * in order (the files step through plan_apply), roll back in reverse on a
 * failure or a cancel. Returns 0 when the change reached an end (see
 * out->end, which may be a rollback), -1 with err when it could not start
 * (instance locked, journal not writable): then nothing was changed. */
int change_run(struct change *c, const struct change_run_opts *o, struct change_outcome *out,
	       struct rdm_error *err);

/* --- after a kill or a stop ------------------------------------------- */
struct change_pending {
	char *id;
	char *command;           /* "setup" */
	char *resume_command;    /* "rdm-s3 setup --resume" */
	char *created;           /* "2026-12-03T10:15:02Z" */
	int stopped;             /* stopped on purpose (else interrupted) */
	size_t n_done, n_steps;  /* steps done so far, steps in all */
	char *next_title;        /* the first step not done, or NULL */
};
void change_pending_free(struct change_pending *p);
/* The newest change of the instance that is unfinished (interrupted or
 * stopped). 1 found (out filled), 0 none, -1 error (a damaged journal:
 * err names it). types as in change_run_opts. */
int change_find_pending(const char *instance_dir, const struct change_step_type *const *types,
			struct change_pending *out, struct rdm_error *err);

/* Finish the newest unfinished change whose command is `command` (NULL:
 * any): load its journal into c (for the front end's review of what is
 * left), then go on as change_run does: steps found done are reported
 * ALREADY_DONE, a step found STARTED is verified (or run again), the rest
 * run. Returns 0 with out (end as in change_run), or -1 with err (nothing
 * to resume: the message says so; a damaged journal; the lock). c is
 * initialised by the call either way; free it with change_free. */
int change_resume(const char *instance_dir, const char *command, const struct change_run_opts *o,
		  struct change *c, struct change_outcome *out, struct rdm_error *err);

/* --- `rdm-s3 undo` ---------------------------------------------------- */
struct change_undo_report {
	char *id;                /* the change (journal id) or the plain set id */
	char *created, *command;
	int with_steps;          /* a change with server steps (else files only) */
	int was_interrupted;     /* it had not finished */
	char **undone;           /* titles of the steps undone, in undo order */
	size_t n_undone;
	char **not_undone;       /* irreversible steps, with what stays */
	size_t n_not_undone;
	struct undo_report files; /* the files restored (plan.h) */
	int files_undone;        /* a file set was restored */
};
void change_undo_report_free(struct change_undo_report *r);

/* Undo the newest change of the instance: a change with server steps
 * (its reversible steps and its files together, in reverse order, the
 * progress reported through o->progress) or, when the newest change is a
 * plain file set (config set, ...), just its files (plan_undo). force:
 * restore files edited since (as plan_undo). Returns 0, or -1 with err
 * (nothing to undo, files edited since without force, a step whose undo
 * failed: the report and the journal say what is left). */
int change_undo_last(const char *instance_dir, int force, const struct change_run_opts *o,
		     struct change_undo_report *rep, struct rdm_error *err);

#endif
