/* The dashboard as a view of the shell (tui/shell/view.h): the model
 * (model/dashboard_model.h), drawn by dash_view, fed by check runs on the
 * worker (dash_job.h). It decides when to run: at once when opened
 * (unless started paused), every interval between the starts of two runs,
 * on r, on resume when a run is due. q closes it (the program ends when it
 * was the only screen); Ctrl-C ends the program (status 130). */
#ifndef RDM_TUI_DASH_SCREEN_H
#define RDM_TUI_DASH_SCREEN_H

#include "ops/check/check_run.h"
#include "tui/dash/dash_job.h"
#include "tui/shell/view.h"

struct dash_screen_config {
	const struct check *const *table;  /* borrowed while the view lives */
	const struct check_selection *sel; /* borrowed; NULL: every check */
	struct dash_probe_holder *probe;   /* a reference is taken */
	const char *label;                 /* the instance (copied) */
	int interval_s;                    /* between the starts of two runs */
	int paused;                        /* start paused: no run until p or r */
	time_t (*clock)(void);             /* wall clock; NULL: time() */
	int can_fix;                       /* `f` may open a fix (an instance folder
	                                      and the setup engine are there) */
};

struct tui_view *dash_screen_new(const struct dash_screen_config *cfg);
/* Asked for (TUI_EV_ACTION) when q closes the dashboard, so the screen
 * below can bring itself up to date. */
#define DASH_SCREEN_CLOSED 0x4441
/* Asked for (TUI_EV_ACTION) by `f` on a fixable row; the argument is the
 * row (const struct dash_row *, model/dashboard_model.h), valid for the
 * call. The app opens the fix's review, apply and verify screens. */
#define DASH_SCREEN_FIX 0x4442

/* Runs the checks now (after a fix closed, so its row shows the result). */
void dash_screen_rerun(struct tui_view *v, struct tui_req *req);

#endif
