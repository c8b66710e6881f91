/* Running another program: git, docker, the instance's `invenio`.
 *
 * One helper for every child process rdm-s3 starts, so that each one is
 * started the same safe way:
 *  - posix_spawnp with an argv array: never a shell, so no quoting bugs and
 *    no injection through a file name or a bucket name;
 *  - no secret ever in argv (callers pass secrets, if ever, on stdin via
 *    stdin_data; the child's environment is the caller's plus env_add);
 *  - standard output and standard error captured together (in the order the
 *    child wrote them), bounded by output_cap, and optionally handed over as
 *    they arrive (on_output), so a screen can show a live pane;
 *  - bounded in time: after timeout_ms the child gets SIGTERM, then SIGKILL
 *    two seconds later; a cancel flag does the same at once;
 *  - safe in a threaded process (posix_spawn, no fork + malloc), which
 *    `rdm-s3 check` and the wizard's worker are.
 * Nothing is printed. */
#ifndef RDM_UTIL_SPAWN_H
#define RDM_UTIL_SPAWN_H
#include <stdatomic.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

struct spawn_opts {
	const char *const *argv;     /* NULL-terminated; argv[0] is looked up in PATH */
	const char *cwd;             /* folder the child starts in; NULL: ours */
	const char *const *env_add;  /* "NAME=value" entries set in the child (added
	                                to or replacing ours); NULL: none */
	const char *stdin_data;      /* written to the child's stdin, then closed;
	                                NULL: stdin is /dev/null */
	size_t stdin_len;
	long timeout_ms;             /* 0: no limit */
	size_t output_cap;           /* bytes of output kept; 0: 1 MiB. More is read
	                                and dropped (output_truncated). */
	/* Called with each chunk of output as it arrives (may be NULL). */
	void (*on_output)(void *ctx, const char *data, size_t len);
	void *ctx;
	const atomic_int *cancel;    /* non-zero: stop the child now; may be NULL */
	int stderr_null;             /* standard error to /dev/null (output is then
	                                standard output alone, e.g. git -z lists) */
};

struct spawn_result {
	int exited;          /* the child exited normally: exit_code is valid */
	int exit_code;
	int signaled;        /* the child died from term_signal */
	int term_signal;
	int timed_out;       /* rdm-s3 stopped it after timeout_ms */
	int cancelled;       /* rdm-s3 stopped it because *cancel was set */
	struct buf output;   /* stdout and stderr as written */
	int output_truncated;
	long duration_ms;
};

/* Starts argv[0] and waits for it. Returns 0 when the child ran (whatever
 * its exit status: look at r), -1 with err when it could not be started at
 * all (not found in PATH, not executable, no such cwd): the message names
 * the program and the remedy says what to install or check. r is always
 * initialised; free it with spawn_result_free. */
int spawn_run(const struct spawn_opts *o, struct spawn_result *r, struct rdm_error *err);
void spawn_result_free(struct spawn_result *r);

/* 1 when the child exited with status 0. */
int spawn_succeeded(const struct spawn_result *r);

/* "exit status 2", "killed by signal 9", "stopped after 120 s" (allocated). */
char *spawn_describe_status(const struct spawn_result *r);

/* The command line as a human would type it, each word quoted for a POSIX
 * shell only when needed ("docker compose --file docker-compose.yml up -d
 * s3"). For showing, never for running. Allocated. */
char *spawn_argv_text(const char *const *argv);

#endif
