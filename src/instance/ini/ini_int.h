/* Internals shared by ini.c (reading) and ini_edit.c (writing). */
#ifndef RDM_INSTANCE_INI_INT_H
#define RDM_INSTANCE_INI_INT_H
#include "instance/ini/ini.h"

int ini_reread(const struct ini *ini, struct buf *nb, struct ini *out, struct rdm_error *err);
void ini_replace(struct ini *ini, struct ini *with);
const struct ini_section *ini_find_section(const struct ini *ini, const char *name);

#endif
