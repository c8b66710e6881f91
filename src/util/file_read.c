/* Reading whole files (see atomic_file.h): the instance's files, with a
 * size limit, and rdm-s3's own private state, which must not be a link and
 * must belong to someone who may write the instance. */
#include "config.h"
#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_file_int.h"
#include "util/i18n.h"

/* Read fd to the end into out; more than max bytes (0: no limit) fails
 * without reading the rest, so a huge file costs no more than max. The
 * files read may hold secrets: out becomes a secret buffer (wiped when it
 * grows) and is sized from fstat first, so it rarely has to. */
static int read_fd(int fd, const char *path, struct buf *out, size_t max, struct rdm_error *err)
{
	struct stat st;
	out->secret = 1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		buf_reserve(out, max && (size_t)st.st_size > max ? max + 1 : (size_t)st.st_size + 1);
	for (;;) {
		char *p = buf_reserve(out, 4096);
		ssize_t n = read(fd, p, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rdm_error_set(err, _("cannot read %s: %s"), atomic_path_base(path), strerror(errno));
			rdm_error_where(err, "%s", path);
			return -1;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (max && out->len > max) {
			rdm_error_set(err, _("%s is larger than %zu KiB; rdm-s3 does not read configuration files "
				      "that large"), atomic_path_base(path), max / 1024);
			rdm_error_where(err, "%s", path);
			rdm_error_remedy(err, _("an InvenioRDM configuration file is a few KiB: check what filled "
					 "it, shorten it, and run the command again"));
			return -1;
		}
	}
	buf_reserve(out, 0);
	out->data[out->len] = '\0';
	return 0;
}

int atomic_file_read_max(const char *path, size_t max, struct buf *out, int *exists, struct rdm_error *err)
{
	buf_truncate(out, 0);
	*exists = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		rdm_error_set(err, _("cannot read %s: %s"), atomic_path_base(path), strerror(errno));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	int rc = read_fd(fd, path, out, max, err);
	close(fd);
	if (rc == 0)
		*exists = 1;
	return rc;
}

int atomic_file_read(const char *path, struct buf *out, int *exists, struct rdm_error *err)
{
	return atomic_file_read_max(path, 0, out, exists, err);
}

int atomic_stat_trusted(const char *path, const struct stat *st, uid_t owner, struct rdm_error *err)
{
	const char *name = atomic_path_base(path);
	int dir = S_ISDIR(st->st_mode);
	if (!dir && (!S_ISREG(st->st_mode) || st->st_nlink > 1)) {
		rdm_error_set(err, _("refusing to read %s: it is not a plain file with one name"), name);
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("rdm-s3 wrote it as a plain file, so someone replaced it: check it, "
				 "then remove it"));
		return -1;
	}
	if (st->st_uid != owner && st->st_uid != 0 && st->st_uid != geteuid()) {
		rdm_error_set(err, _("refusing to trust %s: it belongs to uid %lu, not to the instance's owner "
			      "(uid %lu) or root"), name, (unsigned long)st->st_uid, (unsigned long)owner);
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("another user may have planted it: check what it holds; if it is "
				 "right, give it to the owner (chown %s%lu %s)"), dir ? "-R " : "",
				 (unsigned long)owner, path);
		return -1;
	}
	if (st->st_mode & 022) {
		rdm_error_set(err, _("refusing to trust %s: users other than its owner may write it (mode %04o)"),
			      name, (unsigned)(st->st_mode & 07777));
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("check that nobody else changed what it holds, then chmod %sgo-w %s"),
				 dir ? "-R " : "", path);
		return -1;
	}
	return 0;
}

int atomic_file_read_private(const char *path, uid_t owner, struct buf *out, int *exists, struct rdm_error *err)
{
	struct stat st;
	buf_truncate(out, 0);
	*exists = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return 0;
		if (e == ELOOP)
			return atomic_refuse_link(path, err);
		return atomic_fail_io(err, path, "read", e);
	}
	int rc = fstat(fd, &st) != 0 ? atomic_fail_io(err, path, "inspect", errno)
				     : atomic_stat_trusted(path, &st, owner, err);
	if (rc == 0)
		rc = read_fd(fd, path, out, 0, err);
	close(fd);
	if (rc == 0)
		*exists = 1;
	return rc;
}
