/* The loop (see loop.h). */
#include "config.h"
#include "tui/shell/loop.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "tui/shell/dump.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define DEFAULT_IDLE_TIMEOUT_MS 10000

struct entry {
	struct tui_view *v;
	long long tick_due; /* monotonic ms; 0: none */
};

struct owned_job {
	unsigned id;
	struct tui_view *owner;
};

struct tui_loop {
	struct tui_loop_config cfg;
	struct entry *stack;
	size_t n, cap;
	struct tui_view **dead; /* closed, freed at the end of the turn */
	size_t n_dead, cap_dead;
	struct owned_job *jobs;
	size_t n_jobs, cap_jobs;
	int dirty, quit, status, input_ended;
	long long idle_deadline; /* waiting for :wait-idle until then; 0: not */
	struct rdm_error *err;   /* of the current run */
	int failed;
};

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void tui_req_job(struct tui_req *req, const struct tui_job *job)
{
	if (req->n_jobs < TUI_REQ_MAX_JOBS)
		req->jobs[req->n_jobs++] = *job;
	req->flags |= TUI_EV_JOB;
}

struct tui_loop *tui_loop_new(const struct tui_loop_config *cfg)
{
	struct tui_loop *l = xcalloc(1, sizeof *l);
	l->cfg = *cfg;
	if (!l->cfg.idle_timeout_ms)
		l->cfg.idle_timeout_ms = DEFAULT_IDLE_TIMEOUT_MS;
	return l;
}

static void free_dead(struct tui_loop *l)
{
	for (size_t i = 0; i < l->n_dead; i++)
		l->dead[i]->ops->free(l->dead[i]);
	l->n_dead = 0;
}

void tui_loop_free(struct tui_loop *l)
{
	if (!l)
		return;
	while (l->n)
		tui_loop_close(l, l->stack[l->n - 1].v);
	free_dead(l);
	free(l->dead);
	free(l->stack);
	free(l->jobs);
	free(l);
}

static ssize_t find_view(const struct tui_loop *l, const struct tui_view *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->stack[i].v == v)
			return (ssize_t)i;
	return -1;
}

struct tui_view *tui_loop_below(struct tui_loop *l, struct tui_view *v)
{
	ssize_t i = find_view(l, v);
	return i > 0 ? l->stack[i - 1].v : NULL;
}

static void cancel_jobs_of(struct tui_loop *l, struct tui_view *v)
{
	for (size_t i = 0; i < l->n_jobs; i++)
		if (l->jobs[i].owner == v) {
			tui_worker_cancel(l->cfg.worker, l->jobs[i].id);
			l->jobs[i].owner = NULL; /* its messages are dropped */
		}
}

void tui_loop_close(struct tui_loop *l, struct tui_view *v)
{
	ssize_t at = find_view(l, v);
	if (at < 0)
		return;
	while (l->n > (size_t)at) {
		struct tui_view *top = l->stack[--l->n].v;
		cancel_jobs_of(l, top);
		l->dead = xgrow(l->dead, &l->cap_dead, l->n_dead + 1, sizeof *l->dead);
		l->dead[l->n_dead++] = top;
	}
	l->dirty = 1;
}

static void start_job(struct tui_loop *l, struct tui_view *v, const struct tui_job *job)
{
	struct rdm_error err = RDM_ERROR_INIT;
	unsigned id = tui_worker_submit(l->cfg.worker, job, &err);
	if (!id) {
		/* Threads are out: the program cannot do its work. */
		if (!l->failed && l->err) {
			rdm_error_set(l->err, "%s", err.message);
			l->failed = 1;
		}
		l->quit = 1;
		rdm_error_clear(&err);
		return;
	}
	l->jobs = xgrow(l->jobs, &l->cap_jobs, l->n_jobs + 1, sizeof *l->jobs);
	l->jobs[l->n_jobs].id = id;
	l->jobs[l->n_jobs++].owner = v;
}

void tui_loop_request(struct tui_loop *l, struct tui_view *v, struct tui_req *req)
{
	ssize_t at = find_view(l, v);
	if (req->flags & TUI_EV_REDRAW)
		l->dirty = 1;
	if (at >= 0 && (req->flags & TUI_EV_TICK))
		l->stack[at].tick_due = now_ms() + (req->tick_ms > 0 ? req->tick_ms : 1);
	if (req->flags & TUI_EV_CANCEL)
		cancel_jobs_of(l, v);
	if (req->flags & TUI_EV_POKE)
		for (size_t i = 0; i < l->n_jobs; i++)
			if (l->jobs[i].owner == v)
				tui_worker_poke(l->cfg.worker, l->jobs[i].id, req->poke);
	for (int i = 0; i < req->n_jobs; i++) {
		if (at >= 0)
			start_job(l, v, &req->jobs[i]);
		else if (req->jobs[i].free_arg)
			req->jobs[i].free_arg(req->jobs[i].arg);
	}
	req->n_jobs = 0;
	/* Close first: what the action opens goes on top of what was below
	 * (a confirm box closes and the app opens the result). v stays
	 * allocated until the end of the turn. */
	if (req->flags & TUI_EV_CLOSE)
		tui_loop_close(l, v);
	if ((req->flags & TUI_EV_ACTION) && l->cfg.on_action)
		l->cfg.on_action(l->cfg.app, l, v, req->action, req->action_arg);
	if (req->flags & TUI_EV_QUIT) {
		l->quit = 1;
		l->status = req->status;
	}
}

