/* instance/plan: an interrupted change set is recovered wholly old or
 * wholly new (or refused with the command that repairs it); a failed
 * folder sync after a rename is rolled back like any failed write; the
 * state folder is trusted only when nobody else could have written it;
 * files root creates take the instance owner's ownership; read-only files
 * are refused; leftovers and old history are cleaned. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "instance/plan/backup.h"
#include "instance/plan/plan.h"
#include "test_plan_util.h"
#include "util/xalloc.h"

#define A_OLD "S3_ACCESS_KEY_ID='CHANGE_ME'\n"
#define A_NEW "S3_ACCESS_KEY_ID='minio-admin'\n"
#define B_OLD "      MINIO_ROOT_USER: CHANGE_ME\n"
#define B_NEW "      MINIO_ROOT_USER: minio-admin\n"
#define ENV_NEW "INVENIO_S3_SECRET_ACCESS_KEY=s3cr3t-Value-42\n"
#define T0 1735787045 /* 2025-01-02T03:04:05Z */

struct fx {
	char *dir;
};

static char *at(const struct fx *f, const char *rel) { return tu_join(f->dir, rel); }

static void put(const struct fx *f, const char *rel, const char *text, mode_t mode)
{
	char *p = at(f, rel);
	tu_write(p, text, mode);
	free(p);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = tu_scratch("recover");
	put(f, "invenio.cfg", A_OLD, 0644);
	put(f, "docker-services.yml", B_OLD, 0640);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *st = at(f, ".rdm-s3");
	chmod(st, 0700);
	free(st);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void build(struct plan *p, const struct fx *f)
{
	plan_init(p, f->dir);
	plan_set_file(p, "invenio.cfg", A_OLD, strlen(A_OLD), 1, A_NEW, strlen(A_NEW), 0);
	plan_set_file(p, "docker-services.yml", B_OLD, strlen(B_OLD), 1, B_NEW, strlen(B_NEW), 0);
	plan_set_file(p, ".env", NULL, 0, 0, ENV_NEW, strlen(ENV_NEW), 1);
}

/* bit 0 invenio.cfg new, bit 1 docker-services.yml new, bit 2 .env new;
 * -1 when a file holds neither. */
static int state_of(const struct fx *f)
{
	char *a = at(f, "invenio.cfg"), *b = at(f, "docker-services.yml"), *e = at(f, ".env");
	char *ta = tu_read(a), *tb = tu_read(b), *te = tu_read(e);
	int bits = 0, bad = 0;
	bits |= ta && !strcmp(ta, A_NEW) ? 1 : (!ta || strcmp(ta, A_OLD) ? (bad = 1, 0) : 0);
	bits |= tb && !strcmp(tb, B_NEW) ? 2 : (!tb || strcmp(tb, B_OLD) ? (bad = 1, 0) : 0);
	bits |= te && !strcmp(te, ENV_NEW) ? 4 : (te ? (bad = 1, 0) : 0);
	free(ta), free(tb), free(te), free(a), free(b), free(e);
	return bad ? -1 : bits;
}

static struct plan_apply_opts opts(void)
{
	struct plan_apply_opts o = { .now = T0, .command = "config set minio.root-user" };
	return o;
}

/* Apply the three-file plan in a child that dies (SIGKILL) before step. */
static void killed_apply(const struct fx *f, unsigned step, int server_steps)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct plan p;
		struct plan_result r;
		struct rdm_error err = RDM_ERROR_INIT;
		struct plan_apply_opts o = opts();
		o.fault_at = step;
		o.has_server_steps = server_steps;
		o.resume_command = server_steps ? "rdm-s3 setup --resume" : NULL;
		build(&p, f);
		_exit(plan_apply(&p, &o, &r, &err) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/* The reproduction: kill between the writes of a root-user change,
 * then run the same change again. Before: the second run saw half of it
 * done and wrote only the rest ("Nothing to change" for the half), leaving
 * the files mixed for good. Now the next command rolls the half back. */
static void kill_between_writes_then_rerun(void **state)
{
	struct fx *f = *state;
	killed_apply(f, 7, 0); /* 3 backups, manifest, log, invenio.cfg written: killed before the 2nd write */
	assert_int_equal(state_of(f), 1);
	struct plan_recover_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), 0);
	assert_int_equal(rep.action, PLAN_RECOVERY_ROLLED_BACK);
	assert_string_equal(rep.command, "config set minio.root-user");
	assert_int_equal(rep.n_restored, 1);
	assert_string_equal(rep.restored[0], "invenio.cfg");
	assert_non_null(strstr(rep.holds, "invenio.cfg holds its old content"));
	assert_non_null(strstr(rep.holds, ".env is absent, as before"));
	assert_int_equal(state_of(f), 0);
	plan_recover_report_free(&rep);
	/* nothing pending any more; a second recovery does nothing */
	assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), 0);
	assert_int_equal(rep.action, PLAN_RECOVERY_NONE);
	plan_recover_report_free(&rep);
	/* and the history says what happened */
	struct backup_set *sets;
	size_t n;
	assert_int_equal(backup_history(f->dir, &sets, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(sets[0].state, BACKUP_ROLLED_BACK);
	backup_history_free(sets, n);
}

/* A set the layer above marked as having server steps is never rolled
 * back from the files alone: refused with the recorded resume command;
 * plan_recover_set (what that command calls) finishes it. */
static void server_steps_refused_with_resume_command(void **state)
{
	struct fx *f = *state;
	killed_apply(f, 7, 1);
	struct plan_recover_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), -1);
	assert_int_equal(rep.action, PLAN_RECOVERY_REFUSED);
	assert_string_equal(rep.repair, "rdm-s3 setup --resume");
	assert_non_null(strstr(err.message, "half changed"));
	assert_non_null(strstr(err.message, "invenio.cfg holds the new content"));
	assert_non_null(strstr(err.message, "docker-services.yml holds its old content"));
	assert_string_equal(err.remedy, "run `rdm-s3 setup --resume`");
	assert_int_equal(state_of(f), 1); /* nothing written */
	rdm_error_clear(&err);
	plan_recover_report_free(&rep);
	/* read-only view for reports (check) */
	struct plan_pending pp;
	assert_int_equal(plan_pending_read(f->dir, &pp, &err), 1);
	assert_true(pp.server_steps);
	assert_true(pp.mixed);
	assert_string_equal(pp.repair, "rdm-s3 setup --resume");
	assert_string_equal(pp.command, "config set minio.root-user");
	char *id = xstrdup(pp.id);
	plan_pending_free(&pp);
	/* a plain change on top is refused too (plan_apply recovers first) */
	struct plan p;
	struct plan_result r;
	struct plan_apply_opts o = opts();
	plan_init(&p, f->dir);
	plan_set_file(&p, "other.txt", NULL, 0, 0, "x\n", 2, 0);
	assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
	assert_non_null(strstr(err.remedy, "rdm-s3 setup --resume"));
	rdm_error_clear(&err);
	plan_result_free(&r);
	plan_free(&p);
	/* the resume command finishes it */
	assert_int_equal(plan_recover_set(f->dir, id, 1, NULL, &rep, &err), 0);
	assert_int_equal(rep.action, PLAN_RECOVERY_FINISHED);
	assert_int_equal(state_of(f), 7);
	plan_recover_report_free(&rep);
	assert_int_equal(plan_pending_read(f->dir, &pp, &err), 0);
	free(id);
}

