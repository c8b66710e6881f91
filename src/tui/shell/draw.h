/* Drawing every screen shares: text that respects display widths (and
 * never lets control characters from files or servers reach the
 * terminal), word wrapping, status colours, lines and symbols in UTF-8 or
 * ASCII, boxes, the title bar, and the key help line drawn from data (the
 * htop FunctionBar lesson). */
#ifndef RDM_TUI_SHELL_DRAW_H
#define RDM_TUI_SHELL_DRAW_H
#include <curses.h>
#include <stddef.h>
#include <time.h>

#include "ops/check/check_status.h"
#include "tui/shell/term.h"

/* Symbols in the two character sets. */
struct tui_glyphs {
	const char *hline, *vline, *tl, *tr, *bl, *br; /* frames */
	const char *pointer;  /* the selected row: ▸ or > */
	const char *done;     /* ✓ or + */
	const char *failed;   /* ✗ or x */
	const char *mask;     /* one masked secret character: ● or * */
	const char *radio_on, *radio_off; /* (•) ( ) / (*) ( ) */
	const char *dot;      /* separator in headers: · or - */
	const char *ellipsis; /* … or ... */
	const char *up, *down; /* scroll marks */
	const char *const *spinner; /* frames, NULL-terminated */
};
const struct tui_glyphs *tui_glyphs(const struct tui_style *st);

/* Writes s at (y, x) in at most `width` columns with attr/pair; control
 * characters and undecodable bytes are shown as '?'. Returns the columns
 * used. */
int tui_put(WINDOW *w, int y, int x, int width, const char *s, attr_t attr, short pair);
/* The display width of s (as tui_put would draw it). */
int tui_text_width(const char *s);
/* s in at most width columns: as it is when it fits, else "..." and its
 * end (the end of a path says more than its start). Allocated. */
char *tui_ellipsize_start(const char *s, int width);
/* Word-wraps s (split at '\n' first) to `width` columns: calls
 * line(ctx, text) for each line (a NUL-terminated copy, freed after the
 * call). Returns the number of lines, stopping early once line returns
 * non-zero. */
size_t tui_wrap(const char *s, int width, int (*line)(void *ctx, const char *text), void *ctx);
/* Like tui_wrap into a NULL-terminated array of lines (free with
 * tui_lines_free); *n gets the count. */
char **tui_wrap_lines(const char *s, int width, size_t *n);
void tui_lines_free(char **lines);

/* Attributes and pair for a check status. */
void tui_status_style(const struct tui_style *st, enum check_status s, attr_t *attr, short *pair);
/* A pair in colour, 0 without. */
short tui_pair(const struct tui_style *st, enum tui_pair p);

/* A horizontal line of n columns. */
void tui_hline(WINDOW *w, const struct tui_style *st, int y, int x, int n);
/* A frame of h x w at (y, x) with an optional title in its top edge;
 * the inside is cleared. */
void tui_box(WINDOW *w, const struct tui_style *st, int y, int x, int h, int wd, const char *title);

/* The bar on line 0: prefix, then label (its end kept when too long: the end of a
 * path says more than its start), right text bold. */
void tui_title_bar(WINDOW *w, const struct tui_style *st, const char *prefix, const char *label,
		   const char *right);

/* One entry of a key help line. key is shown as is, label is
 * translated (N_() in the tables). */
struct tui_keyhint {
	const char *key, *label;
};
/* Draws the hints on line y from column x; returns the columns used. */
int tui_keyhints(WINDOW *w, int y, int x, int cols, const struct tui_keyhint *h, size_t n);

/* "HH:MM:SS" in local time ("--:--:--" for 0). */
void tui_clock_format(time_t t, char out[16]);

#endif
