/* The change journal (journal.h): create, save, load, list. */
#include "config.h"
#include "ops/change/journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/plan/backup.h"
#include "util/atomic_file.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const journal_states[] = { "running", "stopped", "rolling-back", "done",
					      "rolled-back", "broken", "undone" };

const char *journal_state_name(enum journal_state s)
{
	return (size_t)s < sizeof journal_states / sizeof *journal_states ? journal_states[s] : "unknown";
}

int journal_in_flight(enum journal_state s)
{
	return s == JOURNAL_RUNNING || s == JOURNAL_STOPPED || s == JOURNAL_ROLLING_BACK;
}

static char *dir_of(const char *instance_dir)
{
	return xasprintf("%s/%s/%s", instance_dir, BACKUP_STATE_DIR, CHANGE_JOURNAL_DIR);
}

int journal_create(struct journal *j, const char *instance_dir, time_t now, struct rdm_error *err)
{
	struct tm tm;
	char stamp[32], created[32]; /* fixed formats of known length */
	memset(j, 0, sizeof *j);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *dir;
	if (backup_state_subdir(instance_dir, CHANGE_JOURNAL_DIR, &dir, err) != 0)
		return -1;
	for (unsigned seq = 0; seq < 1000; seq++) {
		char *id = seq ? xasprintf("%s.%03u", stamp, seq) : xstrdup(stamp);
		char *path = xasprintf("%s/%s", dir, id);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			close(fd);
			j->instance_dir = xstrdup(instance_dir);
			j->id = id;
			j->path = path;
			j->created = xstrdup(created);
			plan_init(&j->plan, instance_dir);
			free(dir);
			return 0;
		}
		int e = errno;
		free(id);
		free(path);
		if (e != EEXIST) {
			rdm_error_set(err, _("cannot create a change journal in %s: %s"), dir, strerror(e));
			free(dir);
			return -1;
		}
	}
	rdm_error_set(err, _("too many changes started in one second in %s"), dir);
	free(dir);
	return -1;
}

static void put_escaped(struct buf *b, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)data[i];
		if (ch == '%' || ch < 0x20 || ch == 0x7f)
			buf_printf(b, "%%%02X", ch);
		else
			buf_putc(b, (char)ch);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int unescape(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s != '%') {
			buf_putc(out, *s);
			continue;
		}
		int hi = hexval(s[1]), lo = hi >= 0 ? hexval(s[2]) : -1;
		if (hi < 0 || lo < 0)
			return -1;
		buf_putc(out, (char)(hi * 16 + lo));
		s += 2;
	}
	if (!out->data)
		buf_puts(out, "");
	return 0;
}

static void put_fields(struct buf *b, const struct change_fields *f, int with_secrets, const char *plain,
		       const char *secret)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].secret && !with_secrets)
			continue;
		buf_printf(b, "%s %s ", f->v[i].secret ? secret : plain, f->v[i].key);
		put_escaped(b, f->v[i].value, strlen(f->v[i].value));
		buf_putc(b, '\n');
	}
}

static void put_plan(struct buf *b, const struct plan *p)
{
	for (size_t i = 0; i < p->n_files; i++) {
		const struct plan_file *f = &p->files[i];
		buf_printf(b, "plan %d %d %d %04o ", f->old_exists, f->new_exists, f->secret, (unsigned)f->create_mode);
		put_escaped(b, f->rel, strlen(f->rel));
		buf_puts(b, "\nold ");
		put_escaped(b, buf_str(&f->old_data), f->old_data.len);
		buf_puts(b, "\nnew ");
		put_escaped(b, buf_str(&f->new_data), f->new_data.len);
		buf_putc(b, '\n');
	}
}

