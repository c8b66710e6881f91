/* Internal to plan*.c: shared between building, applying, recovering and
 * undoing. */
#ifndef RDM_INSTANCE_PLAN_INT_H
#define RDM_INSTANCE_PLAN_INT_H
#include "instance/plan/backup.h"
#include "instance/plan/plan.h"

/* Whether applying f changes the disk (bytes or existence). */
int plan_file_changes(const struct plan_file *f);

/* What a file of a change set holds on disk now. */
enum set_file_state {
	SET_FILE_OLD = 0,  /* what it held before the change (or absent, as then) */
	SET_FILE_NEW,      /* what the change wrote (or absent: removed by it) */
	SET_FILE_OTHER,    /* neither: edited since */
	SET_FILE_UNKNOWN,  /* it (or its backup) could not be read */
};
/* One state per entry of s; -1 (err: the first unreadable one) when a
 * state is SET_FILE_UNKNOWN. */
int set_classify(const struct backup_set *s, enum set_file_state *states, struct rdm_error *err);
/* "invenio.cfg holds its old content, .env is absent (as it was before)". */
char *set_describe(const struct backup_set *s, const enum set_file_state *states);
/* Move every file of s that holds the other side to its old (forward = 0,
 * last file first) or new bytes, from the backups, updating states; the
 * files moved are pushed on *moved (may be NULL). Every file is tried; -1
 * with the first error when one could not be moved. fault_at: test hook,
 * SIGKILL before the Nth write. */
int set_move(const struct backup_set *s, enum set_file_state *states, int forward, unsigned fault_at,
	     char ***moved, size_t *n_moved, struct rdm_error *err);
/* plan_recover_pending / plan_recover_set with the lock held (id NULL:
 * the newest set; forced: the caller decides finish or roll back). */
int plan_recover_locked(const char *instance_dir, const char *id, int forced, int finish, unsigned fault_at,
			struct plan_recover_report *rep, struct rdm_error *err);

#endif
