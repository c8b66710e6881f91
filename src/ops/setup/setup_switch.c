/* Switching a local-storage instance to S3 (setup_edit.h): the edits that
 * make the instance's files say what the cookiecutter's S3 render says,
 * spliced into the operator's files (their comments and layout kept), all
 * in setup's one plan (backups, undo):
 *   .invenio            [cookiecutter] file_storage = S3
 *   invenio.cfg         the S3 block (FILES_REST_STORAGE_FACTORY, S3_*, the
 *                       CSP append) where the template puts it
 *   docker-services.yml the s3 service (MinIO's, or RustFS's) - MinIO and
 *   docker-compose*.yml RustFS only - and the s3 service extending it plus
 *                       the `data` volume; the app containers' own data
 *                       volumes stay: files uploaded before are read there
 *   Pipfile / pyproject.toml  invenio-app-rdm's s3 extra
 * The settings themselves (endpoint, keys, CORS ...) are then made by the
 * usual edits, which see the switched copies through a new survey.
 *
 * The blocks below are the cookiecutter-invenio-rdm v13.0 template's S3
 * text (MIT License, Copyright (c) 2019 Invenio digital library framework;
 * see tests/data/setup/local/LICENSE.cookiecutter-invenio-rdm); the RustFS
 * service is the engine's, written from docker-services-cli 0.12.4 (MIT,
 * CERN; tests/data/setup/rustfs/README). */
#include "config.h"
#include "ops/setup/setup_edit.h"
#include "ops/setup/setup_int.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "instance/deps/deps.h"
#include "s3/model/endpoint.h"
#include "util/atomic_file.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define CFG_ANCHOR "APP_RDM_DEPOSIT_FORM_AUTOCOMPLETE_NAMES"
#define CFG_BANNER "# Invenio-Records-Resources"
#define SERVICE "s3"

static const char cfg_factory[] = "# Invenio-Files-Rest\n"
				  "# ==================\n"
				  "FILES_REST_STORAGE_FACTORY='invenio_s3.s3fs_storage_factory'\n\n";
static const char cfg_s3_head[] = "# Invenio-S3\n# ==========\n";
static const char *const cfg_s3_keys[][2] = {
	{ "S3_ENDPOINT_URL", "S3_ENDPOINT_URL='http://localhost:9000/'\n" },
	{ "S3_ACCESS_KEY_ID", "S3_ACCESS_KEY_ID='CHANGE_ME'\n" },
	{ "S3_SECRET_ACCESS_KEY", "S3_SECRET_ACCESS_KEY='CHANGE_ME'\n" },
};
static const char cfg_csp[] = "# Allow S3 endpoint in the CSP rules\n"
			      "APP_DEFAULT_SECURE_HEADERS['content_security_policy']['default-src'].append(\n"
			      "    S3_ENDPOINT_URL\n"
			      ")\n\n";

/* %s: the published API port (9000 unless the endpoint says otherwise). */
static const char minio_service[] = "  s3:\n"
				    "    image: minio/minio:RELEASE.2022-10-24T18-35-07Z\n"
				    "    restart: \"unless-stopped\"\n"
				    "    ports:\n"
				    "      - \"${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:%s:9000\"\n"
				    "      - \"${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9001:9001\"\n"
				    "    environment:\n"
				    "      MINIO_ROOT_USER: CHANGE_ME\n"
				    "      MINIO_ROOT_PASSWORD: CHANGE_ME\n"
				    "    volumes:\n"
				    "      - ./data:/data\n"
				    "    command: server /data --console-address :9001\n"
				    "    healthcheck:\n"
				    "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:9000/minio/health/live\"]\n"
				    "      interval: 30s\n"
				    "      timeout: 20s\n"
				    "      retries: 3\n";