/* Killed after every file was written but before the mark: finished. */
static void all_written_is_finished(void **state)
{
	struct fx *f = *state;
	killed_apply(f, 9, 0);
	assert_int_equal(state_of(f), 7);
	struct plan_recover_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), 0);
	assert_int_equal(rep.action, PLAN_RECOVERY_FINISHED);
	assert_int_equal(state_of(f), 7);
	plan_recover_report_free(&rep);
}

/* A file edited after the kill: no guess, the repair is undo --force. */
static void edited_since_is_refused(void **state)
{
	struct fx *f = *state;
	killed_apply(f, 7, 0);
	put(f, "docker-services.yml", "hand edit\n", 0640);
	struct plan_recover_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), -1);
	assert_string_equal(rep.repair, "rdm-s3 undo --force");
	assert_non_null(strstr(err.message, "docker-services.yml holds content rdm-s3 did not write"));
	assert_non_null(strstr(err.remedy, "rdm-s3 undo --force"));
	rdm_error_clear(&err);
	plan_recover_report_free(&rep);
	char *a = at(f, "invenio.cfg"), *ta = tu_read(a);
	assert_string_equal(ta, A_NEW); /* left as it was */
	free(a), free(ta);
}

/* A recovery killed half way is redone by the next one. */
static void killed_recovery_is_redone(void **state)
{
	struct fx *f = *state;
	killed_apply(f, 9, 0);
	/* make it mixed again by hand: only .env new is not possible, so
	 * take a set killed with two files written */
	char *st = at(f, ".rdm-s3");
	tu_remove_tree(st);
	free(st);
	put(f, "invenio.cfg", A_OLD, 0644);
	put(f, "docker-services.yml", B_OLD, 0640);
	char *e = at(f, ".env");
	unlink(e);
	free(e);
	killed_apply(f, 8, 0); /* invenio.cfg and docker-services.yml new */
	assert_int_equal(state_of(f), 3);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct plan_recover_opts o = { .fault_at = 2 }; /* killed before its second write */
		struct plan_recover_report rep;
		struct rdm_error err = RDM_ERROR_INIT;
		_exit(plan_recover_pending(f->dir, &o, &rep, &err) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(state_of(f), 1); /* docker-services.yml (written last) was put back first */
	struct plan_recover_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), 0);
	assert_int_equal(rep.action, PLAN_RECOVERY_ROLLED_BACK);
	assert_int_equal(state_of(f), 0);
	plan_recover_report_free(&rep);
}

