/* The dashboard's worker thread (see dash_worker.h). */
#include "config.h"
#include "tui/dash_worker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

struct dash_worker {
	struct dash_worker_config cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;     /* uses CLOCK_MONOTONIC for timed waits */
	int pipe_fd[2];
	/* guarded by lock: */
	int quit, rerun, paused;
	struct timespec due;     /* next scheduled start, monotonic */
};

static struct timespec mono_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

static double seconds_between(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static int before(struct timespec a, struct timespec b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

/* The pipe carries pointers; a pointer is far below PIPE_BUF, so each write
 * is atomic. The UI reads far faster than runs finish, so it never fills;
 * if it ever did, the write end is non-blocking and the message is dropped
 * rather than blocking the thread (which would make stop wait forever). */
static void post(struct dash_worker *w, struct dash_msg *msg)
{
	ssize_t r;
	do
		r = write(w->pipe_fd[1], &msg, sizeof msg);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof msg)
		dash_msg_free(msg);
}

/* Waits until a run is due, asked for, or the end. Returns 0 to quit.
 * Called and returns with the lock held. */
static int wait_for_run(struct dash_worker *w)
{
	while (!w->quit && !w->rerun) {
		if (!w->paused && !before(mono_now(), w->due))
			break;
		if (w->paused)
			pthread_cond_wait(&w->wake, &w->lock);
		else
			pthread_cond_timedwait(&w->wake, &w->lock, &w->due);
	}
	return !w->quit;
}

static void run_once(struct dash_worker *w)
{
	struct dash_msg *start = xcalloc(1, sizeof *start);
	struct dash_msg *done = xcalloc(1, sizeof *done);
	struct timespec t0 = mono_now();
	start->kind = DASH_MSG_STARTED;
	start->at = time(NULL);
	post(w, start);
	done->kind = DASH_MSG_DONE;
	if (check_run(w->cfg.table, w->cfg.sel, w->cfg.probe, w->cfg.label, &done->report,
		      &done->err) != 0)
		done->failed = 1;
	done->at = time(NULL);
	done->duration = seconds_between(t0, mono_now());
	post(w, done);
}

static void *worker_main(void *arg)
{
	struct dash_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (wait_for_run(w)) {
		w->rerun = 0;
		w->due = mono_now();
		w->due.tv_sec += w->cfg.interval_s;
		pthread_mutex_unlock(&w->lock);
		run_once(w);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static int init_sync(struct dash_worker *w, struct rdm_error *err)
{
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca) != 0)
		return rdm_error_set(err, "cannot set up the worker thread");
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	int rc = pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (rc != 0)
		return rdm_error_set(err, "cannot set up the worker thread");
	pthread_mutex_init(&w->lock, NULL);
	return 0;
}

struct dash_worker *dash_worker_start(const struct dash_worker_config *cfg,
				      struct rdm_error *err)
{
	struct dash_worker *w = xcalloc(1, sizeof *w);
	w->cfg = *cfg;
	w->paused = cfg->paused;
	w->due = mono_now(); /* the first run is due now */
	if (pipe(w->pipe_fd) != 0) {
		rdm_error_set(err, "cannot make a pipe: %s", strerror(errno));
		free(w);
		return NULL;
	}
	fcntl(w->pipe_fd[0], F_SETFL, fcntl(w->pipe_fd[0], F_GETFL) | O_NONBLOCK);
	fcntl(w->pipe_fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(w->pipe_fd[1], F_SETFL, fcntl(w->pipe_fd[1], F_GETFL) | O_NONBLOCK);
	fcntl(w->pipe_fd[1], F_SETFD, FD_CLOEXEC);
	if (init_sync(w, err) != 0)
		goto fail;
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		rdm_error_set(err, "cannot start the worker thread");
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		goto fail;
	}
	return w;
fail:
	close(w->pipe_fd[0]);
	close(w->pipe_fd[1]);
	free(w);
	return NULL;
}

int dash_worker_fd(const struct dash_worker *w)
{
	return w->pipe_fd[0];
}

struct dash_msg *dash_worker_take(struct dash_worker *w)
{
	struct dash_msg *msg = NULL;
	ssize_t r;
	do
		r = read(w->pipe_fd[0], &msg, sizeof msg);
	while (r < 0 && errno == EINTR);
	return r == (ssize_t)sizeof msg ? msg : NULL;
}

void dash_msg_free(struct dash_msg *msg)
{
	if (!msg)
		return;
	check_report_clear(&msg->report);
	rdm_error_clear(&msg->err);
	free(msg);
}

static void signal_worker(struct dash_worker *w, int *field, int value)
{
	pthread_mutex_lock(&w->lock);
	*field = value;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void dash_worker_rerun(struct dash_worker *w)
{
	signal_worker(w, &w->rerun, 1);
}

void dash_worker_pause(struct dash_worker *w, int paused)
{
	signal_worker(w, &w->paused, paused);
}

void dash_worker_stop(struct dash_worker *w)
{
	if (!w)
		return;
	signal_worker(w, &w->quit, 1);
	pthread_join(w->thread, NULL);
	struct dash_msg *msg;
	while ((msg = dash_worker_take(w)) != NULL)
		dash_msg_free(msg);
	close(w->pipe_fd[0]);
	close(w->pipe_fd[1]);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
