/* Collecting the sources of every setting from the loaded files and the
 * process environment, in precedence order (see settings.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "instance/pycfg/pyliteral.h"
#include "instance/settings/settings.h"
#include "instance/settings/settings_int.h"
#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

const char *settings_env_get(char *const *envp, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; envp && envp[i]; i++)
		if (!strncmp(envp[i], name, n) && envp[i][n] == '=')
			return envp[i] + n + 1;
	return NULL;
}

char *settings_invenio_encode(const char *value)
{
	struct pylit l;
	pyliteral_eval(value, &l);
	int as_is = l.outcome == PYLIT_NOT_LITERAL && *value;
	pylit_free(&l);
	struct buf b = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (as_is || pycfg_quote_str(&b, value, '\'', &err) != 0) {
		rdm_error_clear(&err); /* not UTF-8: the .env writer refuses it */
		buf_free(&b);
		return xstrdup(value);
	}
	return buf_detach(&b);
}

void settings_invenio_eval(struct setting_source *src, const char *text)
{
	struct pylit l;
	pyliteral_eval(text, &l);
	if (l.outcome == PYLIT_NOT_LITERAL) {
		src->value = xstrdup(text); /* SyntaxError/ValueError: kept as text */
	} else {
		src->pytype = l.outcome == PYLIT_TYPE_ERROR ? "TypeError"
			      : l.outcome == PYLIT_UNKNOWN ? "unknown" : pylit_type_name(l.type);
		src->value = l.text ? l.text : xstrdup(text);
		l.text = NULL;
		if (strcmp(src->value, text) != 0)
			src->written = xstrdup(text);
	}
	pylit_free(&l);
}

/* ${VAR}: the shell environment first, then .env, as docker compose does. */
static void resolve_ref(struct setting_source *src, const char *var, const char *dflt, const struct instance *inst,
			char *const *envp)
{
	const char *pv = settings_env_get(envp, var);
	const struct dotenv_entry *de = dotenv_get(&inst->env, var);
	char *at = inst_origin_describe(&src->origin);
	src->via = xasprintf("${%s} at %s", var, at);
	free(at);
	if (pv) {
		src->value = xstrdup(pv);
		inst_origin_set_env(&src->origin, var);
	} else if (de && de->value) {
		src->value = xstrdup(de->value);
		inst_origin_copy(&src->origin, &de->origin);
	} else {
		src->value = xstrdup(dflt ? dflt : ""); /* compose substitutes "" */
	}
}

void settings_from_compose(struct setting_source *src, const struct compose_value *cv, const char *key,
			   const struct instance *inst, char *const *envp)
{
	char *var = NULL, *dflt = NULL;
	inst_origin_copy(&src->origin, &cv->origin);
	if (cv->is_null) { /* `- KEY` / `KEY:`: compose passes the shell's value */
		resolve_ref(src, key, NULL, inst, envp);
		return;
	}
	switch (compose_interp_classify(cv->text, &var, &dflt)) {
	case COMPOSE_INTERP_LITERAL:
		src->value = var;
		var = NULL;
		src->editable = 1;
		break;
	case COMPOSE_INTERP_REF:
		src->raw = xstrdup(cv->text);
		resolve_ref(src, var, dflt, inst, envp);
		break;
	case COMPOSE_INTERP_MIXED:
		src->raw = xstrdup(cv->text);
		break;
	}
	free(var);
	free(dflt);
}

static void cfg_source(struct settings *s, enum setting_id id, const struct pycfg *cfg)
{
	const struct pycfg_assign *a = pycfg_get(cfg, settings_def(id)->name);
	if (!a)
		return;
	struct setting_source *src = settings_push_source(s, id, SRC_CFG);
	src->value = a->value ? xstrdup(a->value) : NULL;
	if (!a->simple || a->type == PYCFG_OTHER)
		src->raw = xstrndup(cfg->text.data + a->value_start, a->value_end - a->value_start);
	inst_origin_copy(&src->origin, &a->origin);
	src->editable = a->simple;
}

/* An empty INVENIO_<NAME> makes invenio-config take the value invenio.cfg
 * gave and run ast.literal_eval on that (`value or app.config.get(name)`):
 * a str in invenio.cfg that looks like a literal changes type. */
