/* rotate-key-create: a second key for the app while the first still works,
 * proven (a signed request, and a canary object written, read back and
 * deleted with the key held in memory) before the files are written.
 *   root       no step: the new root password is in the files and MinIO
 *              takes it at the restart
 *   app-user   a canned policy limited to the bucket, a MinIO user with it
 *   minio-user a service account of the user the app's key belongs to
 *   rgw        a second S3 key of the RGW user (RGW makes the secret)
 *   iam        IAM CreateAccessKey (IAM makes both)
 * The keys the server makes reach the files through the engine's fill
 * fields (change.h). Undo deletes what was made. Run again after a kill,
 * a key already there and working counts as made. */
#include "config.h"
#include "ops/rotate/rotate_int.h"

#include <stdlib.h>
#include <string.h>

#include "s3/admin/iam.h"
#include "s3/admin/minio_admin.h"
#include "s3/admin/rgw_admin.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

struct create_step {
	struct rotate_target t;
	char *old_ak;
	char *new_ak;   /* NULL until IAM made it */
	char *new_sk;   /* secret; NULL until the server made it */
	char *policy;   /* app-user: the policy made for the new user */
	int old_is_user;
};

static char *dup0(const char *s) { return s ? xstrdup(s) : NULL; }

static char *policy_name(const char *user)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "rdm-s3-");
	for (const char *p = user; *p; p++)
		buf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
	return buf_detach(&b);
}

void *rotate_create_new(const struct rotate_target *t, const char *old_ak, const char *new_ak, const char *new_sk,
			int old_is_user)
{
	struct create_step *p = xcalloc(1, sizeof *p);
	rotate_target_copy(&p->t, t);
	p->old_ak = dup0(old_ak);
	p->new_ak = dup0(new_ak);
	p->new_sk = dup0(new_sk);
	p->old_is_user = old_is_user;
	if (t->kind == ROTATE_APP_USER && new_ak)
		p->policy = policy_name(new_ak);
	return p;
}

static void create_free(void *data)
{
	struct create_step *p = data;
	rotate_target_free(&p->t);
	free(p->old_ak);
	free(p->new_ak);
	secret_free(p->new_sk);
	free(p->policy);
	free(p);
}

/* The server's part. 0, or -1 with st. */
static int make_key(struct create_step *p, struct s3_client *admin, struct s3_status *st)
{
	switch (p->t.kind) {
	case ROTATE_APP_USER:
		if (minio_admin_add_bucket_policy(admin, p->policy, p->t.bucket, st) != 0)
			return -1;
		s3_status_clear(st);
		if (minio_admin_add_user(admin, p->new_ak, p->new_sk, st) != 0)
			return -1;
		s3_status_clear(st);
		return minio_admin_set_user_policy(admin, p->new_ak, p->policy, st);
	case ROTATE_MINIO_USER:
		return minio_admin_add_service_account(admin, p->old_is_user ? p->old_ak : p->t.owner, p->new_ak,
						       p->new_sk, "rdm-s3 app key", st);
	case ROTATE_RGW: {
		char *sk = NULL;
		if (rgw_admin_create_key(admin, p->t.owner, p->new_ak, &sk, st) != 0)
			return -1;
		secret_free(p->new_sk);
		p->new_sk = sk;
		return 0;
	}
	case ROTATE_IAM: {
		struct iam_access_key k;
		char *sk = NULL;
		memset(&k, 0, sizeof k);
		if (iam_create_access_key(admin, p->t.owner, &k, &sk, st) != 0)
			return -1;
		free(p->new_ak);
		p->new_ak = k.access_key_id;
		k.access_key_id = NULL;
		iam_access_key_free(&k);
		secret_free(p->new_sk);
		p->new_sk = sk;
		return 0;
	}
	default:
		return 0;
	}
}

/* 1 when the pair we hold already works (a run again after a kill). */
static int works(struct create_step *p, const struct rotate_env *e)
{
	if (!p->new_ak || !p->new_sk)
		return 0;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *cl = rotate_key_client(&p->t, e, p->new_ak, p->new_sk, &err);
	struct s3_status st = S3_STATUS_INIT;
	int ok = cl && s3_head_bucket(cl, p->t.bucket, NULL, &st) == 0;
	s3_status_clear(&st);
	s3_client_free(cl);
	rdm_error_clear(&err);
	return ok;
}

static int create_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct create_step *p = s->data;
	struct rotate_env e;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_status st = S3_STATUS_INIT;
	rotate_env_of_ctx(&e, ctx);
	if (!works(p, &e)) {
		struct s3_client *admin = rotate_admin_client(&p->t, &e, &err);
		if (!admin) {
			change_step_result_fail(r, err.message, err.remedy, _("cannot sign the key calls"));
			rdm_error_clear(&err);
			return -1;
		}
		int rc = make_key(p, admin, &st);
		s3_client_free(admin);
		if (rc != 0) {
			rotate_fail(r, &st, _("the server did not make the new key"));
			s3_status_clear(&st);
			return -1;
		}
		s3_status_clear(&st);
	}
	struct s3_client *cl = rotate_key_client(&p->t, &e, p->new_ak, p->new_sk, &err);
	if (!cl) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot use the new key"));
		rdm_error_clear(&err);
		return -1;
	}
	const char *what = "";
	int rc = rotate_prove(cl, p->t.bucket, 1, ROTATE_PROVE_WAIT_S, &st, &what);
	s3_client_free(cl);
	if (rc != 0)
		rotate_fail(r, &st, _("the new key %s does not work (%s)"), p->new_ak, what);
	else
		change_step_result_set(r, _("new key %s made; it reads and writes bucket %s (canary written, read "
					    "back, deleted)"), p->new_ak, p->t.bucket);
	s3_status_clear(&st);
	return rc;
}

