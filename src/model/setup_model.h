/* The setup wizard without a screen: a state machine over the engine's
 * draft (ops/setup/setup.h), one step per screen, every step's validation
 * and transitions, back and cancel. Nothing here blocks, draws or touches
 * the network: where a step needs an answer from the server (prove the
 * keys, list the buckets, find the bucket's region, build the plan, run
 * it) the model says so (SETUP_NEED_*), the screen runs the engine call on
 * the worker with a copy of the draft (setup_model_job_draft), and hands
 * the answer back (setup_model_*_done). So the model is tested by feeding
 * it answers.
 *
 * Steps (enum setup_step): instance (what it uses today), storage,
 * endpoint and region, credentials (proven live before Next), bucket
 * (existing ones to pick, or a new name), CORS, review (the diff and the
 * server steps; nothing is written before), apply (progress, rollback on
 * failure), verify (the health checks' report), summary. Esc goes back
 * (on the first step it asks to leave); Ctrl-C asks to leave before Apply
 * ("Nothing has been written") and to stop and roll back during it. */
#ifndef RDM_MODEL_SETUP_MODEL_H
#define RDM_MODEL_SETUP_MODEL_H
#include <stddef.h>

#include "model/setup_engine.h"

enum setup_step {
	SETUP_STEP_INSTANCE = 0,
	SETUP_STEP_STORAGE,
	SETUP_STEP_ENDPOINT,
	SETUP_STEP_CREDENTIALS,
	SETUP_STEP_BUCKET,
	SETUP_STEP_CORS,
	SETUP_STEP_REVIEW,
	SETUP_STEP_APPLY,
	SETUP_STEP_VERIFY,
	SETUP_STEP_SUMMARY,
	SETUP_STEP__COUNT
};

/* What the model needs from the worker (flags of setup_model_act's result
 * and of m->need). */
enum setup_need {
	SETUP_NEED_SURVEY = 1 << 0,  /* read the instance (survey_read) */
	SETUP_NEED_AUTH = 1 << 1,    /* prove the keys (live_auth) */
	SETUP_NEED_BUCKETS = 1 << 2, /* list the buckets (live_buckets) */
	SETUP_NEED_REGION = 1 << 3,  /* the chosen bucket: exists? region? (live_region) */
	SETUP_NEED_PLAN = 1 << 4,    /* build the plan (plan_build) and its review */
	SETUP_NEED_RUN = 1 << 5,     /* apply it (run) */
};

/* Answers of setup_model_act (flags). */
enum setup_event {
	SETUP_EV_NONE = 0,
	SETUP_EV_REDRAW = 1 << 8,
	SETUP_EV_CANCEL_WORK = 1 << 9, /* stop the live question in flight */
	SETUP_EV_LEAVE = 1 << 10,      /* the wizard ends (m->result says how) */
	SETUP_EV_STOP_RUN = 1 << 11,   /* cancel the run (it rolls back) */
	SETUP_EV_DASHBOARD = 1 << 12,  /* open the live dashboard */
	/* plus setup_need bits: start that work */
};

enum setup_action {
	SETUP_ACT_NEXT,       /* Enter */
	SETUP_ACT_BACK,       /* Esc, Shift-Tab on the first field */
	SETUP_ACT_CANCEL,     /* Ctrl-C: ask */
	SETUP_ACT_CONFIRM_YES, /* the question asked by CANCEL (or BACK on step 1) */
	SETUP_ACT_CONFIRM_NO,
	SETUP_ACT_UP,         /* lists (storage, region, buckets, radio) */
	SETUP_ACT_DOWN,
	SETUP_ACT_FOCUS_NEXT, /* Tab */
	SETUP_ACT_FOCUS_PREV, /* Shift-Tab */
	SETUP_ACT_TOGGLE,     /* Space: radio choices */
	SETUP_ACT_RETRY,      /* r: ask the server again */
	SETUP_ACT_DASHBOARD,  /* d on verify/summary */
};

