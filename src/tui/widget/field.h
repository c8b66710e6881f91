/* A one-line text field: typing, cursor keys, validation as typed (the
 * problem is shown under the field at once), and secret mode (masked, F2
 * shows the text while the field has the focus; leaving it masks again).
 *
 * The state is a plain struct and tui_field_key does no curses, so a test
 * types into a field without a terminal. Text is kept as wide characters,
 * so the cursor moves by character; secret text is wiped when replaced or
 * freed. */
#ifndef RDM_TUI_WIDGET_FIELD_H
#define RDM_TUI_WIDGET_FIELD_H
#include <stddef.h>
#include <wchar.h>

#include "tui/shell/view.h"

/* Returns what is wrong with text (a translated message the caller keeps
 * alive), or NULL when it is fine. */
typedef const char *(*tui_field_check)(const char *text, void *ctx);

struct tui_field {
	wchar_t *text;
	size_t n, cap;
	size_t cursor;  /* 0..n */
	size_t scroll;  /* first character shown */
	size_t max_len; /* 0: no limit */
	int secret;
	int revealed;   /* F2: the secret is shown */
	tui_field_check check;
	void *check_ctx;
	const char *problem; /* what check said about the current text */
};

enum tui_field_result {
	TUI_FIELD_IGNORED = 0, /* not a key for the field */
	TUI_FIELD_MOVED,       /* cursor or reveal changed */
	TUI_FIELD_CHANGED,     /* the text changed (and was checked) */
};

void tui_field_init(struct tui_field *f, int secret, tui_field_check check, void *check_ctx);
void tui_field_free(struct tui_field *f);
/* Replaces the text (UTF-8), cursor at the end, and checks it. */
void tui_field_set(struct tui_field *f, const char *text);
/* The text as UTF-8 (allocated; for a secret, free it with secret_free). */
char *tui_field_text(const struct tui_field *f);
/* Printable characters, Left/Right/Home/End, Backspace/Delete, Ctrl-U
 * (clear), Ctrl-K (to the end), F2 (secret: reveal/mask). */
enum tui_field_result tui_field_key(struct tui_field *f, int key);
/* The field loses the focus: a revealed secret is masked again. */
void tui_field_blur(struct tui_field *f);

/* Draws "[text   ]" in `width` columns at (y, x); focused: the inside
 * reversed and the cursor placed. */
void tui_field_draw(struct tui_field *f, struct tui_draw_ctx *d, int y, int x, int width, int focused);

#endif
