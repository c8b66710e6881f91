/* Internals shared by dotenv.c (reading) and dotenv_edit.c (writing). */
#ifndef RDM_INSTANCE_DOTENV_INT_H
#define RDM_INSTANCE_DOTENV_INT_H
#include "instance/dotenv/dotenv.h"

/* Scan env->text into env->entries (entries must be empty). */
int dotenv_scan(struct dotenv *env, struct rdm_error *err);
/* Parse the edited bytes nb (wiped and freed) into out, named like env. */
int dotenv_reread(const struct dotenv *env, struct buf *nb, struct dotenv *out,
		  struct rdm_error *err);
void dotenv_replace(struct dotenv *env, struct dotenv *with);

#endif
