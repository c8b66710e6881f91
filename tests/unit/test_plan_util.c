#include "config.h"
#include "test_plan_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/xalloc.h"

static const char *run_root(void)
{
	const char *r = getenv("RDM_S3_TEST_RUN");
	return r && *r ? r : "/tmp";
}

char *tu_join(const char *dir, const char *name) { return xasprintf("%s/%s", dir, name); }

char *tu_scratch(const char *name)
{
	static unsigned counter; /* test-only: unique names within one process */
	char *dir = xasprintf("%s/%s-%ld-%u", run_root(), name, (long)getpid(), counter++);
	mkdir(run_root(), 0755);
	tu_remove_tree(dir);
	if (mkdir(dir, 0755) != 0) {
		perror(dir);
		abort();
	}
	return dir;
}

int tu_run(const char *dir, char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		if (dir && chdir(dir) != 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void tu_remove_tree(const char *dir)
{
	if (strncmp(dir, run_root(), strlen(run_root())) != 0)
		abort();
	/* make everything writable first: tests create read-only folders */
	char *chmod_argv[] = { "chmod", "-R", "u+rwx", (char *)dir, NULL };
	char *rm_argv[] = { "rm", "-rf", (char *)dir, NULL };
	tu_run(NULL, chmod_argv);
	tu_run(NULL, rm_argv);
}

void tu_write(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	chmod(path, mode);
}

char *tu_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *s = xmalloc(cap);
	size_t n;
	while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			s = xrealloc(s, cap *= 2);
	}
	fclose(f);
	s[len] = '\0';
	return s;
}

int tu_count_entries(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strstr(e->d_name, part))
			n++;
	closedir(d);
	return n;
}

void tu_copy_dir(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *e;
	if (!d) {
		perror(src);
		abort();
	}
	while ((e = readdir(d)) != NULL) {
		char *from = tu_join(src, e->d_name);
		struct stat st;
		if (stat(from, &st) == 0 && S_ISREG(st.st_mode)) {
			char *text = tu_read(from), *to = tu_join(dst, e->d_name);
			tu_write(to, text, 0644);
			free(text);
			free(to);
		}
		free(from);
	}
	closedir(d);
}

int tu_run_unprivileged(int (*fn)(void *ctx), void *ctx)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(99);
		_exit(fn(ctx));
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int tu_ci(void)
{
	const char *ci = getenv("CI");
	return ci && !strcmp(ci, "true");
}
