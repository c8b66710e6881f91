/* instance/plan + backup: diff with masked secrets, apply with backups,
 * idempotence, rollback on a failed write, undo (stack, conflicts, --force,
 * created files), and a kill -9 before every step of a multi-file write. */
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

#define A_OLD "S3_ENDPOINT_URL='http://localhost:9000/'\nS3_SECRET_ACCESS_KEY='CHANGE_ME'\n"
#define A_NEW "S3_ENDPOINT_URL='http://localhost:9000/'\nS3_SECRET_ACCESS_KEY='s3cr3t-Value-42'\n"
#define B_OLD "    environment:\n      MINIO_ROOT_PASSWORD: CHANGE_ME\n"
#define B_NEW "    environment:\n      MINIO_ROOT_PASSWORD: s3cr3t-Value-42\n"
#define ENV_NEW "INVENIO_S3_SECRET_ACCESS_KEY=s3cr3t-Value-42\n"

struct fx {
	char *dir;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	f->dir = tu_scratch("plan");
	char *a = tu_join(f->dir, "invenio.cfg"), *b = tu_join(f->dir, "docker-services.yml");
	tu_write(a, A_OLD, 0644);
	tu_write(b, B_OLD, 0640);
	free(a);
	free(b);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static char *at(const struct fx *f, const char *rel) { return tu_join(f->dir, rel); }

static void assert_file(const struct fx *f, const char *rel, const char *want)
{
	char *p = at(f, rel), *got = tu_read(p);
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	free(got);
	free(p);
}

/* The three-file change used throughout: two edits and a new .env. */
static void build(struct plan *p, const struct fx *f)
{
	plan_init(p, f->dir);
	plan_set_file(p, "invenio.cfg", A_OLD, strlen(A_OLD), 1, A_NEW, strlen(A_NEW), 0);
	plan_set_file(p, "docker-services.yml", B_OLD, strlen(B_OLD), 1, B_NEW, strlen(B_NEW), 0);
	plan_set_file(p, ".env", NULL, 0, 0, ENV_NEW, strlen(ENV_NEW), 1);
	plan_add_secret(p, "s3cr3t-Value-42");
}

static struct plan_apply_opts opts_at(time_t now)
{
	struct plan_apply_opts o = { .now = now, .command = "test" };
	return o;
}

static void diff_masks_secrets(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct buf out = BUF_INIT;
	build(&p, f);
	assert_int_equal(plan_changed(&p), 3);
	plan_diff(&p, &out);
	assert_null(strstr(out.data, "s3cr3t"));
	assert_string_equal(out.data,
			    "--- a/invenio.cfg\n+++ b/invenio.cfg\n@@ -1,2 +1,2 @@\n"
			    " S3_ENDPOINT_URL='http://localhost:9000/'\n-S3_SECRET_ACCESS_KEY='CHANGE_ME'\n"
			    "+S3_SECRET_ACCESS_KEY='********'\n"
			    "--- a/docker-services.yml\n+++ b/docker-services.yml\n@@ -1,2 +1,2 @@\n"
			    "     environment:\n-      MINIO_ROOT_PASSWORD: CHANGE_ME\n+      MINIO_ROOT_PASSWORD: ********\n"
			    "--- /dev/null\n+++ b/.env\n@@ -0,0 +1 @@\n+INVENIO_S3_SECRET_ACCESS_KEY=********\n");
	/* building never touched the disk */
	assert_file(f, ".env", NULL);
	assert_file(f, "invenio.cfg", A_OLD);
	buf_free(&out);
	plan_free(&p);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static void apply_writes_and_backs_up(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787045); /* 2025-01-02T03:04:05Z */
	build(&p, f);
	assert_int_equal(plan_apply(&p, &o, &r, &err), 0);
	assert_string_equal(r.backup_id, "20250102T030405Z");
	assert_int_equal(r.n_written, 3);
	assert_null(r.interrupted_id);
	assert_file(f, "invenio.cfg", A_NEW);
	assert_file(f, "docker-services.yml", B_NEW);
	assert_file(f, ".env", ENV_NEW);
	char *env = at(f, ".env"), *yml = at(f, "docker-services.yml");
	assert_int_equal(mode_of(env), 0600);
	assert_int_equal(mode_of(yml), 0640);
	/* backups: private folder and files, old and written bytes */
	assert_int_equal(mode_of(r.backup_dir), 0700);
	char *bk = tu_join(r.backup_dir, "invenio.cfg"), *wr = tu_join(r.backup_dir, ".written/.env");
	char *man = tu_join(r.backup_dir, ".manifest"), *ign = at(f, ".rdm-s3/.gitignore");
	assert_int_equal(mode_of(bk), 0600);
	assert_int_equal(mode_of(wr), 0600);
	char *text = tu_read(bk);
	assert_string_equal(text, A_OLD);
	free(text);
	text = tu_read(man);
	assert_non_null(strstr(text, "state applied\n"));
	assert_non_null(strstr(text, "file old=1 new=1 secret=0 mode=0640 docker-services.yml\n"));
	assert_non_null(strstr(text, "file old=0 new=1 secret=1 mode=0600 .env\n"));
	free(text);
	text = tu_read(ign);
	assert_non_null(strstr(text, "\n*\n"));
	free(text);
	free(bk), free(wr), free(man), free(ign), free(env), free(yml);
	plan_result_free(&r);
	plan_free(&p);
}

static void second_apply_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct plan p, again;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787045);
	build(&p, f);
	assert_int_equal(plan_apply(&p, &o, &r, &err), 0);
	plan_result_free(&r);
	/* the same change computed from the new state */
	plan_init(&again, f->dir);
	plan_set_file(&again, "invenio.cfg", A_NEW, strlen(A_NEW), 1, A_NEW, strlen(A_NEW), 0);
	assert_int_equal(plan_changed(&again), 0);
	assert_int_equal(plan_apply(&again, &o, &r, &err), 0);
	assert_null(r.backup_id);
	assert_int_equal(r.n_written, 0);
	char *backups = at(f, ".rdm-s3/backups");
	assert_int_equal(tu_count_entries(backups, "2025"), 1);
	free(backups);
	plan_result_free(&r);
	plan_free(&again);
	plan_free(&p);
}

