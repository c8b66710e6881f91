/* The files step of a change: the file plan written with plan_apply (its
 * backups, its atomic writes), found again after a kill by the tag in its
 * backup set's manifest, and undone with plan_undo. */
#include "config.h"
#include "ops/change/change_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "instance/plan/backup.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define FILL_PREFIX "fill."

char *change_fill_token(const char *name)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "RDMS3FILL");
	for (const char *p = name; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			buf_putc(&b, (char)(*p >= 'a' ? *p - 'a' + 'A' : *p));
	buf_puts(&b, "END");
	return buf_detach(&b);
}

/* Replace every token in one file's new bytes (the old buffer is wiped:
 * it may hold secrets). */
static void fill_file(struct plan_file *f, const char *token, const char *value)
{
	size_t tl = strlen(token);
	const char *hit = memmem(buf_str(&f->new_data), f->new_data.len, token, tl);
	if (!hit)
		return;
	struct buf out = BUF_INIT_SECRET;
	const char *p = buf_str(&f->new_data), *end = p + f->new_data.len;
	while (hit) {
		buf_append(&out, p, (size_t)(hit - p));
		buf_puts(&out, value);
		p = hit + tl;
		hit = memmem(p, (size_t)(end - p), token, tl);
	}
	buf_append(&out, p, (size_t)(end - p));
	buf_free_secret(&f->new_data);
	f->new_data = out;
}

/* The values steps learned (their "fill.NAME" fields) in place of the
 * tokens; -1 with err when a token has no value yet. */
static int fill_plan(struct runner *r, struct rdm_error *err)
{
	struct plan *p = &r->c->files;
	for (size_t k = 0; k < r->j.n_steps; k++) {
		const struct change_fields *fs = &r->j.steps[k].fields;
		for (size_t i = 0; i < fs->n; i++) {
			if (strncmp(fs->v[i].key, FILL_PREFIX, strlen(FILL_PREFIX)) != 0)
				continue;
			char *token = change_fill_token(fs->v[i].key + strlen(FILL_PREFIX));
			if (fs->v[i].secret)
				plan_add_secret(p, fs->v[i].value);
			for (size_t f = 0; f < p->n_files; f++)
				fill_file(&p->files[f], token, fs->v[i].value);
			free(token);
		}
	}
	for (size_t f = 0; f < p->n_files; f++)
		if (p->files[f].new_exists &&
		    memmem(buf_str(&p->files[f].new_data), p->files[f].new_data.len, "RDMS3FILL", 9))
			return rdm_error_set(err, _("a value the files need was not made by the step before them "
						  "(%s)"), p->files[f].rel);
	return 0;
}

char *change_files_tag(const struct runner *r)
{
	return xasprintf("%s [change %s]", r->j.command ? r->j.command : "change", r->j.id);
}

