/* Building a change, its run order and its review (change.h). */
#include "config.h"
#include "ops/change/change.h"
#include "ops/change/change_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

void change_init(struct change *c, const char *instance_dir, const char *command, const char *resume_command)
{
	memset(c, 0, sizeof *c);
	c->instance_dir = xstrdup(instance_dir);
	c->command = xstrdup(command ? command : "change");
	c->resume_command = resume_command ? xstrdup(resume_command) : NULL;
	plan_init(&c->files, instance_dir);
}

void change_free(struct change *c)
{
	for (size_t i = 0; i < c->n_steps; i++) {
		struct change_step *s = &c->steps[i];
		if (s->type && s->type->free_data && s->data)
			s->type->free_data(s->data);
		change_step_result_clear(&s->last);
	}
	free(c->steps);
	plan_free(&c->files);
	change_fields_free(&c->secrets);
	free(c->instance_dir);
	free(c->command);
	free(c->resume_command);
	free(c->id);
	free(c->backup_id);
	memset(c, 0, sizeof *c);
}

struct change_step *change_add_step(struct change *c, const struct change_step_type *type, void *data,
				    enum change_phase phase)
{
	c->steps = xgrow(c->steps, &c->cap_steps, c->n_steps + 1, sizeof *c->steps);
	struct change_step *s = &c->steps[c->n_steps++];
	memset(s, 0, sizeof *s);
	s->type = type;
	s->data = data;
	s->phase = phase;
	return s;
}

int change_is_empty(const struct change *c)
{
	return c->n_steps == 0 && plan_changed(&c->files) == 0;
}

static enum change_phase phase_at(const struct change *c, size_t idx)
{
	return idx == CHANGE_FILES_STEP ? CHANGE_PHASE_FILES : c->steps[idx].phase;
}

size_t *change_order(const struct change *c, size_t *n)
{
	size_t *v = xcalloc(c->n_steps + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < c->n_steps; i++)
		v[(*n)++] = i;
	if (plan_changed(&c->files))
		v[(*n)++] = CHANGE_FILES_STEP;
	/* Insertion sort: stable, and the lists are short. */
	for (size_t i = 1; i < *n; i++) {
		size_t x = v[i], k = i;
		while (k > 0 && phase_at(c, v[k - 1]) > phase_at(c, x)) {
			v[k] = v[k - 1];
			k--;
		}
		v[k] = x;
	}
	return v;
}

unsigned change_plan_fault_points(const struct plan *p)
{
	size_t n = plan_changed(p);
	return n ? (unsigned)(2 * n + 3) : 0;
}

unsigned change_fault_points(const struct change *c)
{
	size_t n;
	free(change_order(c, &n));
	return (unsigned)(2 * n) + change_plan_fault_points(&c->files);
}

void change_files_text(const struct plan *p, struct change_step_text *t)
{
	struct buf names = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < p->n_files; i++)
		if (change_plan_file_changes(&p->files[i])) {
			buf_printf(&names, "%s%s", n ? ", " : "", p->files[i].rel);
			n++;
		}
	/* A change read back after it ended no longer has its planned files
	 * (the backup set has them): then just "write the files". */
	t->title = n ? xasprintf(P_("write %zu file", "write %zu files", n), n) : xstrdup(_("write the files"));
	t->detail = n ? buf_detach(&names) : NULL;
	buf_free(&names);
	t->undo = xstrdup(_("restored from the backup"));
}

void change_step_describe(const struct change *c, size_t idx, struct change_step_text *t)
{
	memset(t, 0, sizeof *t);
	if (idx == CHANGE_FILES_STEP) {
		change_files_text(&c->files, t);
		return;
	}
	const struct change_step *s = &c->steps[idx];
	if (s->type->describe)
		s->type->describe(s, t);
	if (!t->title)
		t->title = xstrdup(s->type->kind);
	if (!t->undo && !s->type->undo)
		t->undo = xstrdup(_("not undone"));
}