static void refuses_file_changed_since_read(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787045);
	build(&p, f);
	char *b = at(f, "docker-services.yml");
	tu_write(b, "edited meanwhile\n", 0644);
	assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
	assert_non_null(strstr(err.message, "docker-services.yml changed on disk"));
	assert_file(f, "invenio.cfg", A_OLD);
	assert_file(f, ".env", NULL);
	assert_file(f, "docker-services.yml", "edited meanwhile\n");
	rdm_error_clear(&err);
	free(b);
	plan_free(&p);
}

struct ro_ctx {
	struct fx *f;
};

/* In a child: the second file lives in a read-only folder. */
static int rollback_child(void *v)
{
	struct ro_ctx *c = v;
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787045);
	plan_init(&p, c->f->dir);
	plan_set_file(&p, "invenio.cfg", A_OLD, strlen(A_OLD), 1, A_NEW, strlen(A_NEW), 0);
	plan_set_file(&p, "sub/b.yml", B_OLD, strlen(B_OLD), 1, B_NEW, strlen(B_NEW), 0);
	if (plan_apply(&p, &o, &r, &err) != -1)
		return 1;
	if (!strstr(err.message, "sub is not writable") || !strstr(err.message, "already written were restored"))
		return 2;
	return 0;
}

static void failed_write_rolls_back(void **state)
{
	struct fx *f = *state;
	char *sub = at(f, "sub"), *b = at(f, "sub/b.yml");
	assert_int_equal(mkdir(sub, 0755), 0);
	tu_write(b, B_OLD, 0644);
	assert_int_equal(chmod(sub, 0555), 0);
	if (geteuid() == 0) { /* the child runs as uid 65534: give it the rest */
		char *a = at(f, "invenio.cfg");
		assert_int_equal(chown(f->dir, 65534, 65534), 0);
		assert_int_equal(chown(a, 65534, 65534), 0);
		free(a);
	}
	struct ro_ctx c = { f };
	assert_int_equal(tu_run_unprivileged(rollback_child, &c), 0);
	chmod(sub, 0755);
	assert_file(f, "invenio.cfg", A_OLD);
	assert_file(f, "sub/b.yml", B_OLD);
	free(sub);
	free(b);
}

static int apply_at(const struct fx *f, time_t now)
{
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(now);
	build(&p, (struct fx *)f);
	int rc = plan_apply(&p, &o, &r, &err);
	if (rc)
		fprintf(stderr, "# apply: %s\n", err.message);
	rdm_error_clear(&err);
	plan_result_free(&r);
	plan_free(&p);
	return rc;
}

static void undo_restores_and_removes(void **state)
{
	struct fx *f = *state;
	struct undo_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787100);
	assert_int_equal(apply_at(f, 1735787045), 0);
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), 0);
	assert_string_equal(rep.undone_id, "20250102T030405Z");
	assert_int_equal(rep.n_restored, 3);
	assert_int_equal(rep.n_conflicts, 0);
	assert_file(f, "invenio.cfg", A_OLD);
	assert_file(f, "docker-services.yml", B_OLD);
	assert_file(f, ".env", NULL);
	undo_report_free(&rep);
	/* nothing left to undo: the undo itself is not undone */
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), -1);
	assert_non_null(strstr(err.message, "nothing to undo"));
	rdm_error_clear(&err);
	undo_report_free(&rep);
}

