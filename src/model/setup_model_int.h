/* Shared by the wizard model's files (setup_model*.c). */
#ifndef RDM_MODEL_SETUP_MODEL_INT_H
#define RDM_MODEL_SETUP_MODEL_INT_H

#include "model/setup_model.h"

/* setup_model_input.c */
int setup_model_own_server(const struct setup_model *m);
/* Validates the fields the current step shows (m->checks). */
void setup_model_validate_step(struct setup_model *m);
/* Why the current input step cannot go on (an ERROR under a field, a live
 * answer pending or refused), or NULL. */
const char *setup_model_step_blocked(const struct setup_model *m);
/* Up/Down (dir -1/+1) in the focused list or radio. */
unsigned setup_model_move(struct setup_model *m, int dir);
/* Tab / Shift-Tab; returns 0 when Shift-Tab left the first input. */
unsigned setup_model_focus(struct setup_model *m, int dir);

/* setup_model.c: after a yes to the question Enter asked on step `from`,
 * go on as Enter would have (when still there). */
unsigned setup_model_advance(struct setup_model *m, enum setup_step from);
/* Enters step s (what it needs of the worker is added to m->need). */
unsigned setup_model_enter(struct setup_model *m, enum setup_step s);

/* setup_model_live.c */
void setup_live_clear(struct setup_live *l);
void setup_model_clear_buckets(struct setup_model *m);
void setup_model_clear_plan(struct setup_model *m);
void setup_model_clear_run(struct setup_model *m);

#endif
