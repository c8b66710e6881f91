/* The effective configuration: the table of settings, accessors, display,
 * and settings_read() tying the readers together. */
#include "config.h"
#include "instance/settings/settings.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "instance/pycfg/pyliteral.h"
#include "instance/settings/settings_int.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

static const struct setting_def settings_defs[SET__COUNT] = {
	[SET_S3_ENDPOINT_URL] = { "S3_ENDPOINT_URL", SETGROUP_APP, 0, NULL,
				  N_("not set: boto3 talks to Amazon S3's default endpoint") },
	[SET_S3_REGION_NAME] = { "S3_REGION_NAME", SETGROUP_APP, 0, NULL,
				 N_("not set: boto3 signs requests for us-east-1") },
	[SET_S3_ACCESS_KEY_ID] = { "S3_ACCESS_KEY_ID", SETGROUP_APP, 0, NULL,
				   N_("not set: invenio-s3 sends an empty access key") },
	[SET_S3_SECRET_ACCESS_KEY] = { "S3_SECRET_ACCESS_KEY", SETGROUP_APP, 1, NULL,
				       N_("not set: invenio-s3 sends an empty secret key") },
	[SET_S3_SIGNATURE_VERSION] = { "S3_SIGNATURE_VERSION", SETGROUP_APP, 0, "s3v4", NULL },
	[SET_S3_CONFIG_EXTRA] = { "S3_CONFIG_EXTRA", SETGROUP_APP, 0, "{}", NULL },
	[SET_S3_URL_EXPIRATION] = { "S3_URL_EXPIRATION", SETGROUP_APP, 0, "60", NULL },
	[SET_S3_CA_BUNDLE] = { "S3_CA_BUNDLE", SETGROUP_APP, 0, NULL,
			       N_("not set: TLS certificates are verified with the system's CA store") },
	[SET_S3_BUCKET_CORS_RULES] = { "S3_BUCKET_CORS_RULES", SETGROUP_APP, 0, NULL,
				       N_("not set: `invenio s3 create-bucket` puts its default rule (GET from any origin)") },
	[SET_FILES_REST_STORAGE_FACTORY] = { "FILES_REST_STORAGE_FACTORY", SETGROUP_APP, 0,
					     "invenio_files_rest.storage.pyfs_storage_factory", NULL },
	[SET_SITE_UI_URL] = { "SITE_UI_URL", SETGROUP_APP, 0, NULL, N_("not set") },
	[SET_SITE_API_URL] = { "SITE_API_URL", SETGROUP_APP, 0, NULL, N_("not set") },
	[SET_CSP_APPEND] = { "CSP allows S3_ENDPOINT_URL", SETGROUP_APP, 0, NULL,
			     N_("absent: the content security policy does not list the S3 endpoint") },
	[SET_MINIO_IMAGE] = { "image", SETGROUP_MINIO, 0, NULL, N_("not set") },
	[SET_MINIO_PORTS] = { "ports", SETGROUP_MINIO, 0, NULL, N_("none published") },
	[SET_MINIO_ROOT_USER] = { "MINIO_ROOT_USER", SETGROUP_MINIO, 0, "minioadmin", NULL },
	[SET_MINIO_ROOT_PASSWORD] = { "MINIO_ROOT_PASSWORD", SETGROUP_MINIO, 1, "minioadmin", NULL },
	[SET_MINIO_CORS] = { "MINIO_API_CORS_ALLOW_ORIGIN", SETGROUP_MINIO, 0, "*", NULL },
	[SET_MINIO_REGION] = { "MINIO_SITE_REGION", SETGROUP_MINIO, 0, NULL,
			       N_("not set: MinIO accepts any signing region") },
	[SET_FILE_STORAGE] = { "file_storage", SETGROUP_INSTANCE, 0, NULL, N_("not set") },
	[SET_BUCKET] = { "bucket", SETGROUP_INSTANCE, 0, "default", NULL },
};

const struct setting_def *settings_def(enum setting_id id) { return &settings_defs[id]; }

static const char *const src_names[] = { "environment", ".env", "app service", "invenio.cfg",
					 "compose override", "MinIO service", ".invenio", "default" };

const char *settings_src_name(enum setting_src kind) { return src_names[kind]; }

const char *conflict_level_name(enum conflict_level l)
{
	return l == CONFLICT_ERROR ? "error" : l == CONFLICT_WARNING ? "warning" : "note";
}

struct setting_source *settings_push_source(struct settings *s, enum setting_id id, enum setting_src kind)
{
	struct setting *st = &s->v[id];
	st->sources = xrealloc(st->sources, (st->n_sources + 1) * sizeof *st->sources);
	struct setting_source *src = &st->sources[st->n_sources++];
	memset(src, 0, sizeof *src);
	src->kind = kind;
	return src;
}

void settings_add_conflict(struct settings *s, enum conflict_level level, enum setting_id about,
			   const struct inst_origin *where, const char *remedy, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s->conflicts = xgrow(s->conflicts, &s->cap_conflicts, s->n_conflicts + 1, sizeof *s->conflicts);
	struct setting_conflict *c = &s->conflicts[s->n_conflicts++];
	c->level = level;
	c->about = about;
	c->message = buf_detach(&b);
	c->where = where && where->kind != INST_ORIGIN_NONE ? inst_origin_describe(where) : NULL;
	c->remedy = remedy ? xstrdup(remedy) : NULL;
}