/* The fields a step shows; the screen keeps one text field per field. */
enum setup_input {
	SETUP_IN_NONE = 0,
	SETUP_IN_STORAGE,     /* a list */
	SETUP_IN_ENDPOINT,    /* text */
	SETUP_IN_REGION,      /* text; for Amazon S3 with a list of regions */
	SETUP_IN_ACCESS_KEY,  /* text: key id, or the root user */
	SETUP_IN_SECRET,      /* masked text */
	SETUP_IN_CREDS_IN,    /* radio: .env / invenio.cfg */
	SETUP_IN_BUCKET_LIST, /* the buckets the keys see */
	SETUP_IN_BUCKET,      /* text: a new bucket */
	SETUP_IN_ORIGINS,     /* text: origins, comma-separated */
	SETUP_IN__COUNT
};

enum setup_live_state { SETUP_LIVE_NONE = 0, SETUP_LIVE_RUNNING, SETUP_LIVE_OK, SETUP_LIVE_FAILED };

/* A live answer as the model keeps it (copies). */
struct setup_live {
	enum setup_live_state state;
	unsigned for_gen;     /* the draft generation it answered (stale when
	                         not m->gen; 0: none) */
	char *summary, *diagnosis, *remedy;
};

/* One row of the apply screen. */
struct setup_run_row {
	char *title;
	enum change_event_kind last; /* what the last event said */
	int started, done, failed, undone, not_undone;
	char *message;
	long duration_ms;
};

enum setup_question { SETUP_Q_NONE = 0, SETUP_Q_LEAVE, SETUP_Q_STOP };

enum setup_result {
	SETUP_RESULT_NONE = 0,  /* still running */
	SETUP_RESULT_LEFT,      /* left before Apply: nothing written */
	SETUP_RESULT_DONE,      /* applied (and verified or not: see report) */
	SETUP_RESULT_FAILED,    /* applied and rolled back, or broken */
};

struct setup_model {
	const struct setup_engine *eng;
	char *instance_dir;
	enum setup_step step;
	enum setup_input focus;
	enum setup_question question;  /* a yes/no asked over the step */
	enum setup_result result;
	unsigned need;                 /* work asked for and not answered yet */
	/* the instance: shared with the jobs that read it (a box with a
	 * reference count, so a job may outlive the screen) */
	int survey_state;              /* SETUP_LIVE_* */
	struct setup_survey_box *box;  /* NULL until it arrives */
	const struct setup_survey *sv; /* &box->sv */
	char *survey_error;
	/* the operator's choices */
	struct setup_draft draft;
	unsigned gen;                  /* +1 on every change of the connection
	                                  (endpoint, region, keys, storage);
	                                  starts at 1 */
	struct setup_field_check checks[SETUP_F__COUNT]; /* as typed */
	size_t storage_sel;            /* SETUP_IN_STORAGE */
	size_t region_sel;             /* Amazon S3: index in setup_aws_regions */
	int region_from_list;          /* Amazon S3: the region comes from the list */
	/* live */
	struct setup_live auth, buckets, region;
	char **bucket_names;           /* from live_buckets */
	size_t n_buckets, bucket_sel;  /* bucket_sel == n_buckets: "a new bucket" */
	int bucket_exists;             /* live_region: 1, 0, -1 */
	char *bucket_region;           /* live_region: the real region, or NULL */
	int region_offer;              /* the real region differs: Enter takes it */
	int advance;                   /* the question in flight was asked by Enter */
	/* review */
	int plan_state;                /* SETUP_LIVE_* */
	char *plan_error;
	struct change change;          /* valid once plan_state == OK */
	int have_change;
	struct setup_resolved resolved;
	struct change_review review;
	/* apply: the change is handed to the run job and comes back with the
	 * outcome (have_change is 0 meanwhile) */
	struct setup_run_row *rows;
	size_t n_rows;
	char *output;                  /* child processes' output */
	int run_state;                 /* SETUP_LIVE_* */
	struct change_outcome outcome;
	int have_outcome;
	char *run_error;               /* change_run could not start */
	/* verify */
	const struct check_report *report; /* owned by change */
	const char *notice;            /* a one-line reason (static, translated) */
	/* A dashboard fix (setup_model_init_fix), or NULL/0: the wizard. */
	char *fix_check;               /* the check's id */
	unsigned fix_kinds;            /* its CHECK_FIX_* bits */
};

void setup_model_init(struct setup_model *m, const struct setup_engine *eng, const char *instance_dir);
/* The dashboard's fix of one check (ops/fix/fix.h): the same model, on the
 * last four steps only. Once the survey is read it goes straight to the
 * review, whose plan is the fix's change (eng->fix_build); Esc before
 * Apply leaves (nothing written); the summary, or d, goes back to the
 * dashboard. */