/* An undo that finds nothing to delete has nothing to do. */
static int gone(const struct s3_status *st)
{
	static const char *const codes[] = { "XMinioAdminNoSuchUser", "XMinioAdminNoSuchServiceAccount",
					     "XMinioAdminNoSuchPolicy", "NoSuchEntity", "InvalidAccessKeyId",
					     "NoSuchKey", NULL };
	for (size_t i = 0; st->code && codes[i]; i++)
		if (!strcmp(st->code, codes[i]))
			return 1;
	return st->http_status == 404;
}

static int drop_key(struct create_step *p, struct s3_client *admin, struct s3_status *st)
{
	int rc = 0;
	switch (p->t.kind) {
	case ROTATE_APP_USER:
		rc = minio_admin_remove_user(admin, p->new_ak, st);
		if (rc != 0 && !gone(st))
			return -1;
		s3_status_clear(st);
		rc = minio_admin_remove_policy(admin, p->policy, st);
		break;
	case ROTATE_MINIO_USER:
		rc = minio_admin_delete_service_account(admin, p->new_ak, st);
		break;
	case ROTATE_RGW:
		rc = rgw_admin_remove_key(admin, p->t.owner, p->new_ak, st);
		break;
	case ROTATE_IAM:
		rc = iam_delete_access_key(admin, p->t.owner, p->new_ak, st);
		break;
	default:
		break;
	}
	return rc != 0 && !gone(st) ? -1 : 0;
}

static int create_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct create_step *p = s->data;
	if (!p->new_ak) {
		change_step_result_set(r, _("no new key had been made"));
		return 0;
	}
	struct rotate_env e;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_status st = S3_STATUS_INIT;
	rotate_env_of_ctx(&e, ctx);
	struct s3_client *admin = rotate_admin_client(&p->t, &e, &err);
	if (!admin) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot delete the new key %s"), p->new_ak);
		rdm_error_clear(&err);
		return -1;
	}
	int rc = drop_key(p, admin, &st);
	s3_client_free(admin);
	if (rc != 0)
		rotate_fail(r, &st, _("cannot delete the new key %s"), p->new_ak);
	else
		change_step_result_set(r, _("the new key %s was deleted"), p->new_ak);
	s3_status_clear(&st);
	return rc;
}

static void create_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct create_step *p = s->data;
	const char *ak = p->new_ak ? p->new_ak : _("(made by the server)");
	switch (p->t.kind) {
	case ROTATE_APP_USER:
		t->title = xasprintf(_("create MinIO user %s with policy %s (bucket %s only)"), ak, p->policy,
				     p->t.bucket);
		break;
	case ROTATE_MINIO_USER:
		t->title = xasprintf(_("create service account %s of MinIO user %s"), ak,
				     p->old_is_user ? p->old_ak : p->t.owner ? p->t.owner : "?");
		break;
	case ROTATE_RGW:
		t->title = xasprintf(_("create a second S3 key %s for RGW user %s"), ak, p->t.owner ? p->t.owner : "?");
		break;
	default:
		t->title = xasprintf(_("create a second IAM access key for %s"),
				     p->t.owner ? p->t.owner : _("the key's own user"));
		break;
	}
	t->detail = xasprintf(_("then prove it: a signed request and a canary object in bucket %s, with the key "
				"held in memory; the old key %s keeps working"), p->t.bucket, p->old_ak);
	t->undo = xstrdup(_("the new key is deleted"));
}

static void create_save(const struct change_step *s, struct change_fields *f)
{
	const struct create_step *p = s->data;
	rotate_target_save(&p->t, f);
	change_fields_add(f, "old-access-key", p->old_ak);
	change_fields_add_long(f, "old-is-user", p->old_is_user);
	if (p->policy)
		change_fields_add(f, "policy", p->policy);
	if (p->new_ak)
		change_fields_add(f, "fill.access-key", p->new_ak);
	if (p->new_sk)
		change_fields_add_secret(f, "fill.secret", p->new_sk);
}

static int create_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	struct rotate_target t;
	const char *old = change_fields_need(f, s->type->kind, "old-access-key", err);
	long old_is_user = 0;
	if (!old || rotate_target_load(&t, f, s->type->kind, err) != 0)
		return -1;
	change_fields_get_long(f, "old-is-user", &old_is_user);
	struct create_step *p = rotate_create_new(&t, old, change_fields_get(f, "fill.access-key"),
						   change_fields_get(f, "fill.secret"), (int)old_is_user);
	free(p->policy);
	p->policy = dup0(change_fields_get(f, "policy"));
	rotate_target_free(&t);
	s->data = p;
	return 0;
}

const struct change_step_type rotate_step_create = {
	.kind = "rotate-key-create",
	.run = create_run,
	.undo = create_undo,
	.describe = create_describe,
	.save = create_save,
	.load = create_load,
	.free_data = create_free,
};
