#include "config.h"
#include "instance/plan/plan.h"
#include "instance/plan/plan_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/diff.h"
#include "util/secret.h"
#include "util/xalloc.h"

void plan_init(struct plan *p, const char *instance_dir)
{
	memset(p, 0, sizeof *p);
	p->instance_dir = xstrdup(instance_dir);
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n_files; i++) {
		free(p->files[i].rel);
		buf_free_secret(&p->files[i].old_data);
		buf_free_secret(&p->files[i].new_data);
	}
	for (size_t i = 0; i < p->n_secrets; i++)
		secret_free(p->secrets[i]);
	for (size_t i = 0; i < p->n_notes; i++)
		free(p->notes[i]);
	free(p->files);
	free(p->secrets);
	free(p->notes);
	free(p->instance_dir);
	memset(p, 0, sizeof *p);
}

struct plan_file *plan_find(struct plan *p, const char *rel)
{
	for (size_t i = 0; i < p->n_files; i++)
		if (!strcmp(p->files[i].rel, rel))
			return &p->files[i];
	return NULL;
}

static struct plan_file *plan_entry(struct plan *p, const char *rel, const char *old_data, size_t old_len,
				    int old_exists)
{
	struct plan_file *f = plan_find(p, rel);
	if (f)
		return f;
	p->files = xgrow(p->files, &p->cap_files, p->n_files + 1, sizeof *p->files);
	f = &p->files[p->n_files++];
	memset(f, 0, sizeof *f);
	f->rel = xstrdup(rel);
	f->old_exists = old_exists != 0;
	if (old_exists)
		buf_append(&f->old_data, old_data, old_len);
	return f;
}

void plan_set_file(struct plan *p, const char *rel, const char *old_data, size_t old_len, int old_exists,
		   const char *new_data, size_t new_len, int secret)
{
	struct plan_file *f = plan_entry(p, rel, old_data, old_len, old_exists);
	struct buf next = BUF_INIT;
	buf_append(&next, new_data, new_len); /* new_data may point into f->new_data */
	buf_free_secret(&f->new_data);
	f->new_data = next;
	f->new_exists = 1;
	f->secret = f->secret || secret;
}

void plan_remove_file(struct plan *p, const char *rel, const char *old_data, size_t old_len)
{
	struct plan_file *f = plan_entry(p, rel, old_data, old_len, 1);
	buf_free_secret(&f->new_data);
	f->new_exists = 0;
}

int plan_data_holds_secret(const struct plan *p, const char *data, size_t len)
{
	for (size_t i = 0; i < p->n_secrets; i++) {
		size_t n = strlen(p->secrets[i]);
		if (n && len >= n && memmem(data, len, p->secrets[i], n))
			return 1;
	}
	return 0;
}

void plan_add_secret(struct plan *p, const char *value)
{
	if (!value || !*value)
		return;
	for (size_t i = 0; i < p->n_secrets; i++)
		if (!strcmp(p->secrets[i], value))
			return;
	p->secrets = xgrow(p->secrets, &p->cap_secrets, p->n_secrets + 1, sizeof *p->secrets);
	p->secrets[p->n_secrets++] = xstrdup(value);
}

void plan_add_note(struct plan *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < p->n_notes; i++)
		if (!strcmp(p->notes[i], buf_str(&b))) {
			buf_free(&b);
			return;
		}
	p->notes = xgrow(p->notes, &p->cap_notes, p->n_notes + 1, sizeof *p->notes);
	p->notes[p->n_notes++] = buf_detach(&b);
}

int plan_file_changes(const struct plan_file *f)
{
	if (f->old_exists != f->new_exists)
		return 1;
	if (!f->new_exists)
		return 0;
	return f->old_data.len != f->new_data.len ||
	       memcmp(buf_str(&f->old_data), buf_str(&f->new_data), f->old_data.len) != 0;
}

size_t plan_changed(const struct plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_files; i++)
		n += plan_file_changes(&p->files[i]) ? 1 : 0;
	return n;
}

void plan_diff(const struct plan *p, struct buf *out)
{
	struct diff_opts o = { (const char *const *)p->secrets, p->n_secrets, 3 };
	for (size_t i = 0; i < p->n_files; i++) {
		const struct plan_file *f = &p->files[i];
		if (!plan_file_changes(f))
			continue;
		struct diff_text a = { buf_str(&f->old_data), f->old_data.len, f->old_exists };
		struct diff_text b = { buf_str(&f->new_data), f->new_data.len, f->new_exists };
		diff_unified(out, f->rel, &a, &b, &o);
	}
}

void plan_result_free(struct plan_result *r)
{
	for (size_t i = 0; i < r->n_written; i++)
		free(r->written[i]);
	free(r->written);
	free(r->backup_id);
	free(r->backup_dir);
	free(r->interrupted_id);
	for (size_t i = 0; i < r->n_pruned; i++)
		free(r->pruned[i]);
	free(r->pruned);
	memset(r, 0, sizeof *r);
}
