/* Rotation's steps after the files (rotate_int.h):
 *   rotate-prove-config  the app's keys as the files now hold them work
 *                        (a signed request and a canary object), and are
 *                        not the old key; a proof: nothing to undo
 *   rotate-key-revoke    MinIO: the old key revoked (a service account
 *                        deleted; a user's own secret replaced by one nobody
 *                        keeps, so its service accounts stay); undo puts it
 *                        back with the old secret held by the change
 *   rotate-key-delete    Ceph RGW, IAM: the old key deleted (IAM: made
 *                        Inactive first); irreversible
 *   rotate-old-rejected  the old key is refused now (advisory: a failure is
 *                        reported, nothing rolled back, since the app works
 *                        with the new key) */
#include "config.h"
#include "ops/rotate/rotate_int.h"

#include <stdlib.h>
#include <string.h>

#include "ops/conn/conn.h"
#include "s3/admin/admin_secret.h"
#include "s3/admin/iam.h"
#include "s3/admin/minio_admin.h"
#include "s3/admin/rgw_admin.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

struct key_step {
	struct rotate_target t;
	char *old_ak;
	int old_is_user;
};

static void *key_step_new(const struct rotate_target *t, const char *old_ak, int old_is_user)
{
	struct key_step *p = xcalloc(1, sizeof *p);
	rotate_target_copy(&p->t, t);
	p->old_ak = xstrdup(old_ak);
	p->old_is_user = old_is_user;
	return p;
}

void *rotate_prove_config_new(const struct rotate_target *t, const char *old_ak) { return key_step_new(t, old_ak, 0); }
void *rotate_revoke_new(const struct rotate_target *t, const char *old_ak, int old_is_user)
{
	return key_step_new(t, old_ak, old_is_user);
}
void *rotate_old_rejected_new(const struct rotate_target *t, const char *old_ak) { return key_step_new(t, old_ak, 0); }

static void key_step_free(void *data)
{
	struct key_step *p = data;
	rotate_target_free(&p->t);
	free(p->old_ak);
	free(p);
}

static void key_step_save(const struct change_step *s, struct change_fields *f)
{
	const struct key_step *p = s->data;
	rotate_target_save(&p->t, f);
	change_fields_add(f, "old-access-key", p->old_ak);
	change_fields_add_long(f, "old-is-user", p->old_is_user);
}

static int key_step_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	struct rotate_target t;
	const char *old = change_fields_need(f, s->type->kind, "old-access-key", err);
	long u = 0;
	if (!old || rotate_target_load(&t, f, s->type->kind, err) != 0)
		return -1;
	change_fields_get_long(f, "old-is-user", &u);
	s->data = key_step_new(&t, old, (int)u);
	rotate_target_free(&t);
	return 0;
}

static int no_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	(void)s;
	(void)ctx;
	change_step_result_set(r, _("a proof: nothing to undo"));
	return 0;
}

static const char *old_secret(const struct change_ctx *ctx)
{
	return ctx->secrets ? change_fields_get(ctx->secrets, ROTATE_OLD_SECRET) : NULL;
}

/* --- rotate-prove-config ------------------------------------------------ */
/* The app's access key as the files say now (NULL when they cannot be read). */
static char *files_access_key(const struct key_step *p, const struct rotate_env *e)
{
	struct conn_request rq = { .instance_dir = e->instance_dir, .instance_explicit = 1,
				   .endpoint = p->t.endpoint, .region = p->t.region,
				   .creds_from = CONN_CREDS_APP, .envp = e->envp };
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	char *ak = NULL;
	if (conn_resolve(&rq, &c, &err) == 0) {
		ak = c.access_key_id ? xstrdup(c.access_key_id) : NULL;
		conn_free(&c);
	}
	rdm_error_clear(&err);
	return ak;
}

static int prove_config_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct key_step *p = s->data;
	struct rotate_env e;
	struct rdm_error err = RDM_ERROR_INIT;
	rotate_env_of_ctx(&e, ctx);
	char *ak = files_access_key(p, &e);
	if (p->t.kind != ROTATE_ROOT && ak && !strcmp(ak, p->old_ak)) {
		change_step_result_fail(r, NULL, _("look at the diff above; `rdm-s3 config show` says where the key is "
						   "read from"),
					_("the files still give the app the old key %s"), ak);
		free(ak);
		return -1;
	}
	struct s3_client *cl = rotate_key_client(&p->t, &e, NULL, NULL, &err);
	if (!cl) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot read the app's keys from the files"));
		rdm_error_clear(&err);
		free(ak);
		return -1;
	}
	struct s3_status st = S3_STATUS_INIT;
	const char *what = "";
	int rc = rotate_prove(cl, p->t.bucket, 1, ROTATE_PROVE_WAIT_S, &st, &what);
	s3_client_free(cl);
	if (rc != 0)
		rotate_fail(r, &st, _("the keys the files now hold do not work (%s)"), what);
	else
		change_step_result_set(r, _("the app's keys as written (%s) read and write bucket %s"), ak ? ak : "?",
				       p->t.bucket);
	s3_status_clear(&st);
	free(ak);
	return rc;
}

