/* What the instance uses today (setup.h): read from its files only. */
#include "config.h"
#include "ops/setup/setup.h"
#include "ops/setup/setup_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "instance/settings/settings_edit.h"
#include "ops/check/check_util.h"
#include "s3/model/endpoint.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static const char *value_of(const struct settings *s, enum setting_id id)
{
	const struct setting_source *w = settings_winner(s, id);
	return w && w->kind != SRC_DEFAULT && w->value && *w->value ? w->value : NULL;
}

static char *where_of(const struct settings *s, enum setting_id id)
{
	const struct setting_source *w = settings_winner(s, id);
	return w ? settings_describe_source(w) : NULL;
}

static void add_placeholder(struct setup_survey *sv, const struct settings *s, enum setting_id id)
{
	const struct setting_source *w = settings_winner(s, id);
	if (!w || !w->value || !check_is_placeholder(w->value))
		return;
	char *where = settings_describe_source(w);
	sv->placeholders = xrealloc(sv->placeholders, (sv->n_placeholders + 1) * sizeof *sv->placeholders);
	sv->placeholders[sv->n_placeholders++] = xasprintf("%s (%s)", s->v[id].name, where);
	free(where);
}

/* A root credential that still needs replacing: CHANGE_ME, or not set
 * (then the server's built-in default, minioadmin, which everyone knows). */
static int root_placeholder(const struct settings *s, enum setting_id id)
{
	const struct setting_source *w = settings_winner(s, id);
	return !w || w->kind == SRC_DEFAULT || !w->value || check_is_placeholder(w->value);
}

static enum setup_runner runner_of(const struct instance *inst)
{
	const char *pm = ini_get_value(&inst->ini, "cli", "python_package_manager");
	if (pm && !strcasecmp(pm, "uv"))
		return SETUP_RUNNER_UV;
	char *priv = xasprintf("%s/.invenio.private", inst->dir), *full = xasprintf("%s/docker-compose.full.yml", inst->dir);
	struct stat st;
	int local = stat(priv, &st) == 0, containers = stat(full, &st) == 0;
	free(priv);
	free(full);
	/* invenio-cli writes .invenio.private (instance_path) for a local
	 * install; an instance run only in containers has the full compose file. */
	return !local && containers ? SETUP_RUNNER_CONTAINER : SETUP_RUNNER_PIPENV;
}

static int client_compat_on(const struct instance *inst)
{
	static const char *const keys[] = { CLIENT_COMPAT_KEY1, CLIENT_COMPAT_KEY2 };
	for (size_t i = 0; i < 2; i++) {
		char *v = NULL;
		int found = pycfg_dict_get_str(&inst->cfg, "S3_CONFIG_EXTRA", keys[i], &v) == 1 && v &&
			    strcasestr(v, CLIENT_COMPAT_VALUE);
		free(v);
		if (!found)
			return 0;
	}
	return 1;
}

static void fill_service(struct setup_survey *sv, const struct instance *inst, const struct settings *s,
			 char *const *envp)
{
	if (!s->minio_service)
		return;
	sv->service = xstrdup(s->minio_service);
	sv->service_kind = setup_service_kind(inst, s->minio_service);
	sv->service_endpoint = setup_service_endpoint(inst, s->minio_service, envp);
	sv->root_user = dup_or_null(value_of(s, SET_MINIO_ROOT_USER));
	sv->root_user_placeholder = root_placeholder(s, SET_MINIO_ROOT_USER);
	sv->root_password_placeholder = root_placeholder(s, SET_MINIO_ROOT_PASSWORD);
	sv->cors_allow_origin = dup_or_null(value_of(s, SET_MINIO_CORS));
	const char *ak = settings_value(s, SET_S3_ACCESS_KEY_ID), *ru = settings_value(s, SET_MINIO_ROOT_USER);
	sv->app_uses_root = settings_app_uses_minio(s) && ak && ru && !strcmp(ak, ru);
}

static enum setup_storage kind_of(const struct setup_survey *sv, const struct settings *s)
{
	if (sv->service && (settings_app_uses_minio(s) || !sv->endpoint))
		return sv->service_kind;
	if (!sv->endpoint)
		return SETUP_STORAGE_AWS;
	struct s3_endpoint ep;
	struct rdm_error ignored = RDM_ERROR_INIT;
	enum setup_storage k = SETUP_STORAGE_OTHER;
	if (s3_endpoint_parse(sv->endpoint, &ep, &ignored) == 0) {
		if (ep.is_aws)
			k = SETUP_STORAGE_AWS;
		s3_endpoint_free(&ep);
	}
	rdm_error_clear(&ignored);
	return k;
}

