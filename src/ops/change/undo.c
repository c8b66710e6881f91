/* `rdm-s3 undo`: the newest change, with its server steps when it had any
 * (change.h). */
#include "config.h"
#include "ops/change/change.h"
#include "ops/change/change_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "instance/plan/backup.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int undoable(enum journal_state s)
{
	return s != JOURNAL_UNDONE && s != JOURNAL_ROLLED_BACK;
}

/* The set plan_undo would pick (newest change set applied or pending). */
static char *newest_set(const char *dir)
{
	char **ids;
	size_t n;
	char *found = NULL;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (backup_log_read(dir, &ids, &n, &ignored) != 0)
		n = 0;
	for (size_t i = n; !found && i-- > 0;) {
		struct backup_set s;
		if (backup_set_load(&s, dir, ids[i], &ignored) == 0 && s.kind == BACKUP_CHANGE &&
		    (s.state == BACKUP_APPLIED || s.state == BACKUP_PENDING))
			found = xstrdup(s.id);
		backup_set_free(&s);
		rdm_error_clear(&ignored);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return found;
}

/* The backup set a journal's files step made (recorded, or found by tag). */
static char *journal_set(struct runner *r)
{
	for (size_t k = 0; k < r->n; k++) {
		if (r->order[k] != CHANGE_FILES_STEP)
			continue;
		const char *set = change_fields_get(&r->j.steps[k].fields, "set");
		if (set)
			return xstrdup(set);
		char *tag = change_files_tag(r);
		int state;
		char *found = change_files_find_set(r->c->instance_dir, tag, &state);
		free(tag);
		return found;
	}
	return NULL;
}

void change_undo_report_free(struct change_undo_report *r)
{
	free(r->id);
	free(r->created);
	free(r->command);
	for (size_t i = 0; i < r->n_undone; i++)
		free(r->undone[i]);
	free(r->undone);
	for (size_t i = 0; i < r->n_not_undone; i++)
		free(r->not_undone[i]);
	free(r->not_undone);
	undo_report_free(&r->files);
	memset(r, 0, sizeof *r);
}

static void take_report(struct runner *r, struct change_undo_report *rep)
{
	rep->with_steps = 1;
	rep->id = xstrdup(r->j.id);
	rep->created = xstrdup(r->j.created);
	rep->command = xstrdup(r->j.command ? r->j.command : "?");
	rep->undone = r->undone;
	rep->n_undone = r->n_undone;
	rep->not_undone = r->not_undone;
	rep->n_not_undone = r->n_not_undone;
	r->undone = r->not_undone = NULL;
	r->n_undone = r->n_not_undone = 0;
	rep->files = r->files_rep;
	memset(&r->files_rep, 0, sizeof r->files_rep);
	rep->files_undone = r->files_undone;
}

static int undo_change(const char *dir, const char *id, int force, const struct change_run_opts *o,
		       struct change_undo_report *rep, int lock, struct rdm_error *err)
{
	struct runner r = { .lock = -1, .force = force };
	struct change c;
	struct change_outcome out;
	memset(&out, 0, sizeof out);
	int rc = runner_load(&r, &c, dir, id, o, err);
	if (rc == 0) {
		(void)lock;
		r.out = &out;
		rep->was_interrupted = journal_in_flight(r.j.state);
		rc = runner_undo(&r, r.n);
		r.j.state = rc == 0 ? JOURNAL_UNDONE : JOURNAL_BROKEN;
		struct rdm_error ignored = RDM_ERROR_INIT;
		journal_save(&r.j, &ignored);
		rdm_error_clear(&ignored);
		take_report(&r, rep);
		if (rc != 0) {
			rdm_error_set(err, _("undoing the %s of %s stopped: %s"), rep->command, rep->created,
				      out.message ? out.message : _("a step could not be undone"));
			rdm_error_remedy(err, "%s", out.remedy ? out.remedy
					 : _("fix what the message says, then run `rdm-s3 undo` again (the journal remembers what is left)"));
		}
	}
	change_outcome_free(&out);
	runner_free(&r);
	change_free(&c);
	return rc;
}

static int undo_files(const char *dir, int force, const struct change_run_opts *o, struct change_undo_report *rep,
		      struct rdm_error *err)
{
	struct plan_apply_opts uo = { .now = o->now ? o->now : time(NULL), .fault_at = o->fault_at,
				      .fault_kind = o->fault_kind, .locked = 1 };
	int rc = plan_undo(dir, force, &uo, &rep->files, err);
	if (rep->files.undone_id) {
		rep->id = xstrdup(rep->files.undone_id);
		rep->created = xstrdup(rep->files.undone_created);
		rep->command = xstrdup(rep->files.undone_command);
		rep->was_interrupted = rep->files.was_interrupted;
		rep->files_undone = rc == 0;
	}
	return rc;
}

/* A step that did something an undo can take back (the files, or a
 * reversible server step); a change made only of proofs and irreversible
 * steps (a setup run again on a set-up instance) has nothing to undo. */
static int has_reversible(const struct runner *r)
{
	for (size_t k = 0; k < r->n; k++) {
		enum change_step_state st = r->j.steps[k].state;
		if (st != CHANGE_STEP_DONE && st != CHANGE_STEP_STARTED && st != CHANGE_STEP_FAILED &&
		    st != CHANGE_STEP_STOPPED)
			continue;
		if (r->order[k] == CHANGE_FILES_STEP)
			return 1;
		const struct change_step_type *t = r->c->steps[r->order[k]].type;
		if (t->undo && !(t->flags & CHANGE_STEP_ADVISORY))
			return 1;
	}
	return 0;
}

/* The newest journal that is not undone or rolled back and has something
 * to undo; *jset its backup set. */
static int newest_undoable(const char *dir, const struct change_run_opts *o, char **jid, char **jset,
			   struct rdm_error *err)
{
	char **ids;
	size_t n;
	int rc = journal_list(dir, &ids, &n, err);
	*jid = *jset = NULL;
	for (size_t i = n; rc == 0 && !*jid && i-- > 0;) {
		struct runner r = { .lock = -1 };
		struct change c;
		struct rdm_error e2 = RDM_ERROR_INIT;
		memset(&c, 0, sizeof c);
		if (runner_load(&r, &c, dir, ids[i], o, &e2) == 0) {
			/* An unfinished change is always undone (even when it had
			 * not done anything yet: undo closes it); a finished one
			 * only when it did something undo can take back. */
			int unfinished = journal_in_flight(r.j.state) || r.j.state == JOURNAL_BROKEN;
			if (undoable(r.j.state) && (unfinished || has_reversible(&r))) {
				*jid = xstrdup(ids[i]);
				*jset = journal_set(&r);
			}
		} else if (r.j.n_steps || r.j.command) {
			rc = rdm_error_set(err, "%s", e2.message); /* damaged, not merely empty */
			if (e2.remedy)
				rdm_error_remedy(err, "%s", e2.remedy);
		}
		rdm_error_clear(&e2);
		runner_free(&r);
		change_free(&c);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

int change_undo_last(const char *instance_dir, int force, const struct change_run_opts *o,
		     struct change_undo_report *rep, struct rdm_error *err)
{
	static const struct change_run_opts none = { 0 };
	memset(rep, 0, sizeof *rep);
	if (!o)
		o = &none;
	char *state = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	int have_state = access(state, F_OK) == 0;
	free(state);
	if (!have_state) /* do not create .rdm-s3 just to find it empty */
		return rdm_error_set(err, _("nothing to undo: rdm-s3 has not changed this instance (%s has no %s folder)"),
				     instance_dir, BACKUP_STATE_DIR);
	int lock;
	if (backup_lock(instance_dir, &lock, err) != 0)
		return -1;
	char *jid = NULL, *set = newest_set(instance_dir), *jset = NULL;
	int rc = newest_undoable(instance_dir, o, &jid, &jset, err);
	int with_steps = 0;
	if (rc == 0 && jid) {
		/* The journal's change is undone unless a plain file set made
		 * after it (config set) is still in place: that one goes first. */
		int later_set = set && (!jset || strcmp(jset, set)) && strcmp(set, jid) > 0;
		with_steps = rc == 0 && !later_set;
	}
	if (rc == 0)
		rc = with_steps ? undo_change(instance_dir, jid, force, o, rep, lock, err)
				: undo_files(instance_dir, force, o, rep, err);
	free(jid);
	free(jset);
	free(set);
	backup_unlock(lock);
	return rc;
}
