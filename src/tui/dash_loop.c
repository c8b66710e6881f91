/* The dashboard's event loop (see dash_loop.h). The only file of the
 * dashboard that sets up the terminal and handles signals. */
#include "config.h"
#include "tui/dash_loop.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "model/dashboard_model.h"
#include "tui/dash_view.h"
#include "util/xalloc.h"

/* Set by the signal handler, read by the loop (the only globals: signals
 * cannot carry a context). */
static volatile sig_atomic_t dash_sig_winch, dash_sig_quit;

static void dash_on_signal(int sig)
{
	if (sig == SIGWINCH)
		dash_sig_winch = 1;
	else
		dash_sig_quit = sig;
}

static const int dash_signals[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP };
#define N_SIGNALS (sizeof dash_signals / sizeof dash_signals[0])

/* Installs the handlers and blocks the signals; *wait_mask is the mask to
 * wait with (the signals unblocked), *old what to restore. */
static void signals_setup(sigset_t *wait_mask, sigset_t *old, struct sigaction saved[N_SIGNALS])
{
	sigset_t block;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = dash_on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (size_t i = 0; i < N_SIGNALS; i++) {
		sigaddset(&block, dash_signals[i]);
		sigaction(dash_signals[i], &sa, &saved[i]);
	}
	/* Before the worker starts: it inherits the mask and never takes them. */
	pthread_sigmask(SIG_BLOCK, &block, old);
	*wait_mask = *old;
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigdelset(wait_mask, dash_signals[i]);
}

static void signals_restore(const sigset_t *old, const struct sigaction saved[N_SIGNALS])
{
	for (size_t i = 0; i < N_SIGNALS; i++)
		sigaction(dash_signals[i], &saved[i], NULL);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static SCREEN *term_start(int want_color, struct dash_style *st, struct rdm_error *err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		rdm_error_set(err, "the dashboard needs a terminal");
		rdm_error_remedy(err, "run it in a terminal, or use 'rdm-s3 check' in scripts");
		return NULL;
	}
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		rdm_error_set(err, "cannot use the terminal type '%s'",
			      getenv("TERM") ? getenv("TERM") : "(TERM not set)");
		rdm_error_remedy(err, "set TERM to your terminal's type (e.g. xterm-256color); "
				 "Debian: apt-get install ncurses-term");
		return NULL;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	st->color = want_color && has_colors();
	if (st->color) {
		start_color();
		dash_view_init_colors();
	}
	st->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	return scr;
}

static void term_resize(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

struct loop_state {
	struct dash_model model;
	struct dash_worker *worker;
	int dirty, quit;
};

static void handle_events(struct loop_state *s, unsigned ev)
{
	if (ev & DASH_EV_REDRAW)
		s->dirty = 1;
	if (ev & DASH_EV_RERUN)
		dash_worker_rerun(s->worker);
	if (ev & DASH_EV_PAUSE)
		dash_worker_pause(s->worker, s->model.paused);
	if (ev & DASH_EV_QUIT)
		s->quit = 1;
}

static void take_messages(struct loop_state *s)
{
	struct dash_msg *msg;
	while ((msg = dash_worker_take(s->worker)) != NULL) {
		if (msg->kind == DASH_MSG_STARTED)
			dash_model_run_started(&s->model, msg->at);
		else if (msg->failed)
			dash_model_run_failed(&s->model, msg->err.message, msg->at);
		else
			dash_model_apply_report(&s->model, &msg->report, msg->at, msg->duration);
		dash_msg_free(msg);
		s->dirty = 1;
	}
}

/* Waits for the next key, message or signal and handles it. Returns -1 on
 * a poll error. */
static int loop_step(struct loop_state *s, const sigset_t *wait_mask)
{
	struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 },
				 { dash_worker_fd(s->worker), POLLIN, 0 } };
	if (ppoll(fds, 2, NULL, wait_mask) < 0 && errno != EINTR)
		return -1;
	if (dash_sig_winch) {
		dash_sig_winch = 0;
		term_resize();
		s->dirty = 1;
	}
	if (fds[0].revents & (POLLHUP | POLLERR))
		s->quit = 1; /* the terminal went away */
	int ch;
	while (!s->quit && (ch = wgetch(stdscr)) != ERR)
		handle_events(s, dash_view_key(&s->model, ch));
	take_messages(s);
	return 0;
}

int dash_loop_run(const struct dash_loop_config *cfg, struct rdm_error *err)
{
	struct loop_state s;
	struct dash_style st;
	sigset_t wait_mask, old;
	struct sigaction saved[N_SIGNALS];
	int rc = 0;

	memset(&s, 0, sizeof s);
	dash_sig_winch = dash_sig_quit = 0;
	/* Before newterm: curses then leaves SIGWINCH/SIGINT/SIGTERM to us. */
	signals_setup(&wait_mask, &old, saved);
	SCREEN *scr = term_start(cfg->want_color, &st, err);
	if (!scr) {
		signals_restore(&old, saved);
		return -1;
	}
	dash_model_init(&s.model, cfg->worker.interval_s);
	s.model.paused = cfg->worker.paused;
	/* Shown in the title while the first run is going on. */
	s.model.instance = cfg->worker.label ? xstrdup(cfg->worker.label) : NULL;
	s.worker = dash_worker_start(&cfg->worker, err);
	if (!s.worker)
		rc = -1;
	for (s.dirty = 1; s.worker && !s.quit && !dash_sig_quit;) {
		if (s.dirty) {
			dash_view_draw(&s.model, &st, stdscr);
			wnoutrefresh(stdscr);
			doupdate();
			s.dirty = 0;
		}
		if (loop_step(&s, &wait_mask) != 0) {
			rc = rdm_error_set(err, "waiting for input failed: %s", strerror(errno));
			break;
		}
	}
	if (rc == 0 && dash_sig_quit)
		rc = 128 + dash_sig_quit;
	endwin();
	/* After endwin, so the terminal is back even while a slow run ends. */
	dash_worker_stop(s.worker);
	delscreen(scr);
	signals_restore(&old, saved);
	dash_model_free(&s.model);
	return rc;
}