static void fill_app(struct setup_survey *sv, const struct settings *s)
{
	sv->endpoint = dup_or_null(value_of(s, SET_S3_ENDPOINT_URL));
	sv->endpoint_where = sv->endpoint ? where_of(s, SET_S3_ENDPOINT_URL) : NULL;
	sv->region = dup_or_null(value_of(s, SET_S3_REGION_NAME));
	sv->bucket = xstrdup(settings_value(s, SET_BUCKET) ? settings_value(s, SET_BUCKET) : SETUP_DEFAULT_BUCKET);
	sv->access_key_id = dup_or_null(value_of(s, SET_S3_ACCESS_KEY_ID));
	sv->access_key_where = sv->access_key_id ? where_of(s, SET_S3_ACCESS_KEY_ID) : NULL;
	sv->access_key_placeholder = !sv->access_key_id || check_is_placeholder(sv->access_key_id);
	const char *sk = value_of(s, SET_S3_SECRET_ACCESS_KEY);
	sv->secret_placeholder = !sk || check_is_placeholder(sk);
	static const enum setting_id ids[] = { SET_S3_ACCESS_KEY_ID, SET_S3_SECRET_ACCESS_KEY };
	sv->creds_in = SETUP_CREDS_CFG;
	for (size_t k = 0; k < 2; k++) {
		const struct setting_source *app = settings_source(s, ids[k], SRC_APP_SERVICE);
		if (settings_source(s, ids[k], SRC_DOTENV) || (app && app->raw))
			sv->creds_in = SETUP_CREDS_ENV;
	}
	sv->site_url = dup_or_null(value_of(s, SET_SITE_UI_URL));
	sv->site_url_where = sv->site_url ? where_of(s, SET_SITE_UI_URL) : NULL;
	sv->origin = sv->site_url ? check_url_origin(sv->site_url) : NULL;
	const char *fs = settings_value(s, SET_FILE_STORAGE), *factory = settings_value(s, SET_FILES_REST_STORAGE_FACTORY);
	sv->file_storage_s3 = fs && !strcasecmp(fs, "S3");
	sv->uses_invenio_s3 = factory && strstr(factory, "invenio_s3") != NULL;
	static const enum setting_id secrets[] = { SET_S3_ACCESS_KEY_ID, SET_S3_SECRET_ACCESS_KEY,
						   SET_MINIO_ROOT_USER, SET_MINIO_ROOT_PASSWORD };
	for (size_t k = 0; k < 4; k++)
		if (k < 2 || s->minio_service)
			add_placeholder(sv, s, secrets[k]);
}

int setup_survey_read(const char *instance_dir, char *const *envp, struct setup_survey *sv, struct rdm_error *err)
{
	struct instance inst;
	struct settings s;
	struct settings_opts so = { envp ? envp : environ, 0 };
	memset(sv, 0, sizeof *sv);
	if (inst_load(&inst, instance_dir, err) != 0) {
		inst_free(&inst);
		return -1;
	}
	if (settings_read(&s, &inst, &so, err) != 0) {
		settings_free(&s);
		inst_free(&inst);
		return -1;
	}
	sv->instance_dir = xstrdup(inst.dir);
	sv->project = dup_or_null(ini_get_value(&inst.ini, "cookiecutter", "project_shortname"));
	fill_app(sv, &s);
	fill_service(sv, &inst, &s, so.envp);
	sv->kind = kind_of(sv, &s);
	sv->client_compat = client_compat_on(&inst);
	sv->runner = runner_of(&inst);
	struct change_pending p;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (change_find_pending(inst.dir, NULL, &p, &ignored) == 1) {
		sv->pending_change = xstrdup(p.id);
		sv->pending_resume = dup_or_null(p.resume_command);
		change_pending_free(&p);
	}
	rdm_error_clear(&ignored);
	settings_free(&s);
	inst_free(&inst);
	return 0;
}

void setup_survey_free(struct setup_survey *sv)
{
	char **strs[] = { &sv->instance_dir, &sv->project, &sv->service, &sv->service_endpoint, &sv->root_user,
			  &sv->cors_allow_origin, &sv->endpoint, &sv->endpoint_where, &sv->region, &sv->bucket,
			  &sv->access_key_id, &sv->access_key_where, &sv->site_url, &sv->site_url_where, &sv->origin,
			  &sv->pending_change, &sv->pending_resume };
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
		free(*strs[i]);
	for (size_t i = 0; i < sv->n_placeholders; i++)
		free(sv->placeholders[i]);
	free(sv->placeholders);
	memset(sv, 0, sizeof *sv);
}
