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
 * A failure while writing restores every file whose bytes changed,
 * whatever step failed (a write, or the folder sync after a rename that
 * did happen), then drops the set; the error says what the files hold. A
 * kill leaves each file wholly old or wholly new but the set mixed; it
 * stays pending, and the next command recovers it before anything else
 * (plan_recover_pending below) — or `rdm-s3 undo` (plan_undo) restores it.
 * The fault hook `fault_at` (env RDM_S3_FAULT_AT, read by the command layer
 * of test builds) raises SIGKILL right before that step, for the tests (or,
 * with fault_kind, SIGSTOP, or a disk-full error in that step's write).
 *
 * Under the lock, before step 1, plan_apply also recovers an interrupted
 * set (as plan_recover_pending), removes the leftovers of killed runs and
 * prunes the history to its limits (backup.h).
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
	PLAN_FAULT_SYNC_EIO, /* the file of write step N is renamed into place,
				then the folder sync fails with EIO */
};

struct plan_apply_opts {
	time_t now;          /* names the backup set */
	unsigned fault_at;   /* 0: off; N: fault_kind right before step N */
	const char *command; /* recorded in the manifest ("config set") */
	int is_undo;         /* internal: set by plan_undo */
	const char *undoes;  /* internal: the id undone */
	int locked;          /* internal: the caller holds the instance lock */
	enum plan_fault fault_kind; /* the test hook's kind (default: SIGKILL) */
	/* For a layer that adds server steps (the setup engine): recorded in
	 * the manifest, so that an interruption is refused with that command
	 * instead of being rolled back from the files alone. */
	const char *resume_command; /* e.g. "rdm-s3 setup --resume"; NULL: none */
	int has_server_steps;       /* the change also changed a server */
	/* History limits; 0: from .invenio, else the defaults (backup.h). */
	unsigned keep_sets, keep_days;
};

struct plan_result {
	char *backup_id;     /* NULL when nothing changed */
	char *backup_dir;    /* <instance>/.rdm-s3/backups/<id> */
	char **written;      /* rel paths written (or removed), in order */
	size_t n_written;
	/* An earlier change set that was interrupted (state pending), found
	 * and recovered while applying this one: its id, else NULL. */
	char *interrupted_id;
	char **pruned;       /* ids of old sets removed to keep the history bounded */
	size_t n_pruned;
	size_t n_cleaned;    /* leftovers of killed runs removed */
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

/* Recovery of an interrupted change set. Every command that reads the
 * instance calls plan_recover_pending before reading (undo excepted: it
 * restores the pending set itself). The newest set of the undo log is
 * looked at; when it is still pending (a kill, a crash, a power cut while
 * its files were written), each of its files is wholly old or wholly new
 * but the set may be mixed (docker-services.yml new, invenio.cfg old).
 *
 *  - every file new: only the final mark was missing; the set is marked
 *    applied (FINISHED).
 *  - otherwise, a set of files only: the files already written are put
 *    back to their old bytes (ROLLED_BACK) — the command never said it
 *    succeeded, so the instance goes back to what it was before it, and
 *    the operator runs it again. Rolling forward would finish a change
 *    whose notes ("restart MinIO") nobody saw.
 *  - refused (REFUSED; nothing written; err names the one command that
 *    repairs): the set has server steps (a bucket, a restart: the
 *    recorded resume command, or `rdm-s3 undo`), or a file holds neither
 *    its old nor its new bytes (edited since: `rdm-s3 undo --force` after
 *    saving the edit), or a backup cannot be read.
 * Either way every file ends wholly old or wholly new across the set. A
 * recovery that is itself killed leaves the set pending and is redone.
 * Runs under the instance lock and also removes leftovers of killed runs.
 * An instance without .rdm-s3 has nothing to recover (nothing is created). */
enum plan_recovery {
	PLAN_RECOVERY_NONE = 0,    /* nothing was pending */
	PLAN_RECOVERY_ROLLED_BACK, /* the files written were put back */
	PLAN_RECOVERY_FINISHED,    /* every file was written; marked applied */
	PLAN_RECOVERY_REFUSED,     /* left pending: see err, rep->repair */
};

struct plan_recover_opts {
	/* Without the lock (another rdm-s3 holds it, or this user may not write
	 * .rdm-s3) nothing can be settled: a command goes on when nothing is
	 * pending (rep->busy / rep->skipped), and is refused otherwise —
	 * unless lenient (check and dashboard), which never refuses: the
	 * instance check reports what plan_pending_read finds. */
	int lenient;
	int locked;          /* the caller holds the instance lock */
	unsigned fault_at;   /* test hook: SIGKILL before writing file N */
};

struct plan_recover_report {
	enum plan_recovery action;
	char *id;            /* the interrupted set, its time and command */
	char *created;
	char *command;
	int was_undo;        /* the interrupted command was `rdm-s3 undo` */
	char **restored;     /* ROLLED_BACK: files put back to their old bytes */
	size_t n_restored;
	char *holds;         /* what the files hold now, one sentence */
	char *repair;        /* REFUSED: the command that repairs it */
	size_t n_cleaned;    /* leftovers of killed runs removed */
	int busy;            /* lenient: another rdm-s3 holds the lock */
	int skipped;         /* lenient: the state folder is not writable here */
};

/* 0: nothing pending, or recovered (rep says which); -1: refused or failed
 * (err: what the files hold and the one command that repairs it). */
int plan_recover_pending(const char *instance_dir, const struct plan_recover_opts *o,
			 struct plan_recover_report *rep, struct rdm_error *err);
/* For the resume command of a higher layer: finish (write the remaining
 * new files, mark applied) or roll back (finish = 0) set `id`, which must
 * be the newest set and pending, whatever its server-steps mark. */
int plan_recover_set(const char *instance_dir, const char *id, int finish, const struct plan_recover_opts *o,
		     struct plan_recover_report *rep, struct rdm_error *err);
void plan_recover_report_free(struct plan_recover_report *rep);

/* Read-only: the newest set when it is pending (returns 1 and fills *p),
 * 0 when nothing is pending or there is no state folder, -1 with err when
 * the state folder cannot be trusted or is damaged, -2 with err when this
 * user may not read it (then nobody can tell from here). For reports
 * (check) and for commands run by users who may not take the lock. */
struct plan_pending {
	char *id;
	char *created;
	char *command;
	char *resume;        /* recorded resume command, or NULL */
	int server_steps;
	int is_undo;
	char **files;        /* the files of the set */
	size_t n_files;
	int mixed;           /* some files new, some old */
	char *holds;         /* what the files hold, one sentence */
	char *repair;        /* the command that repairs it */
};
int plan_pending_read(const char *instance_dir, struct plan_pending *p, struct rdm_error *err);
void plan_pending_free(struct plan_pending *p);

#endif
