/* Golden screens (see screen_golden.h). */
#include "config.h"
#include "screen_golden.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
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

#include "tui/shell/dump.h"
#include "tui/shell/term.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct tui_term *golden_term_open(int utf8)
{
	const char *loc = utf8 ? "C.UTF-8" : "C";
	if (!setlocale(LC_ALL, loc))
		fail_msg("the %s locale is missing (Debian: libc-bin)", loc);
	setenv("TERM", "xterm-256color", 1);
	struct tui_term_opts o = { 1, 1, NULL };
	struct rdm_error err = RDM_ERROR_INIT;
	struct tui_term *t = tui_term_open(&o, &err);
	if (!t)
		fail_msg("headless terminal: %s (install ncurses-base, or set TERMINFO_DIRS)",
			 err.message);
	rdm_error_clear(&err);
	return t;
}

void golden_term_close(struct tui_term *t)
{
	tui_term_close(t);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_puts(&b, "");
	return buf_detach(&b);
}

static void write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		fail_msg("cannot write %s: %s", path, strerror(errno));
}

/* diff -u want got, to stderr with "# " before each line (TAP comments). */
static void show_diff(const char *want, const char *got)
{
	int fds[2];
	if (pipe(fds) != 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execlp("diff", "diff", "-u", want, got, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	char line[1024];
	while (in && fgets(line, sizeof line, in))
		fprintf(stderr, "# %s", line);
	if (in)
		fclose(in);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

void golden_check(const char *dir, const char *name, const char *got)
{
	const char *data = getenv("RDM_S3_TEST_DATA"), *run = getenv("RDM_S3_TEST_RUN");
	assert_non_null(data);
	char *path = xasprintf("%s/%s/%s.txt", data, dir, name);
	if (getenv("RDM_S3_UPDATE_GOLDEN") && *getenv("RDM_S3_UPDATE_GOLDEN"))
		write_all(path, got);
	char *want = read_all(path);
	if (!want)
		fail_msg("missing golden file %s (RDM_S3_UPDATE_GOLDEN=1 creates it)", path);
	if (strcmp(want, got) != 0) {
		char *gdir = xasprintf("%s/golden", run ? run : "/tmp");
		char *gpath = xasprintf("%s/%s-%s.txt", gdir, dir, name);
		mkdir(run ? run : "/tmp", 0755);
		mkdir(gdir, 0755);
		write_all(gpath, got);
		fprintf(stderr, "# screen %s/%s differs from the golden file (new one in %s):\n", dir,
			name, gpath);
		show_diff(path, gpath);
		fprintf(stderr, "# (intended? RDM_S3_UPDATE_GOLDEN=1 make check TESTS=... and review)\n");
		free(gdir);
		free(gpath);
		free(want);
		free(path);
		fail_msg("screen %s/%s differs", dir, name);
	}
	free(want);
	free(path);
}

void golden_check_screen(const char *dir, const char *name, int color)
{
	struct buf b = BUF_INIT;
	tui_screen_dump(stdscr, color, &b);
	golden_check(dir, name, buf_str(&b));
	buf_free(&b);
}

void golden_check_file(const char *dir, const char *name, const char *path)
{
	char *got = read_all(path);
	if (!got)
		fail_msg("the app wrote no screen dump %s", path);
	golden_check(dir, name, got);
	free(got);
}
