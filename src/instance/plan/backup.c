#include "config.h"
#include "instance/plan/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/plan/backup_int.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define MANIFEST ".manifest"
#define WRITTEN ".written"

static const char *const state_names[] = { "pending", "applied", "rolled-back", "undone" };
static const char *const kind_names[] = { "change", "undo" };

const char *backup_state_name(enum backup_state s)
{
	return (unsigned)s < 4 ? state_names[s] : "unknown";
}

int backup_rel_valid(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/' || strchr(rel, '\n') || strchr(rel, '\r'))
		return 0;
	if (!strncmp(rel, BACKUP_STATE_DIR, strlen(BACKUP_STATE_DIR)) &&
	    (rel[strlen(BACKUP_STATE_DIR)] == '/' || rel[strlen(BACKUP_STATE_DIR)] == '\0'))
		return 0;
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

int backup_set_create(struct backup_set *s, const char *instance_dir, time_t now, enum backup_kind kind,
		      const char *undoes, const char *command, struct rdm_error *err)
{
	struct tm tm;
	char stamp[32], created[32]; /* fixed formats of known length */
	memset(s, 0, sizeof *s);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *root = xasprintf("%s/%s/backups", instance_dir, BACKUP_STATE_DIR);
	uid_t owner;
	if (state_owner(instance_dir, &owner, err) != 0 || state_ensure(instance_dir, err) != 0 ||
	    state_private_dir(root, owner, err) != 0) {
		free(root);
		return -1;
	}
	for (unsigned seq = 0; seq < 1000; seq++) {
		char *id = seq ? xasprintf("%s.%03u", stamp, seq) : xstrdup(stamp);
		char *dir = xasprintf("%s/%s", root, id);
		if (mkdir(dir, 0700) == 0) {
			if (state_take_parent_owner(dir, err) != 0) {
				free(id);
				free(dir);
				free(root);
				return -1;
			}
			s->instance_dir = xstrdup(instance_dir);
			s->id = id;
			s->dir = dir;
			s->kind = kind;
			s->undoes = undoes ? xstrdup(undoes) : NULL;
			s->created = xstrdup(created);
			s->command = xstrdup(command ? command : "rdm-s3");
			free(root);
			return 0;
		}
		int e = errno;
		free(id);
		free(dir);
		if (e != EEXIST) {
			rdm_error_set(err, _("cannot create a backup folder in %s: %s"), root, strerror(e));
			free(root);
			return -1;
		}
	}
	rdm_error_set(err, _("too many backups started in one second in %s"), root);
	free(root);
	return -1;
}

/* mkdir -p the parents of base/rel (private folders). */
static int make_parents(const char *base, const char *rel, uid_t owner, struct rdm_error *err)
{
	for (const char *slash = strchr(rel, '/'); slash; slash = strchr(slash + 1, '/')) {
		char *dir = xasprintf("%s/%.*s", base, (int)(slash - rel), rel);
		int rc = state_private_dir(dir, owner, err);
		free(dir);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int store_copy(const char *base, const char *rel, const struct buf *data, uid_t owner, int fault_errno,
		      struct rdm_error *err)
{
	struct atomic_write_opts o = { .expect = ATOMIC_EXPECT_ABSENT, .private_file = 1, .fault_errno = fault_errno };
	if (make_parents(base, rel, owner, err) != 0)
		return -1;
	char *path = xasprintf("%s/%s", base, rel);
	int rc = atomic_file_write(path, buf_str(data), data->len, &o, err);
	free(path);
	return rc;
}

int backup_set_store(struct backup_set *s, const char *rel, const struct buf *old_data, int old_exists,
		     const struct buf *new_data, int new_exists, mode_t mode, int secret, struct rdm_error *err)
{
	uid_t owner;
	if (!backup_rel_valid(rel))
		return rdm_error_set(err, _("refusing to back up '%s': not a plain path inside the instance"), rel);
	if (state_owner(s->instance_dir, &owner, err) != 0)
		return -1;
	if (old_exists && store_copy(s->dir, rel, old_data, owner, s->fault_errno, err) != 0)
		return -1;
	char *written = xasprintf("%s/%s", s->dir, WRITTEN);
	int rc = new_exists ? state_private_dir(written, owner, err) : 0;
	if (rc == 0 && new_exists)
		rc = store_copy(written, rel, new_data, owner, s->fault_errno, err);
	free(written);
	if (rc != 0)
		return -1;
	s->entries = xgrow(s->entries, &s->cap, s->n_entries + 1, sizeof *s->entries);
	struct backup_entry *e = &s->entries[s->n_entries++];
	e->rel = xstrdup(rel);
	e->old_exists = old_exists;
	e->new_exists = new_exists;
	e->secret = secret;
	e->mode = mode & 07777;
	return 0;
}

int backup_set_save(const struct backup_set *s, struct rdm_error *err)
{
	struct buf m = BUF_INIT;
	buf_puts(&m, "# rdm-s3 change set: written by rdm-s3, read by `rdm-s3 undo`\nversion 1\n");
	buf_printf(&m, "id %s\nkind %s\n", s->id, kind_names[s->kind]);
	if (s->undoes)
		buf_printf(&m, "undoes %s\n", s->undoes);
	buf_printf(&m, "created %s\ncommand %s\n", s->created, s->command);
	if (s->resume)
		buf_printf(&m, "resume %s\n", s->resume);
	if (s->server_steps)
		buf_puts(&m, "server-steps 1\n");
	buf_printf(&m, "state %s\n", backup_state_name(s->state));
	for (size_t i = 0; i < s->n_entries; i++) {
		const struct backup_entry *e = &s->entries[i];
		buf_printf(&m, "file old=%d new=%d secret=%d mode=%04o %s\n", e->old_exists, e->new_exists,
			   e->secret, (unsigned)e->mode, e->rel);
	}
	char *path = xasprintf("%s/%s", s->dir, MANIFEST);
	struct atomic_write_opts o = { .private_file = 1, .fault_errno = s->fault_errno };
	int rc = atomic_file_write(path, m.data, m.len, &o, err);
	free(path);
	buf_free(&m);
	return rc;
}

static int parse_enum(const char *v, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, names[i]))
			return (int)i;
	return -1;
}

static int parse_file_line(struct backup_set *s, const char *v)
{
	int o, n, sec, used = 0;
	unsigned mode;
	if (sscanf(v, "old=%d new=%d secret=%d mode=%o %n", &o, &n, &sec, &mode, &used) != 4 || !used ||
	    !backup_rel_valid(v + used))
		return -1;
	s->entries = xgrow(s->entries, &s->cap, s->n_entries + 1, sizeof *s->entries);
	struct backup_entry *e = &s->entries[s->n_entries++];
	e->rel = xstrdup(v + used);
	e->old_exists = o != 0;
	e->new_exists = n != 0;
	e->secret = sec != 0;
	e->mode = (mode_t)(mode & 07777);
	return 0;
}

static int parse_manifest_line(struct backup_set *s, char *line)
{
	char *sp = strchr(line, ' ');
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (!sp)
		return -1;
	*sp = '\0';
	const char *v = sp + 1;
	if (!strcmp(line, "version"))
		return strcmp(v, "1") ? -1 : 0;
	if (!strcmp(line, "id"))
		return 0; /* the folder name is authoritative */
	if (!strcmp(line, "kind"))
		return (int)(s->kind = (enum backup_kind)parse_enum(v, kind_names, 2)) < 0 ? -1 : 0;
	if (!strcmp(line, "state"))
		return (int)(s->state = (enum backup_state)parse_enum(v, state_names, 4)) < 0 ? -1 : 0;
	if (!strcmp(line, "server-steps"))
		return (s->server_steps = !strcmp(v, "1")) || !strcmp(v, "0") ? 0 : -1;
	char **field = !strcmp(line, "undoes") ? &s->undoes : !strcmp(line, "created") ? &s->created
		     : !strcmp(line, "command") ? &s->command : !strcmp(line, "resume") ? &s->resume : NULL;
	if (field) {
		free(*field);
		*field = xstrdup(v);
		return 0;
	}
	if (!strcmp(line, "file"))
		return parse_file_line(s, v);
	return -1;
}

int backup_set_load(struct backup_set *s, const char *instance_dir, const char *id, struct rdm_error *err)
{
	struct buf text = BUF_INIT;
	int exists, rc = 0;
	unsigned lineno = 0;
	memset(s, 0, sizeof *s);
	if (!backup_rel_valid(id) || strchr(id, '/'))
		return rdm_error_set(err, _("invalid change set id '%s' in the undo log"), id);
	s->instance_dir = xstrdup(instance_dir);
	s->id = xstrdup(id);
	s->dir = xasprintf("%s/%s/backups/%s", instance_dir, BACKUP_STATE_DIR, id);
	char *path = xasprintf("%s/%s", s->dir, MANIFEST);
	if (state_read(instance_dir, path, &text, &exists, err) != 0)
		rc = -1;
	else if (!exists)
		rc = rdm_error_set(err, _("change set %s has no manifest (its backup was interrupted)"), id);
	for (char *line = text.data, *nl; rc == 0 && line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		lineno++;
		if (parse_manifest_line(s, line) != 0) {
			rc = rdm_error_set(err, _("the manifest of change set %s is damaged"), id);
			rdm_error_where(err, "%s:%u", path, lineno);
		}
	}
	if (rc != 0)
		backup_set_free(s); /* nothing half loaded is handed back */
	if (rc == 0 && !s->created)
		s->created = xstrdup("?");
	if (rc == 0 && !s->command)
		s->command = xstrdup("?");
	free(path);
	buf_free(&text);
	return rc;
}

int backup_set_read(const struct backup_set *s, const struct backup_entry *e, int which, struct buf *out,
		    struct rdm_error *err)
{
	int exists;
	char *path = which ? xasprintf("%s/%s/%s", s->dir, WRITTEN, e->rel) : xasprintf("%s/%s", s->dir, e->rel);
	int rc = state_read(s->instance_dir, path, out, &exists, err);
	if (rc == 0 && !exists) {
		rc = rdm_error_set(err, _("the backup copy %s is missing"), path);
		rdm_error_remedy(err, _("the backup folder was changed by hand; restore the file yourself"));
	}
	free(path);
	return rc;
}

void backup_set_free(struct backup_set *s)
{
	for (size_t i = 0; i < s->n_entries; i++)
		free(s->entries[i].rel);
	free(s->entries);
	free(s->instance_dir);
	free(s->id);
	free(s->dir);
	free(s->undoes);
	free(s->created);
	free(s->command);
	free(s->resume);
	memset(s, 0, sizeof *s);
}

static int log_append(const char *instance_dir, const char *id, int fault_errno, struct rdm_error *err)
{
	struct buf text = BUF_INIT;
	int exists, rc;
	char *path = xasprintf("%s/%s/undo.log", instance_dir, BACKUP_STATE_DIR);
	rc = state_read(instance_dir, path, &text, &exists, err);
	if (rc == 0) {
		struct atomic_write_opts o = { .expect = exists ? ATOMIC_EXPECT_CONTENT : ATOMIC_EXPECT_ABSENT,
					       .expect_data = text.data, .expect_len = text.len, .private_file = 1,
					       .fault_errno = fault_errno };
		struct buf next = BUF_INIT;
		buf_append(&next, buf_str(&text), text.len);
		buf_printf(&next, "%s\n", id);
		rc = atomic_file_write(path, next.data, next.len, &o, err);
		buf_free(&next);
	}
	buf_free(&text);
	free(path);
	return rc;
}

int backup_set_log_append(const struct backup_set *s, struct rdm_error *err)
{
	return log_append(s->instance_dir, s->id, s->fault_errno, err);
}

int backup_log_read(const char *instance_dir, char ***ids, size_t *n, struct rdm_error *err)
{
	struct buf text = BUF_INIT;
	int exists;
	size_t cap = 0;
	char *path = xasprintf("%s/%s/undo.log", instance_dir, BACKUP_STATE_DIR);
	*ids = NULL;
	*n = 0;
	int rc = state_read(instance_dir, path, &text, &exists, err);
	free(path);
	for (const char *p = text.data; rc == 0 && p && *p;) {
		size_t len = strcspn(p, "\n");
		if (len) {
			*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids);
			(*ids)[(*n)++] = xstrndup(p, len);
		}
		p += len + (p[len] == '\n');
	}
	buf_free(&text);
	return rc;
}

int backup_history(const char *instance_dir, struct backup_set **sets, size_t *n, struct rdm_error *err)
{
	char **ids;
	size_t n_ids, cap = 0;
	int rc = 0;
	*sets = NULL;
	*n = 0;
	if (backup_log_read(instance_dir, &ids, &n_ids, err) != 0)
		return -1;
	for (size_t i = n_ids; i-- > 0;) {
		if (rc == 0 && backup_set_exists(instance_dir, ids[i])) {
			*sets = xgrow(*sets, &cap, *n + 1, sizeof **sets);
			if (backup_set_load(&(*sets)[*n], instance_dir, ids[i], err) == 0)
				(*n)++;
			else
				rc = -1;
		}
		free(ids[i]);
	}
	free(ids);
	return rc;
}

void backup_history_free(struct backup_set *sets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		backup_set_free(&sets[i]);
	free(sets);
}
