/* storage.credentials-in: move the app's S3 credentials (and MinIO's root
 * credentials) between the committed files and .env. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings_edit.h"
#include "instance/settings/settings_edit_int.h"
#include "instance/settings/settings_int.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const enum setting_id app_ids[] = { SET_S3_ACCESS_KEY_ID, SET_S3_SECRET_ACCESS_KEY };
static const enum setting_id minio_ids[] = { SET_MINIO_ROOT_USER, SET_MINIO_ROOT_PASSWORD };

/* A value InvenioRDM reads as a Python number (or list...) is not the text
 * it looks like: moving it would change what the app gets. */
static int refuse_non_text(const struct setting_source *src, const char *name, struct rdm_error *err)
{
	char *where = inst_origin_describe(&src->origin);
	rdm_error_set(err, _("cannot move %s: InvenioRDM reads its value as a Python %s, not as text"), name,
		      src->pytype);
	rdm_error_where(err, "%s", where);
	rdm_error_remedy(err, _("set it again first (`rdm-s3 config set` / `config set-secret` write text), then move it"));
	free(where);
	return -1;
}

static int is_text(const struct setting_source *src)
{
	return !src->pytype || !strcmp(src->pytype, "str");
}

static int refuse_computed(const struct setting_source *src, const char *name, struct rdm_error *err)
{
	char *where = inst_origin_describe(&src->origin);
	rdm_error_set(err, _("cannot move %s: its value is computed, not a plain value"), name);
	rdm_error_where(err, "%s", where);
	rdm_error_remedy(err, _("replace it by a plain value first (`rdm-s3 config set` / `config set-secret`)"));
	free(where);
	return -1;
}

/* .env gets INVENIO_<NAME>; invenio.cfg loses NAME; the app service refers to it. */
static int app_to_env(struct instance *inst, const struct settings *s, enum setting_id id, struct plan *p,
		      struct rdm_error *err)
{
	const char *name = s->v[id].name;
	const struct setting_source *src = edit_file_source(s, id);
	char *envname = xasprintf("INVENIO_%s", name);
	int rc = 0;
	char *env_value = src && src->value ? settings_invenio_encode(src->value) : NULL;
	if (src && !src->value)
		rc = refuse_computed(src, name, err);
	else if (src && !is_text(src))
		rc = refuse_non_text(src, name, err);
	if (rc == 0 && src && dotenv_set(&inst->env, envname, env_value, err) < 0)
		rc = -1;
	secret_free(env_value);
	if (rc == 0 && pycfg_get(&inst->cfg, name) && pycfg_remove(&inst->cfg, name, err) < 0)
		rc = -1;
	if (rc == 0 && src && s->app_service)
		rc = edit_compose_set(inst, s->app_service, envname, envname, 1, p, err);
	free(envname);
	return rc;
}

/* invenio.cfg gets NAME; .env and the app service lose INVENIO_<NAME>. */
static int app_to_cfg(struct instance *inst, const struct settings *s, enum setting_id id, struct plan *p,
		      struct rdm_error *err)
{
	const char *name = s->v[id].name;
	const struct setting_source *src = edit_file_source(s, id);
	char *envname = xasprintf("INVENIO_%s", name);
	int rc = 0;
	if (src && !src->value)
		rc = refuse_computed(src, name, err);
	else if (src && !is_text(src))
		rc = refuse_non_text(src, name, err);
	if (rc == 0 && src && pycfg_set_str(&inst->cfg, name, src->value, err) < 0)
		rc = -1;
	if (rc == 0 && dotenv_remove(&inst->env, envname, err) < 0)
		rc = -1;
	if (rc == 0 && s->app_service && settings_source(s, id, SRC_APP_SERVICE))
		rc = edit_compose_unset(inst, s->app_service, envname, p, err);
	free(envname);
	return rc;
}

/* .env already sets the variable the service is about to refer to, to a
 * different value (unused so far): rdm-s3 does not guess which one is
 * right. A placeholder or an empty value may be replaced. */
