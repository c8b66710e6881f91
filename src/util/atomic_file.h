/* Atomic replacement of small files (the instance's configuration files).
 *
 * A write goes to a temporary file `.<name>.rdm-s3-XXXXXX` in the same folder
 * (opened O_CREAT|O_EXCL), is flushed with fsync, gets the mode and owner of
 * the file it replaces, is renamed over it, and then the folder is fsynced.
 * A reader therefore sees the old bytes or the new bytes, never a mix; a
 * crash leaves at most a stray temporary file, never a damaged original.
 * The temporary file is unlinked on every failure path and when SIGINT,
 * SIGTERM or SIGHUP arrives during the write (SIGKILL cannot be caught: the
 * plan layer removes stale temporary files of its own files later).
 *
 * Symbolic links are refused, not followed: renaming over a link would turn
 * it into a regular file, and writing through it would change a file outside
 * the instance (often one shared by several checkouts). The error names the
 * link target and says how to proceed. Files with several hard links are
 * refused for the same reason (the other names would keep the old bytes).
 *
 * A new file gets the mode asked for; when rdm-s3 runs as root it also gets
 * the owner and group of its folder (an instance owned by a user stays
 * readable by that user). A file without its owner's write permission is
 * refused rather than replaced: someone made it read-only on purpose.
 *
 * Every function returns 0 on success, -1 with `err` filled on failure;
 * nothing is printed. */
#ifndef RDM_UTIL_ATOMIC_FILE_H
#define RDM_UTIL_ATOMIC_FILE_H
#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"
#include "util/error.h"

/* What the caller believes is on disk. The write is refused (and nothing is
 * changed) when the file no longer matches, so that an edit made by someone
 * else between our read and our write is never overwritten. The comparison
 * is byte-exact against the content the caller read (files are small). */
enum atomic_expect {
	ATOMIC_EXPECT_ANY = 0, /* no check (undo --force) */
	ATOMIC_EXPECT_ABSENT,  /* the file must not exist */
	ATOMIC_EXPECT_CONTENT, /* the file must hold exactly expect_data */
};

struct atomic_write_opts {
	enum atomic_expect expect;
	const char *expect_data; /* borrowed; for ATOMIC_EXPECT_CONTENT */
	size_t expect_len;
	/* Mode of a file that does not exist yet (umask applies unless
	 * `private_file`); 0 means 0644. An existing file keeps its mode. */
	mode_t create_mode;
	/* A file holding secrets: created 0600, and an existing file loses
	 * its group and other permission bits. */
	int private_file;
	/* Test hook, called after the temporary file is complete and synced,
	 * right before the rename; NULL in production. */
	void (*before_rename)(void *ctx, const char *tmp_path);
	void *hook_ctx;
	/* Test hook: when non-zero, writing the temporary file fails with this
	 * errno after half of the bytes went out (a disk that fills up during
	 * the write, e.g. ENOSPC); 0 in production. */
	int fault_errno;
	/* Test hook: when non-zero, the folder sync after the rename fails
	 * with this errno (the file is replaced; the caller sees an error). */
	int sync_fault_errno;
};

/* Read a whole regular file into *out (replacing its contents). A missing
 * file is not an error: *exists = 0 and out is empty. Reads follow
 * symbolic links (only writes refuse them). */
int atomic_file_read(const char *path, struct buf *out, int *exists, struct rdm_error *err);

/* The largest instance configuration file rdm-s3 reads (invenio.cfg,
 * docker-services.yml, docker-compose*.yml, .env, .invenio, .gitignore):
 * such files are a few KiB, and the parsers need several times a file's
 * size in memory, so a runaway 100 MB file is refused, not parsed. */
#define RDM_CONFIG_FILE_MAX ((size_t)4 * 1024 * 1024)

/* The same with a size limit: a file of more than max bytes (0: none) is
 * refused, naming the file and the limit, after reading at most max + 4 KiB. */
int atomic_file_read_max(const char *path, size_t max, struct buf *out, int *exists, struct rdm_error *err);

/* Read one of rdm-s3's own private files (backups, manifests, the undo
 * log): opened with O_NOFOLLOW, and refused unless it is a plain file with
 * one name, owned by `owner` (the instance's owner), root or the caller,
 * and writable by nobody else. A missing file: *exists = 0. */
int atomic_file_read_private(const char *path, uid_t owner, struct buf *out, int *exists, struct rdm_error *err);

/* The same owner and mode rules for st (of path; a folder or a file). */
struct stat;
int atomic_stat_trusted(const char *path, const struct stat *st, uid_t owner, struct rdm_error *err);

/* As root, give the new file fd (to be named path) the owner and group of
 * its folder; for other users nothing to do. */
int atomic_take_folder_owner(int fd, const char *path, struct rdm_error *err);

/* Replace (or create) path with data[0..len) atomically as described above. */
int atomic_file_write(const char *path, const void *data, size_t len,
		      const struct atomic_write_opts *opts, struct rdm_error *err);

/* Remove a file rdm-s3 created (undo), with the same expectation check and
 * refusal of links, then fsync the folder. A file that is already gone
 * counts as removed. */
int atomic_file_remove(const char *path, const struct atomic_write_opts *opts, struct rdm_error *err);

/* Check that path may be replaced: not a link, a regular file, one name.
 * A missing file passes. Used by planners to refuse early. */
int atomic_file_check_replaceable(const char *path, struct rdm_error *err);

#endif
