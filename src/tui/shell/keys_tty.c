/* Keys from the terminal (see keys.h). */
#include "config.h"
#include "tui/shell/keys.h"

#include <curses.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/xalloc.h"

int tui_key_char(int key)
{
	if (key >= TUI_KEY_WCHAR_BASE)
		return key - TUI_KEY_WCHAR_BASE;
	if (key >= 32 && key < 127)
		return key;
	return 0;
}

static int tty_fd(const struct tui_keys *k)
{
	(void)k;
	return STDIN_FILENO;
}

static int tty_next(struct tui_keys *k, struct tui_input *in)
{
	wint_t wc;
	(void)k;
	int r = wget_wch(stdscr, &wc);
	if (r == ERR)
		return 0;
	in->kind = TUI_INPUT_KEY;
	if (r == KEY_CODE_YES)
		in->key = (int)wc;
	else if (wc == 3) /* Ctrl-C: a character in raw mode */
		in->key = TUI_KEY_INTERRUPT;
	else if (wc == 26) /* Ctrl-Z */
		in->key = TUI_KEY_SUSPEND;
	else
		in->key = wc < 128 ? (int)wc : TUI_KEY_WCHAR(wc);
	return 1;
}

static void tty_free(struct tui_keys *k)
{
	free(k);
}

struct tui_keys *tui_keys_tty_new(void)
{
	struct tui_keys *k = xcalloc(1, sizeof *k);
	k->fd = tty_fd;
	k->next = tty_next;
	k->free = tty_free;
	return k;
}
