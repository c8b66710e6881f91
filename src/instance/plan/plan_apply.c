/* Applying a plan: check, back up, write every file atomically, roll back
 * on failure. The step numbering is documented in plan.h (fault hook). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/plan/backup.h"
#include "instance/plan/backup_int.h"
#include "instance/plan/plan.h"
#include "instance/plan/plan_int.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct apply_ctx {
	const struct plan *p;
	const struct plan_apply_opts *o;
	const struct plan_file **files; /* the files that change, in order */
	size_t n;
	unsigned step;
	int fault_errno; /* the test hook: the write of this step fails so */
	struct backup_set set;
};

/* The test hook: die like `kill -9` would (or stop, or make this step's
 * write fail as on a full disk), right before the next step. */
static void next_step(struct apply_ctx *c)
{
	c->step++;
	c->fault_errno = 0;
	if (!c->o->fault_at || c->o->fault_at != c->step)
		return;
	if (c->o->fault_kind == PLAN_FAULT_ENOSPC)
		c->fault_errno = ENOSPC;
	else if (c->o->fault_kind == PLAN_FAULT_SYNC_EIO)
		c->fault_errno = -EIO; /* negative: the folder sync after the rename fails */
	else
		raise(c->o->fault_kind == PLAN_FAULT_STOP ? SIGSTOP : SIGKILL);
}

static char *file_path(const struct plan *p, const char *rel) { return xasprintf("%s/%s", p->instance_dir, rel); }

static int refuse_changed(const char *rel, struct rdm_error *err)
{
	rdm_error_set(err, _("%s changed on disk after rdm-s3 read it; nothing was written"), rel);
	rdm_error_where(err, "%s", rel);
	rdm_error_remedy(err, _("someone edited it meanwhile: check it, then run the command again "
			 "(rdm-s3 reads the files anew)"));
	return -1;
}

/* Before anything is written: every file is replaceable and unchanged. */
static int precheck(struct apply_ctx *c, struct rdm_error *err)
{
	struct buf now = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < c->n; i++) {
		const struct plan_file *f = c->files[i];
		char *path = file_path(c->p, f->rel);
		int exists;
		if (!backup_rel_valid(f->rel))
			rc = rdm_error_set(err, _("refusing to write '%s': not a plain path inside the instance"), f->rel);
		else if (atomic_file_check_replaceable(path, err) != 0 || atomic_file_read(path, &now, &exists, err) != 0)
			rc = -1;
		else if (exists != f->old_exists ||
			 (exists && (now.len != f->old_data.len || memcmp(now.data, f->old_data.data, now.len))))
			rc = refuse_changed(f->rel, err);
		free(path);
	}
	buf_free_secret(&now);
	return rc;
}

/* Temporary files of ours left by a killed run (SIGKILL cannot be caught).
 * We hold the instance lock, so no other rdm-s3 is writing them now. */
static void remove_stale_temps(const struct plan *p, const char *rel)
{
	char *path = file_path(p, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	char *prefix = xasprintf(".%s.rdm-s3-", slash + 1);
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strlen(e->d_name) == strlen(prefix) + 6) {
			char *stale = xasprintf("%s/%s", path, e->d_name);
			unlink(stale);
			free(stale);
		}
	}
	if (d)
		closedir(d);
	free(prefix);
	free(path);
}

static mode_t file_mode(const struct plan *p, const struct plan_file *f)
{
	struct stat st;
	char *path = file_path(p, f->rel);
	int have = lstat(path, &st) == 0;
	free(path);
	if (have)
		return st.st_mode & 07777;
	return f->secret ? 0600 : (f->create_mode ? f->create_mode : 0644);
}

static int back_up_all(struct apply_ctx *c, struct rdm_error *err)
{
	const struct plan_apply_opts *o = c->o;
	if (backup_set_create(&c->set, c->p->instance_dir, o->now, o->is_undo ? BACKUP_UNDO : BACKUP_CHANGE,
			      o->undoes, o->command, err) != 0)
		return -1;
	c->set.resume = o->resume_command ? xstrdup(o->resume_command) : NULL;
	c->set.server_steps = o->has_server_steps != 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct plan_file *f = c->files[i];
		next_step(c);
		c->set.fault_errno = c->fault_errno > 0 ? c->fault_errno : 0;
		if (backup_set_store(&c->set, f->rel, &f->old_data, f->old_exists, &f->new_data, f->new_exists,
				     file_mode(c->p, f), f->secret, err) != 0)
			return -1;
	}
	next_step(c);
	c->set.fault_errno = c->fault_errno > 0 ? c->fault_errno : 0;
	c->set.state = BACKUP_PENDING;
	if (backup_set_save(&c->set, err) != 0)
		return -1;
	next_step(c);
	c->set.fault_errno = c->fault_errno > 0 ? c->fault_errno : 0;
	int rc = backup_set_log_append(&c->set, err);
	c->set.fault_errno = 0;
	return rc;
}