static void empty_env_evaluates_cfg(struct settings *s, enum setting_id id, const struct pycfg *cfg)
{
	struct setting *st = &s->v[id];
	struct setting_source *src = st->n_sources ? &st->sources[st->n_sources - 1] : NULL;
	const struct pycfg_assign *a = pycfg_get(cfg, settings_def(id)->name);
	if (!src || src->kind != SRC_CFG || !src->value || !a || a->type != PYCFG_STR)
		return; /* literal_eval of a non-str raises ValueError: unchanged */
	char *text = src->value;
	src->value = NULL;
	settings_invenio_eval(src, text);
	secret_free(text);
	if (!src->pytype) /* stays text: nothing changes */
		return;
	secret_free(src->written);
	src->written = NULL;
	src->empty_env = 1;
}

/* .env lines that do not mean what they seem to. */
static void dotenv_traps(struct settings *s, enum setting_id id, const struct dotenv_entry *de, const char *key)
{
	if (de->hash_value)
		settings_add_conflict(s, CONFLICT_WARNING, id, &de->origin,
				      _("write an empty value as KEY= (nothing after '='), or quote the value"),
				      _("%s is set to a text starting with '#', not to an empty value: docker compose "
				      "and python-dotenv read what follows '=' as the value"), key);
	if (de->ambiguous)
		settings_add_conflict(s, CONFLICT_WARNING, id, &de->origin,
				      _("quote the value so both read the same (rdm-s3 config set does)"),
				      _("%s reads differently with python-dotenv (pipenv run) than with docker compose"), key);
}

/* One INVENIO_-prefixed application setting: environment, .env, app
 * service, invenio.cfg. Empty values are skipped (invenio-config then
 * keeps the value invenio.cfg gave, evaluated as a literal). */
static void read_app_setting(struct settings *s, enum setting_id id, const struct instance *inst,
			     const struct compose_service *app, char *const *envp)
{
	char *envname = xasprintf("INVENIO_%s", settings_def(id)->name);
	const char *pv = settings_env_get(envp, envname);
	int empty = pv && !*pv, env_sources = 0;
	if (pv && *pv) {
		env_sources++;
		struct setting_source *src = settings_push_source(s, id, SRC_PROCESS_ENV);
		settings_invenio_eval(src, pv);
		inst_origin_set_env(&src->origin, envname);
	}
	const struct dotenv_entry *de = dotenv_get(&inst->env, envname);
	empty |= de && de->value && !*de->value;
	if (de && de->value && *de->value) {
		env_sources++;
		struct setting_source *src = settings_push_source(s, id, SRC_DOTENV);
		settings_invenio_eval(src, de->value);
		inst_origin_copy(&src->origin, &de->origin);
		src->editable = 1;
		dotenv_traps(s, id, de, envname);
	}
	const struct compose_env *ce = app ? compose_service_env(app, envname) : NULL;
	if (ce) {
		struct setting_source tmp = { .kind = SRC_APP_SERVICE };
		settings_from_compose(&tmp, &ce->value, envname, inst, envp);
		if (tmp.value && !*tmp.value) {
			empty = 1;
			free(tmp.value);
			free(tmp.raw);
			free(tmp.via);
			inst_origin_clear(&tmp.origin);
		} else {
			if (tmp.value) {
				char *v = tmp.value;
				tmp.value = NULL;
				settings_invenio_eval(&tmp, v);
				secret_free(v);
			}
			*settings_push_source(s, id, SRC_APP_SERVICE) = tmp;
			env_sources++;
		}
	}
	cfg_source(s, id, &inst->cfg);
	if (empty && !env_sources)
		empty_env_evaluates_cfg(s, id, &inst->cfg);
	free(envname);
}

void settings_read_app(struct settings *s, const struct instance *inst, char *const *envp)
{
	const struct compose_service *app = inst->services ? compose_doc_find_service(inst->services, "app") : NULL;
	if (app)
		s->app_service = xstrdup(app->name);
	for (int i = SET_S3_ENDPOINT_URL; i <= SET_SITE_API_URL; i++)
		read_app_setting(s, (enum setting_id)i, inst, app, envp);
	if (inst->cfg.csp_append_line) {
		struct setting_source *src = settings_push_source(s, SET_CSP_APPEND, SRC_CFG);
		src->value = xstrdup("yes");
		inst_origin_set_file(&src->origin, inst->cfg.file, inst->cfg.csp_append_line);
	}
}

/* The services of docker-compose*.yml that extend the MinIO service. */
static void overlay_each(const struct instance *inst, const char *minio,
			 void (*fn)(void *ctx, const struct compose_service *svc), void *ctx)
{
	const char *base = compose_doc_name(inst->services);
	for (size_t d = 0; d < inst->n_overlays; d++)
		for (size_t i = 0; i < compose_doc_service_count(inst->overlays[d]); i++) {
			const struct compose_service *svc = compose_doc_service(inst->overlays[d], i);
			if (compose_service_extends(svc, base, minio))
				fn(ctx, svc);
		}
}

