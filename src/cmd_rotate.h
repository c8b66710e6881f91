/* `rdm-s3 rotate`: what its two files share. cmd_rotate.c parses and
 * drives the engine (ops/rotate, ops/change); cmd_rotate_out.c prints the
 * key, the plan and the outcome, as text or --json (the progress lines are
 * setup's: cmd_setup.h). */
#ifndef RDM_CMD_ROTATE_H
#define RDM_CMD_ROTATE_H

#include "cmd_setup.h"
#include "ops/rotate/rotate.h"

/* The key today, the diff (secrets masked) and the steps in order; text
 * now, --json kept for the end. */
void rotate_out_plan(struct setup_out *o, const struct rotate_survey *sv, const struct rotate_resolved *res,
		     const struct change *c);
/* What happened and the exit code (with --json, prints the whole object). */
int rotate_out_finish(struct setup_out *o, const struct change_outcome *out);

#endif
