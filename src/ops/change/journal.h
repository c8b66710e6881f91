/* Internal to ops/change: the journal of a change, .rdm-s3/changes/<id>
 * (folder 0700, file 0600), rewritten atomically at every transition.
 *
 *   # rdm-s3 change journal: written by rdm-s3, read by `--resume` and `rdm-s3 undo`
 *   version 1
 *   command setup
 *   resume rdm-s3 setup --resume
 *   created 2026-12-03T10:15:02Z
 *   state running
 *   secret new-secret <value>            (only while in flight)
 *   step bucket-create phase=10 state=done ms=12
 *   field bucket default
 *   field! key <value>                   (a secret field; only while in flight)
 *   step files phase=20 state=started ms=0
 *   field set 20261203T101502Z
 *   plan invenio.cfg old=1 new=1 secret=0 mode=0644   (only while in flight:
 *   old <bytes>                           the planned files, so a resume can
 *   new <bytes>                           write them after a kill)
 *
 * Values are escaped: '%', control characters and bytes >= 0x7f as %XX, so
 * one value is one line. Steps are listed in run order. */
#ifndef RDM_OPS_CHANGE_JOURNAL_H
#define RDM_OPS_CHANGE_JOURNAL_H
#include <stddef.h>
#include <time.h>

#include "instance/plan/plan.h"
#include "ops/change/step.h"
#include "util/error.h"

#define CHANGE_JOURNAL_DIR "changes"
#define CHANGE_FILES_KIND "files"

enum journal_state {
	JOURNAL_RUNNING = 0, /* in flight (or killed) */
	JOURNAL_STOPPED,     /* stopped on purpose, resumable */
	JOURNAL_ROLLING_BACK, /* undoing (after a failure, or `rdm-s3 undo`) */
	JOURNAL_DONE,
	JOURNAL_ROLLED_BACK, /* a failure was rolled back */
	JOURNAL_BROKEN,      /* undoing failed half way: `rdm-s3 undo` retries */
	JOURNAL_UNDONE,      /* `rdm-s3 undo` undid it */
};

struct journal_step {
	char *kind;
	enum change_phase phase;
	enum change_step_state state;
	long ms;
	struct change_fields fields;
};

struct journal {
	char *instance_dir;
	char *id;
	char *path;
	char *command;
	char *resume;
	char *created;
	enum journal_state state;
	struct change_fields secrets;  /* the change's secrets (in flight only) */
	struct journal_step *steps;    /* run order */
	size_t n_steps, cap_steps;
	struct plan plan;              /* the planned files (in flight only);
	                                  n_files 0 once the change ended */
};

/* In-flight states: running, stopped, rolling back. */
int journal_in_flight(enum journal_state s);
const char *journal_state_name(enum journal_state s);

/* A new journal with a fresh id from now (".001" ... when several start in
 * the same second); nothing written yet. The caller holds the instance
 * lock (so .rdm-s3 exists). */
int journal_create(struct journal *j, const char *instance_dir, time_t now, struct rdm_error *err);
/* Write it (atomically, 0600). Secrets and the plan are written only while
 * the state is in flight. */
int journal_save(const struct journal *j, struct rdm_error *err);
int journal_load(struct journal *j, const char *instance_dir, const char *id, struct rdm_error *err);
void journal_free(struct journal *j);
/* Add a step (fields copied). Returns it. */
struct journal_step *journal_add_step(struct journal *j, const char *kind, enum change_phase phase,
				      const struct change_fields *fields);
/* Replace a step's fields by a copy of f. */
void journal_step_set_fields(struct journal_step *s, const struct change_fields *f);
/* The ids of the instance's journals, oldest first (free each and the
 * array). None: n = 0. */
int journal_list(const char *instance_dir, char ***ids, size_t *n, struct rdm_error *err);

/* Parse a step state name. */
int change_step_state_parse(const char *name, enum change_step_state *out);
/* Copy every field of src into dst (secrets stay secret). */
void change_fields_copy(struct change_fields *dst, const struct change_fields *src);

#endif