/* Item 2: the folder sync after a successful rename fails. Before, the
 * file just replaced was skipped by the rollback and the message said
 * "nothing was changed" while it held the new bytes. */
static void failed_sync_after_rename_rolls_back_that_file(void **state)
{
	struct fx *f = *state;
	for (unsigned step = 6; step <= 8; step++) {
		char *st = at(f, ".rdm-s3"), *e = at(f, ".env");
		tu_remove_tree(st);
		unlink(e);
		free(st), free(e);
		put(f, "invenio.cfg", A_OLD, 0644);
		put(f, "docker-services.yml", B_OLD, 0640);
		struct plan p;
		struct plan_result r;
		struct rdm_error err = RDM_ERROR_INIT;
		struct plan_apply_opts o = opts();
		o.fault_at = step;
		o.fault_kind = PLAN_FAULT_SYNC_EIO;
		build(&p, f);
		assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
		assert_non_null(strstr(err.message, "cannot sync the folder"));
		char *want = xasprintf("the %u file(s) already written were restored", step - 5);
		assert_non_null(strstr(err.message, want));
		assert_non_null(strstr(err.message, "every file holds what it held before"));
		free(want);
		assert_int_equal(state_of(f), 0);
		/* the set is gone: nothing to undo, no space taken */
		char *backups = at(f, ".rdm-s3/backups");
		assert_int_equal(tu_count_entries(backups, "2025"), 0);
		free(backups);
		rdm_error_clear(&err);
		plan_result_free(&r);
		plan_free(&p);
	}
}

