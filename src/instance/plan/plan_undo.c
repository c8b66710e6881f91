/* `rdm-s3 undo`: put back the files of the last change set (see plan.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/plan/backup.h"
#include "instance/plan/backup_int.h"
#include "instance/plan/plan_int.h"
#include "instance/plan/plan.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* The newest set of kind change that is applied or pending; 1 when there
 * is none (err says so). */
static int pick_set(const char *instance_dir, struct backup_set *s, struct rdm_error *err)
{
	char **ids;
	size_t n;
	int rc = 1;
	if (backup_log_read(instance_dir, &ids, &n, err) != 0)
		return -1;
	for (size_t i = n; rc == 1 && i-- > 0;) {
		struct rdm_error e2 = RDM_ERROR_INIT;
		if (!backup_set_exists(instance_dir, ids[i]))
			continue; /* pruned */
		if (backup_set_load(s, instance_dir, ids[i], &e2) != 0) {
			rc = rdm_error_set(err, "%s", e2.message);
			if (e2.where)
				rdm_error_where(err, "%s", e2.where);
			rdm_error_remedy(err, _("restore the files by hand from %s/%s/backups/%s, or remove that line "
					 "from %s/undo.log to skip it"), instance_dir, BACKUP_STATE_DIR, ids[i],
					 BACKUP_STATE_DIR);
		} else if (s->kind == BACKUP_CHANGE && (s->state == BACKUP_APPLIED || s->state == BACKUP_PENDING)) {
			rc = 0;
		} else {
			backup_set_free(s);
		}
		rdm_error_clear(&e2);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	if (rc == 1)
		rdm_error_set(err, _("nothing to undo: no change made by rdm-s3 is recorded in %s/%s/undo.log"),
			      instance_dir, BACKUP_STATE_DIR);
	return rc;
}

int plan_undo_peek(const char *instance_dir, struct backup_set *s, struct rdm_error *err)
{
	struct stat st;
	char *log = xasprintf("%s/%s/undo.log", instance_dir, BACKUP_STATE_DIR);
	int none = stat(log, &st) != 0;
	free(log);
	if (none) { /* nothing was ever changed: no need to read anything */
		memset(s, 0, sizeof *s);
		return 1;
	}
	return pick_set(instance_dir, s, err);
}

static int same(const struct buf *a, int a_exists, const struct buf *b, int b_exists)
{
	if (a_exists != b_exists)
		return 0;
	return !a_exists || (a->len == b->len && memcmp(buf_str(a), buf_str(b), a->len) == 0);
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* Decide what to do with one file; adds it to the plan when it must change. */
static int classify(const struct backup_set *s, const struct backup_entry *e, struct plan *p, int force,
		    struct undo_report *rep, struct rdm_error *err)
{
	struct buf cur = BUF_INIT, old = BUF_INIT, wrote = BUF_INIT;
	int cur_exists, rc = -1;
	char *path = xasprintf("%s/%s", s->instance_dir, e->rel);
	if (atomic_file_read(path, &cur, &cur_exists, err) != 0 ||
	    (e->old_exists && backup_set_read(s, e, 0, &old, err) != 0) ||
	    (e->new_exists && backup_set_read(s, e, 1, &wrote, err) != 0))
		goto out;
	rc = 0;
	if (same(&cur, cur_exists, &old, e->old_exists)) {
		push(&rep->unchanged, &rep->n_unchanged, e->rel);
		goto out;
	}
	if (!same(&cur, cur_exists, &wrote, e->new_exists)) {
		push(&rep->conflicts, &rep->n_conflicts, e->rel);
		if (!force)
			goto out;
	}
	if (e->old_exists) {
		plan_set_file(p, e->rel, buf_str(&cur), cur.len, cur_exists, buf_str(&old), old.len, e->secret);
		plan_find(p, e->rel)->create_mode = e->mode;
	} else {
		plan_remove_file(p, e->rel, buf_str(&cur), cur.len);
	}
	push(&rep->restored, &rep->n_restored, e->rel);
out:
	free(path);
	buf_free_secret(&cur);
	buf_free_secret(&old);
	buf_free_secret(&wrote);
	return rc;
}

static int refuse_conflicts(const struct undo_report *rep, const struct backup_set *s, struct rdm_error *err)
{
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < rep->n_conflicts; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", rep->conflicts[i]);
	rdm_error_set(err, _("not undoing the change of %s (%s): %s changed since rdm-s3 wrote it; nothing was restored"),
		      s->created, s->command, list.data);
	rdm_error_where(err, "%s", rep->conflicts[0]);
	rdm_error_remedy(err, _("compare with the backup in %s; run `rdm-s3 undo --force` to overwrite "
			 "those edits with the backup anyway"), s->dir);
	buf_free(&list);
	return -1;
}

/* An undo that was itself interrupted: put its files back to what the
 * change it was undoing wrote, so that this undo starts from a whole state
 * (and reports that change as the one undone). */
static int settle_interrupted_undo(const char *instance_dir, struct rdm_error *err)
{
	struct plan_pending pp;
	int found = plan_pending_read(instance_dir, &pp, err), rc = found < 0 ? -1 : 0;
	if (found > 0 && pp.is_undo) {
		struct plan_recover_report rep;
		rc = plan_recover_locked(instance_dir, pp.id, 1, 0, 0, &rep, err);
		plan_recover_report_free(&rep);
	}
	plan_pending_free(&pp);
	return rc;
}

int plan_undo(const char *instance_dir, int force, const struct plan_apply_opts *o, struct undo_report *rep,
	      struct rdm_error *err)
{
	struct backup_set s;
	struct plan p;
	struct plan_result r;
	int rc = 0, lock;
	memset(rep, 0, sizeof *rep);
	memset(&r, 0, sizeof r);
	char *state = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	int have_state = access(state, F_OK) == 0;
	free(state);
	if (!have_state) /* do not create .rdm-s3 just to find it empty */
		return rdm_error_set(err, _("nothing to undo: rdm-s3 has not changed this instance (%s has no %s folder)"),
				     instance_dir, BACKUP_STATE_DIR);
	if (o->locked)
		lock = -1; /* the caller holds it (a change undoing its files) */
	else if (backup_lock(instance_dir, &lock, err) != 0)
		return -1;
	if (settle_interrupted_undo(instance_dir, err) != 0 || pick_set(instance_dir, &s, err) != 0) {
		backup_unlock(lock);
		return -1;
	}
	plan_init(&p, instance_dir);
	rep->undone_id = xstrdup(s.id);
	rep->undone_created = xstrdup(s.created);
	rep->undone_command = xstrdup(s.command);
	rep->was_interrupted = s.state == BACKUP_PENDING;
	for (size_t i = 0; rc == 0 && i < s.n_entries; i++)
		rc = classify(&s, &s.entries[i], &p, force, rep, err);
	if (rc == 0 && rep->n_conflicts && !force)
		rc = refuse_conflicts(rep, &s, err);
	if (rc == 0) {
		struct plan_apply_opts uo = *o;
		uo.is_undo = 1;
		uo.undoes = s.id;
		uo.command = "undo";
		uo.locked = 1;
		rc = plan_apply(&p, &uo, &r, err);
	}
	if (rc == 0) {
		s.state = BACKUP_UNDONE;
		rc = backup_set_save(&s, err);
	}
	plan_result_free(&r);
	plan_free(&p);
	backup_set_free(&s);
	backup_unlock(lock);
	return rc;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void undo_report_free(struct undo_report *rep)
{
	free(rep->undone_id);
	free(rep->undone_created);
	free(rep->undone_command);
	free_list(rep->restored, rep->n_restored);
	free_list(rep->unchanged, rep->n_unchanged);
	free_list(rep->conflicts, rep->n_conflicts);
	memset(rep, 0, sizeof *rep);
}
