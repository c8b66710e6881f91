/* An InvenioRDM instance folder: finding it, and every file rdm-s3 reads
 * or edits, loaded once.
 *
 * For each file the instance keeps the bytes as read (`*_orig`, compared by
 * plan_apply() before writing) and a working copy that the editors change in
 * memory: `services` (docker-services.yml, replaced by each compose edit),
 * `cfg` (invenio.cfg), `env` (.env), `ini` (.invenio), `gitignore`.
 * inst_plan() turns the differences into a change plan; nothing here writes.
 *
 * Files read:
 *   .invenio                         required (it marks the instance folder)
 *   docker-services.yml              or docker-services.yaml (the .yml one is
 *                                    used when both exist; a conflict says so)
 *   docker-compose*.yml / *.yaml     read only: services extending the MinIO one
 *   invenio.cfg, .env, .gitignore    each optional (an absent file reads empty)
 */
#ifndef RDM_INSTANCE_INSTANCE_H
#define RDM_INSTANCE_INSTANCE_H
#include <stddef.h>

#include "instance/compose/compose.h"
#include "instance/dotenv/dotenv.h"
#include "instance/ini/ini.h"
#include "instance/plan/plan.h"
#include "instance/pycfg/pycfg.h"
#include "util/buf.h"
#include "util/error.h"

#define INST_MARKER ".invenio"
#define INST_SERVICES_YML "docker-services.yml"
#define INST_SERVICES_YAML "docker-services.yaml"
#define INST_CFG "invenio.cfg"
#define INST_ENV ".env"
#define INST_GITIGNORE ".gitignore"

/* One file as read from disk. */
struct inst_text {
	char *rel;       /* name relative to the instance folder */
	struct buf data; /* the bytes read (may hold secrets) */
	int exists;
};

struct instance {
	char *dir;                       /* absolute path, no trailing slash */
	struct inst_text services_orig;  /* docker-services.yml (or .yaml) */
	struct compose_doc *services;    /* working copy; NULL when the file is absent */
	char *services_other;            /* the .yaml spelling when both exist, else NULL */
	struct compose_doc **overlays;   /* docker-compose*.yml, read only */
	size_t n_overlays;
	struct inst_text cfg_orig;
	struct pycfg cfg;                /* working copy (empty when absent) */
	struct inst_text env_orig;
	struct dotenv env;               /* working copy (empty when absent) */
	struct inst_text ini_orig;
	struct ini ini;                  /* working copy */
	struct inst_text gitignore_orig;
	struct buf gitignore;            /* working copy */
};

/* Find the instance folder: `override` (--instance DIR) when given, which
 * must hold .invenio; else the current folder or the nearest one above it
 * holding .invenio. *dir is allocated (absolute, symlinks resolved). The
 * error says what was looked for, where, and what to do. */
int inst_find(const char *override, char **dir, struct rdm_error *err);

/* Read and parse every file (see above). A syntax error in any file fails
 * with file:line and a fix from its reader. */
int inst_load(struct instance *inst, const char *dir, struct rdm_error *err);
void inst_free(struct instance *inst);

/* Add every file whose working copy differs from what was read to p
 * (p->instance_dir must be inst->dir). .env is marked secret. */
void inst_plan(const struct instance *inst, struct plan *p);

/* Replace the working docker-services document by the result of an edit
 * (takes ownership of e->doc). */
void inst_take_services(struct instance *inst, struct compose_edit *e);

/* Make sure .gitignore ignores `name` (a line "name" or "/name", or a
 * simple glob matching it); otherwise append it with a comment, keeping the
 * file's line endings. Returns 1 if the working copy changed. */
int inst_gitignore_add(struct instance *inst, const char *name, const char *comment);
/* Whether the working .gitignore has a line that ignores `name`. */
int inst_gitignore_has(const struct instance *inst, const char *name);

/* Which of `files` git tracks in the instance: tracked[i] = 1/0. Returns 0
 * when answered, 1 when the folder is not in a git work tree, -1 when it is
 * unknown (git missing or failing). Runs `git ls-files` (with n == 0,
 * `git rev-parse`) via posix_spawnp. */
int inst_git_tracked(const char *dir, const char *const *files, size_t n, int *tracked);

#endif