static void prove_config_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct key_step *p = s->data;
	t->title = xstrdup(_("prove the configuration as written"));
	t->detail = xasprintf(_("the app's keys read from the files: a signed request and a canary object in "
				"bucket %s"), p->t.bucket);
	t->undo = xstrdup(_("nothing to undo (a proof)"));
}

const struct change_step_type rotate_step_prove_config = {
	.kind = "rotate-prove-config",
	.run = prove_config_run,
	.undo = no_undo,
	.describe = prove_config_describe,
	.save = key_step_save,
	.load = key_step_load,
	.free_data = key_step_free,
};

/* --- rotate-key-revoke / rotate-key-delete ------------------------------ */
static int gone(const struct s3_status *st)
{
	static const char *const codes[] = { "XMinioAdminNoSuchServiceAccount", "NoSuchEntity", "InvalidAccessKeyId",
					     NULL };
	for (size_t i = 0; st->code && codes[i]; i++)
		if (!strcmp(st->code, codes[i]))
			return 1;
	return st->http_status == 404;
}

static int revoke_on_server(struct key_step *p, struct s3_client *admin, struct s3_status *st)
{
	int rc = 0;
	if (p->t.kind == ROTATE_MINIO_USER && p->old_is_user) {
		char *ak = NULL, *sk = NULL;
		struct rdm_error err = RDM_ERROR_INIT;
		if (s3_admin_new_key_pair("X", &ak, &sk, &err) != 0) {
			st->explanation = xstrdup(err.message ? err.message : "no randomness");
			rdm_error_clear(&err);
			return -1;
		}
		rc = minio_admin_add_user(admin, p->old_ak, sk, st);
		free(ak);
		secret_free(sk);
		return rc;
	}
	switch (p->t.kind) {
	case ROTATE_MINIO_USER:
		rc = minio_admin_delete_service_account(admin, p->old_ak, st);
		break;
	case ROTATE_RGW:
		rc = rgw_admin_remove_key(admin, p->t.owner, p->old_ak, st);
		break;
	case ROTATE_IAM:
		rc = iam_update_access_key(admin, p->t.owner, p->old_ak, 0, st);
		if (rc == 0) {
			s3_status_clear(st);
			rc = iam_delete_access_key(admin, p->t.owner, p->old_ak, st);
		}
		break;
	default:
		break;
	}
	return rc != 0 && !gone(st) ? -1 : 0;
}

static int revoke_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct key_step *p = s->data;
	struct rotate_env e;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_status st = S3_STATUS_INIT;
	rotate_env_of_ctx(&e, ctx);
	struct s3_client *admin = rotate_admin_client(&p->t, &e, &err);
	if (!admin) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot sign the key calls"));
		rdm_error_clear(&err);
		return -1;
	}
	int rc = revoke_on_server(p, admin, &st);
	s3_client_free(admin);
	if (rc != 0)
		rotate_fail(r, &st, _("the old key %s was not revoked"), p->old_ak);
	else
		change_step_result_set(r, p->t.kind == ROTATE_MINIO_USER && p->old_is_user
						  ? _("the old secret of user %s was replaced by one nobody keeps")
						  : _("the old key %s was deleted"),
				       p->old_ak);
	s3_status_clear(&st);
	return rc;
}

static int revoke_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct key_step *p = s->data;
	const char *sk = old_secret(ctx);
	if (s->state == CHANGE_STEP_FAILED) {
		change_step_result_set(r, _("the old key %s was not revoked"), p->old_ak);
		return 0;
	}
	if (!sk) {
		change_step_result_fail(r, NULL, _("the rotation stays as it is, with the new key in the files; "
						   "`rdm-s3 rotate` replaces that one in turn"),
					_("the old key %s was revoked when the rotation ended and cannot be put back"),
					p->old_ak);
		return -1;
	}
	struct rotate_env e;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_status st = S3_STATUS_INIT;
	rotate_env_of_ctx(&e, ctx);
	struct s3_client *admin = rotate_admin_client(&p->t, &e, &err);
	if (!admin) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot put the old key %s back"), p->old_ak);
		rdm_error_clear(&err);
		return -1;
	}
	int rc = p->old_is_user ? minio_admin_add_user(admin, p->old_ak, sk, &st)
				: minio_admin_add_service_account(admin, p->t.owner, p->old_ak, sk, "rdm-s3 app key", &st);
	if (rc != 0 && st.code && strstr(st.code, "Exists"))
		rc = 0; /* a revoke that never happened (killed before) */
	s3_client_free(admin);
	if (rc != 0)
		rotate_fail(r, &st, _("cannot put the old key %s back"), p->old_ak);
	else
		change_step_result_set(r, _("the old key %s works again"), p->old_ak);
	s3_status_clear(&st);
	return rc;
}

