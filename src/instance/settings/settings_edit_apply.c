/* Writing one key: to the app's files, to the MinIO service, keeping the
 * two consistent (see settings_edit.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings_edit.h"
#include "instance/settings/settings_edit_int.h"
#include "instance/pycfg/pyliteral.h"
#include "instance/settings/settings_int.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define NOTE_APP "restart the app (invenio-cli run, or the containers) so that it reads the new settings"
#define NOTE_MINIO _("%s reads its settings when it starts: recreate it (docker compose up -d %s)")

int edit_compose_set(struct instance *inst, const char *service, const char *key, const char *value, int as_ref,
		     struct plan *p, struct rdm_error *err)
{
	struct compose_edit e = COMPOSE_EDIT_INIT;
	int rc = as_ref ? compose_env_set_ref(inst->services, service, key, value, COMPOSE_SHARED_EDIT_ANCHOR, &e, err)
			: compose_env_set(inst->services, service, key, value, COMPOSE_SHARED_EDIT_ANCHOR, &e, err);
	if (rc == 0 && e.changed) {
		for (size_t i = 1; i < e.n_affected; i++)
			plan_add_note(p, _("%s of service %s is shared through a YAML anchor: service %s changes too"), key,
				      service, e.affected[i]);
		inst_take_services(inst, &e);
	}
	compose_edit_free(&e);
	return rc;
}

int edit_compose_unset(struct instance *inst, const char *service, const char *key, struct plan *p,
		       struct rdm_error *err)
{
	struct compose_edit e = COMPOSE_EDIT_INIT;
	(void)p;
	int rc = compose_env_unset(inst->services, service, key, COMPOSE_SHARED_EDIT_ANCHOR, &e, err);
	if (rc == 0 && e.changed)
		inst_take_services(inst, &e);
	compose_edit_free(&e);
	return rc;
}

/* A value read from the compose file: edit it in place, or follow its
 * ${VAR} to where VAR is set. */
static int edit_compose_source(struct instance *inst, const char *service, const char *key,
			       const struct setting_source *src, const char *value, struct plan *p,
			       struct rdm_error *err)
{
	char *var = NULL, *dflt = NULL;
	int rc = 0;
	if (!src->raw)
		return edit_compose_set(inst, service, key, value, 0, p, err);
	if (compose_interp_classify(src->raw, &var, &dflt) != COMPOSE_INTERP_REF) {
		char *where = inst_origin_describe(&src->origin);
		rdm_error_set(err, _("cannot change %s of service %s: its value mixes text and ${...} references"), key,
			      service);
		rdm_error_where(err, "%s", where);
		rdm_error_remedy(err, _("edit it by hand, or replace it by a plain value first"));
		free(where);
		rc = -1;
	} else if (src->origin.kind == INST_ORIGIN_ENV) {
		plan_add_note(p, _("%s takes ${%s} from the environment of this shell, which rdm-s3 cannot change: "
			      "change it there"), key, var);
	} else if (dotenv_set(&inst->env, var, value, err) < 0) {
		rc = -1;
	}
	free(var);
	free(dflt);
	return rc;
}

static int set_cfg(struct instance *inst, const char *name, const char *value, struct rdm_error *err)
{
	return pycfg_set_str(&inst->cfg, name, value, err) < 0 ? -1 : 0;
}

/* Does a MinIO setting also take its value from ${VAR} of ref? */
static int ref_shared_with_minio(const struct settings *s, const char *ref)
{
	static const enum setting_id ids[] = { SET_MINIO_ROOT_USER, SET_MINIO_ROOT_PASSWORD, SET_MINIO_CORS,
					       SET_MINIO_REGION };
	char *var = NULL, *dflt = NULL;
	int shared = 0;
	if (compose_interp_classify(ref, &var, &dflt) != COMPOSE_INTERP_REF)
		goto out;
	for (size_t k = 0; k < sizeof ids / sizeof *ids && !shared; k++)
		for (size_t i = 0; i < s->v[ids[k]].n_sources && !shared; i++) {
			const struct setting_source *m = &s->v[ids[k]].sources[i];
			char *v2 = NULL, *d2 = NULL;
			if (m->raw && compose_interp_classify(m->raw, &v2, &d2) == COMPOSE_INTERP_REF)
				shared = !strcmp(v2, var);
			free(v2);
			free(d2);
		}
out:
	free(var);
	free(dflt);
	return shared;
}

static int refuse_literal(const char *name, const char *value, const struct setting_source *src, int secret,
			  struct rdm_error *err)
{
	struct pylit l;
	pyliteral_eval(value, &l);
	char *where = inst_origin_describe(&src->origin);
	rdm_error_set(err, _("InvenioRDM would read this %s as a Python %s, not as text, and it reaches the app "
			     "through %s, which MinIO reads too: it cannot be quoted for the app alone"),
		      secret ? _("secret") : name, l.outcome == PYLIT_VALUE ? pylit_type_name(l.type) : _("expression"),
		      src->raw);
	rdm_error_where(err, "%s", where);
	rdm_error_remedy(err, _("choose a value that is not a Python literal (e.g. one that starts with a letter), "
				"or give the app its own INVENIO_%s variable"), name);
	free(where);
	pylit_free(&l);
	return -1;
}

