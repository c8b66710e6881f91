/* `config show --show-secrets` prints secrets only to a terminal, with a
 * warning: the command function is run with its standard output on a
 * pseudo-terminal and then on a pipe. (The full binary is tested in
 * test_config_cmd.sh; this test calls cmd_config_show directly so that it
 * checks the command itself, whatever the global option parser does.) */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "cmd_config.h"
#include "test_plan_util.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define SECRET "Shown-Only-On-A-Tty-42"

struct fx {
	char *dir;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	const char *d = getenv("RDM_S3_TEST_DATA");
	char *src = xasprintf("%s/instance/sample/instance", d ? d : "tests/data");
	f->dir = tu_scratch("show");
	tu_copy_dir(src, f->dir);
	free(src);
	/* a real secret (not the placeholder) in docker-services.yml */
	char *path = tu_join(f->dir, "docker-services.yml");
	char *text = tu_read(path);
	char *at = strstr(text, "MINIO_ROOT_PASSWORD: CHANGE_ME");
	assert_non_null(at);
	*at = '\0';
	char *changed = xasprintf("%sMINIO_ROOT_PASSWORD: %s%s", text, SECRET, at + strlen("MINIO_ROOT_PASSWORD: CHANGE_ME"));
	tu_write(path, changed, 0644);
	free(changed);
	free(text);
	free(path);
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

static void read_fd(int fd, struct buf *out)
{
	for (;;) {
		char *p = buf_reserve(out, 4096);
		ssize_t n = read(fd, p, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* EOF, or EIO once the pty's other side is closed */
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
}

/* Run `config show ARGS` on f's instance in a child whose stdout is `out_fd`
 * and stderr a pipe; returns the exit status, *err_text the stderr. */
static int run_show(const struct fx *f, int out_fd, int json, int reveal, struct buf *err_text)
{
	int errp[2];
	assert_int_equal(pipe(errp), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *inst[] = { f->dir, NULL };
		struct rdm_globals g = { .instances = inst, .n_instances = 1, .json = json };
		char *argv[] = { "show", reveal ? "--show-secrets" : NULL, NULL };
		dup2(out_fd, STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		close(errp[0]);
		setenv("GIT_CEILING_DIRECTORIES", f->dir, 1);
		int rc = cmd_config_show(&g, reveal ? 2 : 1, argv);
		fflush(NULL);
		_exit(rc);
	}
	close(errp[1]);
	read_fd(errp[0], err_text);
	close(errp[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int open_pty(int *slave)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0)
		return -1;
	*slave = open(ptsname(m), O_RDWR | O_NOCTTY);
	return *slave < 0 ? -1 : m;
}

static void reveal_on_tty(void **state, int json)
{
	struct fx *f = *state;
	int slave, m = open_pty(&slave);
	if (m < 0) {
		if (tu_ci())
			fail_msg("cannot open a pseudo-terminal (/dev/ptmx) and CI=true");
		skip();
	}
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = run_show(f, slave, json, 1, &err);
	close(slave);
	read_fd(m, &out);
	close(m);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(buf_str(&out), SECRET));
	assert_non_null(strstr(buf_str(&err), "warning: showing secret values"));
	assert_null(strstr(buf_str(&err), SECRET));
	buf_free(&out);
	buf_free(&err);
}

static void reveal_text_on_tty(void **state) { reveal_on_tty(state, 0); }
static void reveal_json_on_tty(void **state) { reveal_on_tty(state, 1); }

/* Into a pipe: refused, nothing printed, and never the secret. */
static void refused_into_pipe(void **state)
{
	struct fx *f = *state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = run_show(f, p[1], 0, 1, &err);
	close(p[1]);
	read_fd(p[0], &out);
	close(p[0]);
	assert_int_equal(rc, RDM_EXIT_USAGE);
	assert_int_equal(out.len, 0);
	assert_non_null(strstr(buf_str(&err), "only prints to a terminal"));
	assert_null(strstr(buf_str(&err), SECRET));
	buf_free(&out);
	buf_free(&err);
}

/* Without --show-secrets the secret is masked, on a terminal too. */
static void masked_by_default(void **state)
{
	struct fx *f = *state;
	for (int json = 0; json <= 1; json++) {
		int slave, m = open_pty(&slave);
		if (m < 0) {
			if (tu_ci())
				fail_msg("cannot open a pseudo-terminal (/dev/ptmx) and CI=true");
			skip();
		}
		struct buf out = BUF_INIT, err = BUF_INIT;
		int rc = run_show(f, slave, json, 0, &err);
		close(slave);
		read_fd(m, &out);
		close(m);
		assert_int_equal(rc, 0);
		assert_null(strstr(buf_str(&out), SECRET));
		assert_non_null(strstr(buf_str(&out), "MINIO_ROOT_PASSWORD"));
		assert_non_null(strstr(buf_str(&out), "********"));
		assert_int_equal(err.len, 0);
		buf_free(&out);
		buf_free(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reveal_text_on_tty, setup, teardown),
		cmocka_unit_test_setup_teardown(reveal_json_on_tty, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_into_pipe, setup, teardown),
		cmocka_unit_test_setup_teardown(masked_by_default, setup, teardown),
	};
	return cmocka_run_group_tests_name("config_show_secrets", tests, NULL, NULL);
}
