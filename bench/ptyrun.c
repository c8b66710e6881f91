/* ptyrun: start a full-screen program on a fresh pseudo-terminal of a
 * given size, as a terminal would, and time it:
 *   first  from fork() to the output that completes the first frame (the
 *          first time FIRST-TEXT has appeared in what the program wrote);
 *   key    from writing KEY (once the program has been quiet for -w ms,
 *          default 200: it is waiting for input) to the output that
 *          completes the next frame (AFTER-TEXT appearing in what was
 *          written after the key);
 * then it sends QUIT-KEY and waits for the program to end. One line per
 * run is appended to -o FILE: "first_ms<TAB>key_ms<TAB>exit_status".
 * Everything the program writes is read as it comes (so it never blocks),
 * matched as bytes: pick texts that curses writes in one piece.
 *
 * Usage: ptyrun [-C DIR] [-s COLSxLINES] [-o FILE] [-t SECONDS] [-w MS]
 *               -f FIRST-TEXT -k KEY -a AFTER-TEXT -q QUIT-KEY -- COMMAND [ARG...]
 * -C runs the program in DIR; TERM is xterm-256color.
 * KEY and QUIT-KEY: down, up, right, left, tab, enter, esc, ctrl-c, or one
 * character; QUIT-KEY may be several, comma-separated ("ctrl-c,y"). Exit status: 0, 1 a text never came (timeout), 2 usage or
 * system error. Part of bench/ (not built by make: the scripts compile it
 * with cc). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct out {
	char *data;
	size_t len, cap;
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Cursor keys as a terminal in keypad-transmit mode sends them (curses
 * programs switch it on with smkx): SS3, not CSI. */
static const char *key_bytes(const char *name)
{
	static char one[2];
	if (!strcmp(name, "down")) return "\033OB";
	if (!strcmp(name, "up")) return "\033OA";
	if (!strcmp(name, "right")) return "\033OC";
	if (!strcmp(name, "left")) return "\033OD";
	if (!strcmp(name, "tab")) return "\t";
	if (!strcmp(name, "enter")) return "\r";
	if (!strcmp(name, "esc")) return "\033";
	if (!strcmp(name, "ctrl-c")) return "\003";
	if (strlen(name) != 1) {
		fprintf(stderr, "ptyrun: unknown key '%s'\n", name);
		exit(2);
	}
	one[0] = name[0];
	return one;
}

static void append(struct out *o, const char *b, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->data = realloc(o->data, o->cap);
		if (!o->data)
			abort();
	}
	memcpy(o->data + o->len, b, n);
	o->len += n;
	o->data[o->len] = 0;
}

/* Reads until text appears in o after offset `from`; returns 0, or -1 at
 * the deadline or when the program ends first. */
static int read_until(int fd, struct out *o, size_t from, const char *text, double deadline)
{
	for (;;) {
		if (o->len > from && memmem(o->data + from, o->len - from, text, strlen(text)))
			return 0;
		int left = (int)(deadline - now_ms());
		if (left <= 0)
			return -1;
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, left) <= 0)
			continue;
		char buf[65536];
		ssize_t r = read(fd, buf, sizeof buf);
		if (r <= 0)
			return -1;
		append(o, buf, (size_t)r);
	}
}

/* Reads until nothing came for quiet_ms (or the deadline): the program
 * has settled (finished its setup, drawn what its background work
 * brought) and is waiting for a key. */
static void settle(int fd, struct out *o, double quiet_ms, double deadline)
{
	char buf[65536];
	while (now_ms() < deadline) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, (int)quiet_ms) <= 0)
			return;
		ssize_t r = read(fd, buf, sizeof buf);
		if (r <= 0)
			return;
		append(o, buf, (size_t)r);
	}
}

/* Reads whatever comes until the program ends (or the deadline). */
static void drain(int fd, double deadline)
{
	char buf[65536];
	while (now_ms() < deadline) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, 50) > 0 && read(fd, buf, sizeof buf) <= 0)
			return;
	}
}

int main(int argc, char **argv)
{
	const char *first = NULL, *after = NULL, *key = NULL, *quit = NULL, *outfile = NULL, *dir = NULL;
	struct winsize ws = { 24, 80, 0, 0 };
	double timeout_ms = 10000, quiet_ms = 200;
	int c;
	while ((c = getopt(argc, argv, "C:s:o:t:w:f:k:a:q:")) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 's': if (sscanf(optarg, "%hux%hu", &ws.ws_col, &ws.ws_row) != 2) return 2; break;
		case 'o': outfile = optarg; break;
		case 't': timeout_ms = atof(optarg) * 1000; break;
		case 'w': quiet_ms = atof(optarg); break;
		case 'f': first = optarg; break;
		case 'k': key = key_bytes(optarg); break;
		case 'a': after = optarg; break;
		case 'q': quit = optarg; break;
		default: return 2;
		}
	}
	if (!first || !key || !after || !quit || optind >= argc) {
		fprintf(stderr, "usage: ptyrun [-C DIR] [-s COLSxLINES] [-o FILE] [-t S] [-w MS] -f TEXT -k KEY "
				"-a TEXT -q KEY -- CMD...\n");
		return 2;
	}
	int master;
	double t0 = now_ms();
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptyrun: forkpty");
		return 2;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		if (dir && chdir(dir) != 0) {
			perror("ptyrun: chdir");
			_exit(127);
		}
		execvp(argv[optind], argv + optind);
		perror("ptyrun: exec");
		_exit(127);
	}
	struct out o = { NULL, 0, 0 };
	int rc = 0;
	double first_ms = -1, key_ms = -1;
	if (read_until(master, &o, 0, first, t0 + timeout_ms) == 0) {
		first_ms = now_ms() - t0;
		settle(master, &o, quiet_ms, now_ms() + timeout_ms);
		size_t mark = o.len;
		double t1 = now_ms();
		if (write(master, key, strlen(key)) < 0 ||
		    read_until(master, &o, mark, after, t1 + timeout_ms) != 0)
			rc = 1;
		else
			key_ms = now_ms() - t1;
	} else {
		rc = 1;
	}
	/* The quit keys, one by one (a question may come between them). */
	char *keys = strdup(quit), *save = NULL;
	for (char *k = strtok_r(keys, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		const char *b = key_bytes(k);
		if (write(master, b, strlen(b)) < 0)
			rc = 1;
		settle(master, &o, 50, now_ms() + timeout_ms);
	}
	free(keys);
	drain(master, now_ms() + timeout_ms);
	/* The pty may close a moment before the process is gone. */
	int st = 0;
	pid_t w = 0;
	for (double end = now_ms() + timeout_ms; (w = waitpid(pid, &st, WNOHANG)) == 0 && now_ms() < end;)
		usleep(1000);
	if (w == 0) {
		fprintf(stderr, "ptyrun: the program did not end after the quit key\n");
		kill(pid, SIGTERM);
		waitpid(pid, &st, 0);
		rc = 1;
	}
	if (outfile) {
		FILE *f = fopen(outfile, "a");
		if (f) {
			fprintf(f, "%.3f\t%.3f\t%d\n", first_ms, key_ms,
				WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
			fclose(f);
		}
	}
	if (first_ms < 0 || key_ms < 0)
		fprintf(stderr, "ptyrun: %s never came\n", first_ms < 0 ? "the first frame" :
			"the frame after the key");
	free(o.data);
	close(master);
	return rc;
}
