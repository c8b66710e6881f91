/* Local S3 test servers for cmocka tests: run tests/servers/ensure.sh with
 * fork/execvp (never a shell command line), read its KEY=value lines and
 * the 0600 secrets file it names. See test_server.h. */
#include "config.h"
#include "test_server.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"

/* One value as ensure.sh prints it (tests/servers/lib.sh ts_quote): either
 * raw, or single-quoted where a quote inside is written '\''. */
static char *ts_value_parse(const char *s, size_t n)
{
	struct buf out = BUF_INIT;
	size_t i = 0;
	while (i < n) {
		if (s[i] == '\'') {
			i++;
			while (i < n && s[i] != '\'')
				buf_putc(&out, s[i++]);
			i++; /* closing quote */
		} else if (s[i] == '\\' && i + 1 < n) {
			buf_putc(&out, s[i + 1]);
			i += 2;
		} else {
			buf_putc(&out, s[i++]);
		}
	}
	if (!out.data)
		return xstrdup("");
	return buf_detach(&out);
}

/* Replace *slot (wiping the old value: it may be a secret). */
static void ts_slot_set(char **slot, char *value)
{
	secret_free(*slot);
	*slot = value;
}

static char **ts_slot_for(struct ts_server *srv, const char *key, size_t klen)
{
	static const struct {
		const char *key;
		size_t offset;
	} map[] = {
		{ "ENDPOINT", offsetof(struct ts_server, endpoint) },
		{ "REGION", offsetof(struct ts_server, region) },
		{ "ACCESS_KEY", offsetof(struct ts_server, access_key) },
		{ "SECRET_KEY", offsetof(struct ts_server, secret_key) },
		{ "ADMIN_ACCESS_KEY", offsetof(struct ts_server, admin_access_key) },
		{ "ADMIN_SECRET_KEY", offsetof(struct ts_server, admin_secret_key) },
		{ "CA_FILE", offsetof(struct ts_server, ca_file) },
		{ "CEPH_CONF", offsetof(struct ts_server, ceph_conf) },
		{ "IAM_USER", offsetof(struct ts_server, iam_user) },
		{ "STATE_DIR", offsetof(struct ts_server, state_dir) },
		{ "SECRETS_FILE", offsetof(struct ts_server, secrets_file) },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strlen(map[i].key) == klen && memcmp(map[i].key, key, klen) == 0)
			return (char **)(void *)((char *)srv + map[i].offset);
	return NULL;
}

/* Read KEY=value lines; unknown keys are ignored (later additions). */
static void ts_lines_parse(struct ts_server *srv, const char *text)
{
	const char *line = text;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *eq = memchr(line, '=', len);
		if (eq) {
			size_t klen = (size_t)(eq - line);
			const char *v = eq + 1;
			size_t vlen = len - klen - 1;
			char **slot = ts_slot_for(srv, line, klen);
			if (slot) {
				ts_slot_set(slot, ts_value_parse(v, vlen));
			} else if (klen == 4 && memcmp(line, "PORT", 4) == 0) {
				char *p = ts_value_parse(v, vlen);
				srv->port = atoi(p);
				free(p);
			}
		}
		line += len + (end ? 1 : 0);
	}
}

