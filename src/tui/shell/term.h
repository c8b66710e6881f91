/* The terminal: the only code that starts and ends curses, owns the colour
 * table and the signals, and puts the terminal back on every way out.
 *
 * Signals: SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP and SIGCONT get
 * handlers that only set flags, and are blocked in every thread except
 * while the loop waits in ppoll() with tui_term_wait_mask(), so none is lost
 * between a check and the wait and the worker threads never take one. The
 * loop then calls tui_term_take_signals(): a resize is applied to curses, a
 * SIGTSTP suspends (curses ended, the process stopped, curses back and the
 * screen redrawn on fg), SIGINT is handed back as a key (Ctrl-C belongs to
 * the screen: the wizard asks before leaving), SIGTERM/SIGHUP end the loop.
 * The terminal is in raw mode, so Ctrl-C and Ctrl-Z typed at it arrive as
 * keys in order with the others (TUI_KEY_INTERRUPT, TUI_KEY_SUSPEND).
 * An atexit handler ends curses if the process leaves without
 * tui_term_close.
 *
 * Headless (RDM_S3_NO_DISPLAY set, the tig lesson): curses draws into
 * /dev/null with TERM (default xterm-256color) at LINES x COLUMNS (default
 * 80x24), reads no terminal, and keeps its buffers, so the real loop runs in
 * tests and screen dumps work. */
#ifndef RDM_TUI_SHELL_TERM_H
#define RDM_TUI_SHELL_TERM_H
#include <signal.h>

#include "util/error.h"

/* Colour pairs: one table (the ncdu lesson), number, colours, the letter a
 * screen dump uses, and what it means. Pair numbers are stable: the golden
 * screens store the letters. */
#define TUI_COLORS(X)                                              \
	X(OK, 1, COLOR_GREEN, -1, 'g', "ok")                       \
	X(WARN, 2, COLOR_YELLOW, -1, 'y', "warn")                  \
	X(CRIT, 3, COLOR_RED, -1, 'r', "crit")                     \
	X(UNKNOWN, 4, COLOR_MAGENTA, -1, 'm', "unknown")           \
	X(INFO, 5, COLOR_CYAN, -1, 'c', "info")                    \
	X(TITLE, 6, COLOR_BLACK, COLOR_CYAN, 't', "title")

enum tui_pair {
	TUI_PAIR_NONE = 0,
#define TUI_PAIR_ENUM(name, num, fg, bg, letter, meaning) TUI_PAIR_##name = num,
	TUI_COLORS(TUI_PAIR_ENUM)
#undef TUI_PAIR_ENUM
	TUI_PAIR__END
};

/* How to draw: decided once when the terminal is opened. */
struct tui_style {
	int color; /* colour pairs are set up (else bold/reverse only: NO_COLOR) */
	int utf8;  /* the locale is UTF-8: Unicode lines and symbols */
};

struct tui_term_opts {
	int want_color; /* --no-color / NO_COLOR already folded in by the caller */
	int headless;   /* draw into /dev/null (RDM_S3_NO_DISPLAY) */
	const char *what; /* for "... needs a terminal" ("the dashboard"); NULL: "this screen" */
};

/* What tui_term_take_signals found (flags). */
enum tui_term_event {
	TUI_TERM_RESIZED = 1 << 0,   /* the size changed: redraw */
	TUI_TERM_REDRAW = 1 << 1,    /* back from a suspend: the screen was repainted */
	TUI_TERM_INTERRUPT = 1 << 2, /* Ctrl-C (SIGINT): hand it to the screen as a key */
	TUI_TERM_QUIT = 1 << 3,      /* SIGTERM/SIGHUP: *sig says which */
};

struct tui_term;

/* Whether RDM_S3_NO_DISPLAY asks for the headless mode. */
int tui_term_headless_requested(void);

/* Starts curses (not headless: stdin and stdout must be a terminal, else
 * the error says so; the caller adds its remedy). Installs the signal
 * handlers and blocks the signals first, so curses leaves them to us. */
struct tui_term *tui_term_open(const struct tui_term_opts *o, struct rdm_error *err);
const struct tui_style *tui_term_style(const struct tui_term *t);
int tui_term_is_headless(const struct tui_term *t);
/* The signal mask to wait with (ppoll): the handled signals unblocked. */
const sigset_t *tui_term_wait_mask(const struct tui_term *t);
/* Applies what the signals asked for (resize, suspend) and reports it.
 * *sig gets the signal of TUI_TERM_QUIT. */
unsigned tui_term_take_signals(struct tui_term *t, int *sig);
/* Ctrl-Z typed: suspend as SIGTSTP would; returns tui_term_event flags. */
unsigned tui_term_suspend(struct tui_term *t);
/* Sets the size (the script's :resize; a headless terminal has no other). */
void tui_term_resize(struct tui_term *t, int lines, int cols);
/* Shows the hardware cursor at (y, x) of the screen, or hides it (y < 0). */
void tui_term_cursor(struct tui_term *t, int y, int x);
/* Ends curses, restores the signal handlers and mask; NULL ok. */
void tui_term_close(struct tui_term *t);

#endif
