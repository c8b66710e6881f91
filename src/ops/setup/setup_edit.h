/* How setup_plan_build assembles a change: a table of edits, each one
 * concept (the endpoint, the credentials, the MinIO CORS origins, the
 * client-compat preset, the bucket and its CORS, the files location ...),
 * run in table order on the instance's working copies. An edit changes
 * files through the config keys (ops/config) or the editors directly, and
 * adds the server steps it needs to the change. Switching a local-storage
 * instance to S3 adds its own edits (the compose service, the invenio.cfg
 * block, `.invenio` file_storage, the Pipfile extra) to this table; the
 * wizard and the command line get them with no change of theirs. */
#ifndef RDM_OPS_SETUP_EDIT_H
#define RDM_OPS_SETUP_EDIT_H

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "ops/change/change.h"
#include "ops/setup/setup.h"

struct setup_probe; /* what the server said while planning (setup_probe.h) */

struct setup_edit_ctx {
	struct instance *inst;             /* working copies: edits change these */
	const struct setup_draft *draft;   /* validated */
	const struct setup_survey *survey;
	const struct setup_opts *opts;
	struct setup_resolved *res;        /* decided so far; edits may fill in */
	const struct setup_probe *probe;   /* NULL when planning offline */
	struct change *change;             /* add steps, notes (change->files) */
	char *const *envp;
};

struct setup_edit {
	const char *name;                  /* "endpoint", "credentials", ... */
	/* Whether this edit concerns the draft (NULL: always). */
	int (*applies)(const struct setup_edit_ctx *ctx);
	/* 0, or -1 with err (the working copies may be partly edited: the
	 * caller throws the instance away). */
	int (*apply)(struct setup_edit_ctx *ctx, struct rdm_error *err);
};

/* The edits, in the order they run; NULL-terminated (setup_edits.c). */
extern const struct setup_edit *const setup_edits[];

/* Apply one config key (ops/config) to the working copies, as `config set`
 * would, with the change's plan collecting secrets to mask and notes. */
int setup_edit_key(struct setup_edit_ctx *ctx, const char *key, const char *value, struct rdm_error *err);

#endif
