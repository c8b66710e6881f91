/* Building setup's change (setup.h): ask the server, then run the edits
 * table (setup_edits.c) on the instance's working copies. */
#include "config.h"
#include "ops/setup/setup.h"
#include "ops/setup/setup_edit.h"
#include "ops/setup/setup_int.h"
#include "ops/setup/setup_probe.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>

#include "ops/config/config_change.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

int setup_edit_key(struct setup_edit_ctx *ctx, const char *key, const char *value, struct rdm_error *err)
{
	struct config_assign a = { settings_key_find(key), value ? xstrdup(value) : NULL };
	struct settings_opts so = { ctx->envp, 0 };
	if (!a.key || !a.value) {
		secret_free(a.value);
		return rdm_error_set(err, _("internal: setup has no value for key %s"), key);
	}
	int rc = config_assign_prepare(&a, err);
	if (rc == 0)
		rc = settings_key_apply(ctx->inst, a.key->key, a.value, &so, &ctx->change->files, err);
	secret_free(a.value);
	return rc;
}

void setup_resolved_free(struct setup_resolved *r)
{
	free(r->endpoint);
	free(r->region);
	free(r->region_given);
	free(r->bucket);
	free(r->access_key_id);
	free(r->origins);
	free(r->restart_command);
	free(r->location_command);
	memset(r, 0, sizeof *r);
}

/* Amazon S3: the bucket's real region wins over the one asked for (boto
 * would be redirected or refused), and the regional endpoint follows it. */
static void take_region(struct setup_draft *eff, const struct setup_probe *p, struct setup_resolved *res)
{
	if (eff->storage != SETUP_STORAGE_AWS || !p->bucket_region)
		return;
	if (eff->region && !strcmp(eff->region, p->bucket_region))
		return;
	res->region_given = xstrdup(eff->region ? eff->region : "us-east-1");
	setup_draft_set(&eff->region, p->bucket_region);
}

static void resolve(const struct setup_draft *eff, const struct setup_survey *sv, const struct setup_probe *p,
		    struct setup_resolved *res)
{
	res->storage = eff->storage;
	res->endpoint = setup_draft_endpoint(eff, sv);
	res->region = eff->region ? xstrdup(eff->region) : NULL;
	res->bucket = xstrdup(eff->bucket ? eff->bucket : SETUP_DEFAULT_BUCKET);
	res->bucket_exists = p->asked ? p->bucket_exists : -1;
	res->access_key_id = eff->access_key_id ? xstrdup(eff->access_key_id) : NULL;
	res->secret_generated = eff->secret_generated;
	res->client_compat = sv->client_compat && eff->storage != SETUP_STORAGE_AWS;
	struct buf o = BUF_INIT;
	for (size_t i = 0; i < eff->n_cors_origins; i++)
		buf_printf(&o, "%s%s", i ? "," : "", eff->cors_origins[i]);
	res->origins = buf_detach(&o);
}

/* A copy of the draft the plan may adjust (the detected region). */
static void draft_copy(struct setup_draft *to, const struct setup_draft *d)
{
	*to = *d;
	to->endpoint = d->endpoint ? xstrdup(d->endpoint) : NULL;
	to->region = d->region ? xstrdup(d->region) : NULL;
	to->bucket = xstrdup(d->bucket ? d->bucket : SETUP_DEFAULT_BUCKET);
	to->access_key_id = d->access_key_id ? xstrdup(d->access_key_id) : NULL;
	to->secret = d->secret ? xstrdup(d->secret) : NULL;
	to->site_url = d->site_url ? xstrdup(d->site_url) : NULL;
	to->location_name = d->location_name ? xstrdup(d->location_name) : NULL;
	to->cors_origins = NULL;
	to->n_cors_origins = 0;
	for (size_t i = 0; i < d->n_cors_origins; i++)
		setup_draft_add_origin(to, d->cors_origins[i]);
}

