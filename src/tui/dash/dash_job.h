/* One run of the health checks on the worker (tui/shell/worker.h): posts
 * DASH_MSG_STARTED, runs check_run with the shared probe, posts
 * DASH_MSG_DONE with the report (or the error). The dashboard and the
 * menu's header both use it; when to run is the screen's business.
 *
 * The probe is shared between runs (its connections are kept alive) and
 * made on the worker the first time a run needs it. A run may still be in
 * check_run when its screen goes away, so the probe lives in a holder
 * with a reference count: the screen holds one reference, each run job
 * another, and the last release frees the probe. Only one run uses the
 * probe at a time (the holder's lock). No curses here. */
#ifndef RDM_TUI_DASH_JOB_H
#define RDM_TUI_DASH_JOB_H
#include <time.h>

#include "ops/check/check_run.h"
#include "tui/shell/worker.h"
#include "util/error.h"

/* Makes the probe (on the worker thread), or NULL with err set. */
typedef struct check_probe *(*dash_probe_new_fn)(void *ctx, struct rdm_error *err);
typedef void (*dash_probe_free_fn)(struct check_probe *p);

struct dash_probe_holder;

/* ctx is borrowed until the last release. */
struct dash_probe_holder *dash_probe_holder_new(dash_probe_new_fn make, dash_probe_free_fn free_fn,
						void *ctx);
/* A holder for a probe that already exists (borrowed: never freed here). */
struct dash_probe_holder *dash_probe_holder_borrow(struct check_probe *probe);
struct dash_probe_holder *dash_probe_holder_ref(struct dash_probe_holder *h);
void dash_probe_holder_release(struct dash_probe_holder *h);

enum dash_msg_kind {
	DASH_MSG_STARTED, /* a run began at `at` */
	DASH_MSG_DONE,    /* a run ended at `at`: report, or failed + err */
};

struct dash_msg {
	enum dash_msg_kind kind;
	time_t at;                  /* wall clock */
	double duration;            /* DONE: seconds the run took */
	int failed;                 /* DONE: the probe or check_run failed */
	struct rdm_error err;       /* when failed */
	struct check_report report; /* when !failed */
};

struct dash_run {
	const struct check *const *table;  /* borrowed until the job ends */
	const struct check_selection *sel; /* borrowed until the job ends; NULL: all */
	const char *label;                 /* copied */
	struct dash_probe_holder *probe;   /* a reference is taken */
	time_t (*clock)(void);             /* wall clock of the messages; NULL: time() */
};

/* The job of one run; tag is copied into its messages. */
struct tui_job dash_run_job(const struct dash_run *run, int tag);
void dash_msg_free(void *msg);

#endif
