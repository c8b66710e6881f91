/* Job threads and their messages (see worker.h). Messages wait in a queue
 * under the worker's lock; the pipe only wakes the loop: one byte is
 * written when the queue becomes non-empty and the bytes are drained when
 * it becomes empty, so the pipe never fills and no message is dropped. */
#include "config.h"
#include "tui/shell/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

struct tui_job_ctx {
	struct tui_worker *w;
	struct tui_job job;
	unsigned id;
	pthread_t thread;
	/* guarded by w->lock: */
	int finished, cancelled, idle;
	unsigned inbox;
	struct tui_job_ctx *next;
};

struct msg_node {
	struct tui_msg m;
	struct msg_node *next;
};

struct tui_worker {
	pthread_mutex_t lock;
	pthread_cond_t wake; /* CLOCK_MONOTONIC; broadcast on poke and cancel */
	int pipe_fd[2];
	unsigned next_id;
	struct tui_job_ctx *jobs;
	struct msg_node *head, *tail;
};

static void set_flags(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

struct tui_worker *tui_worker_new(struct rdm_error *err)
{
	struct tui_worker *w = xcalloc(1, sizeof *w);
	pthread_condattr_t ca;
	if (pipe(w->pipe_fd) != 0) {
		rdm_error_set(err, _("cannot make a pipe: %s"), strerror(errno));
		free(w);
		return NULL;
	}
	set_flags(w->pipe_fd[0]);
	set_flags(w->pipe_fd[1]);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&w->lock, NULL);
	w->next_id = 1;
	return w;
}

int tui_worker_fd(const struct tui_worker *w)
{
	return w->pipe_fd[0];
}

/* Called with the lock held. */
static void enqueue(struct tui_worker *w, struct msg_node *n)
{
	int was_empty = w->head == NULL;
	if (w->tail)
		w->tail->next = n;
	else
		w->head = n;
	w->tail = n;
	if (was_empty) {
		char c = 1;
		ssize_t r;
		do
			r = write(w->pipe_fd[1], &c, 1);
		while (r < 0 && errno == EINTR);
	}
}

static void post(struct tui_job_ctx *c, int kind, void *data, void (*free_data)(void *), int finish)
{
	struct msg_node *n = xcalloc(1, sizeof *n);
	n->m.job = c->id;
	n->m.tag = c->job.tag;
	n->m.kind = kind;
	n->m.data = data;
	n->m.free_data = free_data;
	pthread_mutex_lock(&c->w->lock);
	enqueue(c->w, n);
	if (finish)
		c->finished = 1;
	pthread_mutex_unlock(&c->w->lock);
}

static void *job_main(void *arg)
{
	struct tui_job_ctx *c = arg;
	c->job.run(c, c->job.arg);
	/* DONE and finished together: whoever sees the job finished finds
	 * its last message queued. */
	post(c, TUI_MSG_DONE, NULL, NULL, 1);
	return NULL;
}

static void job_free(struct tui_job_ctx *c)
{
	if (c->job.free_arg)
		c->job.free_arg(c->job.arg);
	free(c);
}

/* Joins and frees finished jobs. Called without the lock. */
static void reap(struct tui_worker *w)
{
	for (;;) {
		struct tui_job_ctx **pp, *done = NULL;
		pthread_mutex_lock(&w->lock);
		for (pp = &w->jobs; *pp; pp = &(*pp)->next)
			if ((*pp)->finished) {
				done = *pp;
				*pp = done->next;
				break;
			}
		pthread_mutex_unlock(&w->lock);
		if (!done)
			return;
		pthread_join(done->thread, NULL);
		job_free(done);
	}
}

unsigned tui_worker_submit(struct tui_worker *w, const struct tui_job *job, struct rdm_error *err)
{
	reap(w);
	struct tui_job_ctx *c = xcalloc(1, sizeof *c);
	c->w = w;
	c->job = *job;
	pthread_mutex_lock(&w->lock);
	c->id = w->next_id++;
	int rc = pthread_create(&c->thread, NULL, job_main, c);
	if (rc == 0) {
		c->next = w->jobs;
		w->jobs = c;
	}
	pthread_mutex_unlock(&w->lock);
	if (rc != 0) {
		rdm_error_set(err, _("cannot start a worker thread: %s"), strerror(rc));
		job_free(c);
		return 0;
	}
	return c->id;
}

