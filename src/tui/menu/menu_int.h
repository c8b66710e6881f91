/* Shared by the main menu's files: its state and its drawing. */
#ifndef RDM_TUI_MENU_INT_H
#define RDM_TUI_MENU_INT_H

#include "model/menu_model.h"
#include "tui/dash/dash_job.h"
#include "tui/shell/view.h"
#include "tui/widget/list.h"

struct menu_screen {
	struct tui_view base;
	struct menu_model model;
	struct dash_run run;   /* the header's check run */
	int check_runs;        /* tags of the check jobs */
};

/* Smallest screen the menu draws on (else it says so). */
#define MENU_MIN_COLS 50
#define MENU_MIN_LINES 16

void menu_draw(struct tui_view *v, struct tui_draw_ctx *d);

#endif
