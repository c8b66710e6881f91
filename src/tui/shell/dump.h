/* A screen as text, for golden-screen tests and the script's
 * :save-screen: the characters of every line (trailing blanks trimmed),
 * then a map of the attributes (b bold, r reverse, R both), then, when
 * colour is on, a map of the colour pairs (letters from TUI_COLORS). ACS
 * line drawing is written as - | + so the dump does not depend on the
 * terminal's character set. Read cell by cell from the curses buffers, so
 * it works headless. */
#ifndef RDM_TUI_SHELL_DUMP_H
#define RDM_TUI_SHELL_DUMP_H
#include <curses.h>

#include "util/buf.h"
#include "util/error.h"

void tui_screen_dump(WINDOW *w, int color, struct buf *out);
/* The dump into a file (replaced). */
int tui_screen_save(WINDOW *w, int color, const char *path, struct rdm_error *err);

#endif
