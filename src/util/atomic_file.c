#include "config.h"
#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_file_int.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* The one file-static state in src/util, and why: a signal handler can reach
 * nothing but globals, and on SIGINT/SIGTERM/SIGHUP it must unlink the
 * temporary file of the write in progress. rdm-s3 writes one file at a
 * time, so one slot is enough (git keeps a list because it holds several
 * locks at once). `owner` keeps a forked child from unlinking its parent's
 * file. The slot is armed only between creating and renaming the file. */
static struct {
	char *volatile path;
	volatile pid_t owner;
	struct sigaction old[3];
} tmp_slot;

static const int slot_signals[3] = { SIGINT, SIGTERM, SIGHUP };

static void slot_on_signal(int sig)
{
	int saved = errno;
	if (tmp_slot.path && tmp_slot.owner == getpid())
		unlink(tmp_slot.path);
	tmp_slot.path = NULL;
	for (int i = 0; i < 3; i++)
		if (slot_signals[i] == sig)
			sigaction(sig, &tmp_slot.old[i], NULL);
	errno = saved;
	raise(sig); /* delivered when this handler returns: old behaviour */
}

static void slot_arm(char *path)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = slot_on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaddset(&sa.sa_mask, slot_signals[i]);
	tmp_slot.owner = getpid();
	tmp_slot.path = path;
	for (int i = 0; i < 3; i++)
		sigaction(slot_signals[i], &sa, &tmp_slot.old[i]);
}

static void slot_disarm(void)
{
	tmp_slot.path = NULL;
	for (int i = 0; i < 3; i++)
		sigaction(slot_signals[i], &tmp_slot.old[i], NULL);
}

char *atomic_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *atomic_path_base(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Fill err for a failed system call on path, with a remedy that fits errno.
 * `what` is the action in progress ("write", "create a temporary file in"). */
int atomic_fail_io(struct rdm_error *err, const char *path, const char *what, int e)
{
	char *dir = atomic_path_dir(path);
	switch (e) {
	case EACCES:
	case EPERM:
		rdm_error_set(err, _("cannot %s %s: the folder %s is not writable by this user (%s)"),
			      what, atomic_path_base(path), dir, strerror(e));
		rdm_error_remedy(err, _("rdm-s3 replaces a file by writing a new one beside it and renaming it, so "
				 "the folder must be writable: run rdm-s3 as the owner of %s, or make it "
				 "writable (chmod u+w %s)"), dir, dir);
		break;
	case EROFS:
		rdm_error_set(err, _("cannot %s %s: the file system holding %s is mounted read-only"),
			      what, atomic_path_base(path), dir);
		rdm_error_remedy(err, _("remount it read-write, or work on a writable copy of the instance"));
		break;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		rdm_error_set(err, _("cannot %s %s: no space left (%s); the file was not changed"),
			      what, atomic_path_base(path), strerror(e));
		rdm_error_remedy(err, _("free space (or raise the quota) on the file system holding %s, "
				 "then run the command again"), dir);
		break;
	default:
		rdm_error_set(err, _("cannot %s %s: %s"), what, atomic_path_base(path), strerror(e));
		break;
	}
	rdm_error_where(err, "%s", path);
	free(dir);
	return -1;
}

/* fsync a folder so that a rename or unlink in it survives a crash.
 * File systems that cannot sync folders (EINVAL) are accepted. */
static int atomic_dir_sync(const char *dir, struct rdm_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return atomic_fail_io(err, dir, _("open the folder"), errno);
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	if (rc != 0 && e != EINVAL)
		return atomic_fail_io(err, dir, _("sync the folder"), e);
	return 0;
}

int atomic_refuse_link(const char *path, struct rdm_error *err)
{
	struct buf target = BUF_INIT;
	ssize_t n;
	for (size_t cap = 64;; cap *= 2) {
		char *p = buf_reserve(&target, cap);
		n = readlink(path, p, cap);
		if (n < 0 || (size_t)n < cap)
			break;
	}
	target.len = n > 0 ? (size_t)n : 0;
	target.data[target.len] = '\0';
	rdm_error_set(err, _("%s is a symbolic link (to %s); rdm-s3 does not edit files through links"),
		      atomic_path_base(path), n > 0 ? target.data : "?");
	rdm_error_where(err, "%s", path);
	rdm_error_remedy(err, _("edit the link target yourself, or replace the link with a copy of its target "
			 "(cp --remove-destination \"$(readlink -f %s)\" %s) and run the command again"),
			 path, path);
	buf_free(&target);
	return -1;
}

int atomic_file_check_replaceable(const char *path, struct rdm_error *err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : atomic_fail_io(err, path, "inspect", errno);
	if (S_ISLNK(st.st_mode))
		return atomic_refuse_link(path, err);
	if (!S_ISREG(st.st_mode)) {
		rdm_error_set(err, _("%s is not a regular file"), atomic_path_base(path));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	if (!(st.st_mode & S_IWUSR)) {
		rdm_error_set(err, _("%s is read-only (mode %04o); rdm-s3 does not replace a file that was made "
			      "read-only"), atomic_path_base(path), (unsigned)(st.st_mode & 07777));
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("if the change is intended, make it writable (chmod u+w %s) and run the "
				 "command again"), path);
		return -1;
	}
	if (st.st_nlink > 1) {
		rdm_error_set(err, _("%s has %lu hard links; replacing it would leave the other names with the old content"),
			      atomic_path_base(path), (unsigned long)st.st_nlink);
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("break the link first (cp %s %s.tmp && mv %s.tmp %s) and run the command again"),
				 path, path, path, path);
		return -1;
	}
	return 0;
}