static struct tui_job_ctx *find(struct tui_worker *w, unsigned id)
{
	for (struct tui_job_ctx *c = w->jobs; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

void tui_worker_cancel(struct tui_worker *w, unsigned id)
{
	pthread_mutex_lock(&w->lock);
	struct tui_job_ctx *c = find(w, id);
	if (c)
		c->cancelled = 1;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void tui_worker_poke(struct tui_worker *w, unsigned id, unsigned bits)
{
	pthread_mutex_lock(&w->lock);
	struct tui_job_ctx *c = find(w, id);
	if (c)
		c->inbox |= bits;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

int tui_worker_busy(struct tui_worker *w)
{
	int n = 0;
	pthread_mutex_lock(&w->lock);
	for (struct tui_job_ctx *c = w->jobs; c; c = c->next)
		n += !c->finished && !c->idle;
	pthread_mutex_unlock(&w->lock);
	return n;
}

struct tui_msg *tui_worker_take(struct tui_worker *w)
{
	struct msg_node *n;
	pthread_mutex_lock(&w->lock);
	n = w->head;
	if (n) {
		w->head = n->next;
		if (!w->head)
			w->tail = NULL;
	}
	if (!w->head) {
		char drain[64];
		while (read(w->pipe_fd[0], drain, sizeof drain) > 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	if (!n)
		return NULL;
	struct tui_msg *m = xmalloc(sizeof *m);
	*m = n->m;
	free(n);
	return m;
}

void tui_msg_free(struct tui_msg *m)
{
	if (!m)
		return;
	if (m->free_data)
		m->free_data(m->data);
	free(m);
}

void tui_worker_free(struct tui_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	for (struct tui_job_ctx *c = w->jobs; c; c = c->next)
		c->cancelled = 1;
	pthread_cond_broadcast(&w->wake);
	struct tui_job_ctx *jobs = w->jobs;
	w->jobs = NULL;
	pthread_mutex_unlock(&w->lock);
	while (jobs) {
		struct tui_job_ctx *next = jobs->next;
		pthread_join(jobs->thread, NULL);
		job_free(jobs);
		jobs = next;
	}
	struct tui_msg *m;
	while ((m = tui_worker_take(w)) != NULL)
		tui_msg_free(m);
	close(w->pipe_fd[0]);
	close(w->pipe_fd[1]);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

int tui_job_cancelled(struct tui_job_ctx *c)
{
	pthread_mutex_lock(&c->w->lock);
	int r = c->cancelled;
	pthread_mutex_unlock(&c->w->lock);
	return r;
}

void tui_job_post(struct tui_job_ctx *c, int kind, void *data, void (*free_data)(void *))
{
	post(c, kind, data, free_data, 0);
}

static int before_now(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return t->tv_sec < now.tv_sec || (t->tv_sec == now.tv_sec && t->tv_nsec <= now.tv_nsec);
}

unsigned tui_job_wait(struct tui_job_ctx *c, const struct timespec *until)
{
	unsigned bits;
	pthread_mutex_lock(&c->w->lock);
	while (!c->cancelled && !c->inbox && !(until && before_now(until))) {
		if (until)
			pthread_cond_timedwait(&c->w->wake, &c->w->lock, until);
		else
			pthread_cond_wait(&c->w->wake, &c->w->lock);
	}
	bits = c->inbox | (c->cancelled ? TUI_JOB_CANCELLED : 0);
	c->inbox = 0;
	pthread_mutex_unlock(&c->w->lock);
	return bits;
}

void tui_job_idle(struct tui_job_ctx *c, int idle)
{
	pthread_mutex_lock(&c->w->lock);
	c->idle = idle;
	pthread_mutex_unlock(&c->w->lock);
}