/* Replace `from` (what must be on disk) by `to`. */
static int put_file(const struct plan *p, const struct plan_file *f, int forward, int fault_errno,
		    struct rdm_error *err)
{
	const struct buf *from = forward ? &f->old_data : &f->new_data;
	const struct buf *to = forward ? &f->new_data : &f->old_data;
	int from_exists = forward ? f->old_exists : f->new_exists;
	int to_exists = forward ? f->new_exists : f->old_exists;
	struct atomic_write_opts w = {
		.expect = from_exists ? ATOMIC_EXPECT_CONTENT : ATOMIC_EXPECT_ABSENT,
		.expect_data = buf_str(from), .expect_len = from->len,
		.create_mode = f->create_mode, .private_file = f->secret,
		.fault_errno = fault_errno > 0 ? fault_errno : 0,
		.sync_fault_errno = fault_errno < 0 ? -fault_errno : 0,
	};
	char *path = file_path(p, f->rel);
	int rc = to_exists ? atomic_file_write(path, buf_str(to), to->len, &w, err)
			   : atomic_file_remove(path, &w, err);
	free(path);
	return rc;
}

static void error_append(struct rdm_error *err, const char *text)
{
	char *msg = xasprintf("%s%s", err->message ? err->message : "", text);
	free(err->message);
	err->message = msg;
}

static void name_list(struct buf *b, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", v[i]);
}

/* A write failed (maybe after its rename: a failed folder sync): put back
 * every file of the set whose bytes changed, from the backups on disk, and
 * say exactly what the files hold. When all are old again the set is
 * dropped (it changed nothing and would only take space a retry needs);
 * otherwise it stays pending and the next command recovers it. */
static int roll_back(struct apply_ctx *c, struct rdm_error *err)
{
	const struct backup_set *s = &c->set;
	enum set_file_state *states = xcalloc(s->n_entries ? s->n_entries : 1, sizeof *states);
	char **moved = NULL;
	size_t n_moved = 0;
	struct rdm_error e2 = RDM_ERROR_INIT;
	/* A file someone else edited meanwhile (SET_FILE_OTHER) is left alone. */
	int rc = set_classify(s, states, &e2);
	if (rc == 0)
		rc = set_move(s, states, 0, 0, &moved, &n_moved, &e2);
	struct buf note = BUF_INIT, edited = BUF_INIT;
	for (size_t i = 0; i < s->n_entries; i++)
		if (states[i] == SET_FILE_OTHER)
			buf_printf(&edited, "%s%s", edited.len ? ", " : "", s->entries[i].rel);
	if (rc == 0) {
		buf_printf(&note, _("; the %zu file(s) already written were restored"), n_moved);
		if (n_moved) {
			buf_puts(&note, " (");
			name_list(&note, moved, n_moved);
			buf_puts(&note, ")");
		}
		if (edited.len)
			buf_printf(&note, _(": every file holds what it held before, except %s, edited meanwhile and left "
				   "as it is; rdm-s3 changed nothing"), edited.data);
		else
			buf_puts(&note, _(": every file holds what it held before, nothing was changed"));
		backup_set_discard(s->instance_dir, s->id);
	} else {
		struct rdm_error ignored = RDM_ERROR_INIT;
		set_classify(s, states, &ignored); /* a failed write may have replaced its file all the same */
		rdm_error_clear(&ignored);
		char *holds = set_describe(s, states);
		buf_printf(&note, _("; putting the files back failed too (%s): %s"), e2.message, holds);
		rdm_error_remedy(err, _("the change stays recorded as interrupted: once the cause is fixed, the next "
				 "rdm-s3 command puts the files back (or run `rdm-s3 undo`); backups in %s"), s->dir);
		free(holds);
	}
	error_append(err, note.data);
	buf_free(&note);
	buf_free(&edited);
	rdm_error_clear(&e2);
	for (size_t i = 0; i < n_moved; i++)
		free(moved[i]);
	free(moved);
	free(states);
	return -1;
}