char *change_files_find_set(const char *instance_dir, const char *tag, int *state)
{
	char **ids;
	size_t n;
	char *found = NULL;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (backup_log_read(instance_dir, &ids, &n, &ignored) != 0)
		n = 0;
	for (size_t i = n; !found && i-- > 0;) {
		struct backup_set s;
		if (backup_set_load(&s, instance_dir, ids[i], &ignored) == 0 && s.kind == BACKUP_CHANGE &&
		    s.command && !strcmp(s.command, tag)) {
			found = xstrdup(s.id);
			*state = (int)s.state;
		}
		backup_set_free(&s);
		rdm_error_clear(&ignored);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return found;
}

static void record_set(struct runner *r, size_t k, const char *id, char **written, size_t n_written)
{
	change_fields_free(&r->j.steps[k].fields);
	change_fields_add(&r->j.steps[k].fields, "set", id);
	free(r->c->backup_id);
	r->c->backup_id = xstrdup(id);
	free(r->out->backup_id);
	free(r->out->backup_dir);
	r->out->backup_id = xstrdup(id);
	r->out->backup_dir = xasprintf("%s/%s/backups/%s", r->c->instance_dir, BACKUP_STATE_DIR, id);
	for (size_t i = 0; i < n_written; i++) {
		r->out->written = xrealloc(r->out->written, (r->out->n_written + 1) * sizeof *r->out->written);
		r->out->written[r->out->n_written++] = xstrdup(written[i]);
	}
}

/* A set left pending by a kill: every file holds its old or its new bytes;
 * the plan layer writes the new ones where the old are still there. */
static int finish_pending(struct runner *r, size_t k, const char *id, struct rdm_error *err)
{
	struct plan_recover_opts o = { .locked = 1 };
	struct plan_recover_report rep;
	memset(&rep, 0, sizeof rep);
	int rc = plan_recover_set(r->c->instance_dir, id, 1, &o, &rep, err);
	if (rc == 0) {
		struct backup_set s;
		struct rdm_error ignored = RDM_ERROR_INIT;
		char **names = NULL;
		size_t n = 0;
		if (backup_set_load(&s, r->c->instance_dir, id, &ignored) == 0) {
			names = xcalloc(s.n_entries + 1, sizeof *names);
			for (n = 0; n < s.n_entries; n++)
				names[n] = s.entries[n].rel;
		}
		record_set(r, k, id, names, n);
		free(names);
		backup_set_free(&s);
		rdm_error_clear(&ignored);
	}
	plan_recover_report_free(&rep);
	return rc;
}

/* plan_apply's own fault points, relative to this step. */
static unsigned plan_fault_at(struct runner *r, unsigned points)
{
	unsigned at = r->o->fault_at;
	return at > r->fault_count && at <= r->fault_count + points ? at - r->fault_count : 0;
}

int change_files_run(struct runner *r, size_t k, struct change_step_result *res)
{
	struct rdm_error err = RDM_ERROR_INIT;
	char *tag = change_files_tag(r);
	int state = -1, rc;
	unsigned points = change_plan_fault_points(&r->c->files);
	char *set = change_files_find_set(r->c->instance_dir, tag, &state);
	if (set && state == BACKUP_APPLIED) {
		record_set(r, k, set, NULL, 0);
		change_step_result_set(res, _("the files were already written (backup %s)"), set);
		rc = 0;
	} else if (set && state == BACKUP_PENDING) {
		rc = finish_pending(r, k, set, &err);
		if (rc == 0)
			change_step_result_set(res, _("finished writing the files (backup %s)"), set);
	} else {
		/* Marked as a set with server steps: should it be interrupted,
		 * the other commands leave it to the resume command (or undo)
		 * instead of rolling the files back under the steps' feet. */
		struct plan_apply_opts ao = { .now = r->o->now ? r->o->now : time(NULL), .command = tag,
					      .locked = 1, .fault_at = plan_fault_at(r, points),
					      .fault_kind = r->o->fault_kind, .has_server_steps = 1,
					      .resume_command = r->j.resume };
		struct plan_result pr;
		memset(&pr, 0, sizeof pr);
		rc = fill_plan(r, &err);
		if (rc == 0)
			rc = plan_apply(&r->c->files, &ao, &pr, &err);
		if (rc == 0 && pr.backup_id) {
			record_set(r, k, pr.backup_id, pr.written, pr.n_written);
			change_step_result_set(res, P_("%zu file written, backup %s",
								    "%zu files written, backup %s", pr.n_written),
					       pr.n_written, pr.backup_id);
		} else if (rc == 0) {
			change_step_result_set(res, _("the files already say so: nothing written"));
		}
		plan_result_free(&pr);
	}
	r->fault_count += points;
	if (rc != 0)
		change_step_result_fail(res, NULL, err.remedy, "%s%s%s", err.where ? err.where : "",
					err.where ? ": " : "", err.message ? err.message : _("writing the files failed"));
	rdm_error_clear(&err);
	free(set);
	free(tag);
	return rc;
}

/* The set plan_undo would restore: the newest change set applied or
 * pending. Undoing a change's files is only right when that is its own. */
static int newest_undoable_is(const char *instance_dir, const char *id, char **other)
{
	char **ids;
	size_t n;
	int ok = 0;
	struct rdm_error ignored = RDM_ERROR_INIT;
	*other = NULL;
	if (backup_log_read(instance_dir, &ids, &n, &ignored) != 0)
		n = 0;
	for (size_t i = n; i-- > 0;) {
		struct backup_set s;
		int hit = backup_set_load(&s, instance_dir, ids[i], &ignored) == 0 && s.kind == BACKUP_CHANGE &&
			  (s.state == BACKUP_APPLIED || s.state == BACKUP_PENDING);
		if (hit) {
			ok = !strcmp(s.id, id);
			if (!ok)
				*other = xasprintf("%s (%s)", s.id, s.command ? s.command : "?");
		}
		backup_set_free(&s);
		rdm_error_clear(&ignored);
		if (hit)
			break;
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ok;
}

int change_files_undo(struct runner *r, size_t k, struct change_step_result *res)
{
	const char *recorded = change_fields_get(&r->j.steps[k].fields, "set");
	char *tag = change_files_tag(r), *other = NULL;
	int state = -1;
	char *set = recorded ? xstrdup(recorded) : change_files_find_set(r->c->instance_dir, tag, &state);
	free(tag);
	if (set && state < 0) {
		struct backup_set s;
		struct rdm_error ignored = RDM_ERROR_INIT;
		if (backup_set_load(&s, r->c->instance_dir, set, &ignored) == 0)
			state = (int)s.state;
		backup_set_free(&s);
		rdm_error_clear(&ignored);
	}
	if (!set || state == BACKUP_UNDONE || state == BACKUP_ROLLED_BACK) {
		change_step_result_set(res, _("no file to restore: none had been written"));
		free(set);
		return 0;
	}
	if (!newest_undoable_is(r->c->instance_dir, set, &other)) {
		change_step_result_fail(res, NULL, _("run `rdm-s3 undo` for that one first"),
					_("a later change %s is still in place over these files"), other ? other : "?");
		free(other);
		free(set);
		return -1;
	}
	struct plan_apply_opts uo = { .now = r->o->now ? r->o->now : time(NULL), .locked = 1 };
	struct rdm_error err = RDM_ERROR_INIT;
	undo_report_free(&r->files_rep);
	int rc = plan_undo(r->c->instance_dir, r->force, &uo, &r->files_rep, &err);
	if (rc == 0) {
		r->files_undone = 1;
		change_step_result_set(res, P_("%zu file restored from backup %s",
								    "%zu files restored from backup %s",
								    r->files_rep.n_restored),
				       r->files_rep.n_restored, set);
	} else {
		change_step_result_fail(res, NULL, err.remedy, "%s", err.message ? err.message : "restoring failed");
	}
	rdm_error_clear(&err);
	free(set);
	return rc;
}