static void revoke_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct key_step *p = s->data;
	switch (p->t.kind) {
	case ROTATE_MINIO_USER:
		t->title = p->old_is_user ? xasprintf(_("revoke the old secret of MinIO user %s"), p->old_ak)
					  : xasprintf(_("delete the old service account %s"), p->old_ak);
		t->undo = xstrdup(_("put back with the old secret, held until the rotation ends (after that a "
				    "rollback stops here)"));
		break;
	case ROTATE_RGW:
		t->title = xasprintf(_("delete the old S3 key %s of RGW user %s"), p->old_ak, p->t.owner ? p->t.owner : "?");
		t->undo = xstrdup(_("a deleted key cannot be made again: a rollback stops here"));
		break;
	default:
		t->title = xasprintf(_("make the old IAM key %s Inactive, then delete it"), p->old_ak);
		t->undo = xstrdup(_("a deleted key cannot be made again: a rollback stops here"));
		break;
	}
	t->detail = xstrdup(_("only once the app works with the new key as written"));
}

const struct change_step_type rotate_step_revoke = {
	.kind = "rotate-key-revoke",
	.flags = CHANGE_STEP_UNDO_BARRIER,
	.run = revoke_run,
	.undo = revoke_undo,
	.describe = revoke_describe,
	.save = key_step_save,
	.load = key_step_load,
	.free_data = key_step_free,
};

/* A deleted key cannot be made again: the rollback stops here (the files
 * keep the new key) unless the delete never happened. */
static int delete_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct key_step *p = s->data;
	(void)ctx;
	if (s->state == CHANGE_STEP_FAILED) {
		change_step_result_set(r, _("the old key %s was not deleted"), p->old_ak);
		return 0;
	}
	change_step_result_fail(r, NULL, _("the rotation stays as it is, with the new key in the files; "
					   "`rdm-s3 rotate` replaces that one in turn"),
				_("the old key %s was deleted and cannot be made again"), p->old_ak);
	return -1;
}

const struct change_step_type rotate_step_delete = {
	.kind = "rotate-key-delete",
	.flags = CHANGE_STEP_UNDO_BARRIER,
	.run = revoke_run,
	.undo = delete_undo,
	.describe = revoke_describe,
	.save = key_step_save,
	.load = key_step_load,
	.free_data = key_step_free,
};

/* --- rotate-old-rejected ------------------------------------------------- */
static int rejected_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct key_step *p = s->data;
	const char *sk = old_secret(ctx);
	if (!sk) {
		change_step_result_fail(r, NULL, NULL, _("the old secret is no longer known: cannot prove it refused"));
		return -1;
	}
	struct rotate_env e;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_status st = S3_STATUS_INIT;
	rotate_env_of_ctx(&e, ctx);
	struct s3_client *cl = rotate_key_client(&p->t, &e, p->old_ak, sk, &err);
	if (!cl) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot try the old key"));
		rdm_error_clear(&err);
		return -1;
	}
	int refused = rotate_wait_refused(cl, p->t.bucket, ROTATE_REJECT_WAIT_S, &st);
	s3_client_free(cl);
	int rc = 0;
	if (refused) {
		change_step_result_set(r, _("the old key %s is refused (%s)"), p->old_ak,
				       st.code ? st.code : _("HTTP 403"));
	} else if (s3_status_ok(&st)) {
		change_step_result_fail(r, _("the server still accepts the old key after it was revoked"),
					_("revoke it by hand on the server, then try it again"),
					_("the old key %s is still accepted"), p->old_ak);
		rc = -1;
	} else {
		rotate_fail(r, &st, _("cannot tell whether the old key %s is refused"), p->old_ak);
		rc = -1;
	}
	s3_status_clear(&st);
	return rc;
}

static void rejected_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct key_step *p = s->data;
	t->title = xasprintf(_("prove the old key %s is refused"), p->old_ak);
	t->detail = xstrdup(_("a signed request with the old key, held in memory until the rotation ends"));
	t->undo = xstrdup(_("nothing to undo (a proof)"));
}

const struct change_step_type rotate_step_old_rejected = {
	.kind = "rotate-old-rejected",
	.flags = CHANGE_STEP_ADVISORY,
	.run = rejected_run,
	.describe = rejected_describe,
	.save = key_step_save,
	.load = key_step_load,
	.free_data = key_step_free,
};
