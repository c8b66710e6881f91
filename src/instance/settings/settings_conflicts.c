/* Problems across the instance's files: a value set in several places that
 * disagree, placeholders, the app's key vs. MinIO's root user, secrets in
 * files under version control, values MinIO or boto3 would refuse. No
 * message here ever includes a secret value. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "instance/settings/settings.h"
#include "instance/settings/settings_int.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define PLACEHOLDER "CHANGE_ME"

static int same(const char *a, const char *b) { return a && b && !strcmp(a, b); }

/* Sources that set a known value (defaults excluded). */
static void disagreeing_sources(struct settings *s, const struct setting *st)
{
	const struct setting_source *w = st->winner < st->n_sources ? &st->sources[st->winner] : NULL;
	struct buf others = BUF_INIT;
	size_t n = 0;
	if (!w || w->kind == SRC_DEFAULT || !w->value)
		return;
	for (size_t i = 0; i < st->n_sources; i++) {
		const struct setting_source *o = &st->sources[i];
		if (o == w || o->kind == SRC_DEFAULT || !o->value || same(o->value, w->value))
			continue;
		char *d = settings_describe_source(o);
		buf_printf(&others, "%s%s", n++ ? ", " : "", d);
		free(d);
	}
	if (n) {
		char *win = settings_describe_source(w);
		settings_add_conflict(s, st->group == SETGROUP_MINIO && w->kind == SRC_OVERLAY ? CONFLICT_INFO
											     : CONFLICT_WARNING,
				      st->id, &w->origin,
				      _("make them agree, e.g. with `rdm-s3 config set`, which updates every place"),
				      _("%s is set to different values: %s (in effect) and %s"), st->name, win, others.data);
		free(win);
	}
	buf_free(&others);
}

/* The command that replaces a placeholder in this setting. */
static const char *placeholder_fix(enum setting_id id)
{
	switch (id) {
	case SET_S3_ENDPOINT_URL:
		return _("`rdm-s3 config set storage.endpoint=URL`");
	case SET_S3_ACCESS_KEY_ID:
		return _("`rdm-s3 config set storage.access-key-id=KEY`, or `rdm-s3 config set minio.root-user=NAME` "
		       "when the app uses MinIO's root user (both change)");
	case SET_S3_SECRET_ACCESS_KEY:
		return _("`rdm-s3 config set-secret storage.secret-access-key` (reads standard input), or "
		       "`rdm-s3 config set-secret minio.root-password --generate` when the app uses MinIO's root user");
	case SET_MINIO_ROOT_USER:
		return _("`rdm-s3 config set minio.root-user=NAME` (the app's key follows when it uses the root user)");
	case SET_MINIO_ROOT_PASSWORD:
		return _("`rdm-s3 config set-secret minio.root-password --generate` (the app's secret follows when it "
		       "uses the root user)");
	default:
		return _("`rdm-s3 config set KEY=VALUE` (see `rdm-s3 help config`)");
	}
}

static int same_origin(const struct inst_origin *a, const struct inst_origin *b)
{
	return a->kind == b->kind && a->line == b->line && same(a->file ? a->file : "", b->file ? b->file : "") &&
	       same(a->env_name ? a->env_name : "", b->env_name ? b->env_name : "");
}

/* Once per place: a ${VAR} that resolves to a .env line already reported
 * is not reported again. */
static void placeholders(struct settings *s, const struct setting *st)
{
	for (size_t i = 0; i < st->n_sources; i++) {
		const struct setting_source *o = &st->sources[i];
		int seen = 0;
		for (size_t k = 0; k < i; k++)
			seen |= same_origin(&st->sources[k].origin, &o->origin);
		if (seen || o->kind == SRC_DEFAULT || !o->value || !strstr(o->value, PLACEHOLDER))
			continue;
		settings_add_conflict(s, CONFLICT_ERROR, st->id, &o->origin, placeholder_fix(st->id),
				      _("%s is still the placeholder %s%s%s"), st->name, PLACEHOLDER, o->via ? " via " : "",
				      o->via ? o->via : "");
	}
}

/* The host port that a compose port entry publishes for container port
 * 9000 (MinIO's API): "${IP:-127.0.0.1}:9000:9000", "9100:9000/tcp",
 * "9000". 0 when the entry is not for 9000, -1 when it publishes 9000 on
 * a port the engine picks. */
