/* Child processes (spawn.h): posix_spawnp, one pipe for stdout+stderr, one
 * for stdin, a poll loop bounded by the timeout and the cancel flag. */
#include "config.h"
#include "util/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"
#include "util/i18n.h"

extern char **environ;

#define DEFAULT_CAP (1024 * 1024)
#define KILL_GRACE_MS 2000L
#define POLL_SLICE_MS 100

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* environ with env_add applied (entries replace those of the same name). */
static char **child_env(const char *const *add)
{
	size_t n = 0, k = 0, m = 0;
	while (environ && environ[n])
		n++;
	while (add && add[m])
		m++;
	char **env = xcalloc(n + m + 1, sizeof *env);
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(environ[i], "=");
		int replaced = 0;
		for (size_t j = 0; j < m && !replaced; j++)
			replaced = strncmp(add[j], environ[i], len) == 0 && add[j][len] == '=';
		if (!replaced)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		env[k++] = (char *)add[j];
	env[k] = NULL;
	return env;
}

static int start_error(const struct spawn_opts *o, int e, struct rdm_error *err)
{
	const char *prog = o->argv[0];
	if (e == ENOENT && o->cwd && access(o->cwd, X_OK) != 0) {
		rdm_error_set(err, _("cannot run %s in %s: %s"), prog, o->cwd, strerror(errno));
		return -1;
	}
	rdm_error_set(err, _("cannot run %s: %s"), prog, strerror(e));
	if (e == ENOENT)
		rdm_error_remedy(err, _("install %s, or make sure it is on PATH for this user"), prog);
	else if (e == EACCES)
		rdm_error_remedy(err, _("%s is not executable for this user"), prog);
	return -1;
}

struct child {
	pid_t pid;
	int out_fd, in_fd;
	size_t in_off;
	long start, stop_at; /* stop_at: when the SIGKILL follows a SIGTERM; 0 none */
	int exited;
	int status;
};

