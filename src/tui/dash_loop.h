/* `rdm-s3 dashboard`'s event loop: owns the terminal, the model and the
 * worker thread. It sleeps in ppoll() on the keyboard and the worker's
 * pipe (no timeout: nothing happens between a refresh and the next key),
 * applies what arrives to the model and redraws. SIGWINCH, SIGINT, SIGTERM
 * and SIGHUP are blocked except inside ppoll, so none is lost between a
 * check and the wait. */
#ifndef RDM_TUI_DASH_LOOP_H
#define RDM_TUI_DASH_LOOP_H

#include "tui/dash_worker.h"
#include "util/error.h"

struct dash_loop_config {
	struct dash_worker_config worker; /* what to run and how often */
	int want_color;                   /* use colour if the terminal has it */
};

/* Runs until q or a signal. Returns 0 after q, 128+N after signal N, or
 * -1 with err set when the terminal or the worker cannot be set up
 * (stdin/stdout not a terminal, unknown TERM). */
int dash_loop_run(const struct dash_loop_config *cfg, struct rdm_error *err);

#endif