static void undo_is_a_stack(void **state)
{
	struct fx *f = *state;
	struct undo_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787100);
	assert_int_equal(apply_at(f, 1735787045), 0);
	/* a second change on top: one more line in invenio.cfg */
	struct plan p;
	struct plan_result r;
	const char *a3 = A_NEW "S3_REGION_NAME='eu-west-1'\n";
	plan_init(&p, f->dir);
	plan_set_file(&p, "invenio.cfg", A_NEW, strlen(A_NEW), 1, a3, strlen(a3), 0);
	struct plan_apply_opts o2 = opts_at(1735787045); /* same second: id gets .001 */
	assert_int_equal(plan_apply(&p, &o2, &r, &err), 0);
	assert_string_equal(r.backup_id, "20250102T030405Z.001");
	plan_result_free(&r);
	plan_free(&p);
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), 0);
	assert_string_equal(rep.undone_id, "20250102T030405Z.001");
	assert_file(f, "invenio.cfg", A_NEW);
	undo_report_free(&rep);
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), 0);
	assert_string_equal(rep.undone_id, "20250102T030405Z");
	assert_file(f, "invenio.cfg", A_OLD);
	undo_report_free(&rep);
}

static void undo_refuses_edited_files(void **state)
{
	struct fx *f = *state;
	struct undo_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787100);
	assert_int_equal(apply_at(f, 1735787045), 0);
	char *b = at(f, "docker-services.yml");
	tu_write(b, "hand edit\n", 0640);
	assert_int_equal(plan_undo(f->dir, 0, &o, &rep, &err), -1);
	assert_non_null(strstr(err.message, "docker-services.yml changed since rdm-s3 wrote it"));
	assert_non_null(strstr(err.remedy, "--force"));
	assert_file(f, "invenio.cfg", A_NEW); /* nothing restored */
	assert_file(f, ".env", ENV_NEW);
	rdm_error_clear(&err);
	undo_report_free(&rep);
	assert_int_equal(plan_undo(f->dir, 1, &o, &rep, &err), 0);
	assert_int_equal(rep.n_conflicts, 1);
	assert_file(f, "docker-services.yml", B_OLD);
	assert_file(f, "invenio.cfg", A_OLD);
	undo_report_free(&rep);
	free(b);
}

/* Kill -9 before each step; after each kill every file is wholly old or
 * wholly new, and both undo and a re-run recover. 3 files → 9 steps. */
static int state_of(const struct fx *f)
{
	char *a = at(f, "invenio.cfg"), *b = at(f, "docker-services.yml"), *e = at(f, ".env");
	char *ta = tu_read(a), *tb = tu_read(b), *te = tu_read(e);
	int bits = 0, bad = 0;
	bits |= !strcmp(ta, A_NEW) ? 1 : (strcmp(ta, A_OLD) ? (bad = 1, 0) : 0);
	bits |= !strcmp(tb, B_NEW) ? 2 : (strcmp(tb, B_OLD) ? (bad = 1, 0) : 0);
	bits |= te && !strcmp(te, ENV_NEW) ? 4 : (te ? (bad = 1, 0) : 0);
	free(ta), free(tb), free(te), free(a), free(b), free(e);
	return bad ? -1 : bits;
}