/* Refuse when the file on disk is not what the caller read. */
static int check_expectation(const char *path, const struct atomic_write_opts *o, struct rdm_error *err)
{
	struct buf now = BUF_INIT;
	int exists, rc = 0;
	if (o->expect == ATOMIC_EXPECT_ANY)
		return 0;
	if (atomic_file_read(path, &now, &exists, err) != 0)
		return -1;
	if (o->expect == ATOMIC_EXPECT_ABSENT && exists)
		rc = rdm_error_set(err, _("%s appeared on disk after rdm-s3 looked for it; it was not overwritten"),
				   atomic_path_base(path));
	else if (o->expect == ATOMIC_EXPECT_CONTENT && !exists)
		rc = rdm_error_set(err, _("%s was removed after rdm-s3 read it; nothing was written"), atomic_path_base(path));
	else if (o->expect == ATOMIC_EXPECT_CONTENT &&
		 (now.len != o->expect_len || memcmp(now.data, o->expect_data, now.len) != 0))
		rc = rdm_error_set(err, _("%s changed on disk after rdm-s3 read it; it was not overwritten"),
				   atomic_path_base(path));
	if (rc) {
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("someone (an editor, another rdm-s3) changed it meanwhile: check the file, "
				 "then run the command again"));
	}
	buf_free_secret(&now);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A new file made by root takes the owner and group of its folder: rdm-s3
 * run with sudo on a user's instance must not leave files (.env, .rdm-s3)
 * that the owner and the app can no longer read. Other users cannot give
 * files away; theirs keep the usual owner. */
int atomic_take_folder_owner(int fd, const char *path, struct rdm_error *err)
{
	struct stat dst;
	if (geteuid() != 0)
		return 0;
	char *dir = atomic_path_dir(path);
	int rc = 0;
	if (stat(dir, &dst) != 0)
		rc = atomic_fail_io(err, dir, _("inspect the folder"), errno);
	else if ((dst.st_uid != 0 || dst.st_gid != getegid()) && fchown(fd, dst.st_uid, dst.st_gid) != 0)
		rc = atomic_fail_io(err, path, _("give the owner of its folder to"), errno);
	free(dir);
	return rc;
}