const struct setting_source *settings_winner(const struct settings *s, enum setting_id id)
{
	const struct setting *st = &s->v[id];
	return st->winner < st->n_sources ? &st->sources[st->winner] : NULL;
}

const char *settings_value(const struct settings *s, enum setting_id id)
{
	const struct setting_source *w = settings_winner(s, id);
	return w ? w->value : NULL;
}

const struct setting_source *settings_source(const struct settings *s, enum setting_id id, enum setting_src kind)
{
	for (size_t i = 0; i < s->v[id].n_sources; i++)
		if (s->v[id].sources[i].kind == kind)
			return &s->v[id].sources[i];
	return NULL;
}

/* A Python literal (a dict, a list...) is shown as written, not as
 * computed: it has a value, rdm-s3 just does not decode it. */
static int is_literal(const char *text)
{
	struct pylit l;
	pyliteral_eval(text, &l);
	int yes = l.outcome == PYLIT_VALUE;
	pylit_free(&l);
	return yes;
}

char *settings_source_display(const struct setting *st, const struct setting_source *src, int show_secrets)
{
	int hide = st->secret && !show_secrets;
	if (!src->value) {
		if (src->raw && is_literal(src->raw))
			return xstrdup(hide ? secret_mask(src->raw) : src->raw);
		return hide ? xstrdup("(computed)") : xasprintf("(computed: %s)", src->raw ? src->raw : "?");
	}
	const char *v = hide ? secret_mask(src->value) : src->value;
	if (src->pytype && strcmp(src->pytype, "str") != 0)
		return xasprintf("%s (%s %s)", v, strcmp(src->pytype, "TypeError") && strcmp(src->pytype, "unknown")
						   ? _("read by InvenioRDM as a Python") : _("InvenioRDM's loader:"),
				 src->pytype);
	return xstrdup(v);
}

char *settings_display_value(const struct setting *st, int show_secrets)
{
	const struct setting_source *w = st->winner < st->n_sources ? &st->sources[st->winner] : NULL;
	if (!w)
		return xasprintf("(%s)", st->note ? st->note : _("not set"));
	return settings_source_display(st, w, show_secrets);
}

char *settings_describe_source(const struct setting_source *src)
{
	char *where = src->kind == SRC_DEFAULT ? xstrdup("default") : inst_origin_describe(&src->origin);
	if (!src->via)
		return where;
	char *both = xasprintf("%s (via %s)", where, src->via);
	free(where);
	return both;
}

/* The winner is the first source (they are pushed in precedence order). */
static void pick_winners(struct settings *s)
{
	for (int i = 0; i < SET__COUNT; i++)
		s->v[i].winner = s->v[i].n_sources ? 0 : SIZE_MAX;
}

int settings_read(struct settings *s, const struct instance *inst, const struct settings_opts *o,
		  struct rdm_error *err)
{
	memset(s, 0, sizeof *s);
	s->git_state = -1;
	for (int i = 0; i < SET__COUNT; i++) {
		s->v[i].id = (enum setting_id)i;
		s->v[i].name = settings_defs[i].name;
		s->v[i].group = settings_defs[i].group;
		s->v[i].secret = settings_defs[i].secret;
		s->v[i].note = settings_defs[i].note ? _(settings_defs[i].note) : NULL;
		s->v[i].winner = SIZE_MAX;
	}
	char *const *envp = o ? o->envp : NULL;
	settings_read_app(s, inst, envp);
	settings_read_minio(s, inst, envp);
	settings_read_instance(s, inst);
	for (int i = 0; i < SET__COUNT; i++)
		if (settings_defs[i].dflt && !(s->rustfs && settings_defs[i].group == SETGROUP_MINIO)) {
			struct setting_source *d = settings_push_source(s, (enum setting_id)i, SRC_DEFAULT);
			d->value = xstrdup(settings_defs[i].dflt);
			d->origin.kind = INST_ORIGIN_DEFAULT;
		}
	pick_winners(s);
	settings_find_conflicts(s, inst, o && o->check_git);
	(void)err;
	return 0;
}

static void source_free(struct setting_source *src)
{
	secret_free(src->value);
	secret_free(src->raw);
	secret_free(src->written);
	free(src->via);
	inst_origin_clear(&src->origin);
}

void settings_free(struct settings *s)
{
	for (int i = 0; i < SET__COUNT; i++) {
		for (size_t k = 0; k < s->v[i].n_sources; k++)
			source_free(&s->v[i].sources[k]);
		free(s->v[i].sources);
	}
	for (size_t i = 0; i < s->n_conflicts; i++) {
		free(s->conflicts[i].message);
		free(s->conflicts[i].where);
		free(s->conflicts[i].remedy);
	}
	free(s->conflicts);
	free(s->minio_service);
	free(s->app_service);
	inst_origin_clear(&s->minio_origin);
	memset(s, 0, sizeof *s);
}
