/* Bounded growth of the state folder: leftovers of killed runs, sets whose
 * write failed, and a history limited in count and age (see backup.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/ini/ini.h"
#include "instance/plan/backup.h"
#include "instance/plan/backup_int.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int remove_tree_at(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) /* a file or a link: the entry itself goes, never its target */
		return unlinkat(parent, name, 0) == 0 || errno == ENOENT ? 0 : -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && remove_tree_at(dirfd(d), e->d_name) != 0)
			rc = -1;
	closedir(d);
	if (unlinkat(parent, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

int state_remove_tree(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = -1;
	if (slash && slash[1]) {
		*slash = '\0';
		int fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			rc = remove_tree_at(fd, slash + 1);
			close(fd);
		}
	}
	free(dir);
	return rc;
}

/* ".NAME.rdm-s3-XXXXXX": a temporary file of atomic_file_write. */
static int is_temp_name(const char *name)
{
	const char *tag = strstr(name, ".rdm-s3-");
	return name[0] == '.' && tag && tag > name + 1 && strlen(tag) == strlen(".rdm-s3-") + 6;
}

/* Remove temporary files in dir (and its subfolders when deep). */
static size_t clean_temps(int dfd, int deep)
{
	DIR *d = fdopendir(dfd);
	size_t n = 0;
	struct dirent *e;
	if (!d) {
		close(dfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && deep) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				n += clean_temps(sub, deep);
		} else if (S_ISREG(st.st_mode) && is_temp_name(e->d_name) && unlinkat(dirfd(d), e->d_name, 0) == 0) {
			n++;
		}
	}
	closedir(d);
	return n;
}

static size_t clean_temps_in(const char *path, int deep)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? 0 : clean_temps(fd, deep);
}

static int listed(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

static void free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Set folders the undo log does not list (see backup_int.h). */
static size_t clean_unlisted_sets(const char *instance_dir, char **ids, size_t n)
{
	char *root = xasprintf("%s/%s/backups", instance_dir, BACKUP_STATE_DIR);
	DIR *d = opendir(root);
	size_t removed = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || listed(ids, n, e->d_name))
			continue;
		char *path = xasprintf("%s/%s", root, e->d_name);
		if (state_remove_tree(path) == 0)
			removed++;
		free(path);
	}
	if (d)
		closedir(d);
	free(root);
	return removed;
}

int state_clean_leftovers(const char *instance_dir, size_t *removed, struct rdm_error *err)
{
	char **ids;
	size_t n;
	*removed = clean_temps_in(instance_dir, 0);
	if (!state_exists(instance_dir))
		return 0;
	char *state = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	*removed += clean_temps_in(state, 1);
	free(state);
	if (backup_log_read(instance_dir, &ids, &n, err) != 0)
		return -1; /* an unreadable log: keep every set */
	*removed += clean_unlisted_sets(instance_dir, ids, n);
	free_ids(ids, n);
	return 0;
}

/* Rewrite the undo log without the ids marked in drop. */
static int log_rewrite(const char *instance_dir, char **ids, size_t n, const unsigned char *drop,
		       struct rdm_error *err)
{
	struct buf old = BUF_INIT, next = BUF_INIT;
	int exists;
	char *path = xasprintf("%s/%s/undo.log", instance_dir, BACKUP_STATE_DIR);
	int rc = state_read(instance_dir, path, &old, &exists, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!drop[i])
			buf_printf(&next, "%s\n", ids[i]);
	if (rc == 0) {
		struct atomic_write_opts o = { .expect = exists ? ATOMIC_EXPECT_CONTENT : ATOMIC_EXPECT_ABSENT,
					       .expect_data = old.data, .expect_len = old.len, .private_file = 1 };
		rc = atomic_file_write(path, buf_str(&next), next.len, &o, err);
	}
	buf_free(&old);
	buf_free(&next);
	free(path);
	return rc;
}

