/* Internal to plan*.c: shared between building, applying and undoing. */
#ifndef RDM_INSTANCE_PLAN_INT_H
#define RDM_INSTANCE_PLAN_INT_H
#include "instance/plan/plan.h"

/* Whether applying f changes the disk (bytes or existence). */
int plan_file_changes(const struct plan_file *f);

#endif
