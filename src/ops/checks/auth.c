/* auth: the configured keys are accepted. Tells an unknown access key from
 * a wrong secret, and a skewed clock or wrong signing region from both. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const auth_deps[] = { "tls", NULL };

/* The fix names where the failing key came from (--credentials-file, the
 * environment, or the instance, whose keys rdm-s3 sets itself). */
static char *key_remedy(const struct check_facts *f)
{
	const struct check_target *t = &f->target;
	if (!t->creds_from_instance)
		return xasprintf(_("fix the access key in %s: use a key that exists on this server (look for a "
				 "typo, or a key that was deleted or rotated)"),
				 t->access_key_id.where ? t->access_key_id.where : _("the credentials given"));
	if (t->server == CHECK_SERVER_MINIO)
		return xasprintf(_("S3_ACCESS_KEY_ID (%s) must be MINIO_ROOT_USER from docker-services.yml, or a "
				 "user created with `mc admin user add`: `rdm-s3 config set minio.root-user=NAME` "
				 "sets both when the app uses the root user"),
				 t->access_key_id.where ? t->access_key_id.where : "not set");
	return xasprintf(_("use an access key id that exists on this server (look for a typo, or a key that "
			 "was deleted or rotated): `rdm-s3 config set storage.access-key-id=KEY` (now from %s)"),
			 t->access_key_id.where ? t->access_key_id.where : "nowhere");
}

static char *secret_remedy(const struct check_facts *f)
{
	const struct check_target *t = &f->target;
	const char *where = t->secret_where ? t->secret_where : "the credentials given";
	if (!t->creds_from_instance)
		return xasprintf(_("fix the secret key in %s: it must be the secret of this access key; a proxy "
				 "that rewrites the Host header also breaks signatures"), where);
	if (t->server == CHECK_SERVER_MINIO)
		return xasprintf(_("S3_SECRET_ACCESS_KEY (%s) must equal MINIO_ROOT_PASSWORD of docker-services.yml: "
				 "`rdm-s3 config set-secret minio.root-password` sets both when the app uses the "
				 "root user (MinIO reads it only at start: restart the s3 service after changing it)"),
				 where);
	return xasprintf(_("set the secret of this access key: `rdm-s3 config set-secret "
			 "storage.secret-access-key` (S3_SECRET_ACCESS_KEY now from %s); a proxy that rewrites "
			 "the Host header also breaks signatures"), where);
}

/* The S3 error codes that say something precise about the credentials. */
static int auth_known_failure(const struct check_facts *f, struct check_result *r)
{
	const struct s3_status *st = &f->auth.status;
	const char *key = f->target.access_key_id.value ? f->target.access_key_id.value : "(none)";
	char *remedy = NULL;
	if (check_s3_code_is(st, "InvalidAccessKeyId")) {
		check_result_note(r, CHECK_CRIT, remedy = key_remedy(f),
				  _("the server does not know the access key %s"), key);
	} else if (check_s3_code_is(st, "SignatureDoesNotMatch")) {
		check_result_note(r, CHECK_CRIT, remedy = secret_remedy(f),
				  _("the access key %s exists, but the secret key does not match it"), key);
	} else if (check_s3_code_is(st, "RequestTimeTooSkewed")) {
		check_result_note(r, CHECK_CRIT,
				  _("turn on time synchronisation (timedatectl set-ntp true, chrony)"),
				  _("the server rejects the request time: clocks differ by %ld s"),
				  st->skew_seconds);
	} else if (check_s3_code_is(st, "AuthorizationHeaderMalformed") && st->bucket_region) {
		check_result_note(r, CHECK_CRIT, remedy = check_region_remedy(f, st->bucket_region),
				  _("requests are signed for the wrong region; the server expects %s"),
				  st->bucket_region);
	} else if (check_s3_code_is(st, "InvalidToken") || check_s3_code_is(st, "ExpiredToken")) {
		check_result_note(r, CHECK_CRIT, _("get fresh temporary credentials"),
				  _("the session token is invalid or expired (%s)"), st->code);
	} else {
		return 0;
	}
	free(remedy);
	r->blocks = 1;
	return 1;
}

static void auth_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_auth_facts *a = &f->auth;
	const char *op = a->operation ? a->operation : "the request";
	check_result_setting(r, "S3_ACCESS_KEY_ID", &f->target.access_key_id);
	if (!f->target.access_key_id.value) {
		/* Anonymous requests would only prove that the server refuses
		 * strangers: say what is missing instead. */
		check_result_note(r, CHECK_CRIT,
				  _("set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY in the instance "
				  "(`rdm-s3 config set-secret`), or AWS_ACCESS_KEY_ID and "
				  "AWS_SECRET_ACCESS_KEY in the environment, or pass "
				  "--credentials-file FILE"),
				  _("no credentials: none from the instance (S3_ACCESS_KEY_ID), the "
				  "environment (AWS_ACCESS_KEY_ID) or --credentials-file"));
		r->blocks = 1;
		return;
	}
	if (!a->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no authenticated request was made"));
		return;
	}
	r->latency_seconds = a->latency;
	if (check_s3_ok(&a->status)) {
		check_result_note(r, CHECK_OK, NULL, _("credentials accepted (%s)"), op);
		return;
	}
	if (auth_known_failure(f, r))
		return;
	if (a->status.transport == S3_TRANSPORT_OK && check_s3_code_is(&a->status, "AccessDenied")) {
		/* The signature was checked and accepted; only the permission is
		 * missing, and InvenioRDM never lists buckets. */
		check_result_note(r, CHECK_OK, NULL,
				  _("credentials accepted; this key may not call %s (AccessDenied), "
				  "which InvenioRDM does not need"), op);
		return;
	}
	check_note_s3_failure(r, CHECK_CRIT, op, &a->status,
			      _("check the keys and the endpoint; run with -v to see the answer"));
	r->blocks = 1;
}

const struct check check_auth = {
	.id = "auth",
	.title = N_("Authentication"),
	.depends_on = auth_deps,
	.needs = CHECK_NEED_AUTH,
	.verdict = auth_verdict,
};