static int named(const char *const *names, const char *name)
{
	for (size_t i = 0; names && names[i]; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

/* only: the edits to run (NULL: every one). */
static int run_edits(struct setup_edit_ctx *ctx, const char *const *only, struct rdm_error *err)
{
	for (size_t i = 0; setup_edits[i]; i++) {
		const struct setup_edit *e = setup_edits[i];
		if (only && !named(only, e->name))
			continue;
		if (e->applies && !e->applies(ctx))
			continue;
		if (e->apply(ctx, err) != 0) {
			rdm_error_prefix(err, _("setup (%s): "), e->name);
			return -1;
		}
	}
	inst_plan(ctx->inst, &ctx->change->files);
	struct settings_opts so = { ctx->envp, 0 };
	settings_note_tracked_secrets(ctx->inst, &so, &ctx->change->files);
	return 0;
}

/* The fields a part of setup needs valid: the first error, 0 when none. */
static int validate_only(const struct setup_draft *d, const struct setup_survey *sv, const char *const *only,
			 struct rdm_error *err)
{
	enum setup_field fields[] = { SETUP_F_ENDPOINT, SETUP_F_BUCKET, SETUP_F_ACCESS_KEY_ID, SETUP_F_SECRET };
	size_t n = named(only, "credentials") ? 4 : 2;
	for (size_t i = 0; i < n; i++) {
		struct setup_field_check fc = { SETUP_OK, NULL };
		int bad = setup_field_validate(d, sv, fields[i], &fc) == SETUP_ERROR;
		if (bad)
			rdm_error_set(err, "%s: %s", setup_field_label(fields[i]), fc.message ? fc.message : "?");
		setup_field_check_free(&fc);
		if (bad)
			return -1;
	}
	return 0;
}

static int build(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		 const char *const *only, struct change *c, struct setup_resolved *res, struct rdm_error *err)
{
	struct setup_draft eff;
	struct setup_probe probe;
	struct instance inst;
	struct setup_survey switched;
	char *const *envp = o->live.envp ? o->live.envp : environ;
	int rc = -1;
	memset(res, 0, sizeof *res);
	memset(&probe, 0, sizeof probe);
	memset(&inst, 0, sizeof inst);
	memset(&switched, 0, sizeof switched);
	draft_copy(&eff, d);
	if ((only ? validate_only(&eff, sv, only, err) : setup_draft_validate(&eff, sv, NULL, err)) != 0 ||
	    setup_probe_run(&eff, sv, o, &probe, err) != 0)
		goto out;
	take_region(&eff, &probe, res);
	resolve(&eff, sv, &probe, res);
	if (inst_load(&inst, sv->instance_dir, err) != 0)
		goto out;
	struct setup_edit_ctx ctx = { .inst = &inst, .draft = &eff, .survey = sv, .found = sv, .switched = &switched,
				      .opts = o, .res = res, .probe = o->probe ? &probe : NULL, .change = c,
				      .envp = envp };
	rc = run_edits(&ctx, only, err);
out:
	setup_survey_free(&switched);
	inst_free(&inst);
	setup_probe_free(&probe);
	setup_draft_free(&eff);
	return rc;
}

int setup_plan_build(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		     struct change *c, struct setup_resolved *res, struct rdm_error *err)
{
	change_init(c, sv->instance_dir, SETUP_COMMAND, SETUP_RESUME_COMMAND);
	return build(d, sv, o, NULL, c, res, err);
}

int setup_plan_build_only(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
			  const char *const *edits, const char *command, const char *resume_command,
			  struct change *c, struct setup_resolved *res, struct rdm_error *err)
{
	static const char *const none[] = { NULL };
	change_init(c, sv->instance_dir, command, resume_command);
	return build(d, sv, o, edits ? edits : none, c, res, err);
}

const struct check_report *setup_verify_report(const struct change *c)
{
	for (size_t i = 0; i < c->n_steps; i++)
		if (c->steps[i].type == &setup_step_verify)
			return setup_verify_data_report(c->steps[i].data);
	return NULL;
}
