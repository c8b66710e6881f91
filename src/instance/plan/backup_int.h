/* Internal to src/instance/plan: the private state folder (.rdm-s3) and
 * its rules. Everything rdm-s3 reads back from there (manifests, backups,
 * the undo log) can make it write the instance, so it must come from
 * someone who may write the instance anyway: every folder and file must
 * belong to the instance's owner, root or the user running rdm-s3, be
 * writable by nobody else, and never be a symbolic link. */
#ifndef RDM_INSTANCE_BACKUP_INT_H
#define RDM_INSTANCE_BACKUP_INT_H
#include <sys/types.h>

#include "instance/plan/backup.h"
#include "util/buf.h"
#include "util/error.h"

/* The owner of the instance folder (stat). */
int state_owner(const char *instance_dir, uid_t *uid, struct rdm_error *err);

/* Create the private folder path (0700; as root with the owner and group
 * of its parent), or accept an existing one that passes the rules. */
int state_private_dir(const char *path, uid_t owner, struct rdm_error *err);

/* As root: give the new folder path the owner and group of its parent. */
int state_take_parent_owner(const char *path, struct rdm_error *err);

/* .rdm-s3 (with its .gitignore) exists and passes the rules. */
int state_ensure(const char *instance_dir, struct rdm_error *err);

/* Every folder from <instance>/.rdm-s3 down to the folder holding path
 * passes the rules (path itself is checked by its reader). */
int state_check_chain(const char *instance_dir, const char *path, uid_t owner, struct rdm_error *err);

/* Read a file of the state folder: chain checked, then opened with
 * O_NOFOLLOW and checked (atomic_file_read_private). */
int state_read(const char *instance_dir, const char *path, struct buf *out, int *exists, struct rdm_error *err);

/* Whether <instance>/.rdm-s3 exists (as anything). */
int state_exists(const char *instance_dir);

/* Whether set `id` still has its folder (pruned sets stay in old logs). */
int backup_set_exists(const char *instance_dir, const char *id);

/* Remove a folder tree without following links (openat/unlinkat). */
int state_remove_tree(const char *path);

/* Leftovers of killed runs, removed under the instance lock: temporary
 * files `.NAME.rdm-s3-XXXXXX` in the instance folder and anywhere in
 * .rdm-s3, and set folders not listed in the undo log (a set reaches the
 * log before any instance file is written, so those never changed one).
 * *removed counts what went. */
int state_clean_leftovers(const char *instance_dir, size_t *removed, struct rdm_error *err);

/* Drop set `id` after a failed write was fully rolled back: its line in
 * the undo log, then its folder (best effort; leftovers are cleaned). */
void backup_set_discard(const char *instance_dir, const char *id);

/* Keep a bounded history (see backup_prune in backup.h). */

#endif