static long published_api_port(const char *entry, size_t n)
{
	while (n && (entry[n - 1] == ' ' || entry[n - 1] == '"' || entry[n - 1] == '\''))
		n--;
	while (n && (*entry == ' ' || *entry == '"' || *entry == '\''))
		entry++, n--;
	char *e = xstrndup(entry, n);
	char *proto = strchr(e, '/');
	if (proto)
		*proto = '\0';
	char *last = strrchr(e, ':');
	long r = 0;
	if (!strcmp(last ? last + 1 : e, "9000")) {
		if (!last) {
			r = -1;
		} else {
			*last = '\0';
			char *host = strrchr(e, ':'), *end;
			long port = strtol(host ? host + 1 : e, &end, 10);
			r = *end == '\0' && port > 0 && port < 65536 ? port : -1;
		}
	}
	free(e);
	return r;
}

/* Does the app's endpoint port match a port that the MinIO service
 * publishes for its API? 1 yes, 0 no, -1 cannot tell (no ports known, or
 * one the engine picks). */
static int port_is_minio(const struct settings *s, long port)
{
	const char *ports = settings_value(s, SET_MINIO_PORTS);
	int unknown = !ports;
	for (const char *p = ports; p && *p;) {
		size_t n = strcspn(p, ",");
		long api = published_api_port(p, n);
		if (api == port)
			return 1;
		unknown |= api < 0;
		p += n;
		p += *p == ',';
	}
	return unknown ? -1 : 0;
}

int settings_app_uses_minio(const struct settings *s)
{
	const char *url = settings_value(s, SET_S3_ENDPOINT_URL);
	if (!s->minio_service || !url)
		return 0;
	const char *host = strstr(url, "://");
	int https = !strncasecmp(url, "https://", 8);
	host = host ? host + 3 : url;
	size_t n = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/");
	const char *inside[] = { "minio", s->minio_service };
	for (size_t i = 0; i < 2; i++) /* the compose network: the service itself */
		if (strlen(inside[i]) == n && !strncasecmp(host, inside[i], n))
			return 1;
	const char *loop[] = { "localhost", "127.0.0.1", "[::1]", "0.0.0.0" };
	int local = 0;
	for (size_t i = 0; i < 4; i++)
		local |= strlen(loop[i]) == n && !strncasecmp(host, loop[i], n);
	if (!local)
		return 0;
	/* On this machine: MinIO only when the port is the one it publishes
	 * (another server, Ceph say, listens on another port). */
	long port = host[n] == ':' ? strtol(host + n + 1, NULL, 10) : https ? 443 : 80;
	return port_is_minio(s, port) != 0;
}

static void app_vs_root(struct settings *s)
{
	const struct setting_source *ak = settings_winner(s, SET_S3_ACCESS_KEY_ID);
	const struct setting_source *ru = settings_winner(s, SET_MINIO_ROOT_USER);
	const struct setting_source *sk = settings_winner(s, SET_S3_SECRET_ACCESS_KEY);
	const struct setting_source *rp = settings_winner(s, SET_MINIO_ROOT_PASSWORD);
	if (!settings_app_uses_minio(s))
		return;
	const char *fix = _("if the app should use MinIO's root user, `rdm-s3 config set minio.root-user=NAME` and "
			  "`rdm-s3 config set-secret minio.root-password` set both sides; if it uses another MinIO "
			  "user, make sure that user exists (`rdm-s3 check` tries the key)");
	if (ak && ru && ak->value && ru->value && !same(ak->value, ru->value)) {
		char *a = settings_describe_source(ak), *r = settings_describe_source(ru);
		/* Information, not a warning: a MinIO user of the app's own is the
		 * least-privilege set-up (`rdm-s3 rotate --app-user` makes it). */
		settings_add_conflict(s, CONFLICT_INFO, SET_S3_ACCESS_KEY_ID, &ak->origin, fix,
				      _("the app's S3_ACCESS_KEY_ID (%s) is not MinIO's root user (%s)"), a, r);
		free(a);
		free(r);
	} else if (ak && ru && sk && rp && sk->value && rp->value && !same(sk->value, rp->value)) {
		char *a = settings_describe_source(sk), *r = settings_describe_source(rp);
		settings_add_conflict(s, CONFLICT_ERROR, SET_S3_SECRET_ACCESS_KEY, &sk->origin, fix,
				      _("the app uses MinIO's root user, but its S3_SECRET_ACCESS_KEY (%s) differs from "
				      "MINIO_ROOT_PASSWORD (%s): every request will be refused"), a, r);
		free(a);
		free(r);
	}
}

