/* The live probe's instance facts: the instance engine's effective
 * settings (src/instance/settings/settings.h) mapped onto struct
 * check_instance_facts, with where each value comes from, the engine's
 * conflict report as problems, and the modes of the files holding
 * secrets. */
#include "config.h"
#include "ops/check/check_live_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "instance/plan/plan.h"
#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

extern char **environ;

char *live_keep(struct live_strings *ls, char *s)
{
	if (!s)
		return NULL;
	ls->v = xgrow(ls->v, &ls->cap, ls->n + 1, sizeof *ls->v);
	ls->v[ls->n++] = s;
	return s;
}

void live_strings_free(struct live_strings *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
	memset(ls, 0, sizeof *ls);
}

struct check_setting live_instance_setting(struct live_instance *li, enum setting_id id)
{
	struct check_setting cs = { NULL, NULL, 0 };
	if (!li->loaded)
		return cs;
	const struct setting *st = &li->settings.v[id];
	const struct setting_source *src = settings_winner(&li->settings, id);
	cs.secret = st->secret;
	if (!src)
		return cs;
	/* A Python expression has no value; the facts carry it as written
	 * (S3_CONFIG_EXTRA is judged from its text). */
	cs.value = src->value ? src->value : src->raw;
	cs.where = live_keep(&li->strings, settings_describe_source(src));
	return cs;
}

static int source_is_default(const struct live_instance *li, enum setting_id id)
{
	const struct setting_source *src = settings_winner(&li->settings, id);
	return src && src->kind == SRC_DEFAULT;
}

/* The conflicts that a check reports in its own words are left out here,
 * so that one finding is not listed twice: the CSP (browser-reach), the
 * storage factory (wiring), and a key or password still CHANGE_ME (the
 * instance check's own placeholder finding). */
static int reported_elsewhere(const struct settings *s, enum setting_id about)
{
	if (about == SET_CSP_APPEND || about == SET_FILES_REST_STORAGE_FACTORY)
		return 1;
	if (about == SET_S3_ACCESS_KEY_ID || about == SET_S3_SECRET_ACCESS_KEY ||
	    about == SET_MINIO_ROOT_USER || about == SET_MINIO_ROOT_PASSWORD)
		return check_is_placeholder(settings_value(s, about));
	return 0;
}

static void map_problems(struct live_instance *li, struct check_instance_facts *out)
{
	const struct settings *s = &li->settings;
	li->problems = xcalloc(s->n_conflicts + 1, sizeof *li->problems);
	for (size_t i = 0; i < s->n_conflicts; i++) {
		const struct setting_conflict *c = &s->conflicts[i];
		if (reported_elsewhere(s, c->about))
			continue;
		struct check_config_problem *p = &li->problems[out->n_problems++];
		p->status = c->level == CONFLICT_ERROR ? CHECK_CRIT
			    : c->level == CONFLICT_WARNING ? CHECK_WARN : CHECK_INFO;
		p->message = c->message;
		p->where = c->where;
		p->remedy = c->remedy;
	}
	out->problems = li->problems;
}

/* Whether a secret setting has a source in file rel. */
static int file_holds_secret(const struct settings *s, const char *rel)
{
	const enum setting_id secrets[] = { SET_S3_SECRET_ACCESS_KEY, SET_MINIO_ROOT_PASSWORD };
	for (size_t k = 0; k < sizeof secrets / sizeof *secrets; k++) {
		const struct setting *st = &s->v[secrets[k]];
		for (size_t i = 0; i < st->n_sources; i++) {
			const struct inst_origin *o = &st->sources[i].origin;
			if (o->kind == INST_ORIGIN_FILE && o->file && strcmp(o->file, rel) == 0 &&
			    st->sources[i].value && *st->sources[i].value)
				return 1;
		}
	}
	return 0;
}

static void map_files(struct live_instance *li, struct check_instance_facts *out)
{
	const struct inst_text *texts[] = { &li->inst.services_orig, &li->inst.cfg_orig,
					    &li->inst.env_orig };
	size_t n = sizeof texts / sizeof *texts;
	li->files = xcalloc(n, sizeof *li->files);
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (!texts[i]->exists || !texts[i]->rel)
			continue;
		char *path = xasprintf("%s/%s", li->inst.dir, texts[i]->rel);
		int ok = stat(path, &sb) == 0;
		free(path);
		if (!ok)
			continue;
		struct check_file_mode *m = &li->files[out->n_files++];
		m->path = texts[i]->rel;
		m->mode = (unsigned)(sb.st_mode & 07777);
		m->holds_secrets = file_holds_secret(&li->settings, texts[i]->rel);
	}
	out->files = li->files;
}