void setup_model_init_fix(struct setup_model *m, const struct setup_engine *eng, const char *instance_dir,
			  const char *check_id, unsigned fixes);
/* The first step a front end shows (INSTANCE; REVIEW for a fix). */
enum setup_step setup_model_first_step(const struct setup_model *m);
void setup_model_free(struct setup_model *m);

/* A survey shared by the model and the jobs (reference counted; the last
 * release frees it with the engine's survey_free). */
struct setup_survey_box {
	struct setup_survey sv;
	const struct setup_engine *eng;
	_Atomic int refs;
};
struct setup_survey_box *setup_survey_box_new(const struct setup_engine *eng, struct setup_survey *sv);
struct setup_survey_box *setup_survey_box_ref(struct setup_survey_box *b);
void setup_survey_box_release(struct setup_survey_box *b);

/* The survey arrived (sv moved into a box) or failed. Fills the draft
 * with the engine's defaults (and, for the instance's own server with a
 * placeholder password, a generated one). A fix moves on to the review:
 * m->need has SETUP_NEED_PLAN then. */
void setup_model_survey_done(struct setup_model *m, struct setup_survey *sv);
void setup_model_survey_failed(struct setup_model *m, const char *message);

/* An operator action; returns setup_event flags | setup_need bits. */
unsigned setup_model_act(struct setup_model *m, enum setup_action a);

/* The text of a field changed (the screen's text field): the draft follows
 * and the field is validated as typed. Returns setup_event flags. */
unsigned setup_model_set_text(struct setup_model *m, enum setup_input in, const char *text);
/* The value a text field starts with (the draft's, or derived). Allocated. */
char *setup_model_text(const struct setup_model *m, enum setup_input in);
/* The inputs of the current step, in focus order; *n of them. */
const enum setup_input *setup_model_inputs(const struct setup_model *m, size_t *n);
/* The engine's verdict on the field an input edits (NULL: none). */
const struct setup_field_check *setup_model_input_check(const struct setup_model *m, enum setup_input in);
/* Why Next does nothing now (translated), or NULL when it may go on. */
const char *setup_model_blocked(const struct setup_model *m);

/* Answers from the worker (copied). for_gen: m->gen when it was asked.
 * An answer to a question Enter asked moves on by itself when it is yes
 * (the keys proven: on to the bucket); so these return setup_event flags
 * and setup_need bits like setup_model_act. */
unsigned setup_model_auth_done(struct setup_model *m, unsigned for_gen, const struct setup_live_answer *a);
unsigned setup_model_buckets_done(struct setup_model *m, unsigned for_gen, const struct setup_live_answer *a);
unsigned setup_model_region_done(struct setup_model *m, unsigned for_gen, const struct setup_live_answer *a);
/* The plan: c and res are moved in (the model builds the review), or the
 * error. */
void setup_model_plan_done(struct setup_model *m, struct change *c, struct setup_resolved *res);
void setup_model_plan_failed(struct setup_model *m, const char *message);
/* Progress of the run (from the progress callback, through the worker). */
void setup_model_run_event(struct setup_model *m, const struct change_event *ev);
/* The run job takes the change (moved out: the job owns it while it runs,
 * so the screen may go away meanwhile) ... */
void setup_model_give_change(struct setup_model *m, struct change *out);
/* ... and brings it back with the outcome (both moved in), or the change
 * and why it could not start. */
void setup_model_run_done(struct setup_model *m, struct change *c, struct change_outcome *out);
void setup_model_run_failed(struct setup_model *m, struct change *c, const char *message);

/* A copy of the draft for a job (its own strings; free with
 * eng->draft_free). */
void setup_model_job_draft(const struct setup_model *m, struct setup_draft *out);

/* Step titles ("Credentials"), translated; the step number shown is
 * step + 1 of SETUP_STEP__COUNT. */
const char *setup_step_title(enum setup_step s);
/* The storage kinds the storage step offers, in order. */
extern const enum setup_storage setup_storage_choices[];
extern const size_t setup_n_storage_choices;
/* Amazon S3 regions offered in a list (NULL-terminated). */
extern const char *const setup_aws_regions[];

#endif