struct minio_ctx {
	struct settings *s;
	const struct instance *inst;
	char *const *envp;
	enum setting_id id;
	const char *key; /* env key, or NULL for the image */
};

static void add_compose_source(struct minio_ctx *c, enum setting_src kind, const struct compose_service *svc)
{
	if (!c->key) {
		if (!svc->image.text)
			return;
		struct setting_source *src = settings_push_source(c->s, c->id, kind);
		src->value = xstrdup(svc->image.text);
		inst_origin_copy(&src->origin, &svc->image.origin);
		src->editable = 1;
		return;
	}
	const struct compose_env *ce = compose_service_env(svc, c->key);
	if (ce)
		settings_from_compose(settings_push_source(c->s, c->id, kind), &ce->value, c->key, c->inst, c->envp);
}

static void overlay_cb(void *ctx, const struct compose_service *svc) { add_compose_source(ctx, SRC_OVERLAY, svc); }

static void read_minio_value(struct minio_ctx *c, const struct compose_service *minio, enum setting_id id,
			     const char *key)
{
	c->id = id;
	c->key = key;
	overlay_each(c->inst, minio->name, overlay_cb, c);
	add_compose_source(c, SRC_MINIO_SERVICE, minio);
}

static void read_ports(struct settings *s, const struct compose_service *minio)
{
	struct buf b = BUF_INIT;
	if (!minio->n_ports)
		return;
	for (size_t i = 0; i < minio->n_ports; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", minio->ports[i].text ? minio->ports[i].text : "");
	struct setting_source *src = settings_push_source(s, SET_MINIO_PORTS, SRC_MINIO_SERVICE);
	src->value = buf_detach(&b);
	inst_origin_copy(&src->origin, &minio->ports[0].origin);
}

void settings_read_minio(struct settings *s, const struct instance *inst, char *const *envp)
{
	const struct compose_service *minio = inst->services ? compose_doc_find_minio(inst->services) : NULL;
	if (!minio)
		return;
	s->minio_service = xstrdup(minio->name);
	inst_origin_set_file(&s->minio_origin, compose_doc_name(inst->services), minio->line);
	struct minio_ctx c = { s, inst, envp, SET_MINIO_IMAGE, NULL };
	read_minio_value(&c, minio, SET_MINIO_IMAGE, NULL);
	read_ports(s, minio);
	if ((minio->image.text && strcasestr(minio->image.text, "rustfs")) ||
	    compose_service_env(minio, "RUSTFS_ACCESS_KEY")) {
		s->rustfs = 1;
		s->v[SET_MINIO_ROOT_USER].name = "RUSTFS_ACCESS_KEY";
		s->v[SET_MINIO_ROOT_PASSWORD].name = "RUSTFS_SECRET_KEY";
		read_minio_value(&c, minio, SET_MINIO_ROOT_USER, "RUSTFS_ACCESS_KEY");
		read_minio_value(&c, minio, SET_MINIO_ROOT_PASSWORD, "RUSTFS_SECRET_KEY");
		return;
	}
	read_minio_value(&c, minio, SET_MINIO_ROOT_USER, "MINIO_ROOT_USER");
	read_minio_value(&c, minio, SET_MINIO_ROOT_PASSWORD, "MINIO_ROOT_PASSWORD");
	read_minio_value(&c, minio, SET_MINIO_CORS, "MINIO_API_CORS_ALLOW_ORIGIN");
	read_minio_value(&c, minio, SET_MINIO_REGION, "MINIO_SITE_REGION");
	read_minio_value(&c, minio, SET_MINIO_REGION, "MINIO_REGION"); /* legacy name, lower precedence */
}

static void ini_source(struct settings *s, enum setting_id id, const struct ini *ini, const char *section,
		       const char *key)
{
	const struct ini_entry *e = ini_get(ini, section, key);
	if (!e || !e->value)
		return;
	struct setting_source *src = settings_push_source(s, id, SRC_INI);
	src->value = xstrdup(e->value);
	inst_origin_copy(&src->origin, &e->origin);
	src->editable = 1;
}

void settings_read_instance(struct settings *s, const struct instance *inst)
{
	ini_source(s, SET_FILE_STORAGE, &inst->ini, "cookiecutter", "file_storage");
	ini_source(s, SET_BUCKET, &inst->ini, INI_RDM_SECTION, "bucket");
}