static void map_settings(struct live_instance *li, struct check_instance_facts *out)
{
	out->site_ui_url = live_instance_setting(li, SET_SITE_UI_URL);
	out->s3_endpoint_url = live_instance_setting(li, SET_S3_ENDPOINT_URL);
	out->s3_access_key_id = live_instance_setting(li, SET_S3_ACCESS_KEY_ID);
	out->s3_secret_access_key = live_instance_setting(li, SET_S3_SECRET_ACCESS_KEY);
	out->s3_region_name = live_instance_setting(li, SET_S3_REGION_NAME);
	out->s3_signature_version = live_instance_setting(li, SET_S3_SIGNATURE_VERSION);
	out->s3_config_extra = live_instance_setting(li, SET_S3_CONFIG_EXTRA);
	if (source_is_default(li, SET_S3_CONFIG_EXTRA)) /* "{}": not written anywhere */
		out->s3_config_extra.value = out->s3_config_extra.where = NULL;
	out->files_rest_storage_factory = live_instance_setting(li, SET_FILES_REST_STORAGE_FACTORY);
	out->file_storage = live_instance_setting(li, SET_FILE_STORAGE);
	/* Without a MinIO service these stay unset (the facts' "no MinIO"),
	 * rather than MinIO's built-in defaults. */
	out->minio_unused = li->settings.minio_service && settings_value(&li->settings, SET_S3_ENDPOINT_URL) &&
			    !settings_app_uses_minio(&li->settings);
	out->minio_service = li->settings.minio_service;
	if (li->settings.minio_service) {
		out->minio_root_user = live_instance_setting(li, SET_MINIO_ROOT_USER);
		out->minio_root_password = live_instance_setting(li, SET_MINIO_ROOT_PASSWORD);
		out->minio_image = live_instance_setting(li, SET_MINIO_IMAGE);
		out->minio_cors_allow_origin = live_instance_setting(li, SET_MINIO_CORS);
	}
	out->csp_appends_endpoint = settings_winner(&li->settings, SET_CSP_APPEND) != NULL;
	out->csp_default_src = NULL; /* the dict literal is not evaluated */
}

/* A change set left pending (the command could not recover it: server
 * steps, a file edited since, a state folder it may not write). */
static void map_pending(struct live_instance *li, const char *dir, struct check_instance_facts *out)
{
	struct plan_pending pp;
	struct rdm_error err = RDM_ERROR_INIT;
	int found = plan_pending_read(dir, &pp, &err);
	if (found == -1) { /* -2: this user may not read it; nothing to report */
		out->state_error = live_keep(&li->strings, xstrdup(err.message ? err.message : "unreadable"));
		out->state_remedy = err.remedy ? live_keep(&li->strings, xstrdup(err.remedy)) : NULL;
	}
	if (found > 0) {
		out->pending_change = live_keep(&li->strings, xasprintf(_("`%s` of %s (backup %s): %s"), pp.command,
									pp.created, pp.id, pp.holds));
		out->pending_repair = live_keep(&li->strings, xstrdup(pp.repair));
		out->pending_mixed = pp.mixed;
	}
	plan_pending_free(&pp);
	rdm_error_clear(&err);
}

void live_instance_read(struct live_instance *li, const char *dir,
			struct check_instance_facts *out)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct settings_opts so = { environ, 0 };
	memset(li, 0, sizeof *li);
	memset(out, 0, sizeof *out);
	out->present = 1;
	out->latency = -1;
	if (!dir)
		return;
	out->found = 1;
	out->path = dir;
	map_pending(li, dir, out);
	if (inst_load(&li->inst, dir, &err) != 0 || settings_read(&li->settings, &li->inst, &so, &err) != 0) {
		out->load_error = live_keep(&li->strings, rdm_error_format(&err));
		rdm_error_clear(&err);
		settings_free(&li->settings);
		memset(&li->settings, 0, sizeof li->settings);
		return;
	}
	li->loaded = 1;
	map_settings(li, out);
	map_problems(li, out);
	map_files(li, out);
}

void live_instance_free(struct live_instance *li)
{
	if (li->loaded)
		settings_free(&li->settings);
	inst_free(&li->inst);
	free(li->problems);
	free(li->files);
	live_strings_free(&li->strings);
	memset(li, 0, sizeof *li);
}
