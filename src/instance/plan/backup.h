/* Backups of the files a change set touches, and the undo log.
 *
 * Layout inside the instance folder (all of it private: folders 0700, files
 * 0600, because the backups hold the same secrets as the files):
 *
 *   .rdm-s3/                        rdm-s3's own state
 *   .rdm-s3/.gitignore              "*": never committed with the instance
 *   .rdm-s3/lock                    flock()ed while a change is applied
 *   .rdm-s3/undo.log                ids of the change sets, oldest first
 *   .rdm-s3/backups/<id>/           one change set; id = UTC time
 *                                   "20250102T030405Z" (".001", ".002" … when
 *                                   several start in the same second)
 *   .rdm-s3/backups/<id>/.manifest  what the set holds and its state
 *   .rdm-s3/backups/<id>/<rel>      the file as it was before (the backup;
 *                                   copy it back by hand if need be)
 *   .rdm-s3/backups/<id>/.written/<rel>  what rdm-s3 wrote, so that undo can
 *                                   tell whether someone edited it since
 *
 * A set without a .manifest is an interrupted backup; it is removed by the
 * next change (under the lock), like every folder of backups/ that the undo
 * log does not list and every temporary file of a killed write. A set whose
 * state is still "pending" was interrupted while files were being written:
 * some files may be new and some old, each one whole; the next command
 * finishes or rolls it back (plan_recover_pending in plan.h), and `rdm-s3
 * undo` handles it like a completed one.
 *
 * Trust: everything read back from .rdm-s3 can make rdm-s3 write the
 * instance, so every folder and file there must belong to the instance's
 * owner, root or the user running rdm-s3, be writable by nobody else, and
 * not be a link (files are opened with O_NOFOLLOW); otherwise rdm-s3 stops
 * with the chown/chmod remedy. Run as root on a user's instance, rdm-s3
 * creates the folder and its files with the owner and group of the
 * instance folder.
 *
 * History: the newest BACKUP_KEEP_SETS sets younger than BACKUP_KEEP_DAYS
 * days are kept (the newest set always); .invenio can change both:
 *   [rdm-s3]
 *   backups-keep = 50
 *   backups-keep-days = 90 */
#ifndef RDM_INSTANCE_BACKUP_H
#define RDM_INSTANCE_BACKUP_H
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "util/buf.h"
#include "util/error.h"

#define BACKUP_STATE_DIR ".rdm-s3"

enum backup_state {
	BACKUP_PENDING = 0, /* files are being (or were being) written */
	BACKUP_APPLIED,     /* every file was written */
	BACKUP_ROLLED_BACK, /* a write failed and the written files were restored */
	BACKUP_UNDONE,      /* `rdm-s3 undo` restored the old files */
};

enum backup_kind {
	BACKUP_CHANGE = 0, /* a change made by a command (config set, setup, …) */
	BACKUP_UNDO,       /* the change made by `rdm-s3 undo` itself */
};

struct backup_entry {
	char *rel;       /* path relative to the instance folder */
	int old_exists;  /* 0: the change created the file */
	int new_exists;  /* 0: the change removed the file */
	int secret;      /* the file holds secrets */
	mode_t mode;     /* mode of the file before (or of the new file) */
};

struct backup_set {
	char *instance_dir;
	char *id;
	char *dir;       /* <instance>/.rdm-s3/backups/<id> */
	enum backup_kind kind;
	char *undoes;    /* for BACKUP_UNDO: the id of the set it undid */
	char *created;   /* "2025-01-02T03:04:05Z" */
	char *command;   /* what made the change ("config set"), one line */
	enum backup_state state;
	struct backup_entry *entries;
	size_t n_entries, cap;
	/* Test hook (plan_apply's RDM_S3_FAULT=enospc): the files the set
	 * writes next fail with this errno half way; 0 in production. */
	int fault_errno;
	/* Set by the layer above through plan_apply_opts: the command that
	 * finishes this set when it is interrupted ("rdm-s3 setup --resume"),
	 * or NULL; and whether the change also has server steps (a bucket, a
	 * restart...), which a recovery from files alone cannot finish or
	 * undo. Manifest lines "resume ..." and "server-steps 1". */
	char *resume;
	int server_steps;
};

