/* Version control around the instance: is a file tracked by git (secrets
 * must not be), and does .gitignore keep .env out of it. */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "instance/instance.h"
#include "util/buf.h"
#include "util/spawn.h"
#include "util/xalloc.h"

/* Whether dir or a folder above it has a .git entry (folder, or file of a
 * worktree). Without one, and without GIT_DIR, git cannot find a
 * repository either: no need to start it (a check runs every few seconds
 * in the dashboard, and several instances in threads). */
static int git_repo_possible(const char *dir)
{
	if (getenv("GIT_DIR"))
		return 1;
	char *path = realpath(dir, NULL);
	if (!path)
		return 1; /* cannot tell: let git decide */
	int found = 0;
	for (;;) {
		struct stat st;
		char *probe = xasprintf("%s/.git", path); /* "" for the root: "/.git" */
		found = lstat(probe, &st) == 0;
		free(probe);
		char *slash = strrchr(path, '/');
		if (found || !*path || !slash)
			break;
		*slash = '\0'; /* "/a/b" -> "/a" -> "" (the root, checked last) */
	}
	free(path);
	return found;
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

/* git -C DIR ls-files -z -- FILES...: which of files git tracks (n == 0:
 * git -C DIR rev-parse --is-inside-work-tree). Through util/spawn
 * (posix_spawnp: safe in a threaded process, `check` runs instances in
 * threads, where fork followed by malloc is not). Returns 0 with
 * tracked[] filled, 1 when dir is in no git repository, -1 when git could
 * not be run. */
int inst_git_tracked(const char *dir, const char *const *files, size_t n, int *tracked)
{
	if (!git_repo_possible(dir))
		return 1;
	const char **argv = xcalloc(n + 7, sizeof *argv);
	size_t k = 0;
	argv[k++] = "git";
	argv[k++] = "-C";
	argv[k++] = dir;
	if (n == 0) {
		/* only "is this a work tree": `ls-files` without a pathspec
		 * would list every file of the repository */
		argv[k++] = "rev-parse";
		argv[k++] = "--is-inside-work-tree";
	} else {
		argv[k++] = "ls-files";
		argv[k++] = "-z";
		argv[k++] = "--";
	}
	for (size_t i = 0; i < n; i++)
		argv[k++] = files[i];
	struct spawn_opts o = { .argv = argv, .stderr_null = 1, .timeout_ms = 30000 };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = -1;
	if (spawn_run(&o, &r, &err) == 0) {
		if (spawn_succeeded(&r)) {
			mark_tracked(&r.output, files, n, tracked);
			/* rev-parse says "false" inside a .git folder, where ls-files fails */
			rc = n == 0 && strncmp(buf_str(&r.output), "true", 4) != 0 ? 1 : 0;
		} else if (r.exited && r.exit_code == 128) {
			rc = 1; /* "not a git repository" */
		}
	}
	spawn_result_free(&r);
	rdm_error_clear(&err);
	free(argv);
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
