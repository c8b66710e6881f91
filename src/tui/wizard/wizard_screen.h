/* `rdm-s3 setup` in the terminal: the setup wizard as a view of the shell
 * (the model is model/setup_model.h; the engine is reached through a
 * struct setup_engine, the real one or a test's fake). Live questions, the
 * plan and the run go to the worker; the screen never waits for them and
 * never touches the network itself. */
#ifndef RDM_TUI_WIZARD_SCREEN_H
#define RDM_TUI_WIZARD_SCREEN_H

#include "model/setup_engine.h"
#include "tui/shell/view.h"

struct wizard_config {
	const char *instance_dir;          /* absolute (copied) */
	const char *shown_dir;             /* as titles show it (copied; NULL: instance_dir) */
	const struct setup_engine *eng;    /* borrowed; outlives the jobs */
	const char *ca_file;               /* --ca-file (copied; NULL: none) */
	long timeout_ms;                   /* per request of the live questions; 0: 10 s */
	int standalone;                    /* the only screen: leaving ends the program
	                                      (status 0 done or left, 1 failed) */
	/* A dashboard fix (`f`): the check's id (copied) and its CHECK_FIX_*
	 * bits; the screens are review, apply, verify and summary of that one
	 * change. NULL: the setup wizard. */
	const char *fix_check;
	unsigned fix_kinds;
	const char *fix_summary;           /* what the fix does, one line (copied) */
};

/* Asked for (TUI_EV_ACTION) when the wizard closes (not standalone), with
 * the enum setup_result as the argument's value, so the screen below can
 * bring itself up to date; and when the operator asks for the live
 * dashboard from the verify or summary step. */
#define WIZARD_CLOSED 0x5701
#define WIZARD_DASHBOARD 0x5702

struct tui_view *wizard_screen_new(const struct wizard_config *c);
/* The model (tests). */
const struct setup_model *wizard_screen_model(const struct tui_view *v);

#endif
