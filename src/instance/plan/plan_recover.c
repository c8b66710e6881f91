/* Recovering an interrupted change set (see plan.h): find what each file
 * holds, then finish, roll back or refuse with the repairing command. */
#include "config.h"

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

static int same(const struct buf *a, int a_exists, const struct buf *b, int b_exists)
{
	if (a_exists != b_exists)
		return 0;
	return !a_exists || (a->len == b->len && memcmp(buf_str(a), buf_str(b), a->len) == 0);
}

/* What entry e of s holds on disk now. */
static enum set_file_state classify_one(const struct backup_set *s, const struct backup_entry *e,
					struct rdm_error *err)
{
	struct buf cur = BUF_INIT, old = BUF_INIT, wrote = BUF_INIT;
	int cur_exists;
	enum set_file_state st = SET_FILE_UNKNOWN;
	struct stat lst;
	char *path = xasprintf("%s/%s", s->instance_dir, e->rel);
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
		st = SET_FILE_OTHER; /* rdm-s3 never writes links: someone else made it */
	else if (atomic_file_read(path, &cur, &cur_exists, err) == 0 &&
		 (!e->old_exists || backup_set_read(s, e, 0, &old, err) == 0) &&
		 (!e->new_exists || backup_set_read(s, e, 1, &wrote, err) == 0))
		st = same(&cur, cur_exists, &old, e->old_exists)	 ? SET_FILE_OLD
		     : same(&cur, cur_exists, &wrote, e->new_exists) ? SET_FILE_NEW
									 : SET_FILE_OTHER;
	free(path);
	buf_free_secret(&cur);
	buf_free_secret(&old);
	buf_free_secret(&wrote);
	return st;
}

int set_classify(const struct backup_set *s, enum set_file_state *states, struct rdm_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < s->n_entries; i++) {
		struct rdm_error e2 = RDM_ERROR_INIT;
		states[i] = classify_one(s, &s->entries[i], &e2);
		if (states[i] == SET_FILE_UNKNOWN && rc == 0) {
			rdm_error_set(err, "%s", e2.message ? e2.message : _("cannot read a file of the change set"));
			if (e2.where)
				rdm_error_where(err, "%s", e2.where);
			rc = -1;
		}
		rdm_error_clear(&e2);
	}
	return rc;
}

static const char *state_words(const struct backup_entry *e, enum set_file_state st)
{
	switch (st) {
	case SET_FILE_OLD: return e->old_exists ? _("holds its old content") : _("is absent, as before");
	case SET_FILE_NEW: return e->new_exists ? _("holds the new content") : _("is removed, as the change wanted");
	case SET_FILE_OTHER: return _("holds content rdm-s3 did not write (edited since)");
	default: return _("cannot be read");
	}
}

char *set_describe(const struct backup_set *s, const enum set_file_state *states)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->n_entries; i++)
		buf_printf(&b, "%s%s %s", i ? ", " : "", s->entries[i].rel, state_words(&s->entries[i], states[i]));
	return buf_detach(&b);
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* Put entry e to its old (forward = 0) or new bytes; it holds the other. */
static int move_one(const struct backup_set *s, const struct backup_entry *e, int forward, struct rdm_error *err)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	int from_exists = forward ? e->old_exists : e->new_exists, to_exists = forward ? e->new_exists : e->old_exists;
	int rc = 0;
	if ((from_exists && backup_set_read(s, e, forward ? 0 : 1, &from, err) != 0) ||
	    (to_exists && backup_set_read(s, e, forward ? 1 : 0, &to, err) != 0))
		rc = -1;
	if (rc == 0) {
		struct atomic_write_opts w = {
			.expect = from_exists ? ATOMIC_EXPECT_CONTENT : ATOMIC_EXPECT_ABSENT,
			.expect_data = buf_str(&from), .expect_len = from.len,
			.create_mode = e->mode, .private_file = e->secret,
		};
		char *path = xasprintf("%s/%s", s->instance_dir, e->rel);
		rc = to_exists ? atomic_file_write(path, buf_str(&to), to.len, &w, err) : atomic_file_remove(path, &w, err);
		free(path);
	}
	buf_free_secret(&from);
	buf_free_secret(&to);
	return rc;
}