static void minio_limits(struct settings *s)
{
	const struct setting_source *u = settings_winner(s, SET_MINIO_ROOT_USER);
	const struct setting_source *p = settings_winner(s, SET_MINIO_ROOT_PASSWORD);
	const struct setting_source *c = settings_winner(s, SET_MINIO_CORS);
	if (!s->minio_service)
		return;
	if (u && u->kind != SRC_DEFAULT && u->value && strlen(u->value) < 3)
		settings_add_conflict(s, CONFLICT_ERROR, SET_MINIO_ROOT_USER, &u->origin,
				      _("use at least 3 characters: `rdm-s3 config set minio.root-user=NAME`"),
				      _("MINIO_ROOT_USER is shorter than 3 characters: MinIO refuses to start"));
	if (p && p->kind != SRC_DEFAULT && p->value && strlen(p->value) < 8)
		settings_add_conflict(s, CONFLICT_ERROR, SET_MINIO_ROOT_PASSWORD, &p->origin,
				      _("`rdm-s3 config set-secret minio.root-password --generate`"),
				      _("MINIO_ROOT_PASSWORD is shorter than 8 characters: MinIO refuses to start"));
	if (c && c->kind != SRC_DEFAULT && c->value &&
	    (!*c->value || strstr(c->value, ",,") || c->value[0] == ',' || c->value[strlen(c->value) - 1] == ','))
		settings_add_conflict(s, CONFLICT_ERROR, SET_MINIO_CORS, &c->origin,
				      _("remove the empty entry: `rdm-s3 config set minio.cors-allow-origin=ORIGIN,...`"),
				      _("MINIO_API_CORS_ALLOW_ORIGIN has an empty entry: MinIO rejects it as an invalid cors value"));
}

static void region_mismatch(struct settings *s)
{
	const struct setting_source *mr = settings_winner(s, SET_MINIO_REGION);
	const char *app = settings_value(s, SET_S3_REGION_NAME);
	if (!settings_app_uses_minio(s) || !mr || !mr->value || !*mr->value)
		return;
	if (!same(app ? app : "us-east-1", mr->value)) {
		char *where = settings_describe_source(mr);
		settings_add_conflict(s, CONFLICT_ERROR, SET_S3_REGION_NAME, &mr->origin,
				      _("set the app's region to MinIO's: `rdm-s3 config set storage.region=REGION`"),
				      _("MinIO's region is %s (%s) but the app signs for %s: MinIO will refuse the requests"),
				      mr->value, where, app ? app : _("us-east-1 (S3_REGION_NAME not set)"));
		free(where);
	}
}

static void storage_wiring(struct settings *s, const struct instance *inst)
{
	const char *factory = settings_value(s, SET_FILES_REST_STORAGE_FACTORY);
	const char *fs = settings_value(s, SET_FILE_STORAGE);
	const struct setting_source *ep = settings_winner(s, SET_S3_ENDPOINT_URL);
	int wants_s3 = (fs && !strcasecmp(fs, "S3")) || ep;
	if (wants_s3 && (!factory || !strstr(factory, "invenio_s3")))
		settings_add_conflict(s, CONFLICT_WARNING, SET_FILES_REST_STORAGE_FACTORY, NULL,
				      _("set FILES_REST_STORAGE_FACTORY='invenio_s3.s3fs_storage_factory' in invenio.cfg"),
				      _("the instance is set up for S3 but FILES_REST_STORAGE_FACTORY is %s: files are "
				      "stored on the local disk"), factory ? factory : "not set");
	if (ep && !settings_winner(s, SET_CSP_APPEND))
		settings_add_conflict(s, CONFLICT_WARNING, SET_CSP_APPEND, NULL,
				      _("append S3_ENDPOINT_URL to APP_DEFAULT_SECURE_HEADERS['content_security_policy']"
				      "['default-src'] in invenio.cfg, as the InvenioRDM template does"),
				      _("the content security policy does not allow the S3 endpoint: browsers will refuse "
				      "file previews served from it"));
	if (inst->services_other)
		settings_add_conflict(s, CONFLICT_WARNING, SET_MINIO_IMAGE, NULL,
				      _("remove or merge one of them"), _("both %s and %s exist; rdm-s3 reads and edits %s only"),
				      inst->services_orig.rel, inst->services_other, inst->services_orig.rel);
}

static void duplicates_in_cfg(struct settings *s, const struct instance *inst)
{
	for (int i = SET_S3_ENDPOINT_URL; i <= SET_SITE_API_URL; i++) {
		const char *name = settings_def((enum setting_id)i)->name;
		size_t n = pycfg_count(&inst->cfg, name);
		const struct pycfg_assign *a = pycfg_get(&inst->cfg, name);
		if (n > 1)
			settings_add_conflict(s, CONFLICT_INFO, (enum setting_id)i, &a->origin,
					      _("remove the earlier assignments"), _("%s is assigned %zu times in %s; the last one wins"),
					      name, n, inst->cfg.file);
	}
}