void tui_loop_push(struct tui_loop *l, struct tui_view *v)
{
	l->stack = xgrow(l->stack, &l->cap, l->n + 1, sizeof *l->stack);
	l->stack[l->n].v = v;
	l->stack[l->n++].tick_due = 0;
	l->dirty = 1;
	if (v->ops->opened) {
		struct tui_req req;
		memset(&req, 0, sizeof req);
		req.now_ms = now_ms();
		v->ops->opened(v, &req);
		tui_loop_request(l, v, &req);
	}
}

static void draw(struct tui_loop *l)
{
	const struct tui_style *st = tui_term_style(l->cfg.term);
	struct tui_draw_ctx d = { stdscr, st, 0, 0, -1, -1 };
	size_t base = l->n;
	getmaxyx(stdscr, d.lines, d.cols);
	while (base > 0 && l->stack[--base].v->ops->overlay)
		;
	werase(stdscr);
	for (size_t i = base; i < l->n; i++) {
		d.cursor_y = d.cursor_x = -1;
		l->stack[i].v->ops->draw(l->stack[i].v, &d);
	}
	wnoutrefresh(stdscr);
	tui_term_cursor(l->cfg.term, d.cursor_y, d.cursor_x);
	doupdate();
	l->dirty = 0;
}

static void deliver_key(struct tui_loop *l, int key)
{
	if (key == TUI_KEY_SUSPEND) {
		if (tui_term_suspend(l->cfg.term))
			key = KEY_RESIZE; /* back: the size may have changed */
		else
			return;
		l->dirty = 1;
	}
	if (!l->n)
		return;
	struct tui_view *top = l->stack[l->n - 1].v;
	struct tui_req req;
	memset(&req, 0, sizeof req);
	req.now_ms = now_ms();
	top->ops->key(top, key, &req);
	if (key == TUI_KEY_INTERRUPT && !req.flags) {
		req.flags = TUI_EV_QUIT;
		req.status = 128 + SIGINT;
	}
	tui_loop_request(l, top, &req);
}

static void take_messages(struct tui_loop *l)
{
	struct tui_msg *m;
	while ((m = tui_worker_take(l->cfg.worker)) != NULL) {
		struct tui_view *owner = NULL;
		for (size_t i = 0; i < l->n_jobs; i++)
			if (l->jobs[i].id == m->job) {
				owner = l->jobs[i].owner;
				if (m->kind == TUI_MSG_DONE)
					l->jobs[i] = l->jobs[--l->n_jobs];
				break;
			}
		if (owner && find_view(l, owner) >= 0 && owner->ops->msg) {
			struct tui_req req;
			memset(&req, 0, sizeof req);
			req.now_ms = now_ms();
			owner->ops->msg(owner, m, &req);
			tui_loop_request(l, owner, &req);
		}
		tui_msg_free(m);
	}
}

static void run_ticks(struct tui_loop *l)
{
	long long now = now_ms();
	for (size_t i = 0; i < l->n; i++) {
		if (!l->stack[i].tick_due || l->stack[i].tick_due > now)
			continue;
		l->stack[i].tick_due = 0;
		struct tui_view *v = l->stack[i].v;
		if (v->ops->tick) {
			struct tui_req req;
			memset(&req, 0, sizeof req);
			req.now_ms = now;
			v->ops->tick(v, &req);
			tui_loop_request(l, v, &req);
		}
	}
}

static void fail(struct tui_loop *l, struct rdm_error *e)
{
	if (!l->failed) {
		rdm_error_set(l->err, "%s", e->message ? e->message : "?");
		if (e->remedy)
			rdm_error_remedy(l->err, "%s", e->remedy);
	}
	l->failed = 1;
	l->quit = 1;
}