static const char rustfs_service[] = "  s3:\n"
				     "    image: rustfs/rustfs:latest\n"
				     "    restart: \"unless-stopped\"\n"
				     "    environment:\n"
				     "      RUSTFS_ACCESS_KEY: CHANGE_ME\n"
				     "      RUSTFS_SECRET_KEY: CHANGE_ME\n"
				     "      RUSTFS_ADDRESS: \"0.0.0.0:9000\"\n"
				     "      RUSTFS_CONSOLE_ENABLE: \"true\"\n"
				     "      RUSTFS_CONSOLE_ADDRESS: \"0.0.0.0:9001\"\n"
				     "      RUSTFS_VOLUMES: \"/data\"\n"
				     "    ports:\n"
				     "      - \"${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:%s:9000\"\n"
				     "      - \"${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9001:9001\"\n"
				     "    volumes:\n"
				     "      - ./data:/data\n"
				     "    healthcheck:\n"
				     "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:9000/health\"]\n"
				     "      interval: 30s\n"
				     "      timeout: 20s\n"
				     "      retries: 3\n";
/* %s: the services file. */
static const char extends_service[] = "  s3:\n"
				      "    extends:\n"
				      "      file: %s\n"
				      "      service: s3\n";
/* The backing services the template lists before its own s3 (in order). */
static const char *const backing[] = { "cache", "db", "mq", "search", "opensearch-dashboards", "pgadmin",
				       "phpmyadmin", NULL };

static int switching(const struct setup_edit_ctx *c) { return c->found->local.is_local; }
static int adds_service(const struct setup_edit_ctx *c)
{
	return switching(c) && setup_storage_is_own_server(c->draft->storage) && !c->found->service;
}

/* --- .invenio ----------------------------------------------------------- */
static int ini_applies(const struct setup_edit_ctx *c)
{
	const char *fs = ini_get_value(&c->inst->ini, "cookiecutter", "file_storage");
	return switching(c) && fs && strcmp(fs, "S3");
}
static int ini_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	return ini_set(&c->inst->ini, "cookiecutter", "file_storage", "S3", err) < 0 ? -1 : 0;
}
const struct setup_edit setup_edit_switch_ini = { "switch-invenio", ini_applies, ini_apply };

/* --- invenio.cfg -------------------------------------------------------- */
static size_t next_line(const struct buf *t, size_t off)
{
	while (off < t->len && t->data[off] != '\n')
		off++;
	return off < t->len ? off + 1 : t->len;
}

static int blank_line(const struct buf *t, size_t off)
{
	while (off < t->len && (t->data[off] == ' ' || t->data[off] == '\t' || t->data[off] == '\r'))
		off++;
	return off < t->len && t->data[off] == '\n';
}

/* Where the template puts the block: after the deposit form's last setting
 * (and its blank line), else before the Invenio-Records-Resources banner,
 * else at the end. *lead: a blank line goes first. */
static size_t block_place(const struct pycfg *cfg, int *lead, int *trail)
{
	const struct pycfg_assign *a = pycfg_get(cfg, CFG_ANCHOR);
	*lead = 0;
	*trail = 1;
	if (a) {
		size_t off = next_line(&cfg->text, a->stmt_end);
		if (blank_line(&cfg->text, off))
			return next_line(&cfg->text, off);
		*lead = 1;
		return off;
	}
	for (size_t off = 0; off < cfg->text.len; off = next_line(&cfg->text, off))
		if (!strncmp(cfg->text.data + off, CFG_BANNER, strlen(CFG_BANNER)))
			return off;
	*lead = cfg->text.len > 0;
	*trail = 0;
	return cfg->text.len;
}

