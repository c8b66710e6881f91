/* The rotation walkthrough (the menu's "Rotate credentials"): the view of
 * the model in src/model/rotate_walk.h, with the jobs that read the key,
 * plan and apply the rotation (ops/rotate, ops/change) on the worker. */
#ifndef RDM_TUI_ROTATE_ROTATE_SCREEN_H
#define RDM_TUI_ROTATE_ROTATE_SCREEN_H

#include "tui/shell/view.h"

/* The action it asks of the app when it closes (the menu reads again). */
#define ROTATE_CLOSED 0x5201

struct rotate_screen_config {
	const char *instance_dir; /* copied */
	const char *shown_dir;    /* the title's label; NULL: instance_dir */
	const char *ca_file;      /* --ca-file, or NULL */
};

struct tui_view *rotate_screen_new(const struct rotate_screen_config *c);

#endif
