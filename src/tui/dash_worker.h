/* The dashboard's worker thread: runs the health checks (check_run with a
 * probe) every interval, or at once when asked, and hands each outcome to
 * the UI thread through a pipe, so the UI can poll() the pipe together with
 * the keyboard and sleep between events (no busy loop, no timeout polling).
 *
 * Threads: the probe is used only by the worker thread. The calls below are
 * made by the UI thread. Messages travel as pointers through the pipe: the
 * UI takes ownership of each one it takes and frees it with
 * dash_msg_free. No curses here. */
#ifndef RDM_TUI_DASH_WORKER_H
#define RDM_TUI_DASH_WORKER_H
#include <time.h>

#include "ops/check/check_run.h"
#include "util/error.h"

struct dash_worker_config {
	const struct check *const *table;  /* borrowed until dash_worker_stop */
	const struct check_selection *sel; /* borrowed until dash_worker_stop */
	struct check_probe *probe;         /* borrowed; used only by the worker */
	const char *label;                 /* instance label for the reports */
	int interval_s;                    /* between the starts of two runs */
	int paused;                        /* start paused (no first run) */
};

enum dash_msg_kind {
	DASH_MSG_STARTED, /* a run began at `at` */
	DASH_MSG_DONE,    /* a run ended at `at`: report, or failed + err */
};

struct dash_msg {
	enum dash_msg_kind kind;
	time_t at;                 /* wall clock */
	double duration;           /* DONE: seconds the run took */
	int failed;                /* DONE: check_run returned -1 */
	struct rdm_error err;      /* when failed */
	struct check_report report; /* when !failed */
};

struct dash_worker;

/* Starts the thread; the first run begins at once unless cfg->paused.
 * Returns NULL with err set when the pipe or thread cannot be made. */
struct dash_worker *dash_worker_start(const struct dash_worker_config *cfg,
				      struct rdm_error *err);
/* The read end of the pipe: readable when a message waits. */
int dash_worker_fd(const struct dash_worker *w);
/* The next message, or NULL when none waits (never blocks). */
struct dash_msg *dash_worker_take(struct dash_worker *w);
void dash_msg_free(struct dash_msg *msg);
/* Run now (also while paused); asked during a run, the next run starts
 * right after it. */
void dash_worker_rerun(struct dash_worker *w);
/* Paused: no scheduled runs until resumed; a due run starts on resume. */
void dash_worker_pause(struct dash_worker *w, int paused);
/* Asks the thread to end, waits for it (a run in progress finishes first:
 * at most the probe's time limit), frees unread messages and w. NULL ok. */
void dash_worker_stop(struct dash_worker *w);

#endif
