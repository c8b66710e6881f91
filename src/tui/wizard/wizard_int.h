/* Shared by the setup wizard's screen files: its state, its jobs and its
 * drawing. The model (model/setup_model.h) decides; these files show it,
 * turn keys into its actions, and serve its needs on the worker. */
#ifndef RDM_TUI_WIZARD_INT_H
#define RDM_TUI_WIZARD_INT_H

#include "model/setup_model.h"
#include "tui/shell/view.h"
#include "tui/widget/field.h"
#include "tui/widget/pane.h"
#include "tui/wizard/wizard_screen.h"

struct wizard {
	struct tui_view base;
	struct setup_model m;
	struct wizard_config cfg;         /* strings owned (copies) */
	struct tui_field fields[SETUP_IN__COUNT]; /* the text inputs */
	enum setup_step fields_for;       /* the step the fields were loaded for */
	int fields_loaded;
	struct tui_pane review, output;   /* scrollable: review text, run output */
	int review_built;
	int help_open;
	unsigned spin;                    /* spinner frame */
	int work;                         /* jobs in flight (the spinner turns) */
};

/* Messages the wizard's jobs post (kinds). */
enum wizard_msg {
	WIZ_MSG_SURVEY = 1, /* struct wizard_survey_msg */
	WIZ_MSG_LIVE,       /* struct wizard_live_msg (auth, buckets, region) */
	WIZ_MSG_PLAN,       /* struct wizard_plan_msg */
	WIZ_MSG_EVENT,      /* struct change_event (a copy) */
	WIZ_MSG_RUN,        /* struct wizard_run_msg */
};

/* Tags of the wizard's jobs. */
enum wizard_tag { WIZ_TAG_SURVEY = 1, WIZ_TAG_AUTH, WIZ_TAG_BUCKETS, WIZ_TAG_REGION, WIZ_TAG_PLAN,
		  WIZ_TAG_RUN };

struct wizard_survey_msg {
	const struct setup_engine *eng;
	int ok;
	struct setup_survey sv;
	char *error;
};
struct wizard_live_msg {
	const struct setup_engine *eng;
	unsigned gen;
	struct setup_live_answer a;
};
struct wizard_plan_msg {
	const struct setup_engine *eng;
	int ok;
	struct change c;
	struct setup_resolved res;
	char *error;
};
struct wizard_run_msg {
	const struct setup_engine *eng;
	int ok;
	struct change c;
	struct change_outcome out;
	char *error;
};

/* wizard_jobs.c: start the jobs for the model's needs (bits of ev). */
void wizard_serve(struct wizard *w, unsigned ev, struct tui_req *req);
/* Hand a job's message to the model; returns tui_ev flags. */
unsigned wizard_take(struct wizard *w, const struct tui_msg *msg);

/* wizard_draw.c: the frame (title, steps, help line, questions). */
void wizard_draw(struct tui_view *v, struct tui_draw_ctx *d);
/* The body's area, right of the step list. */
struct wizard_area {
	int y, x, h, w;
};
/* wizard_draw_input.c: steps 1-6. */
void wizard_draw_input_step(struct wizard *w, struct tui_draw_ctx *d, const struct wizard_area *a);
/* wizard_draw_apply.c: steps 7-10; the review's text. */
void wizard_draw_apply_step(struct wizard *w, struct tui_draw_ctx *d, const struct wizard_area *a);
char *wizard_review_text(const struct setup_model *m);

/* Whether an input is a text field (else a list or radio). */
int wizard_input_is_text(const struct setup_model *m, enum setup_input in);

#endif
