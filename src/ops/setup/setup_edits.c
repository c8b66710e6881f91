/* The edits setup makes, in the order they run (setup_edit.h): the files
 * through the config keys, then the server steps. */
#include "config.h"
#include "ops/setup/setup_edit.h"
#include "ops/setup/setup_int.h"
#include "ops/setup/setup_probe.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings_edit.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static int own(const struct setup_edit_ctx *c) { return setup_storage_is_own_server(c->draft->storage); }
static int not_own(const struct setup_edit_ctx *c) { return !own(c); }

static int differs(const char *a, const char *b) { return !a || !b || strcmp(a, b) != 0; }

/* --- files ------------------------------------------------------------- */
static int endpoint_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	if (c->survey->endpoint && setup_same_endpoint(c->survey->endpoint, c->res->endpoint))
		return 0; /* already there (its spelling kept) */
	return setup_edit_key(c, "storage.endpoint", c->res->endpoint, err);
}
static const struct setup_edit edit_endpoint = { "endpoint", NULL, endpoint_apply };

static int region_applies(const struct setup_edit_ctx *c)
{
	return c->res->region && differs(c->res->region, c->survey->region);
}
static int region_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	return setup_edit_key(c, "storage.region", c->res->region, err);
}
static const struct setup_edit edit_region = { "region", region_applies, region_apply };

static int creds_in_applies(const struct setup_edit_ctx *c) { return c->draft->creds_in != c->survey->creds_in; }
static int creds_in_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	return setup_edit_key(c, "storage.credentials-in", c->draft->creds_in == SETUP_CREDS_ENV ? "env" : "cfg", err);
}
static const struct setup_edit edit_creds_in = { "credentials-in", creds_in_applies, creds_in_apply };

/* MinIO/RustFS: its root user and password (the app's keys follow when
 * the app signs with the root user); a placeholder app key that does not
 * follow is set to them too. Other servers: the app's key. */
static int credentials_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	const struct setup_draft *d = c->draft;
	const struct setup_survey *sv = c->survey;
	if (!own(c)) {
		if (differs(d->access_key_id, sv->access_key_id) &&
		    setup_edit_key(c, "storage.access-key-id", d->access_key_id, err) != 0)
			return -1;
		return d->secret ? setup_edit_key(c, "storage.secret-access-key", d->secret, err) : 0;
	}
	if ((sv->root_user_placeholder || differs(d->access_key_id, sv->root_user)) &&
	    setup_edit_key(c, "minio.root-user", d->access_key_id, err) != 0)
		return -1;
	if (d->secret && setup_edit_key(c, "minio.root-password", d->secret, err) != 0)
		return -1;
	if (!sv->app_uses_root && sv->access_key_placeholder) {
		if (setup_edit_key(c, "storage.access-key-id", d->access_key_id, err) != 0)
			return -1;
		if (d->secret && setup_edit_key(c, "storage.secret-access-key", d->secret, err) != 0)
			return -1;
	}
	return 0;
}
static const struct setup_edit edit_credentials = { "credentials", NULL, credentials_apply };

static int bucket_applies(const struct setup_edit_ctx *c) { return differs(c->res->bucket, c->survey->bucket); }
static int bucket_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	return setup_edit_key(c, "storage.bucket", c->res->bucket, err);
}
static const struct setup_edit edit_bucket = { "bucket", bucket_applies, bucket_apply };

/* MinIO has no bucket CORS: its server-wide MINIO_API_CORS_ALLOW_ORIGIN
 * gets the site's origins, added to (never replacing) the ones there. */
static int minio_cors_applies(const struct setup_edit_ctx *c)
{
	return c->draft->storage == SETUP_STORAGE_MINIO && c->draft->n_cors_origins;
}
static int minio_cors_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	const char *have = c->survey->cors_allow_origin;
	if (have && !strcmp(have, "*"))
		return 0; /* every origin already */
	struct buf list = BUF_INIT;
	if (have)
		buf_puts(&list, have);
	for (size_t i = 0; i < c->draft->n_cors_origins; i++) {
		const char *o = c->draft->cors_origins[i];
		int there = 0;
		for (const char *p = have; p && *p && !there;) {
			size_t n = strcspn(p, ",");
			there = n == strlen(o) && !strncmp(p, o, n);
			p += n + (p[n] == ',');
		}
		if (!there)
			buf_printf(&list, "%s%s", list.len ? "," : "", o);
	}
	int rc = differs(buf_str(&list), have) ? setup_edit_key(c, "minio.cors-allow-origin", buf_str(&list), err) : 0;
	buf_free(&list);
	return rc;
}
static const struct setup_edit edit_minio_cors = { "minio-cors", minio_cors_applies, minio_cors_apply };