static int ts_fail(struct ts_server *srv, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int ts_fail(struct ts_server *srv, int status, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(srv->error);
	srv->error = buf_detach(&b);
	srv->status = status;
	return -1;
}

/* Read all of fd into b (the pipe end closes when ensure.sh exits: it hands
 * the servers nothing but log files). */
static int ts_fd_read_all(int fd, struct buf *b)
{
	for (;;) {
		char *p = buf_reserve(b, 4096);
		ssize_t n = read(fd, p, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
}

/* Run SCRIPT KIND, stdout into out; stderr stays the test's (its .log).
 * Returns the exit status, or -1 when it could not run. */
static int ts_run(const char *script, const char *kind, struct buf *out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		char *argv[] = { (char *)script, (char *)kind, NULL };
		close(fds[0]);
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(127);
		close(fds[1]);
		execvp(script, argv);
		fprintf(stderr, "# cannot run %s: %s\n", script, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	int rc = ts_fd_read_all(fds[0], out);
	close(fds[0]);
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (rc != 0)
		return -1;
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	return 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
}

static int ts_file_read(const char *path, struct buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = ts_fd_read_all(fd, b);
	close(fd);
	return rc;
}

static const char *ts_status_text(int status)
{
	switch (status) {
	case 1: return "the server failed to start";
	case 2: return "a dependency is missing or could not be installed";
	case 3: return "its port is in use";
	case 64: return "usage error";
	case 127: return "ensure.sh could not be run";
	default: return "unexpected exit status";
	}
}

int ts_server_get_with(const char *script, const char *kind, struct ts_server *out)
{
	memset(out, 0, sizeof *out);
	out->status = -1;
	out->kind = xstrdup(kind);
	struct buf text = BUF_INIT;
	int status = ts_run(script, kind, &text);
	int run_errno = errno;
	if (status != 0) {
		buf_free(&text);
		if (status < 0)
			return ts_fail(out, -1, "could not run %s: %s", script, strerror(run_errno));
		return ts_fail(out, status, "%s %s exited with status %d: %s (its messages are in this test's log)",
			       script, kind, status, ts_status_text(status));
	}
	ts_lines_parse(out, buf_str(&text));
	buf_free(&text);
	if (!out->endpoint || !out->access_key || !out->secrets_file)
		return ts_fail(out, 1, "%s %s printed no ENDPOINT, ACCESS_KEY or SECRETS_FILE", script, kind);
	struct buf secrets = BUF_INIT;
	if (ts_file_read(out->secrets_file, &secrets) != 0) {
		buf_free_secret(&secrets);
		return ts_fail(out, 1, "cannot read %s: %s", out->secrets_file, strerror(errno));
	}
	ts_lines_parse(out, buf_str(&secrets));
	buf_free_secret(&secrets);
	if (!out->secret_key)
		return ts_fail(out, 1, "%s has no SECRET_KEY", out->secrets_file);
	out->status = 0;
	return 0;
}

int ts_server_get(const char *kind, struct ts_server *out)
{
	const char *top = getenv("top_srcdir");
	if (!top || !*top) {
		memset(out, 0, sizeof *out);
		out->kind = xstrdup(kind);
		return ts_fail(out, 64, "env top_srcdir is not set (run the test through make check)");
	}
	char *script = xasprintf("%s/tests/servers/ensure.sh", top);
	int rc = ts_server_get_with(script, kind, out);
	free(script);
	return rc;
}

void ts_server_free(struct ts_server *srv)
{
	if (!srv)
		return;
	free(srv->kind);
	free(srv->endpoint);
	free(srv->region);
	free(srv->access_key);
	secret_free(srv->secret_key);
	free(srv->admin_access_key);
	secret_free(srv->admin_secret_key);
	free(srv->ca_file);
	free(srv->ceph_conf);
	free(srv->iam_user);
	free(srv->state_dir);
	free(srv->secrets_file);
	free(srv->error);
	memset(srv, 0, sizeof *srv);
}

int ts_ci_strict(void)
{
	const char *ci = getenv("CI");
	return ci && strcmp(ci, "true") == 0;
}

void ts_server_require(const char *kind, struct ts_server *out)
{
	if (ts_server_get(kind, out) == 0)
		return;
	printf("# local %s server unavailable: %s\n", kind, out->error ? out->error : "?");
	if (ts_ci_strict()) {
		printf("# CI=true: a test whose server cannot start FAILS instead of being skipped\n");
		fflush(stdout);
		ts_server_free(out);
		fail_msg("local %s server unavailable (CI=true)", kind);
	}
	printf("# skipped on this machine; under CI=true this test fails\n");
	fflush(stdout);
	ts_server_free(out);
	skip();
}
