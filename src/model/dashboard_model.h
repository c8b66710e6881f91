/* The state of `rdm-s3 dashboard`, without a screen and without a network:
 * one row per health check (last status, latency, a ring of recent
 * latencies for the sparkline, the detail of the last result), the
 * selection, which overlay is open, pause, and when the last run happened.
 *
 * It is fed check reports (struct check_report from ops/check_run.h) and
 * user actions (enum dash_action, which the view maps keys to), and it
 * answers with event flags that tell the loop what to do next. The view
 * (src/tui/dash_view.c) only reads it; the loop (src/tui/dash_loop.c) owns
 * it. Nothing here reads a clock: times come in as arguments, so tests
 * use a fixed one. */
#ifndef RDM_MODEL_DASHBOARD_MODEL_H
#define RDM_MODEL_DASHBOARD_MODEL_H
#include <stddef.h>
#include <time.h>

#include "ops/check/check_run.h"

/* Latency samples kept per check: enough for the widest sparkline the
 * view draws (it shows the newest ones that fit). */
#define DASH_HISTORY 64

/* One sample of a check's history. */
struct dash_sample {
	double latency;            /* seconds; < 0: not measured */
	enum check_status status;
};

struct dash_row {
	char *id;                  /* owned copies (a report may go away) */
	char *title;
	enum check_status status;
	double latency;            /* last run; < 0: not measured */
	char *message;             /* last result; never NULL once fed */
	char *remedy;              /* NULL, or lines separated by '\n' */
	char **settings;           /* "NAME = value (where)", secrets masked */
	size_t n_settings;
	time_t changed_at;         /* when status last changed (0: first run) */
	struct dash_sample history[DASH_HISTORY]; /* ring, oldest first from head */
	size_t hist_head, hist_len;
	int seen;                  /* present in the last report */
	unsigned fixes;            /* CHECK_FIX_* of the last result: `f` can fix it */
};

enum dash_action {
	DASH_ACT_UP,
	DASH_ACT_DOWN,
	DASH_ACT_HOME,
	DASH_ACT_END,
	DASH_ACT_DETAIL,  /* Enter: open/close the detail pane */
	DASH_ACT_CLOSE,   /* Esc: close the overlay or pane that is open */
	DASH_ACT_RERUN,   /* r */
	DASH_ACT_PAUSE,   /* p: toggle */
	DASH_ACT_HELP,    /* ?: toggle */
	DASH_ACT_QUIT,    /* q */
	DASH_ACT_DETAIL_DOWN, /* PgDn/Space: scroll the detail pane a page down */
	DASH_ACT_DETAIL_UP,   /* PgUp/b: a page up */
	DASH_ACT_FIX,         /* f: fix the selected check (review, apply, verify) */
};

/* What dash_model_act asks of the loop (flags). */
enum dash_event {
	DASH_EV_NONE = 0,
	DASH_EV_REDRAW = 1 << 0,  /* the screen changed */
	DASH_EV_RERUN = 1 << 1,   /* start a run now */
	DASH_EV_PAUSE = 1 << 2,   /* model.paused changed: tell the worker */
	DASH_EV_QUIT = 1 << 3,
	DASH_EV_FIX = 1 << 4,     /* open the fix of the selected row */
};

struct dash_model {
	char *instance;            /* label of the last report; owned; NULL before */
	struct dash_row *rows;
	size_t n_rows;
	size_t selected;
	int detail_open;
	/* The detail pane scrolls: its first line shown, and the layout the
	 * view last computed for it (dash_model_detail_layout). */
	size_t detail_scroll;
	size_t detail_lines;       /* lines of the selected check's detail */
	size_t detail_page;        /* lines the pane shows at once */
	int help_open;
	int paused;
	int running;               /* a run is in progress */
	int interval_s;            /* refresh interval, for the header */
	unsigned runs;             /* runs finished */
	time_t started_at;         /* of the current or last run; 0: none */
	time_t finished_at;        /* of the last finished run; 0: none */
	double duration;           /* of the last finished run, seconds */
	char *run_error;           /* the last run failed as a whole (the probe
	                              could not start); NULL otherwise */
	size_t counts[CHECK_STATUS_COUNT]; /* of the last report */
	int can_fix;               /* fixes can be applied here (an instance
	                              folder and the engine); set by the screen */
	char *notice;              /* one line for the key line (why `f` did
	                              nothing), until the next action; or NULL */
};

/* interval_s: shown in the header. The model starts with no rows. */
void dash_model_init(struct dash_model *m, int interval_s);
void dash_model_free(struct dash_model *m);

/* A run started at `now`. */
void dash_model_run_started(struct dash_model *m, time_t now);
/* A run finished at `now` with this report (borrowed: copied). Rows are
 * matched by check id; new ids are appended in report order; rows whose
 * check is not in the report keep their data but count as not seen. The
 * selection stays on the same check. */
void dash_model_apply_report(struct dash_model *m, const struct check_report *rep, time_t now,
			     double duration);
/* A run failed as a whole (check_run returned -1): message kept for the
 * header, rows keep their last results. */
void dash_model_run_failed(struct dash_model *m, const char *message, time_t now);

/* Applies a user action; returns enum dash_event flags. While help is open,
 * every action only closes it. */
unsigned dash_model_act(struct dash_model *m, enum dash_action a);

/* The view tells the model how long the open detail is and how much of
 * it fits (they depend on the terminal's size); the scroll position is
 * kept within them. */
void dash_model_detail_layout(struct dash_model *m, size_t lines, size_t page);
/* Whether the detail pane has more below what it shows. */
int dash_model_detail_more(const struct dash_model *m);

/* What the detail pane says about fixing row r: *fixable 1 and what `f`
 * does, or 0 and why there is no automatic fix; NULL for a row with
 * nothing to fix (OK, skipped). Translated, static. */
const char *dash_model_fix_note(const struct dash_model *m, const struct dash_row *r, int *fixable);

/* The selected row, or NULL when there are none. */
const struct dash_row *dash_model_selected(const struct dash_model *m);
/* The worst status over the rows seen in the last report (CHECK_OK when
 * none). */
enum check_status dash_model_worst(const struct dash_model *m);

/* Sparkline levels for the newest `width` samples of a row, oldest first,
 * right-aligned (the newest sample lands in out[width-1]):
 *   0..7  latency, scaled from 0 to the largest latency shown;
 *   DASH_SPARK_NONE   no sample (history shorter than width) or no
 *                     latency measured;
 *   DASH_SPARK_FAIL   the check was critical in that run. */
#define DASH_SPARK_LEVELS 8
#define DASH_SPARK_NONE (-1)
#define DASH_SPARK_FAIL (-2)
void dash_row_spark(const struct dash_row *r, size_t width, int *out);

#endif
