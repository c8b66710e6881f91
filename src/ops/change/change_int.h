/* Internal to ops/change/: the runner shared by change_run, change_resume
 * and change_undo_last, and the files step. */
#ifndef RDM_OPS_CHANGE_INT_H
#define RDM_OPS_CHANGE_INT_H
#include <stddef.h>

#include "ops/change/change.h"
#include "ops/change/journal.h"

/* The files step's place in change_order. */
#define CHANGE_FILES_STEP ((size_t)-1)

/* Whether applying f changes the disk (bytes or existence). */
int change_plan_file_changes(const struct plan_file *f);
/* plan_apply's fault points for p (plan.h: 2n+3 for n changed files). */
unsigned change_plan_fault_points(const struct plan *p);
/* The review text of a step (idx into c->steps, or CHANGE_FILES_STEP). */
void change_step_describe(const struct change *c, size_t idx, struct change_step_text *t);
void change_files_text(const struct plan *p, struct change_step_text *t);

struct runner {
	struct change *c;
	const struct change_run_opts *o;
	struct change_outcome *out;
	struct journal j;
	size_t *order;          /* run order: c->steps index or CHANGE_FILES_STEP */
	size_t n;
	unsigned fault_count;
	struct change_ctx ctx;
	int lock;
	int resuming;           /* report steps found done as ALREADY_DONE */
	int force;              /* undo: restore files edited since */
	struct undo_report files_rep; /* what undoing the files did */
	int files_undone;
	char **undone, **not_undone;  /* titles, for the undo report */
	size_t n_undone, n_not_undone;
};

/* Journal the state of step k (and its type's fields). */
int runner_save(struct runner *r, struct rdm_error *err);
void runner_set_state(struct runner *r, size_t k, enum change_step_state st);
/* Report an event about step k (title from describe). */
void runner_emit(struct runner *r, enum change_event_kind kind, size_t k, const struct change_step_result *res,
		 long ms);
/* The context steps get. */
void runner_ctx_init(struct runner *r);
/* Run the steps from the first not done; returns the end. */
enum change_end runner_go(struct runner *r);
/* Undo steps [0, upto) that did something, in reverse (see change.h). 0
 * when everything could be undone, -1 when something is left. */
int runner_undo(struct runner *r, size_t upto);
void runner_free(struct runner *r);
/* Read journal id back into r and c (c initialised here; the steps' types
 * found in o->types or ops_step_types). */
int runner_load(struct runner *r, struct change *c, const char *dir, const char *id,
		const struct change_run_opts *o, struct rdm_error *err);
/* The newest journal whose state passes want (and whose command is
 * command, unless NULL): *id allocated, or NULL when none. */
int change_journal_newest(const char *dir, const char *command, int (*want)(enum journal_state), char **id,
			  struct rdm_error *err);

/* The files step (change_files.c). The tag written into the backup set's
 * manifest ("setup [change ID]") finds the set again after a kill. */
char *change_files_tag(const struct runner *r);
int change_files_run(struct runner *r, size_t k, struct change_step_result *res);
int change_files_undo(struct runner *r, size_t k, struct change_step_result *res);
/* The backup set of this change (newest with its tag), or NULL. */
char *change_files_find_set(const char *instance_dir, const char *tag, int *state);

#endif
