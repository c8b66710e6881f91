/* Long work off the screen's thread: each job runs on its own thread and
 * talks to the loop through messages, so the keyboard never freezes. The
 * loop polls tui_worker_fd() together with the keyboard and takes the
 * messages; it never waits for a job.
 *
 * A job is a function and an argument. It reports with tui_job_post
 * (progress, results: any data with its free function), asks
 * tui_job_cancelled() between steps, and may sleep in tui_job_wait() until a
 * deadline, a poke from the screen (tui_worker_poke: "run now", "pause"),
 * or a cancel. When run returns the worker posts TUI_MSG_DONE itself.
 *
 * Cancel (Esc, Ctrl-C, leaving a screen) sets a flag and wakes the job; a
 * job blocked in a network call notices when the call returns (each has its
 * own time limit). The screen drops messages of jobs it no longer wants.
 *
 * Idle: a job counts as busy from submit until it returns, except while it
 * has marked itself idle (tui_job_idle: the dashboard between two runs).
 * The script's :wait-idle waits for no busy job.
 *
 * Threads: every function here except tui_job_* is for the loop's thread.
 * Job threads are started with the loop's signal mask (the signals blocked).
 * No curses here. */
#ifndef RDM_TUI_SHELL_WORKER_H
#define RDM_TUI_SHELL_WORKER_H
#include <time.h>

#include "util/error.h"

struct tui_job_ctx;

struct tui_job {
	/* On the job's thread. arg is the job's until free_arg. */
	void (*run)(struct tui_job_ctx *ctx, void *arg);
	void *arg;
	void (*free_arg)(void *arg); /* after run returned (or the job never started); may be NULL */
	int tag;                     /* copied into every message: the screen's own label */
};

#define TUI_MSG_DONE (-1) /* kind of the message posted after run returned */

struct tui_msg {
	unsigned job; /* the id tui_worker_submit returned */
	int tag;      /* the job's tag */
	int kind;     /* the job's own code, or TUI_MSG_DONE */
	void *data;   /* owned by the message */
	void (*free_data)(void *data);
};

/* Poke bits a job receives from tui_job_wait (its own meaning), and the
 * bit tui_job_wait returns on cancel. */
#define TUI_JOB_CANCELLED (1u << 31)

struct tui_worker;

struct tui_worker *tui_worker_new(struct rdm_error *err);
/* Readable when a message waits. */
int tui_worker_fd(const struct tui_worker *w);
/* Starts a thread for the job. Returns its id (> 0), or 0 with err set
 * (the job's arg is freed then). */
unsigned tui_worker_submit(struct tui_worker *w, const struct tui_job *job, struct rdm_error *err);
/* Asks job id to stop (no-op for a finished or unknown id). */
void tui_worker_cancel(struct tui_worker *w, unsigned id);
/* ORs bits into the job's inbox and wakes it. */
void tui_worker_poke(struct tui_worker *w, unsigned id, unsigned bits);
/* Number of jobs busy (running and not idle). */
int tui_worker_busy(struct tui_worker *w);
/* The next message, or NULL (never blocks). The caller frees it. */
struct tui_msg *tui_worker_take(struct tui_worker *w);
void tui_msg_free(struct tui_msg *m);
/* Cancels every job, waits for them to return, frees unread messages. */
void tui_worker_free(struct tui_worker *w);

/* --- for jobs, on their own thread --- */
int tui_job_cancelled(struct tui_job_ctx *c);
/* Posts a message (data handed over; freed with free_data if never taken). */
void tui_job_post(struct tui_job_ctx *c, int kind, void *data, void (*free_data)(void *data));
/* Sleeps until the monotonic time *until (NULL: no deadline), a poke or a
 * cancel. Returns the poke bits (cleared), plus TUI_JOB_CANCELLED when
 * cancelled; 0 at the deadline. */
unsigned tui_job_wait(struct tui_job_ctx *c, const struct timespec *until);
/* Marks the job idle (1) or busy again (0). */
void tui_job_idle(struct tui_job_ctx *c, int idle);

#endif
