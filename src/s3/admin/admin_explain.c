/* Explanations of the admin APIs' own error codes (MinIO admin, RGW admin
 * ops, IAM); anything else is explained as an S3 answer. */
#include "config.h"
#include "s3/admin/admin_call.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

struct admin_why {
	struct s3_status *st;
	enum s3_admin_api api;
	const char *op, *subject, *host, *msg;
};

static void say(struct admin_why *w, char *text, char *fix)
{
	free(w->st->explanation);
	free(w->st->remedy);
	w->st->explanation = text;
	w->st->remedy = fix;
}

static const char *api_name(enum s3_admin_api api)
{
	return api == S3_ADMIN_MINIO ? _("the MinIO admin API")
		: api == S3_ADMIN_RGW ? _("the Ceph RGW admin API") : _("Amazon IAM");
}

static void no_user(struct admin_why *w)
{
	say(w, xasprintf(_("%s: there is no user %s."), w->op, w->subject),
	    xstrdup(w->api == S3_ADMIN_IAM
			    ? _("Check the IAM user name (`aws iam get-user` shows the user of a key).")
			    : _("Check the user name; `rdm-s3 rotate --app-user` creates the app's own "
				"user on MinIO.")));
}

static void no_key(struct admin_why *w)
{
	say(w, xasprintf(_("%s: the access key %s does not exist (any more)."), w->op, w->subject),
	    xstrdup(_("Nothing to revoke if it was already deleted; otherwise check the access "
		      "key ID.")));
}

static void not_admin(struct admin_why *w)
{
	const char *fix = w->api == S3_ADMIN_MINIO
		? _("Use MinIO's root credentials (MINIO_ROOT_USER/MINIO_ROOT_PASSWORD) or a user "
		    "with the consoleAdmin policy in --admin-credentials-file.")
		: w->api == S3_ADMIN_RGW
		? _("Give the admin user the users capability: `radosgw-admin caps add "
		    "--uid=ADMIN --caps=\"users=*\"`, and put its keys in --admin-credentials-file.")
		: _("Allow iam:GetUser, iam:ListAccessKeys, iam:CreateAccessKey, "
		    "iam:UpdateAccessKey and iam:DeleteAccessKey on the user "
		    "(arn:aws:iam::ACCOUNT:user/${aws:username} for the user's own keys), or use "
		    "an administrator's keys in --admin-credentials-file.");
	say(w, xasprintf(_("%s was denied by %s: the credentials are valid but may not manage "
			   "keys."), w->op, api_name(w->api)),
	    xstrdup(fix));
}

static void bad_body(struct admin_why *w)
{
	say(w, xasprintf(_("MinIO could not read the encrypted body of %s%s%s. It decrypts it with "
			   "the secret key of the credentials that signed the request."), w->op,
			 w->msg ? ": " : "", w->msg ? w->msg : ""),
	    xstrdup(_("MinIO releases before April 2021 cannot read rdm-s3's encryption "
		      "(PBKDF2 + AES-256-GCM): upgrade MinIO. Otherwise a proxy changed the "
		      "body.")));
}

static void invalid_arg(struct admin_why *w)
{
	say(w, xasprintf(_("%s rejected the arguments of %s%s%s."), api_name(w->api), w->op,
			 w->msg ? ": " : "", w->msg ? w->msg : ""),
	    xstrdup(_("This is a bug in rdm-s3 or an incompatible server version: report it "
		      "with the server's version.")));
}

static void not_allowed(struct admin_why *w)
{
	say(w, xasprintf(_("MinIO does not allow %s here%s%s."), w->op, w->msg ? ": " : "",
			 w->msg ? w->msg : ""),
	    xstrdup(_("MinIO with LDAP or OpenID users manages keys there, not through its "
		      "built-in users; the root user cannot get policies or service accounts "
		      "of this kind.")));
}

static void no_policy(struct admin_why *w)
{
	say(w, xasprintf(_("%s: the policy does not exist%s%s."), w->op, w->msg ? ": " : "",
			 w->msg ? w->msg : ""),
	    xstrdup(_("Create the policy first (rdm-s3 does this before attaching it).")));
}

static void bad_policy(struct admin_why *w)
{
	say(w, xasprintf(_("MinIO rejected the policy document of %s%s%s."), w->op,
			 w->msg ? ": " : "", w->msg ? w->msg : ""),
	    xstrdup(_("Check the bucket name the policy is for.")));
}

static void key_limit(struct admin_why *w)
{
	say(w, xasprintf(_("%s: user %s already has the most access keys IAM allows (two)."),
			 w->op, w->subject),
	    xstrdup(_("Delete the key that is not in use (`aws iam list-access-keys`, then "
		      "`aws iam delete-access-key`), then run the rotation again.")));
}

