/* The main menu as a view (the model is model/menu_model.h). When it
 * opens it reads the instance and runs the health checks once on the
 * worker, so the first frame never waits for either; the header fills in
 * as they finish. It asks the app (TUI_EV_ACTION) to open what the
 * operator picks. */
#ifndef RDM_TUI_MENU_SCREEN_H
#define RDM_TUI_MENU_SCREEN_H
#include <time.h>

#include "model/menu_model.h"
#include "ops/check/check_run.h"
#include "tui/dash/dash_job.h"
#include "tui/shell/view.h"

/* Actions the menu asks of the app. */
enum menu_screen_action {
	MENU_DO_SETUP = 0x4d00,
	MENU_DO_ROTATE,
	MENU_DO_DASHBOARD,
	MENU_DO_CONFIG,
	MENU_DO_ASK_UNDO, /* ask first: menu_screen_undo_question */
	MENU_DO_HELP,     /* arg: the help text */
	MENU_DO_SHOW,     /* arg: a struct tui_text_result (what undo did) */
};

struct menu_screen_config {
	const char *instance_dir;          /* copied */
	const struct check *const *table;  /* borrowed while the view lives */
	const struct check_selection *sel; /* borrowed; NULL: every check */
	struct dash_probe_holder *probe;   /* a reference is taken */
	int setup_available;               /* the wizard exists */
	const char *shown_dir;             /* the folder as the title shows it
	                                      ("~/demo-repo"; copied); NULL: instance_dir */
	time_t (*clock)(void);             /* wall clock; NULL: time() */
};

struct tui_view *menu_screen_new(const struct menu_screen_config *c);
/* The question before an undo: what it restores (allocated). */
char *menu_screen_undo_question(const struct tui_view *v);
/* The operator said yes: start the undo (requests go into req). */
void menu_screen_start_undo(struct tui_view *v, struct tui_req *req);
/* Read the instance and run the checks again (back from the dashboard:
 * the files may have been edited meanwhile). */
void menu_screen_recheck(struct tui_view *v, struct tui_req *req);
/* The model (tests). */
const struct menu_model *menu_screen_model(const struct tui_view *v);

#endif
