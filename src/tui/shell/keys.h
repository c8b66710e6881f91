/* Where keys come from: the terminal, or a script (the tig TIG_SCRIPT
 * lesson, without script checks spread through the product: the loop reads
 * one interface and does not know which source it has).
 *
 * Key codes are ints: ASCII characters as themselves (27 is Esc, '\r'
 * Enter, 9 Tab), curses function keys as KEY_* (KEY_DOWN, KEY_BTAB,
 * KEY_F(2), KEY_RESIZE), other characters as TUI_KEY_WCHAR(code point), and
 * TUI_KEY_INTERRUPT for Ctrl-C (SIGINT, or <C-c> in a script).
 *
 * Script files (RDM_S3_SCRIPT=FILE): one line at a time,
 *   # comment, blank lines     ignored
 *   :save-screen FILE          dump the screen (text, attributes, colours)
 *   :resize COLSxLINES         resize the screen
 *   :wait-idle                 wait until no background work is running
 *                              (bounded: 10 s, then the run fails)
 *   :quit                      end the loop (also at the end of the script)
 *   anything else              keys, in order: characters as written (UTF-8),
 *                              and <Name> for <Enter> <Esc> <Tab> <S-Tab> <Up>
 *                              <Down> <Left> <Right> <Home> <End> <PgUp>
 *                              <PgDn> <BS> <Del> <Space> <F1>..<F12> <C-c>
 *                              <C-a>..<C-z> <lt> (a literal '<'). */
#ifndef RDM_TUI_SHELL_KEYS_H
#define RDM_TUI_SHELL_KEYS_H
#include <stddef.h>

#include "util/error.h"

#define TUI_KEY_INTERRUPT 0x0ff000  /* Ctrl-C */
#define TUI_KEY_SUSPEND 0x0ff001    /* Ctrl-Z (the loop suspends; views never see it) */
#define TUI_KEY_WCHAR_BASE 0x1000000
#define TUI_KEY_WCHAR(wc) (TUI_KEY_WCHAR_BASE + (int)(wc))
#define TUI_KEY_CTRL(c) ((c) & 0x1f)

/* The character a key types, or 0 for a function/control key. */
int tui_key_char(int key);

enum tui_input_kind {
	TUI_INPUT_KEY,        /* .key */
	TUI_INPUT_SAVE_SCREEN, /* .arg: the file */
	TUI_INPUT_RESIZE,     /* .lines, .cols */
	TUI_INPUT_WAIT_IDLE,
	TUI_INPUT_QUIT,
};

struct tui_input {
	enum tui_input_kind kind;
	int key;
	int lines, cols;
	char *arg; /* owned by the source until the next call */
};

struct tui_keys {
	/* The descriptor to poll for input, or -1: input is always ready. */
	int (*fd)(const struct tui_keys *k);
	/* The next input: 1 with *in filled, 0 none waiting, -1 the end (a
	 * script's end, or the terminal went away). Never blocks. */
	int (*next)(struct tui_keys *k, struct tui_input *in);
	void (*free)(struct tui_keys *k);
};

/* Keys from curses (stdscr must be in nodelay mode). */
struct tui_keys *tui_keys_tty_new(void);
/* Keys and commands from a script file; the whole file is parsed first, so
 * a syntax error (unknown <Name>, bad :command) fails here with file:line. */
struct tui_keys *tui_keys_script_new(const char *path, struct rdm_error *err);
/* The same from text (tests). name is used in error messages. */
struct tui_keys *tui_keys_script_parse(const char *text, const char *name, struct rdm_error *err);

#endif
