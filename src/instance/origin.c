#include "config.h"
#include "instance/origin.h"

#include <stdlib.h>

#include "util/xalloc.h"
#include "util/i18n.h"

char *inst_origin_describe(const struct inst_origin *o)
{
	switch (o->kind) {
	case INST_ORIGIN_FILE:
		return o->line ? xasprintf("%s:%u", o->file, o->line) : xstrdup(o->file);
	case INST_ORIGIN_ENV:
		return xasprintf(_("environment variable %s"), o->env_name);
	case INST_ORIGIN_DEFAULT:
		return xstrdup("default");
	case INST_ORIGIN_NONE:
		break;
	}
	return xstrdup("not set");
}

void inst_origin_set_file(struct inst_origin *o, const char *file, unsigned line)
{
	inst_origin_clear(o);
	o->kind = INST_ORIGIN_FILE;
	o->file = xstrdup(file);
	o->line = line;
}

void inst_origin_set_env(struct inst_origin *o, const char *name)
{
	inst_origin_clear(o);
	o->kind = INST_ORIGIN_ENV;
	o->env_name = xstrdup(name);
}

void inst_origin_copy(struct inst_origin *dst, const struct inst_origin *src)
{
	inst_origin_clear(dst);
	dst->kind = src->kind;
	dst->file = src->file ? xstrdup(src->file) : NULL;
	dst->line = src->line;
	dst->env_name = src->env_name ? xstrdup(src->env_name) : NULL;
}

void inst_origin_clear(struct inst_origin *o)
{
	free(o->file);
	free(o->env_name);
	o->file = o->env_name = NULL;
	o->line = 0;
	o->kind = INST_ORIGIN_NONE;
}
