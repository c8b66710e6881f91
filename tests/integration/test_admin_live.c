/* The key-management APIs against real local servers (tests/servers):
 * MinIO's admin API (a user with a policy limited to one bucket, service
 * accounts created, listed from MinIO's Argon2id-encrypted answer, used,
 * deleted and then rejected), the Ceph RGW admin ops API (a second key,
 * used, removed and then rejected) and IAM on moto (CreateAccessKey,
 * the two-key limit, UpdateAccessKey, DeleteAccessKey and the deleted key
 * rejected). Each failure path checks the explanation. Skipped on a
 * developer machine when a server cannot start, failed under CI=true. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/test_server.h"
#include "s3/admin/admin_secret.h"
#include "s3/admin/iam.h"
#include "s3/admin/minio_admin.h"
#include "s3/admin/rgw_admin.h"
#include "s3/client.h"
#include "util/secret.h"
#include "util/xalloc.h"

static void no_sleep(void *ctx, long ms) { (void)ctx; (void)ms; }

static struct s3_client *client(const struct ts_server *s, const char *ak, const char *sk)
{
	struct s3_credentials cr = { ak, sk, NULL };
	struct s3_client_config cfg = { .endpoint = s->endpoint, .creds = &cr, .path_style = 1,
					.region = "us-east-1", .timeout_ms = 30000,
					.retry = { .max_attempts = 2, .sleep_ms = no_sleep } };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	if (!c)
		fail_msg("s3_client_new: %s", err.message);
	return c;
}

static void ok(int rc, struct s3_status *st, const char *what)
{
	if (rc != 0)
		fail_msg("%s: HTTP %ld %s: %s", what, st->http_status, st->code ? st->code : "-",
			 st->explanation ? st->explanation : "");
	s3_status_clear(st);
}

/* A failure with this code whose explanation contains `says`. */
static void refused(int rc, struct s3_status *st, const char *code, const char *says)
{
	assert_int_equal(rc, -1);
	if (!st->code || strcmp(st->code, code) != 0)
		fail_msg("expected %s, got HTTP %ld %s (%s)", code, st->http_status,
			 st->code ? st->code : "-", st->explanation ? st->explanation : "");
	assert_non_null(st->explanation);
	assert_non_null(st->remedy);
	if (!strstr(st->explanation, says))
		fail_msg("explanation lacks \"%s\": %s", says, st->explanation);
	s3_status_clear(st);
}

/* A key that was just revoked: servers take a moment (RGW ~0.1 s). The
 * loop is bounded by count; nothing is asserted on time. */
static void rejected(const struct ts_server *s, const char *ak, const char *sk)
{
	struct s3_status st = S3_STATUS_INIT;
	struct s3_bucket_list l = { 0 };
	for (int i = 0; i < 600; i++) { /* up to ~60 s: a bound for a slow, shared machine */
		struct s3_client *c = client(s, ak, sk);
		int rc = s3_list_buckets(c, &l, &st);
		s3_client_free(c);
		s3_bucket_list_free(&l);
		if (rc != 0 && st.http_status == 403)
			break;
		s3_status_clear(&st);
		usleep(100 * 1000);
	}
	assert_string_equal(st.code ? st.code : "-", "InvalidAccessKeyId");
	s3_status_clear(&st);
}

static void works(const struct ts_server *s, const char *ak, const char *sk)
{
	struct s3_status st = S3_STATUS_INIT;
	struct s3_bucket_list l = { 0 };
	struct s3_client *c = client(s, ak, sk);
	ok(s3_list_buckets(c, &l, &st), &st, "ListBuckets with the new key");
	s3_bucket_list_free(&l);
	s3_client_free(c);
}

static int has_account(const struct minio_service_accounts *l, const char *ak, const char *parent)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].access_key, ak) == 0)
			return l->items[i].parent_user && strcmp(l->items[i].parent_user, parent) == 0;
	return 0;
}

/* ---- MinIO ------------------------------------------------------------- */