/* The command that sets a string setting so that the loader reads it as
 * text (rdm-s3 writes a Python string literal where one is needed). */
static const char *string_fix(enum setting_id id)
{
	switch (id) {
	case SET_S3_ENDPOINT_URL:
		return _("`rdm-s3 config set storage.endpoint=URL` (it writes the value so that InvenioRDM reads text)");
	case SET_S3_REGION_NAME:
		return _("`rdm-s3 config set storage.region=REGION` (it writes the value so that InvenioRDM reads text)");
	case SET_S3_ACCESS_KEY_ID:
		return _("`rdm-s3 config set storage.access-key-id=KEY` (it writes the value so that InvenioRDM reads text)");
	case SET_S3_SECRET_ACCESS_KEY:
		return _("`rdm-s3 config set-secret storage.secret-access-key` (reads standard input; it writes the value "
		       "so that InvenioRDM reads text)");
	default:
		return _("write the value as a Python string literal, e.g. INVENIO_NAME=\"'text'\" in .env");
	}
}

static const char *wanted_type(enum setting_id id)
{
	return id == SET_S3_CONFIG_EXTRA ? "dict" : id == SET_S3_URL_EXPIRATION ? "int" : "str";
}

/* invenio-config runs ast.literal_eval on every INVENIO_* value (FACTS.md
 * §5): `0x1F2E` is an int in the app, `True` a bool, `'a'` the text a.
 * A credential, URL or region that is not text breaks every request. */
static void loader_types(struct settings *s)
{
	for (int i = SET_S3_ENDPOINT_URL; i <= SET_SITE_API_URL; i++) {
		const struct setting *st = &s->v[i];
		const char *want = wanted_type((enum setting_id)i);
		for (size_t k = 0; k < st->n_sources; k++) {
			const struct setting_source *o = &st->sources[k];
			int env = o->kind == SRC_PROCESS_ENV || o->kind == SRC_DOTENV || o->kind == SRC_APP_SERVICE;
			int seen = 0; /* a ${VAR} resolved to a line already reported */
			for (size_t j = 0; j < k; j++)
				seen |= same_origin(&st->sources[j].origin, &o->origin);
			if (seen)
				continue;
			const char *got = o->pytype ? o->pytype : env && o->value ? "str" : NULL;
			if (!got || !strcmp(got, want))
				continue;
			const char *why = o->empty_env ? _(" (INVENIO_ variable set but empty: invenio-config then "
							 "evaluates invenio.cfg's value)") : "";
			if (!strcmp(got, "unknown"))
				settings_add_conflict(s, CONFLICT_INFO, st->id, &o->origin, NULL,
						      _("%s: only Python can tell what invenio-config makes of this value%s"),
						      st->name, why);
			else if (!strcmp(got, "TypeError"))
				settings_add_conflict(s, CONFLICT_ERROR, st->id, &o->origin, string_fix(st->id),
						      _("%s: invenio-config's ast.literal_eval raises TypeError on this value "
						      "(an unhashable dict key or set element): the app does not start%s"),
						      st->name, why);
			else if (st->secret || strcmp(want, "str") != 0)
				settings_add_conflict(s, CONFLICT_ERROR, st->id, &o->origin, string_fix(st->id),
						      _("%s is read by InvenioRDM as a Python %s, not as %s: invenio-config "
						      "evaluates INVENIO_* values as Python literals%s"), st->name, got,
						      !strcmp(want, "str") ? _("the text written") : want, why);
			else
				settings_add_conflict(s, CONFLICT_ERROR, st->id, &o->origin, string_fix(st->id),
						      _("%s is read by InvenioRDM as the Python %s %s, not as the text %s: "
						      "invenio-config evaluates INVENIO_* values as Python literals%s"),
						      st->name, got, o->value, o->written ? o->written : o->value, why);
		}
	}
}

void settings_find_conflicts(struct settings *s, const struct instance *inst, int check_git)
{
	loader_types(s);
	for (int i = 0; i < SET__COUNT; i++) {
		disagreeing_sources(s, &s->v[i]);
		if (i == SET_S3_ACCESS_KEY_ID || i == SET_S3_SECRET_ACCESS_KEY || i == SET_MINIO_ROOT_USER ||
		    i == SET_MINIO_ROOT_PASSWORD || i == SET_S3_ENDPOINT_URL)
			placeholders(s, &s->v[i]);
	}
	app_vs_root(s);
	minio_limits(s);
	region_mismatch(s);
	storage_wiring(s, inst);
	duplicates_in_cfg(s, inst);
	if (check_git)
		settings_check_git(s, inst);
}