/* Give the temporary file the owner and mode the result must have. */
static int set_owner_mode(int fd, const char *path, const struct stat *old, const struct atomic_write_opts *o,
			  struct rdm_error *err)
{
	mode_t mode;
	if (!old && atomic_take_folder_owner(fd, path, err) != 0)
		return -1;
	if (old) {
		if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
		    fchown(fd, old->st_uid, old->st_gid) != 0) {
			rdm_error_set(err, _("cannot keep the owner (uid %lu, gid %lu) of %s: %s"),
				      (unsigned long)old->st_uid, (unsigned long)old->st_gid, atomic_path_base(path),
				      strerror(errno));
			rdm_error_where(err, "%s", path);
			rdm_error_remedy(err, _("run rdm-s3 as the owner of the file (e.g. sudo -u '#%lu' rdm-s3 ...)"),
					 (unsigned long)old->st_uid);
			return -1;
		}
		mode = old->st_mode & 07777;
	} else if (o->private_file) {
		mode = 0600;
	} else {
		mode_t um = umask(022);
		umask(um);
		mode = (o->create_mode ? o->create_mode : 0644) & ~um;
	}
	if (o->private_file)
		mode &= ~(mode_t)077;
	if (fchmod(fd, mode) != 0)
		return atomic_fail_io(err, path, _("set the mode of"), errno);
	return 0;
}

/* Create, fill, sync and close the temporary file; on success *tmp_out owns
 * its path and the signal slot is armed. */
static int make_temp(const char *path, const char *data, size_t len, const struct stat *old,
		     const struct atomic_write_opts *o, char **tmp_out, struct rdm_error *err)
{
	char *dir = atomic_path_dir(path);
	char *tmp = xasprintf("%s/.%s.rdm-s3-XXXXXX", dir, atomic_path_base(path));
	free(dir);
	int fd = mkostemp(tmp, O_CLOEXEC); /* O_CREAT|O_EXCL, mode 0600 */
	if (fd < 0) {
		atomic_fail_io(err, path, _("create a temporary file for"), errno);
		free(tmp);
		return -1;
	}
	slot_arm(tmp);
	int rc = set_owner_mode(fd, path, old, o, err);
	if (rc == 0 && o->fault_errno) { /* the test hook: the disk fills up half way */
		(void)write_all(fd, data, len / 2);
		rc = atomic_fail_io(err, path, "write", o->fault_errno);
	} else if (rc == 0 && write_all(fd, data, len) != 0) {
		rc = atomic_fail_io(err, path, "write", errno);
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = atomic_fail_io(err, path, "sync", errno);
	if (close(fd) != 0 && rc == 0)
		rc = atomic_fail_io(err, path, "close", errno);
	if (rc != 0) {
		unlink(tmp);
		slot_disarm();
		free(tmp);
		return -1;
	}
	*tmp_out = tmp;
	return 0;
}

int atomic_file_write(const char *path, const void *data, size_t len, const struct atomic_write_opts *opts,
		      struct rdm_error *err)
{
	static const struct atomic_write_opts defaults = { 0 };
	const struct atomic_write_opts *o = opts ? opts : &defaults;
	struct stat st;
	int have_old;
	char *tmp = NULL;

	if (atomic_file_check_replaceable(path, err) != 0 || check_expectation(path, o, err) != 0)
		return -1;
	have_old = lstat(path, &st) == 0;
	if (make_temp(path, data, len, have_old ? &st : NULL, o, &tmp, err) != 0)
		return -1;
	if (o->before_rename)
		o->before_rename(o->hook_ctx, tmp);
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		slot_disarm();
		free(tmp);
		return atomic_fail_io(err, path, "replace", e);
	}
	slot_disarm();
	free(tmp);
	char *dir = atomic_path_dir(path);
	int rc = o->sync_fault_errno ? atomic_fail_io(err, dir, _("sync the folder"), o->sync_fault_errno)
				     : atomic_dir_sync(dir, err);
	free(dir);
	return rc;
}

int atomic_file_remove(const char *path, const struct atomic_write_opts *opts, struct rdm_error *err)
{
	static const struct atomic_write_opts defaults = { 0 };
	const struct atomic_write_opts *o = opts ? opts : &defaults;
	if (atomic_file_check_replaceable(path, err) != 0 || check_expectation(path, o, err) != 0)
		return -1;
	if (unlink(path) != 0 && errno != ENOENT)
		return atomic_fail_io(err, path, "remove", errno);
	char *dir = atomic_path_dir(path);
	int rc = atomic_dir_sync(dir, err);
	free(dir);
	return rc;
}