struct minio_env {
	struct ts_server srv;
	struct s3_client *admin;
	char *user, *policy, *bucket, *other;
};

static void minio_setup_user(struct minio_env *e, struct s3_status *st)
{
	static unsigned seq;
	unsigned n = ++seq;
	e->user = xasprintf("rdm-app-%ld-%u", (long)getpid(), n);
	e->policy = xasprintf("rdm-app-%ld-%u-bucket", (long)getpid(), n);
	e->bucket = xasprintf("rdm-admin-%ld-%u", (long)getpid(), n);
	e->other = xasprintf("rdm-other-%ld-%u", (long)getpid(), n);
	ok(s3_create_bucket(e->admin, e->bucket, st), st, "CreateBucket");
	ok(s3_create_bucket(e->admin, e->other, st), st, "CreateBucket other");
	char *ak, *sk;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_admin_new_key_pair(NULL, &ak, &sk, &err), 0);
	ok(minio_admin_add_user(e->admin, e->user, sk, st), st, "AddUser");
	free(ak);
	secret_free(sk);
	ok(minio_admin_add_bucket_policy(e->admin, e->policy, e->bucket, st), st, "AddCannedPolicy");
	ok(minio_admin_set_user_policy(e->admin, e->user, e->policy, st), st, "SetPolicy");
	struct minio_user_info ui;
	ok(minio_admin_user_info(e->admin, e->user, &ui, st), st, "GetUserInfo");
	assert_string_equal(ui.status, "enabled");
	assert_string_equal(ui.policy_name, e->policy);
	minio_user_info_free(&ui);
}

static void minio_app_user_keys(void **state)
{
	(void)state;
	struct minio_env e = { 0 };
	struct s3_status st = S3_STATUS_INIT;
	ts_server_require("minio", &e.srv);
	e.admin = client(&e.srv, e.srv.access_key, e.srv.secret_key);
	minio_setup_user(&e, &st);

	/* Two service accounts of the user: the overlap of a rotation. */
	char *ak1, *sk1, *ak2, *sk2;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_admin_new_key_pair("RDM", &ak1, &sk1, &err), 0);
	assert_int_equal(s3_admin_new_key_pair("RDM", &ak2, &sk2, &err), 0);
	ok(minio_admin_add_service_account(e.admin, e.user, ak1, sk1, "rdm-s3 test", &st), &st,
	   "AddServiceAccount 1");
	ok(minio_admin_add_service_account(e.admin, e.user, ak2, sk2, NULL, &st), &st,
	   "AddServiceAccount 2");
	struct minio_service_accounts l;
	ok(minio_admin_list_service_accounts(e.admin, e.user, &l, &st), &st, "ListServiceAccounts");
	assert_int_equal(l.n, 2);
	assert_true(has_account(&l, ak1, e.user));
	assert_true(has_account(&l, ak2, e.user));
	minio_service_accounts_free(&l);

	/* The key works in its bucket and nowhere else (least privilege). */
	struct s3_client *app = client(&e.srv, ak1, sk1);
	ok(s3_put_object(app, e.bucket, "canary", "x", 1, NULL, NULL, &st), &st, "PutObject");
	ok(s3_delete_object(app, e.bucket, "canary", &st), &st, "DeleteObject");
	refused(s3_put_object(app, e.other, "canary", "x", 1, NULL, NULL, &st), &st,
		"AccessDenied", "denied");
	/* ... and is no administrator. */
	refused(minio_admin_add_user(app, "rdm-intruder", "intruder-secret", &st), &st,
		"AccessDenied", "may not manage keys");
	s3_client_free(app);

	/* Revoke the first: rejected at once; the second still works. */
	ok(minio_admin_delete_service_account(e.admin, ak1, &st), &st, "DeleteServiceAccount");
	rejected(&e.srv, ak1, sk1);
	app = client(&e.srv, ak2, sk2);
	ok(s3_put_object(app, e.bucket, "canary", "x", 1, NULL, NULL, &st), &st, "PutObject 2");
	ok(s3_delete_object(app, e.bucket, "canary", &st), &st, "DeleteObject 2");
	s3_client_free(app);
	refused(minio_admin_delete_service_account(e.admin, ak1, &st), &st,
		"XMinioInvalidIAMCredentials", "does not exist");

	/* Clean up; the user is gone afterwards. */
	ok(minio_admin_delete_service_account(e.admin, ak2, &st), &st, "DeleteServiceAccount 2");
	ok(minio_admin_remove_user(e.admin, e.user, &st), &st, "RemoveUser");
	ok(minio_admin_remove_policy(e.admin, e.policy, &st), &st, "RemoveCannedPolicy");
	struct minio_user_info ui;
	refused(minio_admin_user_info(e.admin, e.user, &ui, &st), &st, "XMinioAdminNoSuchUser",
		"there is no user");
	ok(s3_delete_bucket(e.admin, e.bucket, &st), &st, "DeleteBucket");
	ok(s3_delete_bucket(e.admin, e.other, &st), &st, "DeleteBucket other");
	free(ak1), free(ak2), secret_free(sk1), secret_free(sk2);
	free(e.user), free(e.policy), free(e.bucket), free(e.other);
	s3_client_free(e.admin);
	ts_server_free(&e.srv);
}