void backup_set_discard(const char *instance_dir, const char *id)
{
	char **ids;
	size_t n;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (backup_log_read(instance_dir, &ids, &n, &ignored) == 0) {
		unsigned char *drop = xcalloc(n ? n : 1, 1);
		for (size_t i = 0; i < n; i++)
			drop[i] = !strcmp(ids[i], id);
		if (listed(ids, n, id))
			log_rewrite(instance_dir, ids, n, drop, &ignored);
		free(drop);
		free_ids(ids, n);
	}
	rdm_error_clear(&ignored);
	char *dir = xasprintf("%s/%s/backups/%s", instance_dir, BACKUP_STATE_DIR, id);
	state_remove_tree(dir); /* if this fails, the next run's cleaning takes it */
	free(dir);
}

/* "20250102T030405Z[.NNN]" → seconds since the epoch, or -1. */
static time_t id_time(const char *id)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(id, "%Y%m%dT%H%M%SZ", &tm);
	return end ? timegm(&tm) : (time_t)-1;
}

static int retention_value(const struct ini *ini, const char *key, unsigned def, unsigned *out,
			   struct rdm_error *err)
{
	const struct ini_entry *e = ini_get(ini, INI_RDM_SECTION, key);
	*out = def;
	if (!e)
		return 0;
	char *end;
	errno = 0;
	unsigned long v = strtoul(e->value, &end, 10);
	if (errno || end == e->value || *end || v < 1 || v > 100000 || e->value[0] == '-') {
		rdm_error_set(err, _("%s in [%s] must be a whole number from 1 to 100000, not '%s'"), key,
			      INI_RDM_SECTION, e->value);
		rdm_error_where(err, "%s:%u", ini->file, e->line);
		rdm_error_remedy(err, _("fix or remove that line (the default is %u)"), def);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int backup_retention_read(const char *instance_dir, struct backup_retention *r, struct rdm_error *err)
{
	struct buf text = BUF_INIT;
	struct ini ini;
	int exists, rc;
	r->keep_sets = BACKUP_KEEP_SETS;
	r->keep_days = BACKUP_KEEP_DAYS;
	char *path = xasprintf("%s/.invenio", instance_dir);
	rc = atomic_file_read_max(path, RDM_CONFIG_FILE_MAX, &text, &exists, err);
	free(path);
	if (rc != 0 || !exists) {
		buf_free(&text);
		return rc;
	}
	rc = ini_parse(&ini, ".invenio", buf_str(&text), text.len, err);
	if (rc == 0)
		rc = retention_value(&ini, "backups-keep", BACKUP_KEEP_SETS, &r->keep_sets, err);
	if (rc == 0)
		rc = retention_value(&ini, "backups-keep-days", BACKUP_KEEP_DAYS, &r->keep_days, err);
	ini_free(&ini);
	buf_free(&text);
	return rc;
}

int backup_prune(const char *instance_dir, const struct backup_retention *r, time_t now, const char *protect,
		 char ***pruned, size_t *n_pruned, struct rdm_error *err)
{
	char **ids;
	size_t n, kept = 0;
	*pruned = NULL;
	*n_pruned = 0;
	if (backup_log_read(instance_dir, &ids, &n, err) != 0)
		return -1;
	unsigned char *drop = xcalloc(n ? n : 1, 1);
	for (size_t i = n; i-- > 0;) {
		if (!backup_set_exists(instance_dir, ids[i])) {
			drop[i] = 1; /* gone already: only its line is left */
			continue;
		}
		time_t t = id_time(ids[i]);
		int too_old = t != (time_t)-1 && now - t > (time_t)r->keep_days * 86400;
		int keep = kept == 0 || (protect && !strcmp(ids[i], protect)) || (kept < r->keep_sets && !too_old);
		if (keep)
			kept++;
		else
			drop[i] = 1;
	}
	int rc = 0;
	size_t ndrop = 0;
	for (size_t i = 0; i < n; i++)
		ndrop += drop[i];
	if (ndrop)
		rc = log_rewrite(instance_dir, ids, n, drop, err);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!drop[i] || !backup_set_exists(instance_dir, ids[i]))
			continue;
		char *dir = xasprintf("%s/%s/backups/%s", instance_dir, BACKUP_STATE_DIR, ids[i]);
		state_remove_tree(dir);
		free(dir);
		*pruned = xrealloc(*pruned, (*n_pruned + 1) * sizeof **pruned);
		(*pruned)[(*n_pruned)++] = xstrdup(ids[i]);
	}
	free(drop);
	free_ids(ids, n);
	return rc;
}
