/* Internal to ops/fix/. */
#ifndef RDM_OPS_FIX_INT_H
#define RDM_OPS_FIX_INT_H

#include "ops/change/change.h"
#include "util/error.h"

/* Adds a fix-file-mode step for each file of the instance in dir that
 * holds a secret and that every user may read. 0, or -1 with err (the
 * instance's files cannot be read). */
int fix_add_file_modes(struct change *c, const char *dir, char *const *envp, struct rdm_error *err);

#endif