static void exists(struct admin_why *w)
{
	say(w, xasprintf(_("%s: %s already exists%s%s."), w->op, w->subject, w->msg ? ": " : "",
			 w->msg ? w->msg : ""),
	    xstrdup(_("Use another name or access key, or remove the old one first.")));
}

static void bad_token(struct admin_why *w)
{
	say(w, xasprintf(_("IAM rejected the access key that signed %s: it is unknown, deleted or "
			   "Inactive (IAM rejects an Inactive key like an unknown one)."), w->op),
	    xstrdup(_("Sign with an Active key of the account (--admin-credentials-file).")));
}

static int region_scope(struct admin_why *w)
{
	if (!w->msg || !strstr(w->msg, _("scoped to a valid region")))
		return 0;
	say(w, xasprintf(_("IAM refused the signature of %s: it was signed for another region "
			   "than us-east-1 (\"%s\")."), w->op, w->msg),
	    xstrdup(_("IAM is a global service: its requests are signed for region us-east-1, "
		      "whatever region the bucket is in.")));
	return 1;
}

static const struct {
	const char *code;
	void (*fn)(struct admin_why *w);
} admin_codes[] = {
	{ "XMinioAdminNoSuchUser", no_user },
	{ "XMinioAdminNoSuchAccessKey", no_key },
	{ "XMinioAdminConfigBadJSON", bad_body },
	{ "XMinioAdminInvalidArgument", invalid_arg },
	{ "XMinioInvalidResource", invalid_arg },
	{ "XMinioAdminInvalidAccessKey", invalid_arg },
	{ "XMinioAdminInvalidSecretKey", invalid_arg },
	{ "XMinioIAMActionNotAllowed", not_allowed },
	{ "XMinioAdminNoSuchPolicy", no_policy },
	{ "XMinioMalformedIAMPolicy", bad_policy },
	{ "NoSuchUser", no_user },           /* RGW */
	{ "KeyExists", exists },             /* RGW */
	{ "UserAlreadyExists", exists },     /* RGW */
	{ "InvalidClientTokenId", bad_token }, /* IAM */
	{ "LimitExceeded", key_limit },      /* IAM */
	{ "EntityAlreadyExists", exists },   /* IAM */
	{ "AccessDenied", not_admin },
};

/* XMinioInvalidIAMCredentials covers several cases; its message tells which. */
static int minio_credentials(struct admin_why *w)
{
	if (!w->st->code || strcmp(w->st->code, "XMinioInvalidIAMCredentials") != 0)
		return 0;
	if (w->st->http_status == 404)
		no_key(w);
	else
		say(w, xasprintf(_("MinIO refused %s%s%s."), w->op, w->msg ? ": " : "",
				 w->msg ? w->msg : ""),
		    xstrdup(_("The app's key must differ from MinIO's root user; use another "
			      "access key.")));
	return 1;
}

/* NoSuchEntity: IAM's "user" or "key" not found; the message says which. */
static int iam_no_entity(struct admin_why *w)
{
	if (!w->st->code || strcmp(w->st->code, "NoSuchEntity") != 0)
		return 0;
	/* AWS: "The Access Key with id ... cannot be found."; user: "The user
	 * with name ... cannot be found." */
	if (w->msg && (strstr(w->msg, "ccess Key") || strstr(w->msg, "ccess key")))
		no_key(w);
	else
		no_user(w);
	return 1;
}

void s3_admin_explain(struct s3_status *st, enum s3_admin_api api, const char *operation,
		      const char *subject, const char *host, enum s3_server_kind server)
{
	struct admin_why w = { .st = st, .api = api, .op = operation ? operation : _("the request"),
			       .subject = subject && *subject ? subject : _("(unnamed)"),
			       .host = host ? host : _("the server"),
			       .msg = st->message && *st->message ? st->message : NULL };
	struct s3_explain_ctx ctx = { .operation = w.op, .endpoint_host = w.host, .server = server,
				      .region = api == S3_ADMIN_IAM ? "us-east-1" : NULL };
	s3_status_explain(st, &ctx); /* transport failures, clock, signatures, 5xx... */
	if (st->transport != S3_TRANSPORT_OK || s3_status_ok(st))
		return;
	if (region_scope(&w) || minio_credentials(&w) || iam_no_entity(&w))
		return;
	for (size_t i = 0; st->code && i < sizeof admin_codes / sizeof *admin_codes; i++) {
		if (strcmp(st->code, admin_codes[i].code) == 0) {
			if (admin_codes[i].fn)
				admin_codes[i].fn(&w);
			return;
		}
	}
}
