/* The dashboard's fixes (fix.h): which checks have one, and each one's
 * change, made of setup's edits (setup_plan_build_only) and steps. */
#include "config.h"
#include "ops/fix/fix.h"
#include "ops/fix/fix_int.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

extern char **environ;

struct fix_check {
	const char *id;
	unsigned kinds;
};
static const struct fix_check fix_checks[] = {
	{ "bucket", CHECK_FIX_BUCKET },
	{ "instance", CHECK_FIX_PLACEHOLDERS | CHECK_FIX_FILE_MODES },
	{ "client-compat", CHECK_FIX_CLIENT_COMPAT },
	{ "cors", CHECK_FIX_CORS_ORIGIN | CHECK_FIX_MINIO_CORS },
};

/* Why the other checks have none: what they find is outside the
 * instance's files and its own server, or needs a choice only the
 * operator can make. */
struct fix_reason {
	const char *id;
	const char *why;
};
static const struct fix_reason fix_reasons[] = {
	{ "dns", N_("names are resolved outside the instance: fix the DNS or /etc/hosts") },
	{ "tcp", N_("the server is not reachable: start it or fix the endpoint (rdm-s3 setup)") },
	{ "tls", N_("certificates are the server's: renew or install them, or pass --ca-file") },
	{ "clock", N_("the clock is the machine's: enable time synchronisation (NTP)") },
	{ "auth", N_("only the operator knows the right key: type it in the setup wizard (rdm-s3 setup)") },
	{ "region", N_("the region is the bucket's: set storage.region or choose it in rdm-s3 setup") },
	{ "presign", N_("presigned URLs follow the endpoint and keys: see the auth and region checks") },
	{ "canary", N_("the server refused a write: see the remedy and the auth, bucket and client-compat checks") },
	{ "minio-health", N_("MinIO's health is the server's own: look at its log (docker compose logs s3)") },
	{ "browser-reach", N_("the endpoint browsers get is a choice of the operator: rdm-s3 setup") },
	{ "wiring", N_("the files location is InvenioRDM's: see the remedy (invenio files location)") },
	{ "minio-image", N_("upgrading MinIO moves data: follow the remedy by hand") },
};

unsigned fix_kinds_of(const char *check_id)
{
	for (size_t i = 0; check_id && i < sizeof fix_checks / sizeof *fix_checks; i++)
		if (!strcmp(fix_checks[i].id, check_id))
			return fix_checks[i].kinds;
	return 0;
}

const char *fix_summary(unsigned fixes)
{
	if (fixes & CHECK_FIX_BUCKET)
		return _("create the missing bucket");
	if ((fixes & CHECK_FIX_PLACEHOLDERS) && (fixes & CHECK_FIX_FILE_MODES))
		return _("replace the placeholder credentials and make the secrets files private");
	if (fixes & CHECK_FIX_PLACEHOLDERS)
		return _("replace the placeholder credentials of the instance's own server");
	if (fixes & CHECK_FIX_FILE_MODES)
		return _("make the files holding secrets readable by their owner only");
	if (fixes & CHECK_FIX_CLIENT_COMPAT)
		return _("ask boto3 for checksums only when the server requires them");
	if (fixes & CHECK_FIX_CORS_ORIGIN)
		return _("allow the site's origin in the bucket's CORS rules");
	if (fixes & CHECK_FIX_MINIO_CORS)
		return _("add the site's origin to MinIO's allowed CORS origins");
	return _("nothing to fix");
}

const char *fix_unavailable(const char *check_id)
{
	for (size_t i = 0; check_id && i < sizeof fix_reasons / sizeof *fix_reasons; i++)
		if (!strcmp(fix_reasons[i].id, check_id))
			return _(fix_reasons[i].why);
	if (fix_kinds_of(check_id))
		return _("this finding needs the operator: see the remedy");
	return _("rdm-s3 cannot fix this itself: see the remedy");
}

/* 1 with err: no automatic fix, and what to do instead. */
static int none(struct rdm_error *err, const char *remedy, const char *why)
{
	rdm_error_set(err, "%s", why);
	if (remedy)
		rdm_error_remedy(err, "%s", remedy);
	return 1;
}

/* The edits of each fix (setup_edit.h names), for the instance surveyed;
 * 1 with err when the fix does not apply to it. */
