/* util/atomic_file: atomic replace, mode/owner kept, expectation checks,
 * links refused, read-only folder, disk full, signal cleanup. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_plan_util.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"

#define OLD_TEXT "MINIO_ROOT_USER: CHANGE_ME\n"
#define NEW_TEXT "MINIO_ROOT_USER: admin\n"

struct fixture {
	char *dir;
	char *file;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	f->dir = tu_scratch("atomic");
	f->file = tu_join(f->dir, "docker-services.yml");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f->file);
	free(f);
	return 0;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static void assert_content(const char *path, const char *want)
{
	char *got = tu_read(path);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static struct atomic_write_opts expect_old(void)
{
	struct atomic_write_opts o = { .expect = ATOMIC_EXPECT_CONTENT, .expect_data = OLD_TEXT,
				       .expect_len = strlen(OLD_TEXT) };
	return o;
}

static void creates_new_file(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	struct atomic_write_opts o = { .expect = ATOMIC_EXPECT_ABSENT, .create_mode = 0644 };
	mode_t um = umask(022);
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), 0);
	umask(um);
	assert_content(f->file, NEW_TEXT);
	assert_int_equal(mode_of(f->file), 0644);
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
}

static void replaces_and_keeps_mode(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	tu_write(f->file, OLD_TEXT, 0640);
	struct atomic_write_opts o = expect_old();
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), 0);
	assert_content(f->file, NEW_TEXT);
	assert_int_equal(mode_of(f->file), 0640);
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
}

static void private_files_are_0600(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	char *env = tu_join(f->dir, ".env");
	struct atomic_write_opts o = { .expect = ATOMIC_EXPECT_ABSENT, .private_file = 1 };
	mode_t um = umask(0);
	assert_int_equal(atomic_file_write(env, "A=1\n", 4, &o, &err), 0);
	umask(um);
	assert_int_equal(mode_of(env), 0600);
	/* an existing secrets file readable by others is tightened */
	tu_write(f->file, OLD_TEXT, 0644);
	struct atomic_write_opts o2 = expect_old();
	o2.private_file = 1;
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o2, &err), 0);
	assert_int_equal(mode_of(f->file), 0600);
	free(env);
}

static void keeps_owner(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	struct stat st;
	tu_write(f->file, OLD_TEXT, 0644);
	if (geteuid() == 0) /* as root, hand the file to someone else first */
		assert_int_equal(chown(f->file, 65534, 65534), 0);
	assert_int_equal(stat(f->file, &st), 0);
	struct atomic_write_opts o = expect_old();
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), 0);
	struct stat st2;
	assert_int_equal(stat(f->file, &st2), 0);
	assert_int_equal(st2.st_uid, st.st_uid);
	assert_int_equal(st2.st_gid, st.st_gid);
	assert_int_not_equal(st2.st_ino, st.st_ino); /* really replaced, not rewritten */
}

static void refuses_changed_file(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	tu_write(f->file, "MINIO_ROOT_USER: edited-by-hand\n", 0644);
	struct atomic_write_opts o = expect_old();
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), -1);
	assert_non_null(strstr(err.message, "docker-services.yml changed on disk"));
	assert_string_equal(err.where, f->file);
	assert_non_null(err.remedy);
	assert_content(f->file, "MINIO_ROOT_USER: edited-by-hand\n");
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
	rdm_error_clear(&err);
	/* a file that appeared after we saw none */
	struct atomic_write_opts absent = { .expect = ATOMIC_EXPECT_ABSENT };
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &absent, &err), -1);
	assert_non_null(strstr(err.message, "appeared on disk"));
	rdm_error_clear(&err);
	/* a file that vanished */
	unlink(f->file);
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), -1);
	assert_non_null(strstr(err.message, "was removed"));
	assert_null(tu_read(f->file));
	rdm_error_clear(&err);
}

static void refuses_symlink(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	char *target = tu_join(f->dir, "shared.yml");
	tu_write(target, OLD_TEXT, 0644);
	assert_int_equal(symlink("shared.yml", f->file), 0);
	struct atomic_write_opts o = expect_old();
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), -1);
	assert_non_null(strstr(err.message, "is a symbolic link (to shared.yml)"));
	assert_non_null(strstr(err.remedy, "cp --remove-destination"));
	struct stat st;
	assert_int_equal(lstat(f->file, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_content(target, OLD_TEXT);
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
	rdm_error_clear(&err);
	free(target);
}

static void refuses_hard_link(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	char *other = tu_join(f->dir, "copy.yml");
	tu_write(f->file, OLD_TEXT, 0644);
	assert_int_equal(link(f->file, other), 0);
	struct atomic_write_opts o = expect_old();
	assert_int_equal(atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err), -1);
	assert_non_null(strstr(err.message, "hard links"));
	assert_content(f->file, OLD_TEXT);
	rdm_error_clear(&err);
	free(other);
}

struct ro_ctx {
	const char *dir, *file;
};

/* Runs in a child (unprivileged): exit 0 when the write failed cleanly. */
static int ro_child(void *p)
{
	struct ro_ctx *c = p;
	struct rdm_error err = RDM_ERROR_INIT;
	struct atomic_write_opts o = expect_old();
	if (atomic_file_write(c->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err) != -1)
		return 1;
	if (!strstr(err.message, "is not writable") || !strstr(err.message, c->dir))
		return 2;
	if (!err.remedy || !strstr(err.remedy, "chmod u+w"))
		return 3;
	rdm_error_clear(&err);
	return 0;
}

