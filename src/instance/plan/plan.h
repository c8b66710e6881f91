/* A change plan: every file a command will change, with the bytes it read
 * and the bytes it will write. Nothing touches the disk until plan_apply().
 *
 * The editors (compose, pycfg, dotenv, ini) produce new contents in memory;
 * the caller collects them here, shows plan_diff() for `--dry-run` or the
 * review screen, and applies the whole set:
 *
 *   1..n     back up file k (old and new bytes, see backup.h)
 *   n+1      write the manifest (state pending)
 *   n+2      append the set to the undo log
 *   n+3..    write file k atomically (refused if it changed since it was read)
 *   2n+3     mark the set applied
 *
 * A failure while writing restores the files already written (and marks the
 * set rolled-back). A kill leaves every file wholly old or wholly new; the
 * set stays pending and `rdm-s3 undo` (plan_undo) or running the command
 * again recovers. The fault hook `fault_at` (env RDM_S3_FAULT_AT, read by the
 * command layer) raises SIGKILL right before that step, for the tests (or,
 * with fault_kind, SIGSTOP, or a disk-full error in that step's write).
 *
 * Only files whose bytes change are written or backed up, so applying the
 * same change twice writes nothing the second time. */
#ifndef RDM_INSTANCE_PLAN_H
#define RDM_INSTANCE_PLAN_H
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "util/buf.h"
#include "util/error.h"

struct plan_file {
	char *rel;       /* path relative to the instance folder */
	struct buf old_data; /* the bytes read (may hold secrets) */
	int old_exists;
	struct buf new_data; /* the bytes to write (may hold secrets) */
	int new_exists;  /* 0: remove the file (used by undo of a created file) */
	int secret;      /* holds secrets: created 0600, group/other bits cleared,
			    backups 0600 (they always are) */
	mode_t create_mode; /* mode for a new non-secret file; 0 = 0644 */
};

struct plan {
	char *instance_dir;
	struct plan_file *files; /* in the order they will be written */
	size_t n_files, cap_files;
	char **secrets;          /* strings masked in diffs (owned, wiped) */
	size_t n_secrets, cap_secrets;
	char **notes;            /* things to tell the operator ("restart MinIO") */
	size_t n_notes, cap_notes;
};

void plan_init(struct plan *p, const char *instance_dir);
/* Wipes file contents and secrets, frees everything. */
void plan_free(struct plan *p);

/* Record the change of one file. The first call for rel records old (what
 * was read); later calls for the same rel only replace the new bytes, so
 * several edits of one file chain naturally. Data are copied. */
void plan_set_file(struct plan *p, const char *rel, const char *old_data, size_t old_len, int old_exists,
		   const char *new_data, size_t new_len, int secret);
/* The entry for rel, or NULL. Editors chain on ->new_data. */
struct plan_file *plan_find(struct plan *p, const char *rel);
/* Mark a file for removal (new_exists = 0). */
void plan_remove_file(struct plan *p, const char *rel, const char *old_data, size_t old_len);
/* A value to mask in every diff (copied; empty strings are ignored). Pass
 * every spelling the value has in the files (raw, quoted, escaped). */
void plan_add_secret(struct plan *p, const char *value);
/* Whether data contains one of the secrets added with plan_add_secret. */
int plan_data_holds_secret(const struct plan *p, const char *data, size_t len);
void plan_add_note(struct plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Number of files whose bytes (or existence) actually change. */
size_t plan_changed(const struct plan *p);
/* Unified diffs of the changed files, secrets masked, in plan order. */
void plan_diff(const struct plan *p, struct buf *out);

/* What the test hook does at step fault_at (env RDM_S3_FAULT, read by the
 * command layer). */
enum plan_fault {
	PLAN_FAULT_KILL = 0, /* raise SIGKILL: the process dies like `kill -9` */
	PLAN_FAULT_STOP,     /* raise SIGSTOP: the test edits a file, then sends SIGCONT */
	PLAN_FAULT_ENOSPC,   /* what step N writes (a backup, the manifest, the
				undo log, a file) fails with ENOSPC half way */
};

struct plan_apply_opts {
	time_t now;          /* names the backup set */
	unsigned fault_at;   /* 0: off; N: fault_kind right before step N */
	const char *command; /* recorded in the manifest ("config set") */
	int is_undo;         /* internal: set by plan_undo */
	const char *undoes;  /* internal: the id undone */
	int locked;          /* internal: the caller holds the instance lock */
	enum plan_fault fault_kind; /* the test hook's kind (default: SIGKILL) */
};

struct plan_result {
	char *backup_id;     /* NULL when nothing changed */
	char *backup_dir;    /* <instance>/.rdm-s3/backups/<id> */
	char **written;      /* rel paths written (or removed), in order */
	size_t n_written;
	/* An earlier change set that was interrupted (state pending), found
	 * while applying this one: its id, else NULL. */
	char *interrupted_id;
};

/* Check every file (not a link, still holds the bytes read), back up, write.
 * On error nothing is left changed unless err says otherwise (when even the
 * restore failed, the message says to run `rdm-s3 undo`). */
int plan_apply(const struct plan *p, const struct plan_apply_opts *o, struct plan_result *r,
	       struct rdm_error *err);
void plan_result_free(struct plan_result *r);

/* `rdm-s3 undo`: restore the most recent change set that is applied or
 * pending (interrupted) and not undone, from its backups. A file that holds
 * what rdm-s3 wrote is restored; one that already holds the old bytes is
 * left alone (an interrupted set); one that holds anything else is a
 * conflict: refused, naming the files, unless force. The undo is itself
 * applied as a plan (backed up, atomic, rolled back on failure) and then the
 * set is marked undone, so a second `undo` goes one set further back.
 * With o->locked the caller already holds the instance lock. */
struct undo_report {
	char *undone_id;       /* the set restored */
	char *undone_created;  /* its time */
	char *undone_command;
	char **restored;       /* files put back to their old bytes (or removed) */
	size_t n_restored;
	char **unchanged;      /* files that already held their old bytes */
	size_t n_unchanged;
	char **conflicts;      /* files changed since (only filled on refusal or force) */
	size_t n_conflicts;
	int was_interrupted;   /* the set was pending */
};
int plan_undo(const char *instance_dir, int force, const struct plan_apply_opts *o, struct undo_report *rep,
	      struct rdm_error *err);
void undo_report_free(struct undo_report *rep);
/* The change set plan_undo would restore, without restoring it (for a
 * screen that asks first): 0 with s loaded (backup_set_free it), 1 when
 * there is nothing to undo, -1 with err set when the log or a manifest
 * cannot be read. Takes no lock. */
struct backup_set;
int plan_undo_peek(const char *instance_dir, struct backup_set *s, struct rdm_error *err);

#endif