int set_move(const struct backup_set *s, enum set_file_state *states, int forward, unsigned fault_at,
	     char ***moved, size_t *n_moved, struct rdm_error *err)
{
	enum set_file_state want = forward ? SET_FILE_NEW : SET_FILE_OLD, from = forward ? SET_FILE_OLD : SET_FILE_NEW;
	int rc = 0;
	unsigned step = 0;
	for (size_t k = 0; k < s->n_entries; k++) {
		/* backwards when rolling back: the reverse order of the writes */
		size_t i = forward ? k : s->n_entries - 1 - k;
		if (states[i] != from)
			continue;
		if (fault_at && ++step == fault_at)
			raise(SIGKILL);
		struct rdm_error e2 = RDM_ERROR_INIT;
		if (move_one(s, &s->entries[i], forward, &e2) == 0) {
			states[i] = want;
			if (moved)
				push(moved, n_moved, s->entries[i].rel);
		} else if (rc == 0) {
			rdm_error_set(err, forward ? _("cannot write %s: %s") : _("cannot put %s back: %s"), s->entries[i].rel,
				      e2.message);
			rc = -1;
		}
		rdm_error_clear(&e2);
	}
	return rc;
}

/* After an undo set is finished, the set it undid is undone. */
static void mark_undone_target(const struct backup_set *s)
{
	struct backup_set t;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (s->kind == BACKUP_UNDO && s->undoes && backup_set_load(&t, s->instance_dir, s->undoes, &ignored) == 0) {
		t.state = BACKUP_UNDONE;
		backup_set_save(&t, &ignored);
		backup_set_free(&t);
	}
	rdm_error_clear(&ignored);
}

static char *repair_of(const struct backup_set *s)
{
	return xstrdup(s->resume ? s->resume : "rdm-s3 undo");
}

static void fill_ids(struct plan_recover_report *rep, const struct backup_set *s)
{
	rep->id = xstrdup(s->id);
	rep->created = xstrdup(s->created);
	rep->command = xstrdup(s->command);
	rep->was_undo = s->kind == BACKUP_UNDO;
}

static int refuse(const struct backup_set *s, const enum set_file_state *states, int conflict,
		  struct plan_recover_report *rep, struct rdm_error *err)
{
	rep->action = PLAN_RECOVERY_REFUSED;
	rep->holds = set_describe(s, states);
	if (conflict) {
		rep->repair = xstrdup("rdm-s3 undo --force");
		rdm_error_set(err, _("an interrupted change (`%s` of %s, backup %s) left the instance half changed, and a "
			      "file was edited since: %s"), s->command, s->created, s->id, rep->holds);
		rdm_error_remedy(err, _("rdm-s3 will not guess which content is right: save your edit, then run "
				 "`rdm-s3 undo --force` to restore every file of that change from %s"), s->dir);
	} else {
		rep->repair = repair_of(s);
		rdm_error_set(err, _("an interrupted change (`%s` of %s, backup %s) left the instance half changed: %s; it "
			      "also changed a server (bucket, keys or a restart), which rdm-s3 cannot finish or undo from "
			      "the files alone"), s->command, s->created, s->id, rep->holds);
		rdm_error_remedy(err, _("run `%s`"), rep->repair);
	}
	return -1;
}

static void explain_failure(const struct backup_set *s, enum set_file_state *states, struct rdm_error *err)
{
	struct rdm_error ignored = RDM_ERROR_INIT;
	set_classify(s, states, &ignored); /* a failed write may have replaced its file all the same */
	rdm_error_clear(&ignored);
	char *holds = set_describe(s, states);
	char *msg = xasprintf(_("recovering the interrupted change `%s` (backup %s) failed: %s; now %s"), s->command,
			      s->id, err->message, holds);
	free(err->message);
	err->message = msg;
	rdm_error_remedy(err, _("fix the cause, then run the command again (the change stays pending until every "
			 "file is whole again), or `rdm-s3 undo`"));
	free(holds);
}

/* The set is loaded and pending; the lock is held. */
static int recover_set(struct backup_set *s, int forced, int finish, unsigned fault_at,
		       struct plan_recover_report *rep, struct rdm_error *err)
{
	enum set_file_state *states = xcalloc(s->n_entries ? s->n_entries : 1, sizeof *states);
	size_t n_new = 0, n_other = 0;
	int rc;
	fill_ids(rep, s);
	if (set_classify(s, states, err) != 0) {
		rdm_error_remedy(err, _("restore the files by hand from %s"), s->dir);
		rep->action = PLAN_RECOVERY_REFUSED;
		rep->repair = xstrdup("rdm-s3 undo");
		rep->holds = set_describe(s, states);
		free(states);
		return -1;
	}
	for (size_t i = 0; i < s->n_entries; i++) {
		n_new += states[i] == SET_FILE_NEW;
		n_other += states[i] == SET_FILE_OTHER;
	}
	if (n_other || (s->server_steps && !forced)) {
		rc = refuse(s, states, n_other != 0, rep, err);
		free(states);
		return rc;
	}
	int done = forced ? finish : n_new == s->n_entries;
	rc = set_move(s, states, done, fault_at, done ? NULL : &rep->restored, &rep->n_restored, err);
	if (rc == 0) {
		rep->action = done ? PLAN_RECOVERY_FINISHED : PLAN_RECOVERY_ROLLED_BACK;
		s->state = done ? BACKUP_APPLIED : BACKUP_ROLLED_BACK;
		rc = backup_set_save(s, err);
		if (rc == 0 && done)
			mark_undone_target(s);
	} else {
		explain_failure(s, states, err);
	}
	rep->holds = set_describe(s, states);
	free(states);
	return rc;
}

