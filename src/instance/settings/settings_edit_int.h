/* Internal to settings_edit*.c: the building blocks of a key's edit. */
#ifndef RDM_INSTANCE_SETTINGS_EDIT_INT_H
#define RDM_INSTANCE_SETTINGS_EDIT_INT_H
#include "instance/settings/settings_edit.h"

enum edit_target { TARGET_CFG, TARGET_ENV };

/* Where the app's credentials live now: .env when any of them is set
 * there or referenced from the app service, else invenio.cfg. */
enum edit_target edit_creds_target(const struct settings *s);
/* Set an application setting everywhere a file sets it (see
 * settings_edit.h); dflt when no file does. */
int edit_app_value(struct instance *inst, const struct settings *s, enum setting_id id, const char *value,
		   enum edit_target dflt, struct plan *p, struct rdm_error *err);
/* Set or reference (as_ref: value is a variable name) `key` in `service`
 * of docker-services.yml; the working document is replaced. */
int edit_compose_set(struct instance *inst, const char *service, const char *key, const char *value, int as_ref,
		     struct plan *p, struct rdm_error *err);
int edit_compose_unset(struct instance *inst, const char *service, const char *key, struct plan *p,
		       struct rdm_error *err);
/* Mask value in diffs, in every spelling the editors may give it. */
void edit_mask_secret(struct plan *p, const char *value);
/* The value of the highest-precedence source that is a file (not the
 * process environment, not a default), or NULL. */
const struct setting_source *edit_file_source(const struct settings *s, enum setting_id id);

/* storage.credentials-in (settings_edit_creds.c). */
int edit_move_credentials(struct instance *inst, const struct settings *s, int to_env, struct plan *p,
			  struct rdm_error *err);

/* The keys that edit settings beyond plain literals (settings_edit_extra.c). */
int edit_client_compat(struct instance *inst, const struct settings *s, int on, struct plan *p,
		       struct rdm_error *err);
/* A setting only invenio.cfg can hold (a Python expression): refused when
 * .env or the app service sets it. */
int edit_cfg_expr(struct instance *inst, const struct settings *s, enum setting_id id, const char *expr,
		  struct plan *p, struct rdm_error *err);
int edit_site_url(struct instance *inst, const struct settings *s, const char *url, struct plan *p,
		  struct rdm_error *err);

#endif