/* Item 6: a backup that fails half way (disk full) leaves no partial set. */
static void failed_backup_leaves_no_partial_set(void **state)
{
	struct fx *f = *state;
	for (unsigned step = 1; step <= 5; step++) {
		struct plan p;
		struct plan_result r;
		struct rdm_error err = RDM_ERROR_INIT;
		struct plan_apply_opts o = opts();
		o.fault_at = step;
		o.fault_kind = PLAN_FAULT_ENOSPC;
		build(&p, f);
		assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
		assert_non_null(strstr(err.message, "no space left"));
		char *backups = at(f, ".rdm-s3/backups");
		assert_int_equal(tu_count_entries(backups, "2025"), 0);
		assert_int_equal(tu_count_entries(backups, ".rdm-s3-"), 0);
		free(backups);
		assert_int_equal(state_of(f), 0);
		rdm_error_clear(&err);
		plan_result_free(&r);
		plan_free(&p);
	}
}

static int apply_one(const struct fx *f, time_t now, const char *old, const char *new_text, unsigned keep)
{
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts();
	o.now = now;
	o.keep_sets = keep;
	plan_init(&p, f->dir);
	plan_set_file(&p, "invenio.cfg", old, strlen(old), 1, new_text, strlen(new_text), 0);
	int rc = plan_apply(&p, &o, &r, &err);
	if (rc)
		fprintf(stderr, "# %s\n", err.message);
	int pruned = (int)r.n_pruned;
	rdm_error_clear(&err);
	plan_result_free(&r);
	plan_free(&p);
	return rc ? -1 : pruned;
}

/* Item 6: leftovers of killed runs are removed at the next change. */
static void leftovers_are_cleaned(void **state)
{
	struct fx *f = *state;
	assert_true(apply_one(f, T0, A_OLD, A_NEW, 0) >= 0);
	char *tmp1 = at(f, ".rdm-s3/.undo.log.rdm-s3-AbC123");
	char *tmp2 = at(f, ".rdm-s3/backups/20250102T030405Z/.invenio.cfg.rdm-s3-XyZ789");
	char *tmp3 = at(f, ".invenio.cfg.rdm-s3-Qwe456");
	char *orphan = at(f, ".rdm-s3/backups/20250101T000000Z");
	char *keepme = at(f, ".rdm-s3/backups/20250102T030405Z");
	tu_write(tmp1, "x", 0600);
	tu_write(tmp2, "x", 0600);
	tu_write(tmp3, "x", 0600);
	assert_int_equal(mkdir(orphan, 0700), 0); /* a set without manifest, not in the log */
	assert_true(apply_one(f, T0 + 60, A_NEW, A_OLD, 0) >= 0);
	assert_int_equal(access(tmp1, F_OK), -1);
	assert_int_equal(access(tmp2, F_OK), -1);
	assert_int_equal(access(tmp3, F_OK), -1);
	assert_int_equal(access(orphan, F_OK), -1);
	assert_int_equal(access(keepme, F_OK), 0);
	free(tmp1), free(tmp2), free(tmp3), free(orphan), free(keepme);
}

