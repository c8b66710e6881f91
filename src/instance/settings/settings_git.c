/* Secrets and version control: a real secret (not the placeholder) in a
 * file git tracks, a .env that .gitignore does not list or that other
 * users can read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "instance/settings/settings.h"
#include "instance/settings/settings_edit.h"
#include "instance/settings/settings_int.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct secret_file {
	const char *file;
	const struct setting_source *src;
	enum setting_id id;
};

static size_t collect(const struct settings *s, struct secret_file *out, size_t cap)
{
	static const enum setting_id ids[] = { SET_S3_SECRET_ACCESS_KEY, SET_MINIO_ROOT_PASSWORD };
	size_t n = 0;
	for (size_t k = 0; k < 2; k++) {
		const struct setting *st = &s->v[ids[k]];
		for (size_t i = 0; i < st->n_sources && n < cap; i++) {
			const struct setting_source *src = &st->sources[i];
			if (src->origin.kind != INST_ORIGIN_FILE || !src->value || !*src->value ||
			    strstr(src->value, "CHANGE_ME"))
				continue;
			out[n].file = src->origin.file;
			out[n].src = src;
			out[n++].id = ids[k];
		}
	}
	return n;
}

/* Which of the n files in sf git tracks: inst_git_tracked's answer. */
static int git_tracked(const struct instance *inst, const struct secret_file *sf, size_t n, int *tracked)
{
	const char *names[16] = { NULL };
	for (size_t i = 0; i < n; i++)
		names[i] = sf[i].file;
	return inst_git_tracked(inst->dir, names, n, tracked);
}

static void report_tracked(struct settings *s, const struct secret_file *sf, size_t n, const int *tracked)
{
	for (size_t i = 0; i < n; i++) {
		if (!tracked[i])
			continue;
		settings_add_conflict(s, CONFLICT_ERROR, sf[i].id, &sf[i].src->origin,
				      _("`rdm-s3 config set storage.credentials-in=env` moves the credentials to .env "
				      "(ignored by git); the value stays in the git history, so rotate it too"),
				      _("%s is written in %s, which git tracks"), s->v[sf[i].id].name, sf[i].file);
	}
}

static void check_env_file(struct settings *s, const struct instance *inst, int holds_secret)
{
	struct stat st;
	char *path = xasprintf("%s/%s", inst->dir, INST_ENV);
	if (holds_secret && stat(path, &st) == 0 && (st.st_mode & 077)) {
		struct inst_origin o = { INST_ORIGIN_FILE, (char *)INST_ENV, 0, NULL };
		settings_add_conflict(s, CONFLICT_WARNING, SET_S3_SECRET_ACCESS_KEY, &o, "chmod 600 .env",
				      _(".env holds secrets but other users may read it (mode %04o)"),
				      (unsigned)(st.st_mode & 07777));
	}
	if (holds_secret && s->git_state == 1 && !inst_gitignore_has(inst, INST_ENV)) {
		struct inst_origin o = { INST_ORIGIN_FILE, (char *)INST_GITIGNORE, 0, NULL };
		settings_add_conflict(s, CONFLICT_WARNING, SET_S3_SECRET_ACCESS_KEY, &o,
				      "add a line `.env` to .gitignore",
				      _(".env holds secrets but .gitignore does not list it: `git add .` would commit it"));
	}
	free(path);
}

void settings_check_git(struct settings *s, const struct instance *inst)
{
	/* at most 2 settings x 8 kinds of source */
	struct secret_file sf[16];
	int tracked[16];
	size_t n = collect(s, sf, 16), env_secrets = 0;
	for (size_t i = 0; i < n; i++)
		env_secrets += !strcmp(sf[i].file, INST_ENV);
	s->git_state = git_tracked(inst, sf, n, tracked);
	if (s->git_state == 0) {
		s->git_state = 1;
		report_tracked(s, sf, n, tracked);
	} else if (s->git_state == 1) {
		s->git_state = 0;
	} else if (n) {
		settings_add_conflict(s, CONFLICT_INFO, sf[0].id, NULL, _("install git to have this checked"),
				      _("cannot tell whether the files holding secrets are under version control "
				      "(git is not available)"));
	}
	check_env_file(s, inst, env_secrets > 0);
}

void settings_note_tracked_secrets(const struct instance *inst, const struct settings_opts *o, struct plan *p)
{
	struct settings s;
	struct settings_opts plain = { o ? o->envp : NULL, 0 };
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (settings_read(&s, inst, &plain, &ignored) != 0) {
		rdm_error_clear(&ignored);
		return;
	}
	struct secret_file sf[16];
	int tracked[16];
	size_t n = collect(&s, sf, 16);
	if (n && git_tracked(inst, sf, n, tracked) == 0)
		for (size_t i = 0; i < n; i++)
			if (tracked[i])
				plan_add_note(p, _("%s is written in %s, which git tracks: `rdm-s3 config set "
					      "storage.credentials-in=env` moves the credentials to .env (ignored by git)"),
					      s.v[sf[i].id].name, sf[i].file);
	settings_free(&s);
}