static void minio_disabled_user_and_bad_admin(void **state)
{
	(void)state;
	struct minio_env e = { 0 };
	struct s3_status st = S3_STATUS_INIT;
	ts_server_require("minio", &e.srv);
	e.admin = client(&e.srv, e.srv.access_key, e.srv.secret_key);
	minio_setup_user(&e, &st);
	ok(minio_admin_set_user_enabled(e.admin, e.user, 0, &st), &st, "SetUserStatus disabled");
	struct minio_user_info ui;
	ok(minio_admin_user_info(e.admin, e.user, &ui, &st), &st, "GetUserInfo");
	assert_string_equal(ui.status, "disabled");
	minio_user_info_free(&ui);
	/* A wrong admin secret: MinIO cannot check the signature. */
	char *wrong = xasprintf("%sx", e.srv.secret_key);
	struct s3_client *bad = client(&e.srv, e.srv.access_key, wrong);
	struct minio_service_accounts l;
	refused(minio_admin_list_service_accounts(bad, e.user, &l, &st), &st,
		"SignatureDoesNotMatch", "signature does not match");
	s3_client_free(bad);
	secret_free(wrong);
	ok(minio_admin_remove_user(e.admin, e.user, &st), &st, "RemoveUser");
	ok(minio_admin_remove_policy(e.admin, e.policy, &st), &st, "RemoveCannedPolicy");
	ok(s3_delete_bucket(e.admin, e.bucket, &st), &st, "DeleteBucket");
	ok(s3_delete_bucket(e.admin, e.other, &st), &st, "DeleteBucket other");
	free(e.user), free(e.policy), free(e.bucket), free(e.other);
	s3_client_free(e.admin);
	ts_server_free(&e.srv);
}

/* ---- Ceph RGW ---------------------------------------------------------- */

