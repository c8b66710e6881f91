/* CHECK_FIX_FILE_MODES: the instance's files that hold a secret and that
 * every user may read, each made 0600 by a fix-file-mode step. The same
 * files and the same test as the instance check (check_live_instance.c):
 * docker-services.yml, invenio.cfg and .env, when a secret setting has a
 * value there. The steps run after the files are written (a change that
 * also rewrites one of them keeps the file's mode as it was planned). */
#include "config.h"
#include "ops/fix/fix_int.h"
#include "ops/fix/fix_steps.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "util/xalloc.h"

static int holds_secret(const struct settings *s, const char *rel)
{
	const enum setting_id secrets[] = { SET_S3_SECRET_ACCESS_KEY, SET_MINIO_ROOT_PASSWORD };
	for (size_t k = 0; k < sizeof secrets / sizeof *secrets; k++) {
		const struct setting *st = &s->v[secrets[k]];
		for (size_t i = 0; i < st->n_sources; i++) {
			const struct inst_origin *o = &st->sources[i].origin;
			if (o->kind == INST_ORIGIN_FILE && o->file && !strcmp(o->file, rel) &&
			    st->sources[i].value && *st->sources[i].value)
				return 1;
		}
	}
	return 0;
}

int fix_add_file_modes(struct change *c, const char *dir, char *const *envp, struct rdm_error *err)
{
	struct instance inst;
	struct settings s;
	struct settings_opts so = { envp, 0 };
	memset(&inst, 0, sizeof inst);
	memset(&s, 0, sizeof s);
	int rc = inst_load(&inst, dir, err) == 0 && settings_read(&s, &inst, &so, err) == 0 ? 0 : -1;
	const struct inst_text *texts[] = { &inst.services_orig, &inst.cfg_orig, &inst.env_orig };
	for (size_t i = 0; rc == 0 && i < sizeof texts / sizeof *texts; i++) {
		struct stat sb;
		if (!texts[i]->exists || !texts[i]->rel)
			continue;
		char *path = xasprintf("%s/%s", dir, texts[i]->rel);
		int ok = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
		free(path);
		if (!ok || !(sb.st_mode & 0004) || !holds_secret(&s, texts[i]->rel))
			continue;
		unsigned before = (unsigned)(sb.st_mode & 07777);
		change_add_step(c, &fix_step_mode, fix_mode_new(texts[i]->rel, before, before & ~077u),
				CHANGE_PHASE_AFTER_RESTART);
	}
	settings_free(&s);
	inst_free(&inst);
	return rc;
}