static void read_only_folder(void **state)
{
	struct fixture *f = *state;
	tu_write(f->file, OLD_TEXT, 0666);
	assert_int_equal(chmod(f->dir, 0555), 0);
	struct ro_ctx c = { f->dir, f->file };
	int rc = tu_run_unprivileged(ro_child, &c);
	chmod(f->dir, 0755);
	assert_int_equal(rc, 0);
	assert_content(f->file, OLD_TEXT);
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
}

static char *big_text(size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, 'x', n);
	s[n - 1] = '\n';
	s[n] = '\0';
	return s;
}

/* RLIMIT_FSIZE makes write() fail with EFBIG like a full disk would. */
static void file_size_limit(void **state)
{
	struct fixture *f = *state;
	tu_write(f->file, OLD_TEXT, 0644);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 1024, 1024 };
		struct rdm_error err = RDM_ERROR_INIT;
		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		char *big = big_text(65536);
		struct atomic_write_opts o = expect_old();
		int rc = atomic_file_write(f->file, big, strlen(big), &o, &err);
		_exit(rc == -1 && strstr(err.message, "no space left") && strstr(err.message, "not changed") ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_content(f->file, OLD_TEXT);
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
}

/* A real ENOSPC on a 16 KiB tmpfs, in a private mount namespace. */
static int tmpfs_child(const char *mnt)
{
	if (geteuid() != 0 && unshare(CLONE_NEWUSER) != 0)
		return 77;
	if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=16k") != 0)
		return 77;
	char *file = tu_join(mnt, "invenio.cfg");
	tu_write(file, OLD_TEXT, 0644);
	char *big = big_text(64 * 1024);
	struct rdm_error err = RDM_ERROR_INIT;
	struct atomic_write_opts o = expect_old();
	if (atomic_file_write(file, big, strlen(big), &o, &err) != -1 || !strstr(err.message, "no space left"))
		return 1;
	char *now = tu_read(file);
	if (!now || strcmp(now, OLD_TEXT) != 0)
		return 2;
	if (tu_count_entries(mnt, ".rdm-s3-") != 0)
		return 3;
	return 0;
}

static void disk_full_tmpfs(void **state)
{
	struct fixture *f = *state;
	char *mnt = tu_join(f->dir, "mnt");
	assert_int_equal(mkdir(mnt, 0755), 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(tmpfs_child(mnt));
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	free(mnt);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		if (tu_ci())
			fail_msg("cannot mount a tmpfs here (needs root or user namespaces) and CI=true");
		skip();
	}
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void raise_term(void *ctx, const char *tmp)
{
	(void)ctx;
	(void)tmp;
	raise(SIGTERM);
}

static void signal_unlinks_temp(void **state)
{
	struct fixture *f = *state;
	tu_write(f->file, OLD_TEXT, 0644);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct rdm_error err = RDM_ERROR_INIT;
		struct atomic_write_opts o = expect_old();
		o.before_rename = raise_term;
		atomic_file_write(f->file, NEW_TEXT, strlen(NEW_TEXT), &o, &err);
		_exit(0); /* not reached: SIGTERM's default action ends us */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_content(f->file, OLD_TEXT);
	assert_int_equal(tu_count_entries(f->dir, ".rdm-s3-"), 0);
}

static void remove_checks_content(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	tu_write(f->file, "changed\n", 0644);
	struct atomic_write_opts o = expect_old();
	assert_int_equal(atomic_file_remove(f->file, &o, &err), -1);
	assert_non_null(strstr(err.message, "changed on disk"));
	rdm_error_clear(&err);
	tu_write(f->file, OLD_TEXT, 0644);
	assert_int_equal(atomic_file_remove(f->file, &o, &err), 0);
	assert_null(tu_read(f->file));
}

static void read_missing_and_present(void **state)
{
	struct fixture *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf b = BUF_INIT;
	int exists = 1;
	assert_int_equal(atomic_file_read(f->file, &b, &exists, &err), 0);
	assert_int_equal(exists, 0);
	assert_int_equal(b.len, 0);
	char *big = big_text(10000);
	tu_write(f->file, big, 0644);
	assert_int_equal(atomic_file_read(f->file, &b, &exists, &err), 0);
	assert_int_equal(exists, 1);
	assert_int_equal(b.len, 10000);
	assert_memory_equal(b.data, big, 10000);
	free(big);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(replaces_and_keeps_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(private_files_are_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(keeps_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_changed_file, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_hard_link, setup, teardown),
		cmocka_unit_test_setup_teardown(read_only_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(file_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(disk_full_tmpfs, setup, teardown),
		cmocka_unit_test_setup_teardown(signal_unlinks_temp, setup, teardown),
		cmocka_unit_test_setup_teardown(remove_checks_content, setup, teardown),
		cmocka_unit_test_setup_teardown(read_missing_and_present, setup, teardown),
	};
	return cmocka_run_group_tests_name("atomic_file", tests, NULL, NULL);
}
