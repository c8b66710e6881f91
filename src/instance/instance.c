#include "config.h"
#include "instance/instance.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int has_marker(const char *dir)
{
	struct stat st;
	char *p = xasprintf("%s/%s", dir, INST_MARKER);
	int ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

static int find_override(const char *override, char **dir, struct rdm_error *err)
{
	char *real = realpath(override, NULL);
	if (!real) {
		rdm_error_set(err, _("--instance %s: %s"), override, strerror(errno));
		rdm_error_remedy(err, _("give the InvenioRDM instance folder (the one holding %s)"), INST_MARKER);
		return -1;
	}
	if (!has_marker(real)) {
		rdm_error_set(err, _("%s is not an InvenioRDM instance folder: there is no %s in it"), real, INST_MARKER);
		rdm_error_remedy(err, _("give the folder created by `invenio-cli init rdm` (it holds %s, invenio.cfg "
				 "and docker-services.yml)"), INST_MARKER);
		free(real);
		return -1;
	}
	*dir = real;
	return 0;
}

int inst_find(const char *override, char **dir, struct rdm_error *err)
{
	*dir = NULL;
	if (override)
		return find_override(override, dir, err);
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return rdm_error_set(err, _("cannot tell the current folder: %s"), strerror(errno));
	char *here = xstrdup(cwd);
	for (;;) {
		if (has_marker(here)) {
			*dir = here;
			free(cwd);
			return 0;
		}
		if (strcmp(here, "/") == 0)
			break;
		char *slash = strrchr(here, '/');
		if (!slash || slash == here)
			strcpy(here, "/");
		else
			*slash = '\0';
	}
	rdm_error_set(err, _("no InvenioRDM instance found: looked for %s in %s and in every folder above it"),
		      INST_MARKER, cwd);
	rdm_error_remedy(err, _("run rdm-s3 inside the instance folder (the one created by `invenio-cli init rdm`, "
			 "holding %s), or name it with --instance DIR"), INST_MARKER);
	free(here);
	free(cwd);
	return -1;
}

static int read_text(struct instance *inst, const char *rel, struct inst_text *t, struct rdm_error *err)
{
	char *path = xasprintf("%s/%s", inst->dir, rel);
	t->rel = xstrdup(rel);
	int rc = atomic_file_read_max(path, RDM_CONFIG_FILE_MAX, &t->data, &t->exists, err);
	free(path);
	return rc;
}

static int load_services(struct instance *inst, struct rdm_error *err)
{
	struct inst_text yaml = { 0 };
	if (read_text(inst, INST_SERVICES_YML, &inst->services_orig, err) != 0)
		return -1;
	if (read_text(inst, INST_SERVICES_YAML, &yaml, err) != 0) {
		free(yaml.rel);
		return -1;
	}
	if (!inst->services_orig.exists && yaml.exists) {
		free(inst->services_orig.rel);
		buf_free(&inst->services_orig.data);
		inst->services_orig = yaml;
		yaml.rel = NULL;
		memset(&yaml.data, 0, sizeof yaml.data);
	} else if (yaml.exists) {
		inst->services_other = xstrdup(INST_SERVICES_YAML);
	}
	free(yaml.rel);
	buf_free_secret(&yaml.data);
	if (!inst->services_orig.exists)
		return 0;
	return compose_doc_parse(&inst->services, inst->services_orig.rel, buf_str(&inst->services_orig.data),
				 inst->services_orig.data.len, err);
}

static int is_overlay_name(const char *n)
{
	size_t len = strlen(n);
	if (strncmp(n, "docker-compose", 14) != 0)
		return 0;
	return (len > 4 && !strcmp(n + len - 4, ".yml")) || (len > 5 && !strcmp(n + len - 5, ".yaml"));
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* docker-compose*.yml in name order, so results never depend on readdir. */
static int load_overlays(struct instance *inst, struct rdm_error *err)
{
	DIR *d = opendir(inst->dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	if (!d)
		return rdm_error_set(err, _("cannot list %s: %s"), inst->dir, strerror(errno));
	while ((e = readdir(d)) != NULL)
		if (is_overlay_name(e->d_name)) {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	inst->overlays = xcalloc(n ? n : 1, sizeof *inst->overlays);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", inst->dir, names[i]);
		if (rc == 0 && compose_doc_load(&inst->overlays[inst->n_overlays], path, names[i], err) == 0)
			inst->n_overlays++;
		else
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int load_lines(struct instance *inst, struct rdm_error *err)
{
	if (read_text(inst, INST_CFG, &inst->cfg_orig, err) != 0 ||
	    pycfg_parse(&inst->cfg, INST_CFG, buf_str(&inst->cfg_orig.data), inst->cfg_orig.data.len, err) != 0)
		return -1;
	if (read_text(inst, INST_ENV, &inst->env_orig, err) != 0)
		return -1;
	if (!inst->env_orig.exists)
		dotenv_init_empty(&inst->env, INST_ENV);
	else if (dotenv_parse(&inst->env, INST_ENV, buf_str(&inst->env_orig.data), inst->env_orig.data.len, err))
		return -1;
	if (read_text(inst, INST_MARKER, &inst->ini_orig, err) != 0 ||
	    ini_parse(&inst->ini, INST_MARKER, buf_str(&inst->ini_orig.data), inst->ini_orig.data.len, err) != 0)
		return -1;
	if (read_text(inst, INST_GITIGNORE, &inst->gitignore_orig, err) != 0)
		return -1;
	buf_append(&inst->gitignore, buf_str(&inst->gitignore_orig.data), inst->gitignore_orig.data.len);
	return 0;
}

int inst_load(struct instance *inst, const char *dir, struct rdm_error *err)
{
	memset(inst, 0, sizeof *inst);
	inst->dir = xstrdup(dir);
	size_t len = strlen(inst->dir);
	while (len > 1 && inst->dir[len - 1] == '/')
		inst->dir[--len] = '\0';
	if (load_services(inst, err) != 0 || load_overlays(inst, err) != 0 || load_lines(inst, err) != 0)
		return -1;
	return 0;
}

static void text_free(struct inst_text *t)
{
	free(t->rel);
	buf_free_secret(&t->data);
	t->rel = NULL;
}

void inst_free(struct instance *inst)
{
	compose_doc_free(inst->services);
	for (size_t i = 0; i < inst->n_overlays; i++)
		compose_doc_free(inst->overlays[i]);
	free(inst->overlays);
	free(inst->services_other);
	pycfg_free(&inst->cfg);
	dotenv_free(&inst->env);
	ini_free(&inst->ini);
	buf_free(&inst->gitignore);
	text_free(&inst->services_orig);
	text_free(&inst->cfg_orig);
	text_free(&inst->env_orig);
	text_free(&inst->ini_orig);
	text_free(&inst->gitignore_orig);
	free(inst->dir);
	memset(inst, 0, sizeof *inst);
}

/* A file that holds secrets (.env always; another one when it will hold a
 * secret written or masked by this change) is written with mode 0600,
 * group/other bits cleared, whatever it had: rdm-s3 never leaves a secret
 * it handled in a file every user can read. Say so when that changes an
 * existing file's mode. */
static void note_mode_change(const struct instance *inst, struct plan *p, const struct inst_text *orig)
{
	struct stat st;
	char *path = xasprintf("%s/%s", inst->dir, orig->rel);
	if (orig->exists && stat(path, &st) == 0 && (st.st_mode & 077))
		plan_add_note(p, _("%s holds a secret now: its mode becomes 0600 (was %04o)"), orig->rel,
			      (unsigned)(st.st_mode & 07777));
	free(path);
}

static void plan_text(const struct instance *inst, struct plan *p, const struct inst_text *orig,
		      const char *data, size_t len, int secret)
{
	if (orig->exists && orig->data.len == len && memcmp(buf_str(&orig->data), data, len) == 0)
		return;
	if (!orig->exists && len == 0)
		return; /* an absent file that stays empty is not created */
	secret = secret || plan_data_holds_secret(p, data, len);
	if (secret)
		note_mode_change(inst, p, orig);
	plan_set_file(p, orig->rel, buf_str(&orig->data), orig->data.len, orig->exists, data, len, secret);
}

/* The order is chosen for a crash between two writes (each file is whole,
 * but some are new and some old): .gitignore first, so a new .env is never
 * unignored; .env before the files that refer to its variables, so a
 * ${VAR} never points at nothing; invenio.cfg, which loses values moved to
 * .env, after them. Running the command again then completes the change. */
void inst_plan(const struct instance *inst, struct plan *p)
{
	plan_text(inst, p, &inst->gitignore_orig, buf_str(&inst->gitignore), inst->gitignore.len, 0);
	plan_text(inst, p, &inst->env_orig, buf_str(&inst->env.text), inst->env.text.len, 1);
	if (inst->services) {
		size_t len;
		const char *data = compose_doc_data(inst->services, &len);
		plan_text(inst, p, &inst->services_orig, data, len, 0);
	}
	plan_text(inst, p, &inst->cfg_orig, buf_str(&inst->cfg.text), inst->cfg.text.len, 0);
	plan_text(inst, p, &inst->ini_orig, buf_str(&inst->ini.text), inst->ini.text.len, 0);
}

void inst_take_services(struct instance *inst, struct compose_edit *e)
{
	if (!e->doc)
		return;
	compose_doc_free(inst->services);
	inst->services = e->doc;
	e->doc = NULL;
}
