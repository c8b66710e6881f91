/* After a kill or a stop: reading a journal back into a change, finding
 * the unfinished one, resuming it (change.h). */
#include "config.h"
#include "ops/change/change.h"
#include "ops/change/change_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/plan/backup.h"
#include "ops/step_registry.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const struct change_step_type *const *types_of(const struct change_run_opts *o)
{
	return o && o->types ? o->types : ops_step_types;
}

/* The journal's planned files back into the change's plan. */
static void plan_from_journal(struct change *c, const struct plan *jp)
{
	for (size_t i = 0; i < jp->n_files; i++) {
		const struct plan_file *f = &jp->files[i];
		plan_set_file(&c->files, f->rel, buf_str(&f->old_data), f->old_data.len, f->old_exists,
			      buf_str(&f->new_data), f->new_data.len, f->secret);
		struct plan_file *cf = plan_find(&c->files, f->rel);
		cf->new_exists = f->new_exists;
		cf->create_mode = f->create_mode;
	}
}

static int step_from_journal(struct runner *r, size_t k, const struct change_step_type *const *types,
			     struct rdm_error *err)
{
	const struct journal_step *js = &r->j.steps[k];
	if (!strcmp(js->kind, CHANGE_FILES_KIND)) {
		r->order[k] = CHANGE_FILES_STEP;
		return 0;
	}
	const struct change_step_type *t = change_step_type_find(types, js->kind);
	if (!t) {
		rdm_error_set(err, _("the change journal %s has a step of kind '%s', which this rdm-s3 does not know"),
			      r->j.id, js->kind);
		rdm_error_remedy(err, _("finish or undo it with the rdm-s3 that made it"));
		return -1;
	}
	struct change_step *s = change_add_step(r->c, t, NULL, js->phase);
	s->state = js->state;
	r->order[k] = r->c->n_steps - 1;
	if (t->load && t->load(s, &js->fields, err) != 0) {
		rdm_error_prefix(err, _("change journal %s, step %s: "), r->j.id, js->kind);
		return -1;
	}
	return 0;
}

int runner_load(struct runner *r, struct change *c, const char *dir, const char *id,
		const struct change_run_opts *o, struct rdm_error *err)
{
	if (journal_load(&r->j, dir, id, err) != 0)
		return -1;
	change_init(c, dir, r->j.command, r->j.resume);
	c->id = xstrdup(id);
	change_fields_copy(&c->secrets, &r->j.secrets);
	plan_from_journal(c, &r->j.plan);
	r->c = c;
	r->o = o;
	r->n = r->j.n_steps;
	r->order = xcalloc(r->n + 1, sizeof *r->order);
	for (size_t k = 0; k < r->n; k++)
		if (step_from_journal(r, k, types_of(o), err) != 0)
			return -1;
	for (size_t k = 0; k < r->n; k++)
		if (r->order[k] == CHANGE_FILES_STEP) {
			const char *set = change_fields_get(&r->j.steps[k].fields, "set");
			c->backup_id = set ? xstrdup(set) : NULL;
		}
	runner_ctx_init(r);
	return 0;
}

/* The newest journal whose state passes `want` (and command matches). */
int change_journal_newest(const char *dir, const char *command, int (*want)(enum journal_state), char **id,
			  struct rdm_error *err)
{
	char **ids;
	size_t n;
	*id = NULL;
	if (journal_list(dir, &ids, &n, err) != 0)
		return -1;
	int rc = 0;
	for (size_t i = n; rc == 0 && !*id && i-- > 0;) {
		struct journal j;
		struct rdm_error e2 = RDM_ERROR_INIT;
		if (journal_load(&j, dir, ids[i], &e2) == 0) {
			if (want(j.state) && (!command || (j.command && !strcmp(j.command, command))))
				*id = xstrdup(ids[i]);
		} else if (j.n_steps || j.command) {
			rc = rdm_error_set(err, "%s", e2.message); /* damaged, not merely empty */
			if (e2.where)
				rdm_error_where(err, "%s", e2.where);
			if (e2.remedy)
				rdm_error_remedy(err, "%s", e2.remedy);
		}
		journal_free(&j);
		rdm_error_clear(&e2);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

void change_pending_free(struct change_pending *p)
{
	free(p->id);
	free(p->command);
	free(p->resume_command);
	free(p->created);
	free(p->next_title);
	memset(p, 0, sizeof *p);
}

int change_find_pending(const char *instance_dir, const struct change_step_type *const *types,
			struct change_pending *out, struct rdm_error *err)
{
	char *id;
	memset(out, 0, sizeof *out);
	if (change_journal_newest(instance_dir, NULL, journal_in_flight, &id, err) != 0)
		return -1;
	if (!id)
		return 0;
	struct runner r = { .lock = -1 };
	struct change c;
	struct change_run_opts o = { .types = types };
	int rc = runner_load(&r, &c, instance_dir, id, &o, err);
	if (rc == 0) {
		out->id = xstrdup(id);
		out->command = xstrdup(r.j.command ? r.j.command : "?");
		out->resume_command = r.j.resume ? xstrdup(r.j.resume) : NULL;
		out->created = xstrdup(r.j.created);
		out->stopped = r.j.state == JOURNAL_STOPPED;
		out->n_steps = r.n;
		for (size_t k = 0; k < r.n; k++) {
			if (r.j.steps[k].state == CHANGE_STEP_DONE) {
				out->n_done++;
			} else if (!out->next_title) {
				struct change_step_text t;
				change_step_describe(&c, r.order[k], &t);
				out->next_title = t.title;
				t.title = NULL;
				change_step_text_clear(&t);
			}
		}
	}
	runner_free(&r);
	change_free(&c);
	free(id);
	return rc == 0 ? 1 : -1;
}

int change_resume(const char *instance_dir, const char *command, const struct change_run_opts *o,
		  struct change *c, struct change_outcome *out, struct rdm_error *err)
{
	struct runner r = { .out = out, .lock = -1 };
	char *id = NULL;
	memset(out, 0, sizeof *out);
	change_init(c, instance_dir, command, NULL);
	if (backup_lock(instance_dir, &r.lock, err) != 0 ||
	    change_journal_newest(instance_dir, command, journal_in_flight, &id, err) != 0)
		goto fail;
	if (!id) {
		rdm_error_set(err, _("nothing to resume: no %s that was interrupted or stopped is recorded in %s/%s"),
			      command ? command : "change", BACKUP_STATE_DIR, CHANGE_JOURNAL_DIR);
		goto fail;
	}
	change_free(c);
	if (runner_load(&r, c, instance_dir, id, o, err) != 0)
		goto fail;
	r.out = out;
	out->journal_id = xstrdup(id);
	if (r.j.state == JOURNAL_ROLLING_BACK) {
		/* Killed while rolling back: finish the rollback. */
		int rc = runner_undo(&r, r.n);
		out->end = rc == 0 ? CHANGE_END_ROLLED_BACK : CHANGE_END_BROKEN;
		r.j.state = rc == 0 ? JOURNAL_ROLLED_BACK : JOURNAL_BROKEN;
		journal_save(&r.j, err);
		rdm_error_clear(err);
	} else {
		r.j.state = JOURNAL_RUNNING;
		r.resuming = 1;
		runner_go(&r);
	}
	free(id);
	runner_free(&r);
	return 0;
fail:
	free(id);
	runner_free(&r);
	return -1;
}
