/* Every server-step type rdm-s3 has, for reading a change journal back in
 * a later process (`rdm-s3 setup --resume`, `rdm-s3 undo`): the engine finds
 * a step's type by its kind in this table. A module that adds step types
 * (setup, rotation, the dashboard's fixes) lists them here. */
#ifndef RDM_OPS_STEP_REGISTRY_H
#define RDM_OPS_STEP_REGISTRY_H

#include "ops/change/step.h"

/* NULL-terminated (step_registry.c). */
extern const struct change_step_type *const ops_step_types[];

#endif