/* --- review ------------------------------------------------------------ */
static void count_lines(const char *diff, size_t *added, size_t *removed)
{
	*added = *removed = 0;
	for (const char *p = diff; *p;) {
		size_t n = strcspn(p, "\n");
		if (n && p[0] == '+' && strncmp(p, "+++ ", 4))
			(*added)++;
		else if (n && p[0] == '-' && strncmp(p, "--- ", 4))
			(*removed)++;
		p += n + (p[n] == '\n');
	}
}

static void review_files(const struct change *c, struct change_review *r)
{
	const struct plan *p = &c->files;
	struct buf all = BUF_INIT;
	r->files = xcalloc(p->n_files + 1, sizeof *r->files);
	for (size_t i = 0; i < p->n_files; i++) {
		const struct plan_file *f = &p->files[i];
		if (!change_plan_file_changes(f))
			continue;
		/* One file's diff: a plan holding only it, with every secret. */
		struct plan one;
		plan_init(&one, p->instance_dir);
		plan_set_file(&one, f->rel, buf_str(&f->old_data), f->old_data.len, f->old_exists,
			      buf_str(&f->new_data), f->new_data.len, f->secret);
		if (!f->new_exists)
			plan_remove_file(&one, f->rel, buf_str(&f->old_data), f->old_data.len);
		for (size_t k = 0; k < p->n_secrets; k++)
			plan_add_secret(&one, p->secrets[k]);
		struct buf d = BUF_INIT;
		plan_diff(&one, &d);
		plan_free(&one);
		struct change_review_file *rf = &r->files[r->n_files++];
		rf->rel = xstrdup(f->rel);
		rf->created = !f->old_exists && f->new_exists;
		rf->removed = f->old_exists && !f->new_exists;
		rf->secret = f->secret;
		rf->diff = d.data ? buf_detach(&d) : xstrdup("");
		count_lines(rf->diff, &rf->lines_added, &rf->lines_removed);
		buf_puts(&all, rf->diff);
	}
	r->diff = all.data ? buf_detach(&all) : xstrdup("");
}

void change_review_build(const struct change *c, struct change_review *r)
{
	memset(r, 0, sizeof *r);
	review_files(c, r);
	size_t n, *order = change_order(c, &n);
	r->steps = xcalloc(n + 1, sizeof *r->steps);
	for (size_t k = 0; k < n; k++) {
		struct change_review_step *rs = &r->steps[r->n_steps++];
		rs->is_files = order[k] == CHANGE_FILES_STEP;
		rs->phase = phase_at(c, order[k]);
		rs->reversible = rs->is_files || c->steps[order[k]].type->undo != NULL;
		rs->advisory = !rs->is_files && (c->steps[order[k]].type->flags & CHANGE_STEP_ADVISORY);
		change_step_describe(c, order[k], &rs->text);
	}
	free(order);
	r->notes = xcalloc(c->files.n_notes + 1, sizeof *r->notes);
	for (size_t i = 0; i < c->files.n_notes; i++)
		r->notes[r->n_notes++] = xstrdup(c->files.notes[i]);
}

void change_review_free(struct change_review *r)
{
	for (size_t i = 0; i < r->n_files; i++) {
		free(r->files[i].rel);
		free(r->files[i].diff);
	}
	free(r->files);
	for (size_t i = 0; i < r->n_steps; i++)
		change_step_text_clear(&r->steps[i].text);
	free(r->steps);
	for (size_t i = 0; i < r->n_notes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->diff);
	memset(r, 0, sizeof *r);
}

void change_outcome_free(struct change_outcome *o)
{
	free(o->journal_id);
	free(o->backup_id);
	free(o->backup_dir);
	for (size_t i = 0; i < o->n_written; i++)
		free(o->written[i]);
	free(o->written);
	free(o->step_title);
	free(o->message);
	free(o->diagnosis);
	free(o->remedy);
	memset(o, 0, sizeof *o);
}

const char *change_end_name(enum change_end e)
{
	static const char *const names[] = { "done", "nothing", "stopped", "rolled-back", "cancelled", "broken" };
	return (size_t)e < sizeof names / sizeof *names ? names[e] : "unknown";
}
