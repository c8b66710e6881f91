/* The menu's background work, on the worker (tui/shell/worker.h): read
 * the instance for the header and the undo item, render `config show`,
 * undo the last change. Each posts one message with its result; none
 * touches the screen. */
#ifndef RDM_TUI_MENU_JOBS_H
#define RDM_TUI_MENU_JOBS_H

#include "model/menu_model.h"
#include "tui/shell/worker.h"
#include "tui/widget/text_screen.h"

/* Messages: MENU_MSG_INFO with a struct menu_info; the configuration and
 * what undo did as TUI_TEXT_MSG with a struct tui_text_result (failed: the
 * text is the error with its remedy). */
enum menu_msg_kind { MENU_MSG_INFO = 1 };

/* instance_dir is copied. clock: the wall clock (NULL: time()). */
struct tui_job menu_info_job(const char *instance_dir, time_t (*clock)(void), int tag);
/* shown_dir: the folder as the text names it (copied; NULL: instance_dir). */
struct tui_job menu_config_job(const char *instance_dir, const char *shown_dir, int tag);
struct tui_job menu_undo_job(const char *instance_dir, time_t (*clock)(void), int tag);

#endif
