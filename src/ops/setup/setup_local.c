/* A local-storage instance (setup.h, struct setup_local): what the survey
 * finds about files stored on the app's own disk, and the words every
 * front end shows before asking anything: where the files are, what
 * switching to S3 means for them, how to move them later, and which
 * command installs the s3 extra. Files only; no network. */
#include "config.h"
#include "ops/setup/setup_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "instance/deps/deps.h"
#include "util/atomic_file.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define COUNT_LIMIT 200000L          /* files counted before "more than" */
#define DEPS_MAX_BYTES (1024 * 1024) /* a Pipfile or pyproject.toml */
#define CONTAINER_DATA "/opt/invenio/var/instance/data"

/* Regular files under dir (no symlinks followed), up to *left. */
static int count_files(const char *dir, long *n, long *left)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	while (*left > 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0) {
			if (S_ISREG(st.st_mode)) {
				(*n)++;
				(*left)--;
			} else if (S_ISDIR(st.st_mode)) {
				count_files(path, n, left);
			}
		}
		free(path);
	}
	closedir(d);
	return 0;
}

static void find_folder(struct setup_local *l, const char *dir)
{
	char *priv = xasprintf("%s/.invenio.private", dir);
	struct buf b = BUF_INIT;
	struct ini ini;
	struct rdm_error ignored = RDM_ERROR_INIT;
	int exists = 0;
	l->n_files = -1;
	if (atomic_file_read_max(priv, 64 * 1024, &b, &exists, &ignored) == 0 && exists &&
	    ini_parse(&ini, ".invenio.private", b.data, b.len, &ignored) == 0) {
		const char *ip = ini_get_value(&ini, "cli", "instance_path");
		if (ip && *ip)
			l->folder = xasprintf("%s/data", ip);
		ini_free(&ini);
	}
	long n = 0, left = COUNT_LIMIT;
	if (l->folder && count_files(l->folder, &n, &left) == 0) {
		l->n_files = n;
		l->n_files_more = left == 0;
	}
	rdm_error_clear(&ignored);
	buf_free(&b);
	free(priv);
}

/* The volume docker-compose.full.yml mounts on the app's data folder. */
static void find_volume(struct setup_local *l, const struct instance *inst)
{
	for (size_t i = 0; i < inst->n_overlays && !l->volume; i++) {
		const struct compose_doc *doc = inst->overlays[i];
		for (size_t k = 0; k < compose_doc_service_count(doc) && !l->volume; k++) {
			const struct compose_service *svc = compose_doc_service(doc, k);
			for (size_t v = 0; v < svc->n_volumes && !l->volume; v++) {
				const char *t = svc->volumes[v].text, *colon = t ? strchr(t, ':') : NULL;
				if (colon && !strncmp(colon + 1, CONTAINER_DATA, strlen(CONTAINER_DATA)) &&
				    (!colon[1 + strlen(CONTAINER_DATA)] || colon[1 + strlen(CONTAINER_DATA)] == ':'))
					l->volume = xstrndup(t, (size_t)(colon - t));
			}
		}
	}
}

static void find_deps(struct setup_local *l, const struct instance *inst, enum setup_runner runner)
{
	static const char *const names[] = { NULL, DEPS_PIPFILE_NAME, DEPS_PYPROJECT_NAME };
	enum setup_deps order[2] = { SETUP_DEPS_PIPFILE, SETUP_DEPS_PYPROJECT };
	if (runner == SETUP_RUNNER_UV) {
		order[0] = SETUP_DEPS_PYPROJECT;
		order[1] = SETUP_DEPS_PIPFILE;
	}
	for (size_t i = 0; i < 2 && l->deps == SETUP_DEPS_NONE; i++) {
		char *path = xasprintf("%s/%s", inst->dir, names[order[i]]);
		struct buf b = BUF_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		int exists = 0;
		if (atomic_file_read_max(path, DEPS_MAX_BYTES, &b, &exists, &err) == 0 && exists) {
			enum deps_kind k = order[i] == SETUP_DEPS_PIPFILE ? DEPS_PIPFILE : DEPS_PYPROJECT;
			int has = deps_has_extra(k, names[order[i]], b.data, b.len, DEPS_APP_PACKAGE, "s3", &err);
			/* a pyproject.toml without invenio-app-rdm is not the app's */
			if (has >= 0 || k == DEPS_PIPFILE) {
				l->deps = order[i];
				l->deps_have_s3 = has == 1;
			}
		}
		rdm_error_clear(&err);
		buf_free(&b);
		free(path);
	}
	if (l->deps != SETUP_DEPS_NONE)
		l->install_command = xstrdup(l->deps == SETUP_DEPS_PYPROJECT ? "uv lock && uv sync"
									     : "pipenv lock && pipenv sync");
}

