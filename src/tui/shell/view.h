/* A screen of the terminal front end: draw + key -> event (the ncdu and
 * htop lessons). A view draws its state and turns keys, job messages and
 * timer ticks into requests to the loop; its key/msg/tick functions never
 * call curses or do I/O (they may allocate, e.g. a job's argument), so they
 * can be driven by a test with no terminal. The loop (loop.h) holds a stack
 * of views; only the app (tui/app.c) knows every kind of view and opens
 * them, on the actions views ask for.
 *
 * Embed struct tui_view as the first member of each view's struct. */
#ifndef RDM_TUI_SHELL_VIEW_H
#define RDM_TUI_SHELL_VIEW_H
#include <curses.h>

#include "tui/shell/term.h"
#include "tui/shell/worker.h"

/* What a view asks of the loop (flags of struct tui_req). */
enum tui_ev {
	TUI_EV_NONE = 0,
	TUI_EV_REDRAW = 1 << 0, /* its state changed */
	TUI_EV_CLOSE = 1 << 1,  /* take this view (and what is above it) off the stack */
	TUI_EV_QUIT = 1 << 2,   /* end the loop with req.status */
	TUI_EV_ACTION = 1 << 3, /* the app handles req.action (open a view ...) */
	TUI_EV_JOB = 1 << 4,    /* start req.jobs for this view */
	TUI_EV_CANCEL = 1 << 5, /* cancel this view's jobs */
	TUI_EV_POKE = 1 << 6,   /* poke this view's jobs with req.poke */
	TUI_EV_TICK = 1 << 7,   /* call tick after req.tick_ms */
};

#define TUI_REQ_MAX_JOBS 3

struct tui_req {
	long long now_ms;     /* in: the monotonic clock, milliseconds (views
	                         never read a clock themselves) */
	unsigned flags;       /* enum tui_ev */
	int action;           /* TUI_EV_ACTION: the view's own code */
	const void *action_arg; /* borrowed for the call of the app's handler */
	struct tui_job jobs[TUI_REQ_MAX_JOBS];
	int n_jobs;
	unsigned poke;
	int status;
	int tick_ms;
};

/* Adds a job to req (and TUI_EV_JOB). */
void tui_req_job(struct tui_req *req, const struct tui_job *job);

/* The canvas and its settings; draw may set the cursor. */
struct tui_draw_ctx {
	WINDOW *w;
	const struct tui_style *st;
	int lines, cols;
	int cursor_y, cursor_x; /* out: where the text cursor goes; -1: hidden */
};

struct tui_view;

struct tui_view_ops {
	const char *name;
	int overlay; /* drawn over the view below it (help box, confirm) */
	/* Draws the whole screen (an overlay: its box only). May remember
	 * the layout (page height) for the next key. */
	void (*draw)(struct tui_view *v, struct tui_draw_ctx *d);
	/* A key (keys.h codes; KEY_RESIZE after a resize). For
	 * TUI_KEY_INTERRUPT, leaving req empty lets the loop end the program
	 * as Ctrl-C would (status 130). */
	void (*key)(struct tui_view *v, int key, struct tui_req *req);
	/* May be NULL: */
	void (*opened)(struct tui_view *v, struct tui_req *req); /* pushed on the stack */
	void (*msg)(struct tui_view *v, const struct tui_msg *m, struct tui_req *req);
	void (*tick)(struct tui_view *v, struct tui_req *req);
	void (*free)(struct tui_view *v);
};

struct tui_view {
	const struct tui_view_ops *ops;
};

#endif