static void collect(struct apply_ctx *c)
{
	c->files = xcalloc(c->p->n_files, sizeof *c->files);
	for (size_t i = 0; i < c->p->n_files; i++)
		if (plan_file_changes(&c->p->files[i]))
			c->files[c->n++] = &c->p->files[i];
}

static void fill_result(struct apply_ctx *c, struct plan_result *r)
{
	r->backup_id = xstrdup(c->set.id);
	r->backup_dir = xstrdup(c->set.dir);
	r->written = xcalloc(c->n, sizeof *r->written);
	for (size_t i = 0; i < c->n; i++)
		r->written[r->n_written++] = xstrdup(c->files[i]->rel);
}

/* Under the lock, before anything is written: an interrupted set is
 * recovered, leftovers are cleaned, the history is pruned. */
static int prepare_state(struct apply_ctx *c, struct plan_result *r, struct rdm_error *err)
{
	const struct plan_apply_opts *o = c->o;
	struct backup_retention keep;
	if (o->is_undo) {
		if (state_clean_leftovers(c->p->instance_dir, &r->n_cleaned, err) != 0)
			return -1;
	} else {
		struct plan_recover_report rep;
		int rc = plan_recover_locked(c->p->instance_dir, NULL, 0, 0, 0, &rep, err);
		if (rep.action == PLAN_RECOVERY_ROLLED_BACK || rep.action == PLAN_RECOVERY_FINISHED)
			r->interrupted_id = xstrdup(rep.id);
		r->n_cleaned = rep.n_cleaned;
		/* The plan was computed from files that were half changed (the
		 * caller did not recover first): it may keep a stale half. */
		if (rc == 0 && rep.n_restored) {
			rc = rdm_error_set(err, _("an interrupted earlier change (`%s`, backup %s) was rolled back first "
					   "(%s); nothing else was written"), rep.command, rep.id, rep.holds);
			rdm_error_remedy(err, _("run the command again: it reads the files anew"));
		}
		plan_recover_report_free(&rep);
		if (rc != 0)
			return -1;
	}
	if (backup_retention_read(c->p->instance_dir, &keep, err) != 0)
		return -1;
	if (o->keep_sets)
		keep.keep_sets = o->keep_sets;
	if (o->keep_days)
		keep.keep_days = o->keep_days;
	/* room for the set about to be made */
	keep.keep_sets = keep.keep_sets > 1 ? keep.keep_sets - 1 : 1;
	struct rdm_error ignored = RDM_ERROR_INIT;
	backup_prune(c->p->instance_dir, &keep, o->now, o->undoes, &r->pruned, &r->n_pruned, &ignored);
	rdm_error_clear(&ignored); /* pruning is housekeeping: it never stops a change */
	return 0;
}

int plan_apply(const struct plan *p, const struct plan_apply_opts *o, struct plan_result *r,
	       struct rdm_error *err)
{
	struct apply_ctx c = { .p = p, .o = o };
	int lock = -1, rc = 0;
	size_t i = 0;
	memset(r, 0, sizeof *r);
	collect(&c);
	if (c.n == 0)
		goto out;
	if ((!o->locked && backup_lock(p->instance_dir, &lock, err) != 0) || prepare_state(&c, r, err) != 0 ||
	    precheck(&c, err) != 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < c.n; i++)
		remove_stale_temps(p, c.files[i]->rel);
	if (back_up_all(&c, err) != 0) {
		error_append(err, _(" (while backing up; nothing was changed)"));
		if (c.set.id)
			backup_set_discard(p->instance_dir, c.set.id);
		rc = -1;
		goto out;
	}
	for (i = 0; i < c.n; i++) {
		next_step(&c);
		if (put_file(p, c.files[i], 1, c.fault_errno, err) != 0) {
			rc = roll_back(&c, err);
			goto out;
		}
	}
	next_step(&c);
	c.set.fault_errno = c.fault_errno > 0 ? c.fault_errno : 0;
	c.set.state = BACKUP_APPLIED;
	struct rdm_error ignored = RDM_ERROR_INIT;
	backup_set_save(&c.set, &ignored); /* still pending: the next command marks it (every file is new) */
	rdm_error_clear(&ignored);
	fill_result(&c, r);
out:
	backup_unlock(lock);
	backup_set_free(&c.set);
	free(c.files);
	return rc;
}