static int cfg_applies(const struct setup_edit_ctx *c) { return switching(c); }
static int cfg_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	struct pycfg *cfg = &c->inst->cfg;
	struct buf block = BUF_INIT;
	const struct pycfg_assign *f = pycfg_get(cfg, "FILES_REST_STORAGE_FACTORY");
	if (f && pycfg_set_str(cfg, f->name, "invenio_s3.s3fs_storage_factory", err) < 0)
		return -1;
	if (!f)
		buf_puts(&block, cfg_factory);
	size_t mark = block.len;
	for (size_t i = 0; i < sizeof cfg_s3_keys / sizeof *cfg_s3_keys; i++) {
		if (pycfg_get(cfg, cfg_s3_keys[i][0]))
			continue;
		if (i == 0 && adds_service(c) && c->res->endpoint) { /* the new service's, spelt as the template does */
			const char *ep = c->res->endpoint;
			char *v = xasprintf("%s%s", ep, *ep && ep[strlen(ep) - 1] == '/' ? "" : "/");
			buf_puts(&block, "S3_ENDPOINT_URL=");
			int q = pycfg_quote_str(&block, v, '\'', err);
			free(v);
			if (q < 0) {
				buf_free(&block);
				return -1;
			}
			buf_puts(&block, "\n");
		} else {
			buf_puts(&block, cfg_s3_keys[i][1]);
		}
	}
	if (block.len > mark) {
		buf_puts(&block, "\n");
		char *keys = xstrndup(block.data + mark, block.len - mark);
		buf_truncate(&block, mark);
		buf_puts(&block, cfg_s3_head);
		buf_puts(&block, keys);
		free(keys);
	}
	if (!cfg->csp_append_line && pycfg_get(cfg, "APP_DEFAULT_SECURE_HEADERS"))
		buf_puts(&block, cfg_csp);
	else if (!cfg->csp_append_line)
		plan_add_note(&c->change->files, _("invenio.cfg has no APP_DEFAULT_SECURE_HEADERS: add the S3 endpoint "
						   "to your content security policy's default-src yourself (browsers "
						   "download files from it)"));
	int rc = 0, lead, trail;
	if (block.len) {
		size_t at = block_place(cfg, &lead, &trail);
		if (!trail)
			buf_truncate(&block, block.len - 1); /* no blank line at the end of the file */
		char *text = xasprintf("%s%s", lead ? "\n" : "", buf_str(&block));
		rc = pycfg_insert_lines(cfg, at, text, err) < 0 ? -1 : 0;
		free(text);
	}
	buf_free(&block);
	return rc;
}
const struct setup_edit setup_edit_switch_cfg = { "switch-invenio-cfg", cfg_applies, cfg_apply };

/* --- the compose files --------------------------------------------------- */
/* The published port: the endpoint's when it is this machine's, else 9000. */
static char *published_port(const struct setup_edit_ctx *c)
{
	struct s3_endpoint ep;
	struct rdm_error ignored = RDM_ERROR_INIT;
	char *port = NULL;
	if (c->res->endpoint && s3_endpoint_parse(c->res->endpoint, &ep, &ignored) == 0) {
		if ((!strcasecmp(ep.host, "localhost") || !strcmp(ep.host, "127.0.0.1")) && ep.port > 0)
			port = xasprintf("%d", ep.port);
		s3_endpoint_free(&ep);
	}
	rdm_error_clear(&ignored);
	return port ? port : xstrdup("9000");
}

static const char *after_backing(const struct compose_doc *doc)
{
	const char *after = NULL;
	for (size_t i = 0; i < compose_doc_service_count(doc); i++)
		for (size_t k = 0; backing[k]; k++)
			if (!strcmp(compose_doc_service(doc, i)->name, backing[k]))
				after = backing[k];
	return after;
}

/* docker-compose.yml / docker-compose.full.yml: the s3 service extending
 * docker-services.yml's, and the `data` volume the template declares. */
static int overlay_apply(struct setup_edit_ctx *c, const struct compose_doc *doc, struct rdm_error *err)
{
	struct compose_edit a = COMPOSE_EDIT_INIT, b = COMPOSE_EDIT_INIT;
	char *block = xasprintf(extends_service, c->inst->services_orig.rel);
	int rc = compose_service_add(doc, SERVICE, block, after_backing(doc), &a, err);
	if (rc == 0)
		rc = compose_top_entry_add(a.doc, "volumes", "data", &b, err);
	if (rc == 0) {
		size_t len;
		const char *old = compose_doc_data(doc, &len);
		plan_set_file(&c->change->files, compose_doc_name(doc), old, len, 1, b.content.data, b.content.len, 0);
	} else {
		rdm_error_prefix(err, "%s: ", compose_doc_name(doc));
	}
	compose_edit_free(&a);
	compose_edit_free(&b);
	free(block);
	return rc;
}