int journal_save(const struct journal *j, struct rdm_error *err)
{
	struct buf b = BUF_INIT_SECRET;
	int flight = journal_in_flight(j->state);
	buf_puts(&b, "# rdm-s3 change journal: written by rdm-s3, read by `--resume` and `rdm-s3 undo`\nversion 1\n");
	buf_puts(&b, "command ");
	put_escaped(&b, j->command ? j->command : "", strlen(j->command ? j->command : ""));
	buf_puts(&b, "\nresume ");
	put_escaped(&b, j->resume ? j->resume : "", strlen(j->resume ? j->resume : ""));
	buf_printf(&b, "\ncreated %s\nstate %s\n", j->created, journal_state_name(j->state));
	if (flight)
		put_fields(&b, &j->secrets, 1, "secret", "secret");
	for (size_t i = 0; i < j->n_steps; i++) {
		const struct journal_step *s = &j->steps[i];
		buf_printf(&b, "step %s phase=%d state=%s ms=%ld\n", s->kind, (int)s->phase,
			   change_step_state_name(s->state), s->ms);
		put_fields(&b, &s->fields, flight, "field", "field!");
	}
	if (flight)
		put_plan(&b, &j->plan);
	struct atomic_write_opts o = { .private_file = 1 };
	int rc = atomic_file_write(j->path, b.data, b.len, &o, err);
	buf_free_secret(&b);
	return rc;
}

struct journal_step *journal_add_step(struct journal *j, const char *kind, enum change_phase phase,
				      const struct change_fields *fields)
{
	j->steps = xgrow(j->steps, &j->cap_steps, j->n_steps + 1, sizeof *j->steps);
	struct journal_step *s = &j->steps[j->n_steps++];
	memset(s, 0, sizeof *s);
	s->kind = xstrdup(kind);
	s->phase = phase;
	if (fields)
		change_fields_copy(&s->fields, fields);
	return s;
}

void change_fields_copy(struct change_fields *dst, const struct change_fields *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (src->v[i].secret)
			change_fields_add_secret(dst, src->v[i].key, src->v[i].value);
		else
			change_fields_add(dst, src->v[i].key, src->v[i].value);
	}
}

void journal_step_set_fields(struct journal_step *s, const struct change_fields *f)
{
	change_fields_free(&s->fields);
	change_fields_copy(&s->fields, f);
}

void journal_free(struct journal *j)
{
	for (size_t i = 0; i < j->n_steps; i++) {
		free(j->steps[i].kind);
		change_fields_free(&j->steps[i].fields);
	}
	free(j->steps);
	change_fields_free(&j->secrets);
	plan_free(&j->plan);
	free(j->instance_dir);
	free(j->id);
	free(j->path);
	free(j->command);
	free(j->resume);
	free(j->created);
	memset(j, 0, sizeof *j);
}

/* --- reading ----------------------------------------------------------- */
struct reader {
	struct journal *j;
	struct plan_file *file;  /* the "plan" entry being read */
	struct buf old;
	int have_old;
};

static int read_kv(const char *v, struct change_fields *f, int secret)
{
	const char *sp = strchr(v, ' ');
	if (!sp)
		return -1;
	char *key = xstrndup(v, (size_t)(sp - v));
	struct buf val = BUF_INIT_SECRET;
	int rc = unescape(sp + 1, &val);
	if (rc == 0 && secret)
		change_fields_add_secret(f, key, val.data);
	else if (rc == 0)
		change_fields_add(f, key, val.data);
	free(key);
	buf_free_secret(&val);
	return rc;
}

static int read_step(struct journal *j, const char *v)
{
	char kind[64], state[32];
	int phase;
	long ms;
	if (sscanf(v, "%63s phase=%d state=%31s ms=%ld", kind, &phase, state, &ms) != 4)
		return -1;
	struct journal_step *s = journal_add_step(j, kind, (enum change_phase)phase, NULL);
	s->ms = ms;
	return change_step_state_parse(state, &s->state);
}

static int read_plan(struct reader *r, const char *v)
{
	int o, n, sec, used = 0;
	unsigned mode;
	if (sscanf(v, "%d %d %d %o %n", &o, &n, &sec, &mode, &used) != 4 || !used)
		return -1;
	struct buf rel = BUF_INIT;
	if (unescape(v + used, &rel) != 0 || !backup_rel_valid(rel.data)) {
		buf_free(&rel);
		return -1;
	}
	plan_set_file(&r->j->plan, rel.data, "", 0, o, "", 0, sec);
	r->file = plan_find(&r->j->plan, rel.data);
	r->file->create_mode = (mode_t)(mode & 07777);
	r->file->new_exists = n != 0;
	buf_free(&rel);
	return 0;
}

