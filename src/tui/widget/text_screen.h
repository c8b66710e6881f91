/* A full screen of scrollable text: a title bar, the text in a pane, a
 * help line. The text comes from a job started when the screen opens
 * (it shows `loading` until then), as a TUI_TEXT_MSG message. Esc or q
 * goes back; ? shows the keys. For `config show`, command output, logs. */
#ifndef RDM_TUI_WIDGET_TEXT_SCREEN_H
#define RDM_TUI_WIDGET_TEXT_SCREEN_H

#include "tui/shell/view.h"
#include "tui/widget/pane.h"

/* The message a text job posts (kind), with a struct tui_text_result. */
#define TUI_TEXT_MSG 100

struct tui_text_result {
	int failed; /* text is an error message (shown as such) */
	char *text;
};
struct tui_text_result *tui_text_result_new(int failed, char *text); /* takes text */
void tui_text_result_free(void *result);

struct tui_text_screen_config {
	const char *title;   /* bar prefix, e.g. " rdm-s3 · configuration: " (copied) */
	const char *label;   /* bar text after it (copied; its end is kept) */
	const char *loading; /* shown until the text arrives (copied) */
	enum tui_pane_mode mode;
	struct tui_job job;  /* started when the screen opens (run may be NULL: none) */
};

struct tui_view *tui_text_screen_new(const struct tui_text_screen_config *c);
/* Sets the text directly (no job). */
void tui_text_screen_set(struct tui_view *v, const char *text, int failed);

#endif