static int service_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	if (!c->inst->services)
		return rdm_error_set(err, _("the instance has no docker-services.yml to add the s3 service to"));
	char *port = published_port(c);
	char *block = xasprintf(c->draft->storage == SETUP_STORAGE_RUSTFS ? rustfs_service : minio_service, port);
	struct compose_edit e = COMPOSE_EDIT_INIT;
	int rc = compose_service_add(c->inst->services, SERVICE, block, NULL, &e, err);
	free(block);
	free(port);
	if (rc != 0) {
		compose_edit_free(&e);
		return -1;
	}
	inst_take_services(c->inst, &e);
	compose_edit_free(&e);
	for (size_t i = 0; i < c->inst->n_overlays && rc == 0; i++) {
		const char *name = compose_doc_name(c->inst->overlays[i]);
		if ((!strcmp(name, "docker-compose.yml") || !strcmp(name, "docker-compose.full.yml")) &&
		    !compose_doc_find_service(c->inst->overlays[i], SERVICE))
			rc = overlay_apply(c, c->inst->overlays[i], err);
	}
	return rc;
}
const struct setup_edit setup_edit_switch_service = { "switch-service", adds_service, service_apply };

/* --- the Python dependencies -------------------------------------------- */
static int deps_applies(const struct setup_edit_ctx *c)
{
	return switching(c) && c->found->local.deps != SETUP_DEPS_NONE && !c->found->local.deps_have_s3;
}
static int deps_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	const struct setup_local *l = &c->found->local;
	int py = l->deps == SETUP_DEPS_PYPROJECT;
	const char *name = py ? DEPS_PYPROJECT_NAME : DEPS_PIPFILE_NAME;
	char *path = xasprintf("%s/%s", c->inst->dir, name);
	struct buf old = BUF_INIT, out = BUF_INIT;
	struct rdm_error why = RDM_ERROR_INIT;
	int exists = 0, rc = atomic_file_read_max(path, 1024 * 1024, &old, &exists, &why);
	if (rc == 0)
		rc = deps_add_extra(py ? DEPS_PYPROJECT : DEPS_PIPFILE, name, old.data, old.len, DEPS_APP_PACKAGE, "s3",
				    &out, &why);
	if (rc == 1) {
		plan_set_file(&c->change->files, name, old.data, old.len, 1, out.data, out.len, 0);
		plan_add_note(&c->change->files, _("install invenio-app-rdm's s3 extra before the app starts again: `%s` "
						   "in %s"), l->install_command, c->inst->dir);
	} else if (rc < 0) { /* a form not read here: the operator adds it */
		plan_add_note(&c->change->files, _("add the s3 extra of invenio-app-rdm to %s yourself (%s: %s), then "
						   "run `%s`"), name, why.message, why.remedy ? why.remedy : "",
			      l->install_command);
	}
	rdm_error_clear(&why);
	buf_free(&old);
	buf_free(&out);
	free(path);
	return 0;
}
const struct setup_edit setup_edit_switch_deps = { "switch-deps", deps_applies, deps_apply };

/* --- the edits after the switch see the switched copies ------------------ */
static int resurvey_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	if (setup_survey_of(c->inst, c->envp, c->switched, err) != 0)
		return -1;
	c->survey = c->switched;
	char *migrate = setup_local_migrate_text(c->found->runner, c->draft->location_name ? c->draft->location_name
											  : SETUP_DEFAULT_LOCATION);
	plan_add_note(&c->change->files, "%s", migrate);
	free(migrate);
	return 0;
}
const struct setup_edit setup_edit_switch_resurvey = { "switch-survey", switching, resurvey_apply };

/* --- the added service is started, not restarted ------------------------ */
static int start_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	struct step_conn sc = { c->res->endpoint, c->res->region, 1 };
	change_add_step(c->change, &setup_step_start,
			setup_restart_new(&sc, SERVICE, c->draft->storage, c->draft->restart == SETUP_RESTART_NEVER),
			CHANGE_PHASE_RESTART);
	c->res->restart_command = setup_restart_command(c->survey);
	return 0;
}
const struct setup_edit setup_edit_start = { "start", adds_service, start_apply };