static int read_bytes(struct reader *r, const char *v, int is_new)
{
	struct buf b = BUF_INIT_SECRET;
	if (!r->file || unescape(v, &b) != 0) {
		buf_free_secret(&b);
		return -1;
	}
	struct buf *slot = is_new ? &r->file->new_data : &r->file->old_data;
	buf_free_secret(slot);
	*slot = b;
	return 0;
}

static int parse_state(const char *v, enum journal_state *out)
{
	for (size_t i = 0; i < sizeof journal_states / sizeof *journal_states; i++)
		if (!strcmp(v, journal_states[i])) {
			*out = (enum journal_state)i;
			return 0;
		}
	return -1;
}

static int read_text(struct reader *r, const char *word, const char *v)
{
	struct journal *j = r->j;
	struct journal_step *last = j->n_steps ? &j->steps[j->n_steps - 1] : NULL;
	char **slot = !strcmp(word, "command") ? &j->command : !strcmp(word, "resume") ? &j->resume
					       : !strcmp(word, "created") ? &j->created : NULL;
	if (slot) {
		struct buf b = BUF_INIT;
		if (unescape(v, &b) != 0)
			return -1;
		free(*slot);
		*slot = buf_detach(&b);
		return 0;
	}
	if (!strcmp(word, "version"))
		return strcmp(v, "1") ? -1 : 0;
	if (!strcmp(word, "state"))
		return parse_state(v, &j->state);
	if (!strcmp(word, "secret"))
		return read_kv(v, &j->secrets, 1);
	if (!strcmp(word, "step"))
		return read_step(j, v);
	if (!strcmp(word, "field") || !strcmp(word, "field!"))
		return last ? read_kv(v, &last->fields, word[5] == '!') : -1;
	if (!strcmp(word, "plan"))
		return read_plan(r, v);
	if (!strcmp(word, "old") || !strcmp(word, "new"))
		return read_bytes(r, v, word[0] == 'n');
	return -1;
}

int journal_load(struct journal *j, const char *instance_dir, const char *id, struct rdm_error *err)
{
	struct buf text = BUF_INIT_SECRET;
	int exists, rc = 0;
	unsigned lineno = 0;
	memset(j, 0, sizeof *j);
	if (!backup_rel_valid(id) || strchr(id, '/'))
		return rdm_error_set(err, _("invalid change journal id '%s'"), id);
	char *dir = dir_of(instance_dir);
	j->instance_dir = xstrdup(instance_dir);
	j->id = xstrdup(id);
	j->path = xasprintf("%s/%s", dir, id);
	free(dir);
	plan_init(&j->plan, instance_dir);
	if (backup_state_read(instance_dir, j->path, &text, &exists, err) != 0)
		return -1;
	if (!exists || !text.len) {
		buf_free(&text);
		return rdm_error_set(err, _("change journal %s is empty (the change never started)"), j->path);
	}
	struct reader r = { .j = j };
	for (char *line = text.data, *nl; rc == 0 && line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		lineno++;
		if (line[0] == '#' || !line[0])
			continue;
		char *sp = strchr(line, ' ');
		if (!sp || (*sp = '\0', read_text(&r, line, sp + 1) != 0)) {
			rc = rdm_error_set(err, _("the change journal %s is damaged"), j->id);
			rdm_error_where(err, "%s:%u", j->path, lineno);
			rdm_error_remedy(err, _("move the file away to ignore it; the backups in %s/backups are untouched"),
					 BACKUP_STATE_DIR);
		}
	}
	if (rc == 0 && !j->created)
		j->created = xstrdup("?");
	buf_free_secret(&text);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int journal_list(const char *instance_dir, char ***ids, size_t *n, struct rdm_error *err)
{
	char *dir = dir_of(instance_dir);
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		int e = errno, rc = e == ENOENT ? 0 : rdm_error_set(err, _("cannot read %s: %s"), dir, strerror(e));
		free(dir);
		return rc;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue; /* ".", "..", and our temporary files */
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	free(dir);
	if (*n)
		qsort(*ids, *n, sizeof **ids, cmp_str);
	return 0;
}
