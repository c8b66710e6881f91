/* The table of every server-step type (step_registry.h). */
#include "config.h"
#include "ops/step_registry.h"

#include "ops/rotate/rotate_int.h"
#include "ops/fix/fix_steps.h"
#include "ops/setup/setup_steps.h"

const struct change_step_type *const ops_step_types[] = {
	&setup_step_bucket,
	&setup_step_cors,
	&setup_step_restart,
	&setup_step_start,
	&setup_step_location,
	&setup_step_verify,
	&rotate_step_create,
	&rotate_step_prove_config,
	&rotate_step_revoke,
	&rotate_step_delete,
	&rotate_step_old_rejected,
	&fix_step_mode,
	NULL,
};
