/* The dashboard fixes' own server step types (ops/change/step.h); the
 * other fixes reuse setup's steps (ops/setup/setup_steps.h).
 *
 *   fix-file-mode   chmod a file that holds secrets to 0600 (group and
 *                   others lose every bit); undo: its mode before */
#ifndef RDM_OPS_FIX_STEPS_H
#define RDM_OPS_FIX_STEPS_H

#include "ops/change/step.h"

extern const struct change_step_type fix_step_mode;

/* The step's data: rel is relative to the instance folder. */
void *fix_mode_new(const char *rel, unsigned before, unsigned after);

#endif