/* RustFS's CORS settings are not managed here: say so. */
static int rustfs_cors_applies(const struct setup_edit_ctx *c) { return c->draft->storage == SETUP_STORAGE_RUSTFS; }
static int rustfs_cors_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	plan_add_note(&c->change->files, _("RustFS answers CORS with its own settings, which rdm-s3 does not change: "
					   "`rdm-s3 cors test BUCKET --origin %s` shows what browsers get"),
		      c->draft->n_cors_origins ? c->draft->cors_origins[0] : "https://SITE");
	return 0;
}
static const struct setup_edit edit_rustfs_cors = { "rustfs-cors", rustfs_cors_applies, rustfs_cors_apply };

/* The rules setup puts on the bucket: previews (GET, HEAD) and the
 * uploader's part PUTs (Content-Type, Content-MD5) from the site's origins. */
char *setup_cors_rules_json(const struct setup_draft *d)
{
	struct s3_cors cors = S3_CORS_INIT;
	struct s3_cors_rule *r = s3_cors_add_rule(&cors);
	for (size_t i = 0; i < d->n_cors_origins; i++)
		s3_strlist_add(&r->allowed_origins, d->cors_origins[i]);
	s3_strlist_add(&r->allowed_methods, "GET");
	s3_strlist_add(&r->allowed_methods, "HEAD");
	s3_strlist_add(&r->allowed_methods, "PUT");
	s3_strlist_add(&r->allowed_headers, "*");
	s3_strlist_add(&r->expose_headers, "ETag");
	r->max_age_seconds = 3600;
	struct buf b = BUF_INIT;
	s3_cors_to_json(&cors, S3_CORS_JSON_ARRAY, &b);
	s3_cors_free(&cors);
	return buf_detach(&b);
}

/* Bucket CORS: the same rules in S3_BUCKET_CORS_RULES, so InvenioRDM's own
 * `invenio s3 create-bucket` puts what setup put (and changes nothing). */
static int cors_rules_applies(const struct setup_edit_ctx *c) { return not_own(c) && c->draft->n_cors_origins; }
static int cors_rules_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	char *json = setup_cors_rules_json(c->draft);
	int rc = setup_edit_key(c, "storage.bucket-cors-rules", json, err);
	free(json);
	return rc;
}
static const struct setup_edit edit_cors_rules = { "cors-rules", cors_rules_applies, cors_rules_apply };

/* boto >= 1.36 sends checksums every non-AWS server may refuse. */
static int compat_applies(const struct setup_edit_ctx *c)
{
	return c->draft->storage != SETUP_STORAGE_AWS && !c->survey->client_compat;
}
static int compat_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	c->res->client_compat = 1;
	return setup_edit_key(c, "storage.client-compat", "on", err);
}
static const struct setup_edit edit_client_compat = { "client-compat", compat_applies, compat_apply };

static int site_applies(const struct setup_edit_ctx *c) { return c->draft->site_url != NULL; }
static int site_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	return setup_edit_key(c, "site.ui-url", c->draft->site_url, err);
}
static const struct setup_edit edit_site_url = { "site-url", site_applies, site_apply };

/* --- server steps ------------------------------------------------------- */
static struct step_conn step_conn_for(const struct setup_edit_ctx *c, int root)
{
	struct step_conn sc = { c->res->endpoint, c->res->region, root };
	return sc;
}

/* The bucket: created with today's root credentials before the files
 * change, when they work; else with the new credentials after the
 * restart (the own server) or after the files (others). */
static int bucket_step_applies(const struct setup_edit_ctx *c) { return c->res->bucket_exists != 1; }
static int bucket_step_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	int before = own(c) && c->probe && c->probe->today_ok;
	struct step_conn sc = step_conn_for(c, own(c));
	change_add_step(c->change, &setup_step_bucket, setup_bucket_new(&sc, c->res->bucket),
			before ? CHANGE_PHASE_BEFORE_FILES : CHANGE_PHASE_AFTER_RESTART);
	return 0;
}
static const struct setup_edit edit_bucket_step = { "bucket-step", bucket_step_applies, bucket_step_apply };