/* One input from the key source. */
static void handle_input(struct tui_loop *l, const struct tui_input *in)
{
	struct rdm_error e = RDM_ERROR_INIT;
	switch (in->kind) {
	case TUI_INPUT_KEY:
		deliver_key(l, in->key);
		break;
	case TUI_INPUT_SAVE_SCREEN:
		if (l->dirty)
			draw(l);
		if (tui_screen_save(stdscr, tui_term_style(l->cfg.term)->color, in->arg, &e) != 0)
			fail(l, &e);
		break;
	case TUI_INPUT_RESIZE:
		tui_term_resize(l->cfg.term, in->lines, in->cols);
		deliver_key(l, KEY_RESIZE);
		l->dirty = 1;
		break;
	case TUI_INPUT_WAIT_IDLE:
		l->idle_deadline = now_ms() + l->cfg.idle_timeout_ms;
		break;
	case TUI_INPUT_QUIT:
		l->quit = 1;
		break;
	}
	rdm_error_clear(&e);
}

static void read_input(struct tui_loop *l, int tty_ready)
{
	struct tui_input in;
	int fd = l->cfg.keys->fd(l->cfg.keys);
	if (fd >= 0 && !tty_ready)
		return;
	/* A script gives one input per turn, so what it asks happens after
	 * the screen caught up with the one before. */
	do {
		int r = l->cfg.keys->next(l->cfg.keys, &in);
		if (r < 0) {
			l->input_ended = l->quit = 1;
			return;
		}
		if (r == 0)
			return;
		handle_input(l, &in);
	} while (fd >= 0 && !l->quit && !l->idle_deadline);
}

/* The :wait-idle state: done when no job is busy (their last messages are
 * then queued, and taken here). */
static void check_idle(struct tui_loop *l)
{
	if (!l->idle_deadline)
		return;
	if (tui_worker_busy(l->cfg.worker) == 0) {
		take_messages(l);
		l->idle_deadline = 0;
	} else if (now_ms() >= l->idle_deadline) {
		struct rdm_error e = RDM_ERROR_INIT;
		rdm_error_set(&e, _("the script's :wait-idle waited %d ms and work was still running"),
			      l->cfg.idle_timeout_ms);
		fail(l, &e);
		rdm_error_clear(&e);
	}
}

static int poll_timeout_ms(struct tui_loop *l)
{
	long long now = now_ms(), due = -1;
	if (!l->idle_deadline && l->cfg.keys->fd(l->cfg.keys) < 0)
		return 0; /* a script: its next input is ready */
	for (size_t i = 0; i < l->n; i++)
		if (l->stack[i].tick_due && (due < 0 || l->stack[i].tick_due < due))
			due = l->stack[i].tick_due;
	if (l->idle_deadline && (due < 0 || l->idle_deadline < due))
		due = l->idle_deadline;
	if (due < 0)
		return -1;
	return due <= now ? 0 : (int)(due - now);
}

static void handle_signals(struct tui_loop *l)
{
	int sig;
	unsigned ev = tui_term_take_signals(l->cfg.term, &sig);
	if (ev & (TUI_TERM_RESIZED | TUI_TERM_REDRAW)) {
		deliver_key(l, KEY_RESIZE);
		l->dirty = 1;
	}
	if (ev & TUI_TERM_INTERRUPT)
		deliver_key(l, TUI_KEY_INTERRUPT);
	if (ev & TUI_TERM_QUIT) {
		l->quit = 1;
		l->status = 128 + sig;
	}
}

static int turn(struct tui_loop *l)
{
	int key_fd = l->idle_deadline ? -1 : l->cfg.keys->fd(l->cfg.keys);
	struct pollfd fds[2] = { { tui_worker_fd(l->cfg.worker), POLLIN, 0 }, { key_fd, POLLIN, 0 } };
	int timeout = poll_timeout_ms(l);
	struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000L };
	if (ppoll(fds, key_fd >= 0 ? 2 : 1, timeout < 0 ? NULL : &ts,
		  tui_term_wait_mask(l->cfg.term)) < 0 && errno != EINTR)
		return rdm_error_set(l->err, _("waiting for input failed: %s"), strerror(errno));
	handle_signals(l);
	if (key_fd >= 0 && (fds[1].revents & (POLLHUP | POLLERR)))
		l->input_ended = l->quit = 1; /* the terminal went away */
	if (!l->quit && !l->idle_deadline)
		read_input(l, key_fd >= 0 && (fds[1].revents & POLLIN));
	take_messages(l);
	check_idle(l);
	run_ticks(l);
	free_dead(l);
	return 0;
}

int tui_loop_run(struct tui_loop *l, struct rdm_error *err)
{
	l->err = err;
	l->failed = 0;
	l->dirty = 1;
	while (!l->quit && l->n > 0) {
		if (l->dirty)
			draw(l);
		if (turn(l) != 0)
			return -1;
	}
	free_dead(l);
	l->err = NULL;
	return l->failed ? -1 : l->status;
}
