/* The terminal front end: `rdm-s3` (the main menu), `rdm-s3 dashboard`,
 * and (later) `rdm-s3 setup`. Opens the terminal (or the headless one),
 * the key source (the terminal, or RDM_S3_SCRIPT), the worker and the
 * loop, pushes the first view, runs, and puts everything back. This is the
 * only file that knows every kind of view: views ask for actions, the app
 * opens what they ask for. */
#ifndef RDM_TUI_APP_H
#define RDM_TUI_APP_H

#include <time.h>

#include "model/setup_engine.h"
#include "ops/check/check_run.h"
#include "tui/dash/dash_job.h"
#include "util/error.h"

enum tui_app_start {
	TUI_APP_MENU,      /* `rdm-s3` in an instance folder */
	TUI_APP_DASHBOARD, /* `rdm-s3 dashboard` */
	TUI_APP_SETUP,     /* `rdm-s3 setup`: the wizard */
};

struct tui_app_config {
	enum tui_app_start start;
	int want_color;                    /* --no-color / NO_COLOR folded in */
	const char *instance_dir;          /* NULL: an endpoint alone (dashboard) */
	const char *label;                 /* what the title shows */
	/* The health checks: the table, the selection (NULL: all), and how to
	 * make the probe (on the worker, when a run first needs it), or a probe
	 * that exists (borrowed until tui_app_run returns). */
	const struct check *const *table;
	const struct check_selection *sel;
	dash_probe_new_fn probe_new;
	dash_probe_free_fn probe_free;
	void *probe_ctx;
	struct check_probe *probe;
	int interval_s;                    /* the dashboard's refresh */
	time_t (*clock)(void);             /* the wall clock (NULL: time(); tests fix it) */
	int paused;                        /* the dashboard starts paused */
	/* The setup engine the wizard uses (setup_engine_real, or a test's
	 * fake); NULL: no wizard (the menu says it is not available). */
	const struct setup_engine *setup_engine;
	const char *ca_file;               /* --ca-file, for the wizard's requests */
	long timeout_ms;                   /* per request of the wizard's questions; 0: 10 s */
	const char *what;                  /* "the dashboard": for "... needs a terminal" */
	const char *no_terminal_remedy;    /* added to the "needs a terminal" error */
};

/* Runs the front end. Returns the exit status (0 after q, 128+N after
 * signal N), or -1 with err set when it could not start (no terminal, an
 * unknown TERM, a bad key script) or a key script failed. */
int tui_app_run(const struct tui_app_config *cfg, struct rdm_error *err);

#endif