#define BACKUP_KEEP_SETS 50
#define BACKUP_KEEP_DAYS 90

/* "pending", "applied", "rolled-back", "undone". */
const char *backup_state_name(enum backup_state s);

/* Take the instance's change lock (flock on .rdm-s3/lock, created with the
 * folder if needed). Fails at once, naming the lock, when another rdm-s3
 * holds it (returning -2 then; -1 for other errors). The lock dies with the
 * process, so a kill leaves nothing stale. */
int backup_lock(const char *instance_dir, int *fd, struct rdm_error *err);
void backup_unlock(int fd);

/* Start a new, empty set (folder created 0700; nothing else yet). */
int backup_set_create(struct backup_set *s, const char *instance_dir, time_t now, enum backup_kind kind,
		      const char *undoes, const char *command, struct rdm_error *err);
/* Save the old and the new bytes of one file and record it in the set
 * (not yet in the manifest: call backup_set_save). */
int backup_set_store(struct backup_set *s, const char *rel, const struct buf *old_data, int old_exists,
		     const struct buf *new_data, int new_exists, mode_t mode, int secret, struct rdm_error *err);
/* Write the manifest with the set's current state (atomically). */
int backup_set_save(const struct backup_set *s, struct rdm_error *err);
/* Load set `id` (manifest only). */
int backup_set_load(struct backup_set *s, const char *instance_dir, const char *id, struct rdm_error *err);
/* Read the saved old (which = 0) or written (which = 1) bytes of an entry. */
int backup_set_read(const struct backup_set *s, const struct backup_entry *e, int which, struct buf *out,
		    struct rdm_error *err);
void backup_set_free(struct backup_set *s);

/* Append s's id to .rdm-s3/undo.log (honours s->fault_errno). */
int backup_set_log_append(const struct backup_set *s, struct rdm_error *err);
/* The ids in .rdm-s3/undo.log, oldest first (an array of n strings;
 * free each and the array). No log: n = 0. */
int backup_log_read(const char *instance_dir, char ***ids, size_t *n, struct rdm_error *err);

/* Every set of the undo log that still has its folder, newest first
 * (manifests only). Free with backup_history_free. */
int backup_history(const char *instance_dir, struct backup_set **sets, size_t *n, struct rdm_error *err);
void backup_history_free(struct backup_set *sets, size_t n);

/* How much history to keep: BACKUP_KEEP_* unless .invenio's [rdm-s3]
 * section says otherwise (an invalid value is an error naming its line). */
struct backup_retention {
	unsigned keep_sets;
	unsigned keep_days;
};
int backup_retention_read(const char *instance_dir, struct backup_retention *r, struct rdm_error *err);
/* Remove the sets beyond r (never the newest, nor `protect`): their lines
 * in the undo log, then their folders. *pruned lists the ids removed
 * (free each and the array). Call with the lock held. */
int backup_prune(const char *instance_dir, const struct backup_retention *r, time_t now, const char *protect,
		 char ***pruned, size_t *n_pruned, struct rdm_error *err);

/* Another layer's state inside .rdm-s3 (the change journals of
 * src/ops/change): the folder .rdm-s3/NAME created private (or an existing
 * one checked) under the same ownership rules, *path allocated; and a file
 * read from there with the same checks (O_NOFOLLOW, owner, mode). */
int backup_state_subdir(const char *instance_dir, const char *name, char **path, struct rdm_error *err);
int backup_state_read(const char *instance_dir, const char *path, struct buf *out, int *exists,
		      struct rdm_error *err);

/* A relative path rdm-s3 may write: not empty, not absolute, no "." or ".."
 * component, no newline, not inside .rdm-s3. */
int backup_rel_valid(const char *rel);

#endif