static int choose(unsigned fixes, const struct setup_survey *sv, struct setup_draft *d, const char **edits,
		  size_t *n, struct rdm_error *err)
{
	int own = setup_storage_is_own_server(d->storage) && sv->service;
	if (fixes & CHECK_FIX_BUCKET)
		edits[(*n)++] = "bucket-step";
	if (fixes & CHECK_FIX_PLACEHOLDERS) {
		if (!own)
			return none(err, _("type the real keys in the setup wizard (rdm-s3 setup)"),
				    _("the app's keys are placeholders for a server that is not the instance's own: "
				      "only its operator knows the real ones"));
		if (sv->root_password_placeholder && setup_draft_generate_secret(d, err) != 0)
			return -1;
		edits[(*n)++] = "credentials";
		edits[(*n)++] = "restart";
	}
	if (fixes & CHECK_FIX_CLIENT_COMPAT) {
		if (d->storage == SETUP_STORAGE_AWS)
			return none(err, NULL, _("Amazon S3 takes boto3's checksums: nothing to change"));
		edits[(*n)++] = "client-compat";
	}
	if (fixes & (CHECK_FIX_CORS_ORIGIN | CHECK_FIX_MINIO_CORS)) {
		if (!d->n_cors_origins)
			return none(err, _("set the site's address: rdm-s3 config set site.ui-url=URL"),
				    _("SITE_UI_URL is not set, so there is no origin to allow"));
		if (d->storage == SETUP_STORAGE_RUSTFS)
			return none(err, _("change RustFS's CORS settings by hand"),
				    _("RustFS answers CORS with its own settings, which rdm-s3 does not change"));
		if (d->storage == SETUP_STORAGE_MINIO && !own)
			return none(err, _("add the origin to MINIO_API_CORS_ALLOW_ORIGIN where that MinIO runs"),
				    _("this MinIO is not the instance's own: its settings are elsewhere"));
		if (d->storage == SETUP_STORAGE_MINIO) {
			edits[(*n)++] = "minio-cors";
			edits[(*n)++] = "restart";
		} else {
			edits[(*n)++] = "cors-rules";
			edits[(*n)++] = "cors-step";
		}
	}
	return 0;
}

/* Only the final checks: the finding is gone (or never was here). */
static int only_verify(const struct change *c)
{
	for (size_t i = 0; i < c->n_steps; i++)
		if (c->steps[i].type != &setup_step_verify)
			return 0;
	return plan_changed(&c->files) == 0;
}

int fix_plan_build(const char *check_id, unsigned fixes, const struct setup_survey *sv, const struct setup_opts *o,
		   struct change *c, struct rdm_error *err)
{
	const char *edits[12];
	size_t n = 0;
	struct setup_draft d;
	struct setup_resolved res;
	int rc;
	char *command = xasprintf("%s %s", FIX_COMMAND_PREFIX, check_id ? check_id : "?");
	change_init(c, sv->instance_dir, command, NULL);
	fixes &= fix_kinds_of(check_id);
	if (!fixes) {
		free(command);
		return none(err, NULL, fix_unavailable(check_id));
	}
	if (sv->local.is_local || sv->pending_change) {
		free(command);
		if (sv->pending_change)
			return none(err, sv->pending_resume ? sv->pending_resume : "rdm-s3 undo",
				    _("an unfinished change is pending: finish or undo it first"));
		return none(err, _("set up S3 storage first: rdm-s3 setup"),
			    _("the instance stores its files locally"));
	}
	setup_draft_init(&d);
	/* The server the app uses today (the instance's own is reached on its
	 * published port), in its region. */
	if (!setup_storage_is_own_server(sv->kind) && sv->endpoint)
		setup_draft_set(&d.endpoint, sv->endpoint);
	if (sv->region)
		setup_draft_set(&d.region, sv->region);
	setup_draft_defaults(&d, sv);
	rc = choose(fixes, sv, &d, edits, &n, err);
	if (rc == 0) {
		edits[n++] = "verify";
		edits[n] = NULL;
		change_free(c);
		memset(&res, 0, sizeof res);
		rc = setup_plan_build_only(&d, sv, o, edits, command, NULL, c, &res, err);
		setup_resolved_free(&res);
	}
	if (rc == 0 && (fixes & CHECK_FIX_FILE_MODES)) {
		char *const *envp = o->live.envp ? o->live.envp : environ;
		rc = fix_add_file_modes(c, sv->instance_dir, envp, err);
	}
	if (rc == 0 && only_verify(c)) {
		rc = none(err, _("press r to run the checks again"),
			  _("nothing is left to fix: the instance and the server are as the fix would make them"));
	}
	setup_draft_free(&d);
	free(command);
	return rc;
}
