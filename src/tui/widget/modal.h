/* Boxes drawn over the screen below them (the ncdu lesson: the screen
 * below is drawn first, then the box; no window stack):
 *  - a text box for help and messages: the text scrolls when it is longer
 *    than the box; Esc, Enter, q or ? close it (any other key too, unless
 *    it scrolls);
 *  - a yes/no question: y or n, Left/Right/Tab to move between the
 *    buttons, Enter takes the one with the focus, Esc and Ctrl-C answer no.
 * On an answer the box closes and asks the app for yes_action or
 * no_action (TUI_EV_ACTION; a negative code asks for nothing). */
#ifndef RDM_TUI_WIDGET_MODAL_H
#define RDM_TUI_WIDGET_MODAL_H

#include "tui/shell/view.h"

/* title and text are copied. close_action: asked for when the box closes
 * (negative: none). */
struct tui_view *tui_textbox_new(const char *title, const char *text, int close_action);
struct tui_view *tui_confirm_new(const char *title, const char *text, int default_yes, int yes_action,
				 int no_action);

#endif