static int cors_step_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	char *json = setup_cors_rules_json(c->draft);
	struct step_conn sc = step_conn_for(c, 0);
	change_add_step(c->change, &setup_step_cors,
			setup_cors_new(&sc, c->res->bucket, json, c->probe ? c->probe->cors_previous : NULL),
			CHANGE_PHASE_AFTER_RESTART);
	free(json);
	return 0;
}
static const struct setup_edit edit_cors_step = { "cors-step", cors_rules_applies, cors_step_apply };

/* The own server reads its root credentials and CORS origins when it
 * starts: restart it when the files change any of them. */
static int restart_needed(const struct setup_edit_ctx *c, struct rdm_error *err)
{
	static const enum setting_id ids[] = { SET_MINIO_ROOT_USER, SET_MINIO_ROOT_PASSWORD, SET_MINIO_CORS };
	struct instance before;
	struct settings a, b;
	struct settings_opts so = { c->envp, 0 };
	int rc = -1;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	if (inst_load(&before, c->inst->dir, err) == 0 && settings_read(&a, &before, &so, err) == 0 &&
	    settings_read(&b, c->inst, &so, err) == 0) {
		rc = 0;
		for (size_t i = 0; i < 3 && !rc; i++)
			rc = differs(settings_value(&a, ids[i]), settings_value(&b, ids[i]));
	}
	settings_free(&a);
	settings_free(&b);
	inst_free(&before);
	return rc;
}

static int restart_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	int need = restart_needed(c, err);
	if (need <= 0)
		return need;
	struct step_conn sc = step_conn_for(c, 1);
	change_add_step(c->change, &setup_step_restart,
			setup_restart_new(&sc, c->survey->service, c->draft->storage,
					  c->draft->restart == SETUP_RESTART_NEVER),
			CHANGE_PHASE_RESTART);
	c->res->restart_command = setup_restart_command(c->survey);
	return 0;
}
/* A service the switch from local storage adds is started, not
 * restarted (setup_edit_start). */
static int own_existing(const struct setup_edit_ctx *c) { return own(c) && c->found->service; }
static const struct setup_edit edit_restart = { "restart", own_existing, restart_apply };

static int location_applies(const struct setup_edit_ctx *c)
{
	return c->draft->files_location != SETUP_LOCATION_SKIP;
}
static int location_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	const char *name = c->draft->location_name ? c->draft->location_name : SETUP_DEFAULT_LOCATION;
	char *uri = xasprintf("s3://%s", c->res->bucket);
	const char *args[] = { "files", "location", "create", name, uri, "--default", NULL };
	const char **argv = setup_invenio_argv(c->survey->runner, args);
	c->res->location_command = spawn_argv_text(argv);
	free(argv);
	free(uri);
	if (c->draft->files_location == SETUP_LOCATION_PRINT)
		plan_add_note(&c->change->files, _("make the bucket InvenioRDM's default files location: %s"),
			      c->res->location_command);
	else
		change_add_step(c->change, &setup_step_location,
				setup_location_new(c->survey->runner, name, c->res->bucket), CHANGE_PHASE_AFTER_RESTART);
	return 0;
}
static const struct setup_edit edit_location = { "files-location", location_applies, location_apply };

static int verify_applies(const struct setup_edit_ctx *c) { return c->opts->verify; }
static int verify_apply(struct setup_edit_ctx *c, struct rdm_error *err)
{
	(void)err;
	change_add_step(c->change, &setup_step_verify, setup_verify_new(c->res->bucket), CHANGE_PHASE_VERIFY);
	return 0;
}
static const struct setup_edit edit_verify = { "verify", verify_applies, verify_apply };

const struct setup_edit *const setup_edits[] = {
	&setup_edit_switch_ini,
	&setup_edit_switch_cfg,
	&setup_edit_switch_service,
	&setup_edit_switch_deps,
	&setup_edit_switch_resurvey,
	&edit_endpoint,
	&edit_region,
	&edit_creds_in,
	&edit_credentials,
	&edit_bucket,
	&edit_minio_cors,
	&edit_rustfs_cors,
	&edit_cors_rules,
	&edit_client_compat,
	&edit_site_url,
	&edit_bucket_step,
	&edit_cors_step,
	&edit_restart,
	&setup_edit_start,
	&edit_location,
	&edit_verify,
	NULL,
};