static int refuse_other_value(const struct instance *inst, const char *key, const struct setting_source *src,
			      struct rdm_error *err)
{
	const struct dotenv_entry *de = dotenv_get(&inst->env, key);
	if (!de || !de->value || !*de->value || !strcmp(de->value, "CHANGE_ME") ||
	    (src->value && !strcmp(de->value, src->value)))
		return 0;
	char *in_env = inst_origin_describe(&de->origin), *in_svc = inst_origin_describe(&src->origin);
	rdm_error_set(err, _("cannot move %s to .env: %s already sets it to another value than the one MinIO uses "
		      "now (%s)"), key, in_env, in_svc);
	rdm_error_where(err, "%s", in_env);
	rdm_error_remedy(err, _("remove the line from .env if the value in %s is the right one (or copy the right "
			 "value into %s), then run the command again"), in_svc, in_svc);
	free(in_env);
	free(in_svc);
	return -1;
}

/* MinIO's root credentials: a literal in the service moves to .env as
 * MINIO_ROOT_*, referenced with ${MINIO_ROOT_*}; and back. */
static int minio_move(struct instance *inst, const struct settings *s, enum setting_id id, int to_env,
		      struct plan *p, struct rdm_error *err)
{
	const struct setting_source *src = settings_source(s, id, SRC_MINIO_SERVICE);
	const char *key = s->v[id].name;
	if (!src)
		return 0; /* not set in the service: MinIO's default, nothing to move */
	if (to_env) {
		if (src->raw)
			return 0; /* already a reference */
		if (refuse_other_value(inst, key, src, err) != 0 || dotenv_set(&inst->env, key, src->value, err) < 0)
			return -1;
		return edit_compose_set(inst, s->minio_service, key, key, 1, p, err);
	}
	if (!src->raw)
		return 0;
	if (!src->value || src->origin.kind == INST_ORIGIN_ENV)
		return 0; /* from the shell: leave the reference */
	if (edit_compose_set(inst, s->minio_service, key, src->value, 0, p, err) != 0)
		return -1;
	return dotenv_remove(&inst->env, key, err) < 0 ? -1 : 0;
}

/* Refuse a removal from invenio.cfg before the first edit, so that the
 * message names the lines as they are on disk (removing the first key's
 * line would shift the second one's). pycfg_remove refuses a value that is
 * not a simple literal without changing anything. */
static int precheck_cfg_removal(struct instance *inst, const struct settings *s, struct rdm_error *err)
{
	for (size_t k = 0; k < 2; k++) {
		const char *name = s->v[app_ids[k]].name;
		for (size_t i = 0; i < inst->cfg.n_assigns; i++)
			if (!strcmp(inst->cfg.assigns[i].name, name) && !inst->cfg.assigns[i].simple)
				return pycfg_remove(&inst->cfg, name, err) < 0 ? -1 : 0;
	}
	return 0;
}

int edit_move_credentials(struct instance *inst, const struct settings *s, int to_env, struct plan *p,
			  struct rdm_error *err)
{
	if (to_env && precheck_cfg_removal(inst, s, err) != 0)
		return -1;
	for (size_t k = 0; k < 2; k++) {
		int rc = to_env ? app_to_env(inst, s, app_ids[k], p, err) : app_to_cfg(inst, s, app_ids[k], p, err);
		if (rc != 0)
			return -1;
	}
	for (size_t k = 0; s->minio_service && k < 2; k++)
		if (minio_move(inst, s, minio_ids[k], to_env, p, err) != 0)
			return -1;
	if (to_env) {
		inst_gitignore_add(inst, INST_ENV, "rdm-s3: .env holds the S3 and MinIO credentials; never commit it");
		plan_add_note(p, _("the credentials now live in .env (mode 0600): docker compose and `pipenv run` "
			      "read it"));
	} else {
		plan_add_note(p, _("the credentials now live in invenio.cfg: keep that file out of version control"));
	}
	if (settings_source(s, SET_S3_ACCESS_KEY_ID, SRC_PROCESS_ENV) ||
	    settings_source(s, SET_S3_SECRET_ACCESS_KEY, SRC_PROCESS_ENV))
		plan_add_note(p, _("INVENIO_S3_* variables exported in this shell still override the files"));
	plan_add_note(p, _("restart the app (invenio-cli run, or the containers) so that it reads the new settings"));
	return 0;
}