int edit_app_value(struct instance *inst, const struct settings *s, enum setting_id id, const char *value,
		   enum edit_target dflt, struct plan *p, struct rdm_error *err)
{
	const struct setting *st = &s->v[id];
	char *envname = xasprintf("INVENIO_%s", st->name);
	/* invenio-config evaluates INVENIO_* values as Python literals: what
	 * would read as a number (or True, [..]) is written as a string. */
	char *env_value = settings_invenio_encode(value);
	int wrote = 0, to_env = 0, rc = 0, quoted = strcmp(env_value, value) != 0;
	for (size_t i = 0; rc == 0 && i < st->n_sources; i++) {
		const struct setting_source *src = &st->sources[i];
		if (src->kind == SRC_PROCESS_ENV)
			plan_add_note(p, _("%s is set in the environment of this shell and overrides the files: "
				      "change or unset it there"), envname);
		else if (src->kind == SRC_DOTENV)
			rc = dotenv_set(&inst->env, envname, env_value, err) < 0 ? -1 : 0;
		else if (src->kind == SRC_APP_SERVICE && quoted && src->raw && ref_shared_with_minio(s, src->raw))
			rc = refuse_literal(st->name, value, src, st->secret, err);
		else if (src->kind == SRC_APP_SERVICE)
			rc = edit_compose_source(inst, s->app_service, envname, src, env_value, p, err);
		else if (src->kind == SRC_CFG)
			rc = set_cfg(inst, st->name, value, err);
		wrote |= src->kind == SRC_DOTENV || src->kind == SRC_APP_SERVICE || src->kind == SRC_CFG;
		to_env |= src->kind == SRC_DOTENV || src->kind == SRC_APP_SERVICE;
	}
	if (rc == 0 && !wrote) {
		to_env = dflt == TARGET_ENV;
		rc = to_env ? (dotenv_set(&inst->env, envname, env_value, err) < 0 ? -1 : 0)
			    : set_cfg(inst, st->name, value, err);
	}
	if (rc == 0 && quoted && to_env)
		plan_add_note(p, _("%s is written as a Python string literal where it is an INVENIO_ variable: "
				   "InvenioRDM evaluates those values as Python, and would read this one as a %s"),
			      st->secret ? _("the new secret") : st->name, _("number or other literal"));
	if (rc == 0)
		plan_add_note(p, NOTE_APP);
	secret_free(env_value);
	free(envname);
	return rc;
}

static int need_minio(const struct settings *s, const char *key, struct rdm_error *err)
{
	if (s->minio_service)
		return 0;
	rdm_error_set(err, _("%s: there is no MinIO service in docker-services.yml"), key);
	rdm_error_where(err, "%s", INST_SERVICES_YML);
	rdm_error_remedy(err, _("the minio.* keys edit the `s3` service of the InvenioRDM template; for another S3 "
			 "service use the storage.* keys"));
	return -1;
}

static int edit_minio_value(struct instance *inst, const struct settings *s, enum setting_id id, const char *value,
			    struct plan *p, struct rdm_error *err)
{
	const struct setting *st = &s->v[id];
	const struct setting_source *base = settings_source(s, id, SRC_MINIO_SERVICE);
	const struct setting_source *over = settings_source(s, id, SRC_OVERLAY);
	int rc;
	if (need_minio(s, st->name, err) != 0)
		return -1;
	if (over) {
		char *where = inst_origin_describe(&over->origin);
		rdm_error_set(err, _("%s is overridden in %s, which rdm-s3 does not edit"), st->name, where);
		rdm_error_where(err, "%s", where);
		rdm_error_remedy(err, _("remove the override there (docker-services.yml then decides), and run the "
				 "command again"));
		free(where);
		return -1;
	}
	rc = base ? edit_compose_source(inst, s->minio_service, st->name, base, value, p, err)
		  : edit_compose_set(inst, s->minio_service, st->name, value, 0, p, err);
	if (rc == 0)
		plan_add_note(p, NOTE_MINIO, s->rustfs ? "RustFS" : "MinIO", s->minio_service);
	return rc;
}

/* The app authenticates to this instance's MinIO as its root user. */
static int app_uses_root(const struct settings *s)
{
	const char *ak = settings_value(s, SET_S3_ACCESS_KEY_ID), *ru = settings_value(s, SET_MINIO_ROOT_USER);
	return settings_app_uses_minio(s) && ak && ru && !strcmp(ak, ru);
}

static void mask_current_secrets(const struct settings *s, struct plan *p)
{
	static const enum setting_id ids[] = { SET_S3_SECRET_ACCESS_KEY, SET_MINIO_ROOT_PASSWORD };
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < s->v[ids[k]].n_sources; i++)
			if (s->v[ids[k]].sources[i].kind != SRC_DEFAULT)
				edit_mask_secret(p, s->v[ids[k]].sources[i].value);
}

