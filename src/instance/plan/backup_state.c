/* The private state folder .rdm-s3: created with the instance owner's
 * ownership, trusted only when nobody else could have written it, and
 * locked while a change is applied (see backup_int.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/plan/backup.h"
#include "instance/plan/backup_int.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

int state_owner(const char *instance_dir, uid_t *uid, struct rdm_error *err)
{
	struct stat st;
	if (stat(instance_dir, &st) != 0) {
		rdm_error_set(err, _("cannot inspect the instance folder %s: %s"), instance_dir, strerror(errno));
		return -1;
	}
	*uid = st.st_uid;
	return 0;
}

int state_exists(const char *instance_dir)
{
	struct stat st;
	char *dir = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	int have = lstat(dir, &st) == 0;
	free(dir);
	return have;
}

static int check_dir(const char *path, uid_t owner, struct rdm_error *err)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		rdm_error_set(err, _("cannot inspect %s: %s"), path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		rdm_error_set(err, _("%s is not a folder%s"), path, S_ISLNK(st.st_mode) ? _(" (a symbolic link)") : "");
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("rdm-s3 keeps its backups in that folder and never follows a link there: "
				 "move it away and run the command again"));
		return -1;
	}
	return atomic_stat_trusted(path, &st, owner, err);
}

/* As root, a new folder gets the owner and group of its parent. */
int state_take_parent_owner(const char *path, struct rdm_error *err)
{
	if (geteuid() != 0)
		return 0;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rdm_error_set(err, _("cannot open the folder %s: %s"), path, strerror(errno));
		return -1;
	}
	int rc = atomic_take_folder_owner(fd, path, err);
	close(fd);
	return rc;
}

int state_private_dir(const char *path, uid_t owner, struct rdm_error *err)
{
	if (mkdir(path, 0700) == 0)
		return state_take_parent_owner(path, err);
	int e = errno;
	if (e == EEXIST)
		return check_dir(path, owner, err);
	rdm_error_set(err, _("cannot create the folder %s: %s"), path, strerror(e));
	rdm_error_where(err, "%s", path);
	if (e == EACCES || e == EPERM || e == EROFS)
		rdm_error_remedy(err, _("rdm-s3 keeps a backup of every file it changes under %s; make the "
				 "instance folder writable for this user, or run rdm-s3 as its owner"), path);
	return e == EACCES || e == EPERM || e == EROFS ? -3 : -1;
}

/* .rdm-s3/ with a .gitignore, so backups (which hold secrets) are never
 * committed together with an instance kept in git. */
int state_ensure(const char *instance_dir, struct rdm_error *err)
{
	static const char text[] = "# rdm-s3 backups hold secrets: never commit them\n*\n";
	uid_t owner;
	if (state_owner(instance_dir, &owner, err) != 0)
		return -1;
	char *dir = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	char *ign = xasprintf("%s/.gitignore", dir);
	struct atomic_write_opts o = { .expect = ATOMIC_EXPECT_ABSENT, .create_mode = 0644 };
	struct stat st;
	int rc = state_private_dir(dir, owner, err);
	int e = rc == 0 && lstat(ign, &st) != 0 ? errno : 0;
	if (e == ENOENT) {
		rc = atomic_file_write(ign, text, sizeof text - 1, &o, err);
	} else if (e) {
		rdm_error_set(err, _("cannot look into %s: %s"), dir, strerror(e));
		rc = e == EACCES ? -3 : -1;
	}
	free(ign);
	free(dir);
	return rc;
}

int state_check_chain(const char *instance_dir, const char *path, uid_t owner, struct rdm_error *err)
{
	char *root = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	size_t n = strlen(root);
	int rc = 0;
	if (strncmp(path, root, n) != 0 || path[n] != '/') {
		rc = rdm_error_set(err, _("internal: %s is not inside %s"), path, root);
	} else {
		rc = check_dir(root, owner, err);
		for (const char *s = strchr(path + n + 1, '/'); rc == 0 && s; s = strchr(s + 1, '/')) {
			char *dir = xstrndup(path, (size_t)(s - path));
			rc = check_dir(dir, owner, err);
			free(dir);
		}
	}
	free(root);
	return rc;
}

int state_read(const char *instance_dir, const char *path, struct buf *out, int *exists, struct rdm_error *err)
{
	uid_t owner;
	buf_truncate(out, 0);
	*exists = 0;
	if (state_owner(instance_dir, &owner, err) != 0)
		return -1;
	if (!state_exists(instance_dir))
		return 0;
	if (state_check_chain(instance_dir, path, owner, err) != 0)
		return -1;
	return atomic_file_read_private(path, owner, out, exists, err);
}

int backup_set_exists(const char *instance_dir, const char *id)
{
	struct stat st;
	char *dir = xasprintf("%s/%s/backups/%s", instance_dir, BACKUP_STATE_DIR, id);
	int have = lstat(dir, &st) == 0;
	free(dir);
	return have;
}

int backup_lock(const char *instance_dir, int *fd, struct rdm_error *err)
{
	*fd = -1;
	int rc = state_ensure(instance_dir, err);
	if (rc != 0)
		return rc == -3 ? -3 : -1;
	char *path = xasprintf("%s/%s/lock", instance_dir, BACKUP_STATE_DIR);
	int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (f < 0) {
		int e = errno;
		rdm_error_set(err, _("cannot open the lock file %s: %s"), path, strerror(e));
		if (e == EACCES || e == EPERM || e == EROFS)
			rdm_error_remedy(err, _("run rdm-s3 as the owner of the instance folder (or root)"));
		free(path);
		return e == EACCES || e == EPERM || e == EROFS ? -3 : -1;
	}
	if (flock(f, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(f);
		rdm_error_set(err, _("another rdm-s3 is changing this instance right now (%s is locked)"), path);
		if (e != EWOULDBLOCK)
			rdm_error_set(err, _("cannot lock %s: %s"), path, strerror(e));
		rdm_error_remedy(err, _("wait for it to finish, then run the command again"));
		free(path);
		return e == EWOULDBLOCK ? -2 : -1;
	}
	struct rdm_error ignored = RDM_ERROR_INIT;
	atomic_take_folder_owner(f, path, &ignored); /* a lock file root created stays the owner's */
	rdm_error_clear(&ignored);
	free(path);
	*fd = f;
	return 0;
}

void backup_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

/* For another layer's state in .rdm-s3 (the change journals), the same rules. */
int backup_state_subdir(const char *instance_dir, const char *name, char **path, struct rdm_error *err)
{
	uid_t owner;
	*path = NULL;
	if (state_ensure(instance_dir, err) != 0 || state_owner(instance_dir, &owner, err) != 0)
		return -1;
	char *dir = xasprintf("%s/%s/%s", instance_dir, BACKUP_STATE_DIR, name);
	if (state_private_dir(dir, owner, err) != 0) {
		free(dir);
		return -1;
	}
	*path = dir;
	return 0;
}

int backup_state_read(const char *instance_dir, const char *path, struct buf *out, int *exists,
		      struct rdm_error *err)
{
	return state_read(instance_dir, path, out, exists, err);
}