static void kill_child_at(const struct fx *f, unsigned step, int *killed)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct plan p;
		struct plan_result r;
		struct rdm_error err = RDM_ERROR_INIT;
		struct plan_apply_opts o = opts_at(1735787045);
		o.fault_at = step;
		build(&p, (struct fx *)f);
		_exit(plan_apply(&p, &o, &r, &err) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (!*killed) {
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static void reset(const struct fx *f)
{
	char *st = at(f, ".rdm-s3"), *a = at(f, "invenio.cfg"), *b = at(f, "docker-services.yml"), *e = at(f, ".env");
	tu_remove_tree(st);
	tu_write(a, A_OLD, 0644);
	tu_write(b, B_OLD, 0640);
	unlink(e);
	free(st), free(a), free(b), free(e);
}

static void rerun_from_disk(const struct fx *f)
{
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787100);
	char *a = at(f, "invenio.cfg"), *b = at(f, "docker-services.yml"), *e = at(f, ".env");
	char *ta = tu_read(a), *tb = tu_read(b), *te = tu_read(e);
	plan_init(&p, f->dir);
	plan_set_file(&p, "invenio.cfg", ta, strlen(ta), 1, A_NEW, strlen(A_NEW), 0);
	plan_set_file(&p, "docker-services.yml", tb, strlen(tb), 1, B_NEW, strlen(B_NEW), 0);
	plan_set_file(&p, ".env", te, te ? strlen(te) : 0, te != NULL, ENV_NEW, strlen(ENV_NEW), 1);
	assert_int_equal(plan_apply(&p, &o, &r, &err), 0);
	assert_null(r.interrupted_id);
	plan_result_free(&r);
	plan_free(&p);
	free(a), free(b), free(e), free(ta), free(tb), free(te);
}

static void kill_at_every_step(void **state)
{
	struct fx *f = *state;
	const unsigned steps = 2 * 3 + 3;
	for (unsigned step = 1; step <= steps + 1; step++) {
		for (int recovery = 0; recovery < 2; recovery++) {
			int killed;
			reset(f);
			kill_child_at(f, step, &killed);
			assert_int_equal(killed, step <= steps);
			int s = state_of(f);
			assert_true(s >= 0);
			/* writes happen in steps 6..8: files 1..k are new */
			unsigned written = step <= 6 ? 0 : step - 6 > 3 ? 3 : step - 6;
			assert_int_equal(s, (1 << written) - 1);
			assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
			if (recovery == 0) {
				struct undo_report rep;
				struct rdm_error err = RDM_ERROR_INIT;
				struct plan_apply_opts o = opts_at(1735787100);
				int rc = plan_undo(f->dir, 0, &o, &rep, &err);
				/* before the set reached the undo log there is nothing to undo */
				assert_int_equal(rc, step <= 5 ? -1 : 0);
				rdm_error_clear(&err);
				undo_report_free(&rep);
				assert_int_equal(state_of(f), 0);
			} else {
				/* the next command recovers first: wholly old, or wholly
				 * new when only the final mark was missing */
				struct plan_recover_report rep;
				struct rdm_error err = RDM_ERROR_INIT;
				assert_int_equal(plan_recover_pending(f->dir, NULL, &rep, &err), 0);
				enum plan_recovery want = step <= 5 || step > steps ? PLAN_RECOVERY_NONE
							  : step == steps ? PLAN_RECOVERY_FINISHED
									  : PLAN_RECOVERY_ROLLED_BACK;
				assert_int_equal(rep.action, want);
				assert_int_equal(state_of(f), step >= steps ? 7 : 0);
				plan_recover_report_free(&rep);
				/* then a re-run, rebuilt from what is on disk, finishes */
				rerun_from_disk(f);
				assert_int_equal(state_of(f), 7);
				char *backups = at(f, ".rdm-s3/backups");
				/* leftovers gone: one set per whole change at most */
				assert_true(tu_count_entries(backups, "2025") <= 2);
				free(backups);
			}
		}
	}
}

/* A plan computed from half-changed files (nobody recovered first) is
 * refused after the recovery that plan_apply runs under its lock; the
 * instance is then wholly old. */
static void apply_on_half_changed_refused(void **state)
{
	struct fx *f = *state;
	int killed;
	reset(f);
	kill_child_at(f, 7, &killed); /* invenio.cfg written, the rest not */
	assert_true(killed);
	assert_int_equal(state_of(f), 1);
	struct plan p;
	struct plan_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = opts_at(1735787100);
	plan_init(&p, f->dir);
	/* invenio.cfg already new: the stale plan only changes the others */
	plan_set_file(&p, "invenio.cfg", A_NEW, strlen(A_NEW), 1, A_NEW, strlen(A_NEW), 0);
	plan_set_file(&p, "docker-services.yml", B_OLD, strlen(B_OLD), 1, B_NEW, strlen(B_NEW), 0);
	assert_int_equal(plan_apply(&p, &o, &r, &err), -1);
	assert_non_null(strstr(err.message, "interrupted earlier change"));
	assert_non_null(strstr(err.remedy, "run the command again"));
	assert_int_equal(state_of(f), 0);
	rdm_error_clear(&err);
	plan_result_free(&r);
	plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(diff_masks_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(apply_writes_and_backs_up, setup, teardown),
		cmocka_unit_test_setup_teardown(second_apply_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_file_changed_since_read, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_write_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_restores_and_removes, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_is_a_stack, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_refuses_edited_files, setup, teardown),
		cmocka_unit_test_setup_teardown(kill_at_every_step, setup, teardown),
		cmocka_unit_test_setup_teardown(apply_on_half_changed_refused, setup, teardown),
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