static int spawn_child(const struct spawn_opts *o, struct child *ch, struct rdm_error *err)
{
	int out[2], in[2] = { -1, -1 };
	if (pipe2(out, O_CLOEXEC) != 0)
		return rdm_error_set(err, _("cannot create a pipe: %s"), strerror(errno));
	if (o->stdin_data && pipe2(in, O_CLOEXEC) != 0) {
		close(out[0]);
		close(out[1]);
		return rdm_error_set(err, _("cannot create a pipe: %s"), strerror(errno));
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (o->stdin_data)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1); /* dup2 clears CLOEXEC */
	if (o->stderr_null)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	else
		posix_spawn_file_actions_adddup2(&fa, out[1], 2);
	if (o->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, o->cwd);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	/* Its own process group: a timeout stops the child and what it started. */
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	char **env = child_env(o->env_add);
	int e = posix_spawnp(&ch->pid, o->argv[0], &fa, &at, (char *const *)o->argv, env);
	free(env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	if (in[0] >= 0)
		close(in[0]);
	if (e != 0) {
		close(out[0]);
		if (in[1] >= 0)
			close(in[1]);
		return start_error(o, e, err);
	}
	ch->out_fd = out[0];
	ch->in_fd = in[1];
	if (ch->in_fd >= 0)
		fcntl(ch->in_fd, F_SETFL, fcntl(ch->in_fd, F_GETFL) | O_NONBLOCK);
	return 0;
}

static void keep_output(const struct spawn_opts *o, struct spawn_result *r, const char *data, size_t n)
{
	size_t cap = o->output_cap ? o->output_cap : DEFAULT_CAP;
	size_t room = r->output.len < cap ? cap - r->output.len : 0;
	buf_append(&r->output, data, n < room ? n : room);
	if (n > room)
		r->output_truncated = 1;
	if (o->on_output)
		o->on_output(o->ctx, data, n);
}

/* Read what is there; returns 0 at end of file. */
static int drain(const struct spawn_opts *o, struct child *ch, struct spawn_result *r)
{
	char chunk[4096];
	ssize_t got = read(ch->out_fd, chunk, sizeof chunk);
	if (got < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (got > 0)
		keep_output(o, r, chunk, (size_t)got);
	return got > 0;
}

static void feed(const struct spawn_opts *o, struct child *ch)
{
	ssize_t put = write(ch->in_fd, o->stdin_data + ch->in_off, o->stdin_len - ch->in_off);
	if (put > 0)
		ch->in_off += (size_t)put;
	if ((put < 0 && errno != EAGAIN && errno != EINTR) || ch->in_off >= o->stdin_len) {
		close(ch->in_fd);
		ch->in_fd = -1;
	}
}

/* Timeout or cancel: SIGTERM to the group, SIGKILL after a grace period. */
static void police(const struct spawn_opts *o, struct child *ch, struct spawn_result *r)
{
	long t = now_ms();
	if (ch->stop_at) {
		if (t >= ch->stop_at)
			kill(-ch->pid, SIGKILL);
		return;
	}
	int cancel = o->cancel && atomic_load(o->cancel);
	int late = o->timeout_ms > 0 && t - ch->start >= o->timeout_ms;
	if (!cancel && !late)
		return;
	r->cancelled = cancel;
	r->timed_out = !cancel;
	kill(-ch->pid, SIGTERM);
	ch->stop_at = t + KILL_GRACE_MS;
}

static void reap(struct child *ch, int block)
{
	if (ch->exited)
		return;
	pid_t w;
	while ((w = waitpid(ch->pid, &ch->status, block ? 0 : WNOHANG)) < 0 && errno == EINTR)
		;
	if (w == ch->pid)
		ch->exited = 1;
}

static void run_loop(const struct spawn_opts *o, struct child *ch, struct spawn_result *r)
{
	int open_out = 1;
	while (open_out || !ch->exited) {
		struct pollfd p[2];
		nfds_t n = 0;
		if (open_out)
			p[n++] = (struct pollfd){ .fd = ch->out_fd, .events = POLLIN };
		if (ch->in_fd >= 0)
			p[n++] = (struct pollfd){ .fd = ch->in_fd, .events = POLLOUT };
		int ready = n ? poll(p, n, POLL_SLICE_MS) : 0;
		if (!n)
			usleep(POLL_SLICE_MS * 1000);
		for (nfds_t i = 0; ready > 0 && i < n; i++) {
			if (p[i].fd == ch->out_fd && (p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				open_out = drain(o, ch, r);
			else if (p[i].fd == ch->in_fd && (p[i].revents & (POLLOUT | POLLERR | POLLHUP)))
				feed(o, ch);
		}
		reap(ch, 0);
		police(o, ch, r);
	}
}

int spawn_run(const struct spawn_opts *o, struct spawn_result *r, struct rdm_error *err)
{
	struct child ch = { .out_fd = -1, .in_fd = -1 };
	memset(r, 0, sizeof *r);
	if (!o->argv || !o->argv[0])
		return rdm_error_set(err, _("no program to run"));
	ch.start = now_ms();
	if (spawn_child(o, &ch, err) != 0)
		return -1;
	/* A child that closes stdin early must not kill us with SIGPIPE:
	 * MSG_NOSIGNAL does not exist for pipes, so block it per thread. */
	sigset_t pipe_set, old;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	run_loop(o, &ch, r);
	struct timespec zero = { 0, 0 };
	while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
		; /* discard a SIGPIPE we caused */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(ch.out_fd);
	if (ch.in_fd >= 0)
		close(ch.in_fd);
	reap(&ch, 1);
	r->exited = WIFEXITED(ch.status);
	r->exit_code = r->exited ? WEXITSTATUS(ch.status) : -1;
	r->signaled = WIFSIGNALED(ch.status);
	r->term_signal = r->signaled ? WTERMSIG(ch.status) : 0;
	r->duration_ms = now_ms() - ch.start;
	return 0;
}

void spawn_result_free(struct spawn_result *r)
{
	buf_free(&r->output);
	memset(r, 0, sizeof *r);
}

int spawn_succeeded(const struct spawn_result *r)
{
	return r->exited && r->exit_code == 0 && !r->timed_out && !r->cancelled;
}

char *spawn_describe_status(const struct spawn_result *r)
{
	if (r->cancelled)
		return xstrdup(_("stopped on request"));
	if (r->timed_out)
		return xasprintf(_("stopped after %ld s (time limit)"), (r->duration_ms + 999) / 1000);
	if (r->signaled)
		return xasprintf(_("killed by signal %d"), r->term_signal);
	return xasprintf(_("exit status %d"), r->exit_code);
}

static int needs_quotes(const char *w)
{
	if (!*w)
		return 1;
	for (const char *p = w; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,", *p))
			return 1;
	return 0;
}

char *spawn_argv_text(const char *const *argv)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; argv && argv[i]; i++) {
		if (i)
			buf_putc(&b, ' ');
		if (!needs_quotes(argv[i])) {
			buf_puts(&b, argv[i]);
			continue;
		}
		buf_putc(&b, '\'');
		for (const char *p = argv[i]; *p; p++)
			buf_puts(&b, *p == '\'' ? "'\\''" : (char[]){ *p, 0 });
		buf_putc(&b, '\'');
	}
	return b.data ? buf_detach(&b) : xstrdup("");
}
