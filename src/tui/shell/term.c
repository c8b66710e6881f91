/* The terminal (see term.h). The only file that calls newterm/endwin and
 * installs signal handlers; its statics are the only globals of the shell
 * (a signal handler and an atexit handler cannot carry a context). */
#include "config.h"
#include "tui/shell/term.h"

#include <curses.h>
#include <langinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

static const int term_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT };
#define N_SIGNALS (sizeof term_signals / sizeof term_signals[0])

/* Set by the handler, read by tui_term_take_signals. */
static volatile sig_atomic_t sig_winch, sig_int, sig_quit, sig_tstp, sig_cont;
/* The open terminal, for the atexit handler. */
static struct tui_term *term_open_now;

struct tui_term {
	SCREEN *scr;
	FILE *out, *in; /* headless: /dev/null; else NULL (stdout/stdin) */
	struct tui_style style;
	int headless;
	sigset_t wait_mask, old_mask;
	struct sigaction saved[N_SIGNALS];
};

static void on_signal(int sig)
{
	switch (sig) {
	case SIGWINCH: sig_winch = 1; break;
	case SIGINT: sig_int = 1; break;
	case SIGTSTP: sig_tstp = 1; break;
	case SIGCONT: sig_cont = 1; break;
	default: sig_quit = sig; break;
	}
}

static void signals_install(struct tui_term *t)
{
	sigset_t block;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < N_SIGNALS; i++) {
		sigaddset(&block, term_signals[i]);
		sigaction(term_signals[i], &sa, &t->saved[i]);
	}
	/* Before any worker thread starts: threads inherit the mask. */
	pthread_sigmask(SIG_BLOCK, &block, &t->old_mask);
	t->wait_mask = t->old_mask;
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigdelset(&t->wait_mask, term_signals[i]);
}

static void signals_restore(struct tui_term *t)
{
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigaction(term_signals[i], &t->saved[i], NULL);
	pthread_sigmask(SIG_SETMASK, &t->old_mask, NULL);
}

static void term_end(struct tui_term *t)
{
	if (!isendwin())
		endwin();
	delscreen(t->scr);
	t->scr = NULL;
}

static void term_atexit(void)
{
	if (term_open_now && term_open_now->scr && !isendwin())
		endwin();
}

int tui_term_headless_requested(void)
{
	const char *v = getenv("RDM_S3_NO_DISPLAY");
	return v && *v && strcmp(v, "0") != 0;
}

static void init_colors(void)
{
	use_default_colors();
#define TUI_PAIR_INIT(name, num, fg, bg, letter, meaning) init_pair(num, fg, bg);
	TUI_COLORS(TUI_PAIR_INIT)
#undef TUI_PAIR_INIT
}

static int term_new_screen(struct tui_term *t, const char *what, struct rdm_error *err)
{
	const char *type = getenv("TERM");
	if (t->headless) {
		t->out = fopen("/dev/null", "w");
		t->in = fopen("/dev/null", "r");
		if (!t->out || !t->in)
			return rdm_error_set(err, _("cannot open /dev/null for the headless screen"));
		t->scr = newterm(type && *type ? type : "xterm-256color", t->out, t->in);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return rdm_error_set(err, _("%s needs a terminal"), what ? what : _("this screen"));
		t->scr = newterm(NULL, stdout, stdin);
	}
	if (!t->scr) {
		rdm_error_set(err, _("cannot use the terminal type '%s'"),
			      type && *type ? type : _("(TERM not set)"));
		rdm_error_remedy(err, _("set TERM to your terminal's type (e.g. xterm-256color); "
					"Debian: apt-get install ncurses-term"));
		return -1;
	}
	return 0;
}

struct tui_term *tui_term_open(const struct tui_term_opts *o, struct rdm_error *err)
{
	static int atexit_done;
	struct tui_term *t = xcalloc(1, sizeof *t);
	t->headless = o->headless;
	sig_winch = sig_int = sig_quit = sig_tstp = sig_cont = 0;
	/* Before newterm: curses then leaves these signals to us. */
	signals_install(t);
	if (term_new_screen(t, o->what, err) != 0) {
		signals_restore(t);
		if (t->out)
			fclose(t->out);
		if (t->in)
			fclose(t->in);
		free(t);
		return NULL;
	}
	/* Raw: Ctrl-C and Ctrl-Z arrive as keys, in order with the keys typed
	 * around them (a signal would overtake a key already read: "Ctrl-C y"
	 * must ask, then answer). Signals from elsewhere are still handled. */
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	t->style.color = o->want_color && has_colors();
	if (t->style.color) {
		start_color();
		init_colors();
	}
	t->style.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	term_open_now = t;
	if (!atexit_done)
		atexit_done = atexit(term_atexit) == 0;
	return t;
}

const struct tui_style *tui_term_style(const struct tui_term *t)
{
	return &t->style;
}

int tui_term_is_headless(const struct tui_term *t)
{
	return t->headless;
}

const sigset_t *tui_term_wait_mask(const struct tui_term *t)
{
	return &t->wait_mask;
}

/* The terminal's size from the kernel (not headless). */
static void apply_tty_size(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

/* Ctrl-Z: give the terminal back, stop, and take it again on fg. */
static void suspend(struct tui_term *t)
{
	if (t->headless)
		return;
	struct sigaction dfl, mine;
	sigset_t tstp;
	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &mine);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	pthread_sigmask(SIG_UNBLOCK, &tstp, NULL);
	raise(SIGTSTP); /* the process stops here until SIGCONT */
	pthread_sigmask(SIG_BLOCK, &tstp, NULL);
	sigaction(SIGTSTP, &mine, NULL);
	(void)t;
}

unsigned tui_term_take_signals(struct tui_term *t, int *sig)
{
	unsigned ev = 0;
	*sig = 0;
	if (sig_tstp) {
		sig_tstp = 0;
		if (!t->headless) {
			suspend(t);
			sig_cont = 1;
		}
	}
	if (sig_cont) {
		sig_cont = 0;
		if (!t->headless) {
			apply_tty_size();
			clearok(curscr, TRUE);
			ev |= TUI_TERM_REDRAW | TUI_TERM_RESIZED;
		}
	}
	if (sig_winch) {
		sig_winch = 0;
		if (!t->headless) {
			apply_tty_size();
			ev |= TUI_TERM_RESIZED;
		}
	}
	if (sig_int) {
		sig_int = 0;
		ev |= TUI_TERM_INTERRUPT;
	}
	if (sig_quit) {
		*sig = sig_quit;
		sig_quit = 0;
		ev |= TUI_TERM_QUIT;
	}
	return ev;
}

unsigned tui_term_suspend(struct tui_term *t)
{
	if (t->headless)
		return 0;
	suspend(t);
	apply_tty_size();
	clearok(curscr, TRUE);
	return TUI_TERM_REDRAW | TUI_TERM_RESIZED;
}

void tui_term_resize(struct tui_term *t, int lines, int cols)
{
	(void)t;
	resizeterm(lines, cols);
}

void tui_term_cursor(struct tui_term *t, int y, int x)
{
	(void)t;
	if (y < 0) {
		curs_set(0);
		return;
	}
	curs_set(1);
	wmove(stdscr, y, x);
	wnoutrefresh(stdscr);
}

void tui_term_close(struct tui_term *t)
{
	if (!t)
		return;
	term_end(t);
	signals_restore(t);
	if (t->out)
		fclose(t->out);
	if (t->in)
		fclose(t->in);
	if (term_open_now == t)
		term_open_now = NULL;
	free(t);
}
