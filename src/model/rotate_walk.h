/* The rotation walkthrough (the menu's "Rotate credentials") without a
 * screen: what the screen shows at each stage and what Enter, Esc and the
 * option keys do there. The work (reading the key, planning, applying the
 * change) is done by jobs on the worker (tui/rotate/); their results come
 * in as plain values. No curses, no I/O.
 *
 *   LOADING   the key today and the plan are being made
 *   REVIEW    the key, the diff (secrets masked) and the steps; Enter
 *             applies, `a` re-plans with the app moved to a MinIO user of
 *             its own (when the app is on the root user), Esc leaves
 *             ("nothing was written")
 *   APPLYING  each step as it completes; Esc asks to stop (the engine rolls
 *             back what was done)
 *   DONE      the outcome, what was undone; Enter or Esc leaves */
#ifndef RDM_MODEL_ROTATE_WALK_H
#define RDM_MODEL_ROTATE_WALK_H

#include "ops/change/change.h"
#include "util/buf.h"

enum rotate_walk_stage { RW_LOADING = 0, RW_REVIEW, RW_APPLYING, RW_DONE };

/* What the model asks of the screen (flags). */
enum rotate_walk_ask {
	RW_ASK_NONE = 0,
	RW_ASK_LOAD = 1 << 0,   /* start the load job (w->app_user says how) */
	RW_ASK_APPLY = 1 << 1,  /* start the apply job */
	RW_ASK_STOP = 1 << 2,   /* cancel the apply job (it rolls back) */
	RW_ASK_CLOSE = 1 << 3,  /* leave the walkthrough */
};

struct rotate_walk {
	enum rotate_walk_stage stage;
	struct buf text;       /* what the pane shows */
	int failed;            /* DONE after a failure (or a load that failed) */
	int exit_code;         /* as `rdm-s3 rotate` would exit (DONE) */
	int app_user;          /* plan the move to a MinIO user of its own */
	int can_app_user;      /* the plan is a root rotation on MinIO */
	int stopping;          /* Esc during the apply: the rollback runs */
	char *hint;            /* the line under the pane (translated, allocated) */
};

void rotate_walk_init(struct rotate_walk *w);
void rotate_walk_free(struct rotate_walk *w);

/* The load ended: the review text (can_app_user: offer `a`), or an error. */
void rotate_walk_loaded(struct rotate_walk *w, const char *review, int can_app_user);
void rotate_walk_load_failed(struct rotate_walk *w, const char *message, const char *remedy);
/* A step event of the apply (the line it adds, as `rdm-s3 rotate` prints
 * it; NULL for none). The line is made on the worker (rotate_walk_line). */
void rotate_walk_progress(struct rotate_walk *w, const char *line);
char *rotate_walk_line(const struct change_event *ev);
/* The apply ended (out->end) or could not start (err_message). */
void rotate_walk_finished(struct rotate_walk *w, const struct change_outcome *out, const char *err_message);

/* A key (the screen's codes: '\n' Enter, 27 Esc, 'a'). Returns RW_ASK_*. */
unsigned rotate_walk_key(struct rotate_walk *w, int key);

#endif
