/* One run of the checks on the worker, and the shared probe (see
 * dash_job.h). */
#include "config.h"
#include "tui/dash/dash_job.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct dash_probe_holder {
	pthread_mutex_t lock; /* held by a run while it uses the probe */
	pthread_mutex_t ref_lock;
	int refs;
	int borrowed;
	struct check_probe *probe;
	dash_probe_new_fn make;
	dash_probe_free_fn free_fn;
	void *ctx;
};

static struct dash_probe_holder *holder_alloc(void)
{
	struct dash_probe_holder *h = xcalloc(1, sizeof *h);
	pthread_mutex_init(&h->lock, NULL);
	pthread_mutex_init(&h->ref_lock, NULL);
	h->refs = 1;
	return h;
}

struct dash_probe_holder *dash_probe_holder_new(dash_probe_new_fn make, dash_probe_free_fn free_fn,
						void *ctx)
{
	struct dash_probe_holder *h = holder_alloc();
	h->make = make;
	h->free_fn = free_fn;
	h->ctx = ctx;
	return h;
}

struct dash_probe_holder *dash_probe_holder_borrow(struct check_probe *probe)
{
	struct dash_probe_holder *h = holder_alloc();
	h->probe = probe;
	h->borrowed = 1;
	return h;
}

struct dash_probe_holder *dash_probe_holder_ref(struct dash_probe_holder *h)
{
	pthread_mutex_lock(&h->ref_lock);
	h->refs++;
	pthread_mutex_unlock(&h->ref_lock);
	return h;
}

void dash_probe_holder_release(struct dash_probe_holder *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->ref_lock);
	int last = --h->refs == 0;
	pthread_mutex_unlock(&h->ref_lock);
	if (!last)
		return;
	if (h->probe && !h->borrowed && h->free_fn)
		h->free_fn(h->probe);
	pthread_mutex_destroy(&h->lock);
	pthread_mutex_destroy(&h->ref_lock);
	free(h);
}

struct run_arg {
	time_t (*clock)(void);
	const struct check *const *table;
	const struct check_selection *sel;
	char *label;
	struct dash_probe_holder *probe;
};

static struct timespec mono_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t;
}

void dash_msg_free(void *p)
{
	struct dash_msg *msg = p;
	if (!msg)
		return;
	check_report_clear(&msg->report);
	rdm_error_clear(&msg->err);
	free(msg);
}

/* The probe, made on first use. Called with h->lock held. */
static struct check_probe *holder_probe(struct dash_probe_holder *h, struct rdm_error *err)
{
	if (!h->probe && h->make)
		h->probe = h->make(h->ctx, err);
	return h->probe;
}

static void run(struct tui_job_ctx *ctx, void *p)
{
	struct run_arg *a = p;
	struct dash_msg *start = xcalloc(1, sizeof *start);
	struct dash_msg *done = xcalloc(1, sizeof *done);
	struct timespec t0 = mono_now(), t1;
	start->kind = DASH_MSG_STARTED;
	start->at = a->clock ? a->clock() : time(NULL);
	tui_job_post(ctx, DASH_MSG_STARTED, start, dash_msg_free);
	done->kind = DASH_MSG_DONE;
	pthread_mutex_lock(&a->probe->lock);
	struct check_probe *probe = holder_probe(a->probe, &done->err);
	if (!probe || check_run(a->table, a->sel, probe, a->label, &done->report, &done->err) != 0)
		done->failed = 1;
	pthread_mutex_unlock(&a->probe->lock);
	t1 = mono_now();
	done->at = a->clock ? a->clock() : time(NULL);
	done->duration = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	tui_job_post(ctx, DASH_MSG_DONE, done, dash_msg_free);
}

static void run_arg_free(void *p)
{
	struct run_arg *a = p;
	dash_probe_holder_release(a->probe);
	free(a->label);
	free(a);
}

struct tui_job dash_run_job(const struct dash_run *r, int tag)
{
	struct run_arg *a = xcalloc(1, sizeof *a);
	a->clock = r->clock;
	a->table = r->table;
	a->sel = r->sel;
	a->label = r->label ? xstrdup(r->label) : NULL;
	a->probe = dash_probe_holder_ref(r->probe);
	struct tui_job job = { run, a, run_arg_free, tag };
	return job;
}
