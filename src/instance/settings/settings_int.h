/* Internal to settings*.c. */
#ifndef RDM_INSTANCE_SETTINGS_INT_H
#define RDM_INSTANCE_SETTINGS_INT_H
#include "instance/settings/settings.h"

struct setting_def {
	const char *name;
	enum setting_group group;
	int secret;
	const char *dflt; /* built-in default, or NULL */
	const char *note; /* what "not set" means */
};

const struct setting_def *settings_def(enum setting_id id);
/* Append a source to setting id (sources go in precedence order). */
struct setting_source *settings_push_source(struct settings *s, enum setting_id id, enum setting_src kind);

void settings_read_app(struct settings *s, const struct instance *inst, char *const *envp);
void settings_read_minio(struct settings *s, const struct instance *inst, char *const *envp);
void settings_read_instance(struct settings *s, const struct instance *inst);
void settings_find_conflicts(struct settings *s, const struct instance *inst, int check_git);
/* Secrets in files git tracks, .env not ignored or readable by others. */
void settings_check_git(struct settings *s, const struct instance *inst);

/* The value of NAME in envp (borrowed), or NULL. */
const char *settings_env_get(char *const *envp, const char *name);
/* What invenio-config makes of an INVENIO_* value: ast.literal_eval of a
 * quoted string gives the string inside; anything else stays as is. */
char *settings_invenio_decode(const char *v);
/* Fill src from a compose value (literal, or ${VAR} resolved as compose
 * does: process environment, then .env, then the :- default). */
void settings_from_compose(struct setting_source *src, const struct compose_value *cv, const char *key,
			   const struct instance *inst, char *const *envp);

#endif