/* Item 6: the history is bounded in count (and configurable). */
static void history_is_pruned(void **state)
{
	struct fx *f = *state;
	int pruned = 0;
	for (int i = 0; i < 8; i++)
		pruned += apply_one(f, T0 + i, i % 2 ? A_NEW : A_OLD, i % 2 ? A_OLD : A_NEW, 5);
	assert_int_equal(pruned, 3);
	char *backups = at(f, ".rdm-s3/backups");
	assert_int_equal(tu_count_entries(backups, "2025"), 5);
	struct backup_set *sets;
	size_t n;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(backup_history(f->dir, &sets, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(sets[0].id, "20250102T030412Z"); /* newest first */
	backup_history_free(sets, n);
	/* .invenio sets the limit; a bad value is an error naming its line */
	put(f, ".invenio", "[cli]\nflavour = RDM\n\n[rdm-s3]\nbackups-keep = 2\n", 0644);
	assert_int_equal(apply_one(f, T0 + 100, A_OLD, A_NEW, 0), 4);
	assert_int_equal(tu_count_entries(backups, "2025"), 2);
	put(f, ".invenio", "[rdm-s3]\nbackups-keep-days = soon\n", 0644);
	struct plan p;
	struct plan_result r;
	struct plan_apply_opts o = opts();
	plan_init(&p, f->dir);
	plan_set_file(&p, "invenio.cfg", A_NEW, strlen(A_NEW), 1, A_OLD, strlen(A_OLD), 0);
	assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
	assert_non_null(strstr(err.message, "backups-keep-days"));
	assert_string_equal(err.where, ".invenio:2");
	rdm_error_clear(&err);
	plan_result_free(&r);
	plan_free(&p);
	/* age: sets older than the limit go, the newest always stays (then
	 * the new one joins it) */
	put(f, ".invenio", "[rdm-s3]\nbackups-keep-days = 1\n", 0644);
	assert_int_equal(apply_one(f, T0 + 10 * 86400, A_NEW, A_OLD, 0), 1);
	assert_int_equal(tu_count_entries(backups, "2025"), 2);
	free(backups);
}

/* Item 3: a state folder others may write, or a set planted by another
 * user, is refused by undo (and by every change). */
static void untrusted_state_is_refused(void **state)
{
	struct fx *f = *state;
	assert_true(apply_one(f, T0, A_OLD, A_NEW, 0) >= 0);
	char *st = at(f, ".rdm-s3");
	struct undo_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts();
	assert_int_equal(chmod(st, 0777), 0);
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), -1);
	assert_non_null(strstr(err.message, "users other than its owner may write it (mode 0777)"));
	assert_non_null(strstr(err.remedy, "chmod -R go-w"));
	rdm_error_clear(&err);
	undo_report_free(&rep);
	assert_int_equal(chmod(st, 0700), 0);
	/* a manifest that is a link to a file elsewhere */
	char *man = at(f, ".rdm-s3/backups/20250102T030405Z/.manifest");
	char *elsewhere = at(f, "planted-manifest");
	char *text = tu_read(man);
	tu_write(elsewhere, text, 0600);
	assert_int_equal(unlink(man), 0);
	assert_int_equal(symlink(elsewhere, man), 0);
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), -1);
	assert_non_null(strstr(err.message, "symbolic link"));
	rdm_error_clear(&err);
	undo_report_free(&rep);
	unlink(man);
	tu_write(man, text, 0600);
	/* a backup copy owned by another user */
	if (geteuid() == 0) {
		char *bk = at(f, ".rdm-s3/backups/20250102T030405Z/invenio.cfg");
		assert_int_equal(chown(bk, 4321, 4321), 0);
		assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), -1);
		assert_non_null(strstr(err.message, "belongs to uid 4321"));
		rdm_error_clear(&err);
		undo_report_free(&rep);
		assert_int_equal(chown(bk, 0, 0), 0);
		free(bk);
	}
	char *cfg = at(f, "invenio.cfg"), *now = tu_read(cfg);
	assert_string_equal(now, A_NEW); /* nothing was undone */
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), 0);
	undo_report_free(&rep);
	free(now), free(cfg), free(text), free(man), free(elsewhere), free(st);
}

static void assert_owner(const char *path, uid_t uid, gid_t gid)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	if (st.st_uid != uid || st.st_gid != gid)
		fprintf(stderr, "# %s: %lu:%lu\n", path, (unsigned long)st.st_uid, (unsigned long)st.st_gid);
	assert_int_equal(st.st_uid, uid);
	assert_int_equal(st.st_gid, gid);
}

/* Item 4: run as root on a user's instance, new files get the folder's
 * owner and group; existing files keep theirs. */