static void say(struct setup_local *l, char *line)
{
	l->meaning = xrealloc(l->meaning, (l->n_meaning + 1) * sizeof *l->meaning);
	l->meaning[l->n_meaning++] = line;
}

static void found_text(struct setup_local *l)
{
	struct buf b = BUF_INIT;
	if (l->folder) {
		buf_printf(&b, _("files are stored locally in %s"), l->folder);
		if (l->n_files >= 0)
			buf_printf(&b, l->n_files == 1 ? _("; %ld file") : l->n_files_more ? _("; more than %ld files")
											: _("; %ld files"),
				   l->n_files);
		else
			buf_printf(&b, _(" (not readable here: the number of files is unknown)"));
	} else {
		buf_printf(&b, _("files are stored locally (the database's files location says where: "
				 "invenio files location list)"));
	}
	if (l->volume)
		buf_printf(&b, _("; in containers, in the volume %s (%s)"), l->volume, CONTAINER_DATA);
	l->found = buf_detach(&b);
}

static void meaning_text(struct setup_local *l)
{
	say(l, xstrdup(_("New uploads go to the S3 bucket, which becomes the default files location. Files "
			 "uploaded before keep their local paths in the database and are still read from the disk "
			 "(invenio-s3 reads a path that is not s3:// as a local file), so the folder stays.")));
	if (l->volume)
		say(l, xasprintf(_("docker-compose.full.yml keeps the app containers' volume %s mounted for the "
				   "same reason."), l->volume));
	say(l, xstrdup(_("invenio.cfg gets the cookiecutter's S3 settings (FILES_REST_STORAGE_FACTORY, "
			 "S3_ENDPOINT_URL and the keys, the endpoint in the content security policy) and .invenio "
			 "says file_storage = S3. MinIO and RustFS also get the cookiecutter's s3 service in "
			 "docker-services.yml, docker-compose.yml and docker-compose.full.yml; Amazon S3 and other "
			 "servers get none.")));
	if (l->deps != SETUP_DEPS_NONE && !l->deps_have_s3)
		say(l, xasprintf(_("The app needs invenio-app-rdm's s3 extra: setup adds it to %s; install it "
				   "with `%s` before the app starts again."),
				 l->deps == SETUP_DEPS_PYPROJECT ? DEPS_PYPROJECT_NAME : DEPS_PIPFILE_NAME,
				 l->install_command));
}

char *setup_local_migrate_text(enum setup_runner runner, const char *location)
{
	const char *shell = runner == SETUP_RUNNER_UV ? "uv run --no-sync invenio shell"
			    : runner == SETUP_RUNNER_CONTAINER
				    ? "docker compose --file docker-compose.full.yml exec web-api invenio shell"
				    : "pipenv run invenio shell";
	return xasprintf(_("Setup does not move the old files. To move them later, use "
				 "invenio-files-rest's own migration, one file at a time with a checksum check "
				 "after each copy: in `%s`, `from invenio_files_rest.models import FileInstance; "
				 "from invenio_files_rest.tasks import migrate_file`, then for each f in "
				 "FileInstance.query.filter(~FileInstance.uri.startswith(\"s3://\")): "
				 "migrate_file.delay(str(f.id), \"%s\", post_fixity_check=True). A worker copies "
				 "each file and points the records at the copy; the local copy stays until you "
				 "remove it."),
			       shell, location);
}

void setup_local_survey(struct setup_survey *sv, const struct instance *inst, const char *file_storage,
			const char *factory)
{
	struct setup_local *l = &sv->local;
	l->ini_local = file_storage && !strcasecmp(file_storage, "local");
	l->is_local = !factory || !strstr(factory, "invenio_s3");
	if (!l->is_local)
		return;
	find_folder(l, inst->dir);
	find_volume(l, inst);
	find_deps(l, inst, sv->runner);
	found_text(l);
	meaning_text(l);
	l->migrate = setup_local_migrate_text(sv->runner, SETUP_DEFAULT_LOCATION);
}

void setup_local_free(struct setup_local *l)
{
	free(l->folder);
	free(l->service_endpoint);
	free(l->volume);
	free(l->install_command);
	free(l->found);
	for (size_t i = 0; i < l->n_meaning; i++)
		free(l->meaning[i]);
	free(l->meaning);
	free(l->migrate);
	memset(l, 0, sizeof *l);
}