static int apply_secret(struct instance *inst, const struct settings *s, enum config_key key, const char *value,
			struct plan *p, struct rdm_error *err)
{
	int both = app_uses_root(s), rc = 0;
	if (key == KEY_MINIO_ROOT_PASSWORD || both) {
		if (both && key == KEY_STORAGE_SECRET_ACCESS_KEY && strlen(value) < 8)
			return rdm_error_set(err, _("the app uses MinIO's root user, so this key is MinIO's root password "
					     "too, and MinIO needs at least 8 characters"));
		rc = edit_minio_value(inst, s, SET_MINIO_ROOT_PASSWORD, value, p, err);
	}
	if (rc == 0 && (key == KEY_STORAGE_SECRET_ACCESS_KEY || both))
		rc = edit_app_value(inst, s, SET_S3_SECRET_ACCESS_KEY, value, edit_creds_target(s), p, err);
	return rc;
}

/* Browsers fetch files from the endpoint, so the CSP must allow it. When
 * the append cannot be added (e.g. no APP_DEFAULT_SECURE_HEADERS), the
 * change still goes ahead and a note says why; `config show` reports it. */
static void ensure_csp(struct instance *inst, struct plan *p)
{
	struct rdm_error e2 = RDM_ERROR_INIT;
	if (pycfg_get(&inst->cfg, "S3_ENDPOINT_URL") && pycfg_ensure_csp_append(&inst->cfg, &e2) < 0)
		plan_add_note(p, _("the content security policy was not extended: %s%s%s"), e2.message,
			      e2.remedy ? "; " : "", e2.remedy ? e2.remedy : "");
	rdm_error_clear(&e2);
}

static int apply_key(struct instance *inst, const struct settings *s, enum config_key key, const char *value,
		     struct plan *p, struct rdm_error *err)
{
	switch (key) {
	case KEY_STORAGE_ENDPOINT:
		if (edit_app_value(inst, s, SET_S3_ENDPOINT_URL, value, TARGET_CFG, p, err) != 0)
			return -1;
		ensure_csp(inst, p);
		return 0;
	case KEY_STORAGE_REGION:
		return edit_app_value(inst, s, SET_S3_REGION_NAME, value, TARGET_CFG, p, err);
	case KEY_STORAGE_BUCKET:
		if (ini_set(&inst->ini, INI_RDM_SECTION, "bucket", value, err) < 0)
			return -1;
		plan_add_note(p, _("InvenioRDM keeps its files location in the database: an existing location keeps "
			      "its old bucket (see `invenio files location list`)"));
		return 0;
	case KEY_STORAGE_ACCESS_KEY_ID:
		if (app_uses_root(s) && strcmp(value, settings_value(s, SET_MINIO_ROOT_USER)))
			plan_add_note(p, _("the app no longer uses MinIO's root user: that key must exist in MinIO "
				      "(or set minio.root-user instead, which changes both)"));
		return edit_app_value(inst, s, SET_S3_ACCESS_KEY_ID, value, edit_creds_target(s), p, err);
	case KEY_STORAGE_SECRET_ACCESS_KEY:
	case KEY_MINIO_ROOT_PASSWORD:
		return apply_secret(inst, s, key, value, p, err);
	case KEY_STORAGE_CREDENTIALS_IN:
		return edit_move_credentials(inst, s, !strcmp(value, "env"), p, err);
	case KEY_MINIO_ROOT_USER:
		if (app_uses_root(s) &&
		    edit_app_value(inst, s, SET_S3_ACCESS_KEY_ID, value, edit_creds_target(s), p, err) != 0)
			return -1;
		return edit_minio_value(inst, s, SET_MINIO_ROOT_USER, value, p, err);
	case KEY_MINIO_CORS_ALLOW_ORIGIN:
		return edit_minio_value(inst, s, SET_MINIO_CORS, value, p, err);
	case KEY_STORAGE_CLIENT_COMPAT:
		return edit_client_compat(inst, s, !strcmp(value, "on"), p, err);
	case KEY_STORAGE_CA_BUNDLE:
		return edit_app_value(inst, s, SET_S3_CA_BUNDLE, value, TARGET_CFG, p, err);
	case KEY_STORAGE_BUCKET_CORS_RULES:
		return edit_cfg_expr(inst, s, SET_S3_BUCKET_CORS_RULES, value, p, err);
	case KEY_SITE_UI_URL:
		return edit_site_url(inst, s, value, p, err);
	case KEY__COUNT:
		break;
	}
	return rdm_error_set(err, _("unknown key"));
}

int settings_key_apply(struct instance *inst, enum config_key key, const char *value, const struct settings_opts *o,
		       struct plan *p, struct rdm_error *err)
{
	struct settings s;
	struct settings_opts plain = { o ? o->envp : NULL, 0 };
	if (settings_key_validate(key, value, err) != 0)
		return -1;
	if (settings_read(&s, inst, &plain, err) != 0)
		return -1;
	mask_current_secrets(&s, p);
	if (settings_key_at(key)->secret)
		edit_mask_secret(p, value);
	int rc = apply_key(inst, &s, key, value, p, err);
	settings_free(&s);
	return rc;
}