/* The newest set of the log that still has its folder: 1 loaded, 0 none. */
static int newest_set(const char *instance_dir, struct backup_set *s, struct rdm_error *err)
{
	char **ids;
	size_t n;
	int rc = 0;
	if (backup_log_read(instance_dir, &ids, &n, err) != 0)
		return -1;
	for (size_t i = n; rc == 0 && i-- > 0;)
		if (backup_set_exists(instance_dir, ids[i]))
			rc = backup_set_load(s, instance_dir, ids[i], err) == 0 ? 1 : -1;
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

int plan_recover_locked(const char *instance_dir, const char *id, int forced, int finish, unsigned fault_at,
			struct plan_recover_report *rep, struct rdm_error *err)
{
	struct backup_set s;
	memset(rep, 0, sizeof *rep);
	if (state_clean_leftovers(instance_dir, &rep->n_cleaned, err) != 0)
		return -1;
	int found = newest_set(instance_dir, &s, err);
	if (found < 0)
		return -1;
	int rc = 0;
	if (id && (!found || strcmp(s.id, id) || s.state != BACKUP_PENDING))
		rc = rdm_error_set(err, _("change set %s is not the newest pending one; nothing was changed"), id);
	else if (found && s.state == BACKUP_PENDING)
		rc = recover_set(&s, forced, finish, fault_at, rep, err);
	if (found)
		backup_set_free(&s);
	return rc;
}

/* The lock cannot be had: another rdm-s3 holds it (busy), or this user may
 * not write .rdm-s3 (a colleague, a monitoring user, a read-only mount).
 * Reading commands go on when nothing is pending (or when this user cannot
 * even tell); a pending set cannot be settled here: refused, unless lenient. */
static int without_lock(const char *instance_dir, int busy, int lenient, struct plan_recover_report *rep,
			struct rdm_error *err)
{
	struct plan_pending pp;
	struct rdm_error why = *err;
	memset(err, 0, sizeof *err);
	rep->busy = busy;
	rep->skipped = !busy;
	int found = plan_pending_read(instance_dir, &pp, err);
	int rc = 0;
	if (found == 0 || found == -2 || (found < 0 && lenient)) {
		rdm_error_clear(err); /* nothing to do here; lenient: the instance check reports it */
	} else if (found > 0 && lenient) {
		rep->action = PLAN_RECOVERY_REFUSED;
	} else if (found > 0 && busy) {
		rc = rdm_error_set(err, _("another rdm-s3 is changing this instance right now (`%s`, backup %s)"),
				   pp.command, pp.id);
		rdm_error_remedy(err, _("wait for it to finish, then run the command again"));
	} else if (found > 0) {
		uid_t owner = 0;
		struct rdm_error ignored = RDM_ERROR_INIT;
		state_owner(instance_dir, &owner, &ignored);
		rdm_error_clear(&ignored);
		rc = rdm_error_set(err, _("an interrupted change (`%s` of %s, backup %s) left the instance half changed: "
				   "%s; this user cannot settle it (%s)"), pp.command, pp.created, pp.id, pp.holds,
				   why.message ? why.message : _("no write access"));
		rdm_error_remedy(err, _("run `%s` as the instance's owner (uid %lu) or root"), pp.repair,
				 (unsigned long)owner);
		rep->action = PLAN_RECOVERY_REFUSED;
		rep->repair = xstrdup(pp.repair);
	} else {
		rc = -1; /* the state folder cannot be trusted: err says why */
	}
	plan_pending_free(&pp);
	rdm_error_clear(&why);
	return rc;
}

static int recover(const char *instance_dir, const char *id, int forced, int finish,
		   const struct plan_recover_opts *o, struct plan_recover_report *rep, struct rdm_error *err)
{
	static const struct plan_recover_opts defaults = { 0 };
	int lock = -1;
	if (!o)
		o = &defaults;
	memset(rep, 0, sizeof *rep);
	if (!state_exists(instance_dir))
		return id ? rdm_error_set(err, _("no change set %s: %s has no %s folder"), id, instance_dir,
					  BACKUP_STATE_DIR) : 0;
	if (!o->locked) {
		int lrc = backup_lock(instance_dir, &lock, err);
		if ((lrc == -2 || lrc == -3) && !id)
			return without_lock(instance_dir, lrc == -2, o->lenient, rep, err);
		if (lrc != 0 && o->lenient) {
			rep->skipped = 1;
			rdm_error_clear(err); /* the instance check reports it (plan_pending_read) */
			return 0;
		}
		if (lrc != 0)
			return -1;
	}
	int rc = plan_recover_locked(instance_dir, id, forced, finish, o->fault_at, rep, err);
	backup_unlock(lock);
	return rc;
}

int plan_recover_pending(const char *instance_dir, const struct plan_recover_opts *o,
			 struct plan_recover_report *rep, struct rdm_error *err)
{
	return recover(instance_dir, NULL, 0, 0, o, rep, err);
}

int plan_recover_set(const char *instance_dir, const char *id, int finish, const struct plan_recover_opts *o,
		     struct plan_recover_report *rep, struct rdm_error *err)
{
	return recover(instance_dir, id, 1, finish, o, rep, err);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void plan_recover_report_free(struct plan_recover_report *rep)
{
	free(rep->id);
	free(rep->created);
	free(rep->command);
	free_list(rep->restored, rep->n_restored);
	free(rep->holds);
	free(rep->repair);
	memset(rep, 0, sizeof *rep);
}

/* .rdm-s3 passes the rules but this user may not look inside: -2. */
static int state_unreadable(const char *instance_dir, struct rdm_error *err)
{
	uid_t owner;
	char *dir = xasprintf("%s/%s", instance_dir, BACKUP_STATE_DIR);
	char *log = xasprintf("%s/undo.log", dir);
	int rc = 0;
	if (state_owner(instance_dir, &owner, err) != 0)
		rc = -1;
	else if (state_check_chain(instance_dir, log, owner, err) != 0)
		rc = -1; /* untrusted: an error even for a user who cannot read it */
	else if (access(dir, R_OK | X_OK) != 0 || (access(log, F_OK) == 0 && access(log, R_OK) != 0)) {
		rdm_error_set(err, _("this user may not read %s, so rdm-s3 cannot tell whether a change was "
			      "interrupted"), dir);
		rc = -2;
	}
	free(log);
	free(dir);
	return rc;
}

int plan_pending_read(const char *instance_dir, struct plan_pending *p, struct rdm_error *err)
{
	struct backup_set s;
	memset(p, 0, sizeof *p);
	if (!state_exists(instance_dir))
		return 0;
	int look = state_unreadable(instance_dir, err);
	if (look != 0)
		return look;
	int found = newest_set(instance_dir, &s, err);
	if (found <= 0)
		return found;
	int rc = 0;
	if (s.state == BACKUP_PENDING) {
		enum set_file_state *states = xcalloc(s.n_entries ? s.n_entries : 1, sizeof *states);
		struct rdm_error ignored = RDM_ERROR_INIT;
		set_classify(&s, states, &ignored); /* unreadable files are described as such */
		rdm_error_clear(&ignored);
		int n_new = 0, n_old = 0;
		p->id = xstrdup(s.id);
		p->created = xstrdup(s.created);
		p->command = xstrdup(s.command);
		p->resume = s.resume ? xstrdup(s.resume) : NULL;
		p->server_steps = s.server_steps;
		p->is_undo = s.kind == BACKUP_UNDO;
		for (size_t i = 0; i < s.n_entries; i++) {
			push(&p->files, &p->n_files, s.entries[i].rel);
			n_new += states[i] == SET_FILE_NEW;
			n_old += states[i] == SET_FILE_OLD;
		}
		p->mixed = (size_t)(n_new + n_old) != s.n_entries || (n_new && n_old);
		p->holds = set_describe(&s, states);
		p->repair = repair_of(&s);
		free(states);
		rc = 1;
	}
	backup_set_free(&s);
	return rc;
}

void plan_pending_free(struct plan_pending *p)
{
	free(p->id);
	free(p->created);
	free(p->command);
	free(p->resume);
	free_list(p->files, p->n_files);
	free(p->holds);
	free(p->repair);
	memset(p, 0, sizeof *p);
}
