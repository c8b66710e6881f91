/* The one loop every screen runs on: a stack of views, keys from a key
 * source, messages from the worker, ticks, signals. It sleeps in ppoll()
 * on the keyboard and the worker's pipe (no busy loop) and redraws only
 * what changed: the top view, over the views below it when it is an
 * overlay. */
#ifndef RDM_TUI_SHELL_LOOP_H
#define RDM_TUI_SHELL_LOOP_H

#include "tui/shell/keys.h"
#include "tui/shell/term.h"
#include "tui/shell/view.h"
#include "tui/shell/worker.h"

struct tui_loop;

/* The app's handler of TUI_EV_ACTION (it may push views). */
typedef void (*tui_action_fn)(void *app, struct tui_loop *l, struct tui_view *from, int action,
			      const void *arg);

struct tui_loop_config {
	struct tui_term *term;     /* borrowed */
	struct tui_keys *keys;     /* borrowed */
	struct tui_worker *worker; /* borrowed */
	tui_action_fn on_action;
	void *app;
	int idle_timeout_ms;       /* bound of the script's :wait-idle (0: 10 s) */
};

struct tui_loop *tui_loop_new(const struct tui_loop_config *cfg);
/* Frees the views left on the stack. */
void tui_loop_free(struct tui_loop *l);

/* Pushes a view (the loop owns it now) and calls its opened(). */
void tui_loop_push(struct tui_loop *l, struct tui_view *v);
/* Takes v and every view above it off the stack (freed later in the same
 * turn, so a caller still inside v is safe); its jobs are cancelled. */
void tui_loop_close(struct tui_loop *l, struct tui_view *v);
/* The view below v, or NULL. */
struct tui_view *tui_loop_below(struct tui_loop *l, struct tui_view *v);
/* Hands a request to the loop as if v had made it (the app uses this to
 * start jobs for a view it made). */
void tui_loop_request(struct tui_loop *l, struct tui_view *v, struct tui_req *req);

/* Runs until the stack is empty (status 0 or the last QUIT's), a QUIT,
 * the end of the key source, or SIGTERM/SIGHUP (128+N). Returns the exit
 * status, or -1 with err set (ppoll failed, a :wait-idle timed out, a
 * :save-screen could not be written). */
int tui_loop_run(struct tui_loop *l, struct rdm_error *err);

#endif