static void root_creates_files_as_the_instance_owner(void **state)
{
	struct fx *f = *state;
	if (geteuid() != 0) {
		if (tu_ci())
			fail_msg("needs root (CI runs as root)");
		skip();
	}
	char *cfg = at(f, "invenio.cfg"), *yml = at(f, "docker-services.yml");
	assert_int_equal(chown(f->dir, 4242, 4343), 0);
	assert_int_equal(chown(cfg, 4242, 4343), 0);
	assert_int_equal(chown(yml, 1234, 1234), 0); /* someone else's: kept */
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts();
	build(&p, f);
	plan_set_file(&p, ".gitignore", NULL, 0, 0, ".env\n", 5, 0);
	assert_int_equal(plan_apply(&p, &o, &r, &err), 0);
	char *env = at(f, ".env"), *ign = at(f, ".gitignore"), *st = at(f, ".rdm-s3");
	char *lock = at(f, ".rdm-s3/lock"), *log = at(f, ".rdm-s3/undo.log"), *sign = at(f, ".rdm-s3/.gitignore");
	char *bk = tu_join(r.backup_dir, "invenio.cfg"), *wr = tu_join(r.backup_dir, ".written/.env");
	char *man = tu_join(r.backup_dir, ".manifest"), *wdir = tu_join(r.backup_dir, ".written");
	char *broot = at(f, ".rdm-s3/backups");
	const char *mine[] = { env, ign, st, lock, log, sign, bk, wr, man, wdir, broot, r.backup_dir };
	for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
		assert_owner(mine[i], 4242, 4343);
	assert_owner(cfg, 4242, 4343);
	assert_owner(yml, 1234, 1234);
	struct stat s;
	assert_int_equal(stat(env, &s), 0);
	assert_int_equal(s.st_mode & 07777, 0600);
	/* and the owner's undo works on what root left */
	struct undo_report rep;
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), 0);
	undo_report_free(&rep);
	for (size_t i = 0; i + 1 < sizeof mine / sizeof *mine; i++) /* the last is r's */
		free((char *)mine[i]);
	free(cfg), free(yml);
	plan_result_free(&r);
	plan_free(&p);
}

/* Item 5: a read-only file is refused, not silently replaced. */
static void read_only_file_is_refused(void **state)
{
	struct fx *f = *state;
	char *cfg = at(f, "invenio.cfg");
	assert_int_equal(chmod(cfg, 0444), 0);
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts();
	build(&p, f);
	assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
	assert_non_null(strstr(err.message, "invenio.cfg is read-only (mode 0444)"));
	assert_non_null(strstr(err.remedy, "chmod u+w"));
	assert_int_equal(state_of(f), 0);
	struct stat st;
	assert_int_equal(stat(cfg, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0444);
	rdm_error_clear(&err);
	plan_result_free(&r);
	plan_free(&p);
	free(cfg);
}

/* An undo killed half way: the next undo starts from a whole state and
 * ends wholly old. */
static void killed_undo_then_undo(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts();
	build(&p, f);
	assert_int_equal(plan_apply(&p, &o, &r, &err), 0);
	plan_result_free(&r);
	plan_free(&p);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct undo_report rep;
		struct plan_apply_opts uo = opts();
		uo.now = T0 + 60;
		uo.fault_at = 8; /* undo's own plan: killed between its writes */
		_exit(plan_undo(f->dir, 0, &uo, &rep, &err) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	int mixed = state_of(f);
	assert_true(mixed > 0 && mixed < 7);
	struct undo_report rep;
	o.now = T0 + 120;
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), 0);
	assert_int_equal(state_of(f), 0);
	undo_report_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kill_between_writes_then_rerun, setup, teardown),
		cmocka_unit_test_setup_teardown(server_steps_refused_with_resume_command, setup, teardown),
		cmocka_unit_test_setup_teardown(all_written_is_finished, setup, teardown),
		cmocka_unit_test_setup_teardown(edited_since_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(killed_recovery_is_redone, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_sync_after_rename_rolls_back_that_file, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_backup_leaves_no_partial_set, setup, teardown),
		cmocka_unit_test_setup_teardown(leftovers_are_cleaned, setup, teardown),
		cmocka_unit_test_setup_teardown(history_is_pruned, setup, teardown),
		cmocka_unit_test_setup_teardown(untrusted_state_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(root_creates_files_as_the_instance_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_file_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(killed_undo_then_undo, setup, teardown),
	};
	return cmocka_run_group_tests_name("plan_recover", tests, NULL, NULL);
}
