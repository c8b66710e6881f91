/* Version control around the instance: is a file tracked by git (secrets
 * must not be), and does .gitignore keep .env out of it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "instance/instance.h"
#include "util/xalloc.h"

/* Child side: git -C DIR ls-files -z -- FILES…, stdout to the pipe. */
static void exec_git(int out_fd, const char *dir, const char *const *files, size_t n)
{
	const char **argv = xcalloc(n + 7, sizeof *argv);
	size_t k = 0;
	int devnull = open("/dev/null", O_RDWR);
	argv[k++] = "git";
	argv[k++] = "-C";
	argv[k++] = dir;
	argv[k++] = "ls-files";
	argv[k++] = "-z";
	argv[k++] = "--";
	for (size_t i = 0; i < n; i++)
		argv[k++] = files[i];
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 2);
	}
	dup2(out_fd, 1);
	execvp("git", (char *const *)argv);
	_exit(127);
}

static void mark_tracked(const struct buf *out, const char *const *files, size_t n, int *tracked)
{
	for (size_t i = 0; i < n; i++)
		tracked[i] = 0;
	for (size_t off = 0; off < out->len;) {
		const char *name = out->data + off;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(name, files[i]))
				tracked[i] = 1;
		off += strlen(name) + 1;
	}
}

int inst_git_tracked(const char *dir, const char *const *files, size_t n, int *tracked)
{
	int fds[2], status;
	struct buf out = BUF_INIT;
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		exec_git(fds[1], dir, files, n);
	}
	close(fds[1]);
	for (;;) {
		char *p = buf_reserve(&out, 4096);
		ssize_t got = read(fds[0], p, 4096);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		out.len += (size_t)got;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		mark_tracked(&out, files, n, tracked);
		rc = 0;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 128) {
		rc = 1; /* "not a git repository" */
	}
	buf_free(&out);
	return rc;
}

/* One .gitignore line (trimmed, no comment) ignores name in the top folder? */
static int line_ignores(const char *line, size_t len, const char *name)
{
	char *pat;
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	if (!len || line[0] == '#' || line[0] == '!')
		return 0;
	if (line[0] == '/')
		line++, len--;
	pat = xstrndup(line, len);
	int hit = strchr(pat, '/') == NULL && fnmatch(pat, name, FNM_PERIOD) == 0;
	free(pat);
	return hit;
}

int inst_gitignore_has(const struct instance *inst, const char *name)
{
	const char *s = buf_str(&inst->gitignore);
	int hit = 0;
	/* Later lines win in git; a "!name" re-include is honoured. */
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, "\n");
		if (line_ignores(p, len, name))
			hit = 1;
		else if (len > 1 && p[0] == '!' && line_ignores(p + 1, len - 1, name))
			hit = 0;
		p += len + (p[len] == '\n');
	}
	return hit;
}

int inst_gitignore_add(struct instance *inst, const char *name, const char *comment)
{
	if (inst_gitignore_has(inst, name))
		return 0;
	const char *eol = strstr(buf_str(&inst->gitignore), "\r\n") ? "\r\n" : "\n";
	if (inst->gitignore.len && inst->gitignore.data[inst->gitignore.len - 1] != '\n')
		buf_puts(&inst->gitignore, eol);
	if (comment)
		buf_printf(&inst->gitignore, "# %s%s", comment, eol);
	buf_printf(&inst->gitignore, "%s%s", name, eol);
	return 1;
}
