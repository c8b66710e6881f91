/* The table of every server-step type (step_registry.h). */
#include "config.h"
#include "ops/step_registry.h"

const struct change_step_type *const ops_step_types[] = {
	NULL,
};