static void rgw_second_key(void **state)
{
	(void)state;
	struct ts_server s;
	struct s3_status st = S3_STATUS_INIT;
	ts_server_require("ceph", &s);
	struct s3_client *admin = client(&s, s.admin_access_key, s.admin_secret_key);
	struct rgw_user_info info;
	ok(rgw_admin_user_info(admin, "testuser", NULL, &info, &st), &st, "GetUserInfo");
	assert_string_equal(info.user_id, "testuser");
	assert_true(rgw_user_has_key(&info, s.access_key));
	rgw_user_info_free(&info);

	char *ak, *unused, *sk = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_admin_new_key_pair("RDM", &ak, &unused, &err), 0);
	secret_free(unused);
	ok(rgw_admin_create_key(admin, "testuser", ak, &sk, &st), &st, "CreateKey");
	assert_non_null(sk);
	assert_true(strlen(sk) >= 20);
	works(&s, ak, sk);
	works(&s, s.access_key, s.secret_key); /* the old key still works: overlap */
	ok(rgw_admin_user_info(admin, NULL, ak, &info, &st), &st, "GetUserInfo by key");
	assert_string_equal(info.user_id, "testuser");
	assert_true(rgw_user_has_key(&info, ak));
	rgw_user_info_free(&info);

	ok(rgw_admin_remove_key(admin, "testuser", ak, &st), &st, "RemoveKey");
	rejected(&s, ak, sk);
	works(&s, s.access_key, s.secret_key);
	refused(rgw_admin_remove_key(admin, "testuser", ak, &st), &st, "InvalidAccessKeyId",
		"has no access key");
	refused(rgw_admin_user_info(admin, "nobody-here", NULL, &info, &st), &st, "NoSuchUser",
		"there is no user");
	s3_client_free(admin);

	/* The S3 user's own key is no admin key. */
	struct s3_client *user = client(&s, s.access_key, s.secret_key);
	refused(rgw_admin_user_info(user, "testuser", NULL, &info, &st), &st, "AccessDenied",
		"may not manage keys");
	s3_client_free(user);
	free(ak);
	secret_free(sk);
	ts_server_free(&s);
}

/* ---- IAM on moto ------------------------------------------------------- */

static int find_key(const struct iam_access_keys *l, const char *id, const char *status)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].access_key_id, id) == 0)
			return !status || strcmp(l->items[i].status, status) == 0;
	return 0;
}

static void iam_access_keys_on_moto(void **state)
{
	(void)state;
	struct ts_server s;
	struct s3_status st = S3_STATUS_INIT;
	ts_server_require("moto", &s);
	struct s3_client *iam = client(&s, s.access_key, s.secret_key);
	struct iam_user u;
	ok(iam_get_user(iam, NULL, &u, &st), &st, "GetUser");
	assert_string_equal(u.user_name, s.iam_user);
	assert_non_null(strstr(u.arn, s.iam_user));
	iam_user_free(&u);

	struct iam_access_keys l;
	ok(iam_list_access_keys(iam, NULL, &l, &st), &st, "ListAccessKeys");
	assert_true(find_key(&l, s.access_key, "Active"));
	size_t before = l.n;
	iam_access_keys_free(&l);

	struct iam_access_key k;
	char *sk;
	ok(iam_create_access_key(iam, NULL, &k, &sk, &st), &st, "CreateAccessKey");
	assert_string_equal(k.user_name, s.iam_user);
	assert_string_equal(k.status, "Active");
	assert_true(strlen(sk) >= 20);
	works(&s, k.access_key_id, sk);
	if (before == 1) /* a third key is over IAM's limit of two */ {
		struct iam_access_key k3;
		char *sk3;
		refused(iam_create_access_key(iam, s.iam_user, &k3, &sk3, &st), &st, "LimitExceeded",
			"most access keys");
		assert_null(sk3);
	}
	ok(iam_update_access_key(iam, s.iam_user, k.access_key_id, 0, &st), &st, "UpdateAccessKey");
	ok(iam_list_access_keys(iam, s.iam_user, &l, &st), &st, "ListAccessKeys 2");
	assert_true(find_key(&l, k.access_key_id, "Inactive"));
	iam_access_keys_free(&l);
	ok(iam_delete_access_key(iam, s.iam_user, k.access_key_id, &st), &st, "DeleteAccessKey");
	rejected(&s, k.access_key_id, sk);
	refused(iam_delete_access_key(iam, s.iam_user, k.access_key_id, &st), &st, "NoSuchEntity",
		"does not exist");
	ok(iam_list_access_keys(iam, NULL, &l, &st), &st, "ListAccessKeys 3");
	assert_false(find_key(&l, k.access_key_id, NULL));
	iam_access_keys_free(&l);
	iam_access_key_free(&k);
	secret_free(sk);
	s3_client_free(iam);
	ts_server_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minio_app_user_keys),
		cmocka_unit_test(minio_disabled_user_and_bad_admin),
		cmocka_unit_test(rgw_second_key),
		cmocka_unit_test(iam_access_keys_on_moto),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
