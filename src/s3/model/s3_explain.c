#include "config.h"
#include "s3/model/s3_error.h"
#include "s3/model/s3_explain_int.h"

#include <stdlib.h>
#include <string.h>

#include "s3/model/bucket_name.h"
#include "s3/model/endpoint.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define say s3_explain_say

void s3_explain_say(struct why *w, char *text, char *fix)
{
	free(w->st->explanation);
	free(w->st->remedy);
	w->st->explanation = text;
	w->st->remedy = fix;
}

/* ---- regions ------------------------------------------------------------ */

/* The region the server wants: x-amz-bucket-region / <Region>, else the
 * region named by a redirect's <Endpoint> host. NULL when unknown. */
static char *wanted_region(const struct s3_status *st)
{
	if (st->bucket_region)
		return xstrdup(st->bucket_region);
	if (!st->endpoint_hint)
		return NULL;
	char *url = xasprintf("https://%s", st->endpoint_hint);
	struct s3_endpoint ep;
	char *region = NULL;
	if (s3_endpoint_parse(url, &ep, NULL) == 0) {
		region = ep.aws_region ? xstrdup(ep.aws_region) : NULL;
		s3_endpoint_free(&ep);
	}
	free(url);
	return region;
}

static char *region_fix(const char *region)
{
	char *ep = s3_endpoint_aws_for_region(region);
	char *fix = xasprintf(_("Use region %s: --region %s, S3_REGION_NAME = \"%s\" and, on Amazon "
				"S3, the endpoint %s."), region, region, region, ep);
	free(ep);
	return fix;
}

/* 1 when the answer says the bucket lives in another region than ours. */
static int explain_region(struct why *w)
{
	char *want = wanted_region(w->st);
	if (!want || strcmp(want, w->region) == 0) {
		free(want);
		return 0;
	}
	const char *code = w->st->code ? w->st->code : "";
	/* A bucket being created is not anywhere yet: the server's own region
	 * (MinIO's MINIO_SITE_REGION, a Ceph zonegroup) is what is wanted. */
	if (!w->have_bucket || (w->op && strcmp(w->op, "CreateBucket") == 0))
		say(w, xasprintf(_("The server works in region %s, but the request was made for region "
				   "%s (HTTP %ld %s)."), want, w->region, w->st->http_status, code),
		    region_fix(want));
	else
		say(w, xasprintf(_("Bucket %s is in region %s, but the request was made for region %s "
				   "(HTTP %ld %s)."), w->bucket, want, w->region, w->st->http_status,
				 code),
		    region_fix(want));
	free(want);
	return 1;
}


static void explain_redirect(struct why *w)
{
	if (explain_region(w))
		return;
	const char *hint = w->st->endpoint_hint;
	say(w, xasprintf(_("The server redirects requests for bucket %s to %s: the bucket must be "
			   "addressed at another endpoint."), w->bucket,
			 hint ? hint : _("another endpoint")),
	    hint ? xasprintf(_("Use the endpoint https://%s (and the bucket's region) instead of "
			       "%s."), hint, w->host)
		 : xasprintf(_("Find the bucket's region (AWS console, or `rdm-s3 bucket head %s`) "
			       "and set it with --region."), w->bucket));
}

static void explain_bad_request(struct why *w)
{
	if (explain_region(w))
		return;
	say(w, xasprintf(_("The server rejected %s as a bad request (HTTP 400, no details: HEAD "
			   "answers have no body)."), w->op),
	    xasprintf(_("Check the region (--region) and the endpoint URL; run `rdm-s3 bucket list` "
			"to see the server's error code.")));
}

static void explain_header_malformed(struct why *w)
{
	if (explain_region(w))
		return;
	say(w, xasprintf(_("The server could not accept the Authorization header%s%s."),
			 w->st->message && *w->st->message ? ": " : "",
			 w->st->message ? w->st->message : ""),
	    xasprintf(_("Check the region name (e.g. eu-west-1, set with --region or "
			"S3_REGION_NAME) and that the access key ID has no spaces or quotes.")));
}

/* ---- credentials and permissions ---------------------------------------- */

static void explain_unknown_key(struct why *w)
{
	if (w->creds_source) {
		say(w, xasprintf(_("%s does not know the access key ID that signed the request."), w->host),
		    xasprintf(_("Fix the access key in %s: it must be an active key of this server or "
				"account (a key revoked during rotation is rejected like this)."),
			      w->creds_source));
		return;
	}
	const char *fix = w->server == S3_SERVER_MINIO
		? _("Check S3_ACCESS_KEY_ID: for the instance's MinIO it must equal MINIO_ROOT_USER "
		    "of the s3 service in docker-services.yml (or a user created in MinIO). A key "
		    "revoked during rotation is rejected like this.")
		: w->server == S3_SERVER_CEPH
		? _("Check S3_ACCESS_KEY_ID against `radosgw-admin user info --uid=USER`. A key "
		    "revoked during rotation is rejected like this.")
		: _("Check S3_ACCESS_KEY_ID (or AWS_ACCESS_KEY_ID): it must be an active key of this "
		    "server or account. A key revoked during rotation is rejected like this.");
	say(w, xasprintf(_("%s does not know the access key ID that signed the request."), w->host),
	    xstrdup(fix));
}

static void explain_bad_signature(struct why *w)
{
	const char *secret = w->server == S3_SERVER_MINIO
		? _("for the instance's MinIO it must equal MINIO_ROOT_PASSWORD in docker-services.yml")
		: _("it must be the secret that belongs to this access key");
	say(w, xasprintf(_("%s knows the access key, but the request signature does not match: the "
			   "secret key is wrong, or something between here and the server (a "
			   "proxy) changed the request."), w->host),
	    xasprintf(_("Check the secret key in %s (no quotes or spaces around it): %s. If a "
			"reverse proxy is in front of the server, it must pass the Host header, "
			"path and query unchanged."), w->creds_source ? w->creds_source : "S3_SECRET_ACCESS_KEY",
		      secret));
}

/* AWS's answer to a CORS request (preflight) that no rule allows. */
static void explain_cors_forbidden(struct why *w)
{
	say(w, xasprintf(_("The CORS request was refused (HTTP 403 AccessForbidden): no CORS rule of "
			   "bucket %s allows this origin, method and headers, or the bucket has no CORS "
			   "configuration."), w->bucket),
	    xasprintf(_("Add a rule for the site's origin to the bucket's CORS configuration (`rdm-s3 "
			"cors set %s FILE`): GET and HEAD for previews, PUT with AllowedHeaders "
			"content-type and content-md5 for uploads."), w->bucket));
}

static void explain_denied(struct why *w)
{
	if (w->op && strstr(w->op, "Preflight")) {
		say(w, xasprintf(_("The CORS preflight was refused: no CORS rule of bucket %s allows "
				   "this origin and method."), w->bucket),
		    xasprintf(_("Add the origin and method to the bucket's CORS rules (`rdm-s3 cors "
				"set %s FILE`)."), w->bucket));
		return;
	}
	const char *fix = w->server == S3_SERVER_AWS
		? _("Grant the IAM user the needed s3: actions on the bucket (IAM policy or bucket "
		    "policy); also check for an explicit Deny or a blocking SCP.")
		: w->server == S3_SERVER_MINIO
		? _("Use the root user (MINIO_ROOT_USER) or a user with the readwrite policy "
		    "(`mc admin policy attach`).")
		: _("Give these credentials permission for this operation on the bucket. A presigned "
		    "URL that has expired is also answered AccessDenied.");
	say(w, xasprintf(_("%s on bucket %s was denied: the credentials are valid but not allowed "
			   "to do this."), w->op, w->bucket),
	    xstrdup(fix));
}

static void explain_forbidden(struct why *w)
{
	if (explain_region(w))
		return;
	say(w, xasprintf(_("%s was refused with HTTP 403 and no details (HEAD answers have no "
			   "body): the access key is unknown, the secret key is wrong, or the key "
			   "lacks permission."), w->op),
	    w->creds_source
		    ? xasprintf(_("Run `rdm-s3 bucket list` to get the server's exact error code, and check the "
				  "keys in %s."), w->creds_source)
		    : xasprintf(_("Run `rdm-s3 bucket list` to get the server's exact error code, and check "
				  "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.")));
}

static void explain_token(struct why *w)
{
	say(w, xasprintf(_("The session token (%s) is invalid or has expired."), w->st->code),
	    xasprintf(_("Get fresh temporary credentials (AWS_SESSION_TOKEN), or use long-term "
			"access keys.")));
}

/* ---- buckets and objects ------------------------------------------------ */

static void explain_no_bucket(struct why *w)
{
	say(w, xasprintf(_("Bucket %s does not exist on %s."), w->bucket, w->host),
	    xasprintf(_("Create it with `rdm-s3 bucket create %s`, or fix the bucket name (it is "
			"the BUCKET of the location URI s3://BUCKET); also check that the "
			"endpoint and credentials are those of the right server or account."),
		      w->bucket));
}

static void explain_no_key(struct why *w)
{
	say(w, xasprintf(_("The object does not exist in bucket %s."), w->bucket),
	    xasprintf(_("Check the object key (keys are case-sensitive).")));
}

static void explain_not_found(struct why *w)
{
	say(w, xasprintf(_("The object or its bucket %s does not exist (HTTP 404, no details: HEAD "
			   "answers have no body)."), w->bucket),
	    xasprintf(_("Check the bucket with `rdm-s3 bucket head %s`, and the object key."),
		      w->bucket));
}

static void explain_exists(struct why *w)
{
	say(w, xasprintf(_("The bucket name %s is already taken by another account: bucket names "
			   "are shared by everyone on the service."), w->bucket),
	    xasprintf(_("Choose another name (e.g. with your organisation as prefix) and use it in "
			"the location URI s3://NAME.")));
}

static void explain_owned(struct why *w)
{
	say(w, xasprintf(_("You already own bucket %s; nothing was created."), w->bucket),
	    xasprintf(_("Nothing to do, unless you wanted a new empty bucket: then choose another "
			"name.")));
}

static void explain_not_empty(struct why *w)
{
	say(w, xasprintf(_("Bucket %s is not empty, so it cannot be deleted."), w->bucket),
	    xasprintf(_("Delete its objects (and unfinished multipart uploads) first; make sure "
			"no InvenioRDM location still uses it.")));
}

static void explain_bad_name(struct why *w)
{
	struct rdm_error e = RDM_ERROR_INIT;
	if (w->have_bucket && s3_bucket_name_check(w->bucket, &e) != S3_BUCKET_NAME_OK)
		say(w, xasprintf(_("The server rejected the bucket name: %s."), e.message),
		    xstrdup(e.remedy));
	else
		say(w, xasprintf(_("The server rejected the bucket name %s (it follows the AWS rules, "
				   "so this server has stricter ones)."), w->bucket),
		    xasprintf(_("Use 3-63 lower-case letters, digits and hyphens, without dots.")));
	rdm_error_clear(&e);
}

static void explain_too_many(struct why *w)
{
	say(w, xasprintf(_("The account has reached its bucket limit.")),
	    xasprintf(_("Delete unused buckets or ask for a higher quota.")));
}

/* ---- regions at creation ------------------------------------------------ */

static void explain_illegal_location(struct why *w)
{
	say(w, xasprintf(_("The bucket's location constraint (region %s) does not match the "
			   "endpoint %s: on Amazon S3 a bucket outside us-east-1 must be created "
			   "at the endpoint of its own region."), w->region, w->host),
	    xasprintf(_("Either set --region to the endpoint's region, or use the endpoint of the "
			"region you want (https://s3.REGION.amazonaws.com).")));
}

static void explain_invalid_location(struct why *w)
{
	if (w->server == S3_SERVER_CEPH) {
		say(w, xasprintf(_("Ceph RGW accepts only its zonegroup names as location constraint "
				   "(usually \"default\"), not AWS region names like %s."), w->region),
		    xasprintf(_("Use region us-east-1 (then no constraint is sent) or the zonegroup "
				"name (`radosgw-admin zonegroup list`).")));
		return;
	}
	say(w, xasprintf(_("The server does not accept %s as location constraint. (Amazon S3 "
			   "rejects us-east-1 as a constraint; rdm-s3 then sends none.)"), w->region),
	    xasprintf(_("Check the region name (e.g. eu-west-1); on a non-AWS server use the "
			"region or zonegroup name it is configured with.")));
}

/* ---- clock -------------------------------------------------------------- */

static char *skew_text(long skew)
{
	long a = skew < 0 ? -skew : skew;
	const char *dir = skew > 0 ? _("behind") : _("ahead of");
	if (a < 120)
		return xasprintf(_("%ld seconds %s"), a, dir);
	if (a < 7200)
		return xasprintf(_("%ld minutes (%ld s) %s"), a / 60, a, dir);
	return xasprintf(_("%ld h %ld min (%ld s) %s"), a / 3600, (a % 3600) / 60, a, dir);
}

static void explain_skew(struct why *w)
{
	char *text;
	if (w->st->skew_seconds) {
		char *sk = skew_text(w->st->skew_seconds);
		text = xasprintf(_("This computer's clock is %s the server's clock; S3 accepts at "
				   "most 15 minutes of difference."), sk);
		free(sk);
	} else {
		text = xasprintf(_("This computer's clock differs from the server's clock by more "
				   "than 15 minutes."));
	}
	say(w, text, xasprintf(_("Synchronise the clock with NTP (`timedatectl set-ntp true`, "
				 "chrony or ntpd) on this machine and on the S3 server; "
				 "containers use their host's clock.")));
}

/* ---- CORS --------------------------------------------------------------- */

static const char *minio_cors_fix(void)
{
	return _("Set MINIO_API_CORS_ALLOW_ORIGIN (comma-separated origins, e.g. "
		 "https://rdm.example.org) in the environment of the s3 service in "
		 "docker-services.yml, then restart it (`invenio-cli services stop`, then "
		 "`invenio-cli services start`). `rdm-s3 config set minio.cors-allow-origin=ORIGIN` "
		 "makes this change in docker-services.yml.");
}

static void explain_no_cors(struct why *w)
{
	if (w->server == S3_SERVER_MINIO) {
		say(w, xasprintf(_("MinIO has no per-bucket CORS configuration; its server-wide "
				   "setting MINIO_API_CORS_ALLOW_ORIGIN (default \"*\") applies.")),
		    xstrdup(minio_cors_fix()));
		return;
	}
	say(w, xasprintf(_("Bucket %s has no CORS configuration, so browsers cannot load its files "
			   "into previewers or upload to it."), w->bucket),
	    xasprintf(_("Set one with `rdm-s3 cors set %s FILE` (GET and HEAD from the site's "
			"origin for previews; PUT with ExposeHeaders ETag for uploads)."), w->bucket));
}

static void explain_not_implemented(struct why *w)
{
	int cors = w->op && strstr(w->op, "Cors");
	if (cors && w->server == S3_SERVER_MINIO) {
		say(w, xasprintf(_("MinIO (community edition) has no per-bucket CORS: %s is answered "
				   "NotImplemented."), w->op),
		    xstrdup(minio_cors_fix()));
		return;
	}
	if (cors && w->server == S3_SERVER_UNKNOWN) {
		say(w, xasprintf(_("The server does not implement %s. MinIO, for one, has no "
				   "per-bucket CORS."), w->op),
		    xasprintf(_("If this is MinIO: %s"), minio_cors_fix()));
		return;
	}
	say(w, xasprintf(_("The server does not implement %s."), w->op),
	    xasprintf(_("This S3-compatible server lacks the feature; check its documentation.")));
}

/* ---- server side and integrity ------------------------------------------ */

static void explain_busy(struct why *w)
{
	say(w, xasprintf(_("%s is overloaded or temporarily unavailable (HTTP %ld %s)."), w->host,
			 w->st->http_status, w->st->code),
	    xasprintf(_("Wait and retry. If it persists, check the server's health (MinIO: "
			"/minio/health/ready) and load.")));
}

static void explain_internal(struct why *w)
{
	say(w, xasprintf(_("%s had an internal error (HTTP %ld%s%s)."), w->host, w->st->http_status,
			 w->st->code ? " " : "", w->st->code ? w->st->code : ""),
	    xasprintf(_("Retry. If it persists, look in the server's log (MinIO: `docker compose "
			"logs s3`; Ceph: the radosgw log) for request id %s."),
		      w->st->request_id ? w->st->request_id : _("(none)")));
}

static void explain_sha_mismatch(struct why *w)
{
	say(w, xasprintf(_("The body the server received does not match its SHA-256 in "
			   "x-amz-content-sha256: it was changed or cut on the way.")),
	    xasprintf(_("Retry; if it persists, check proxies between here and the server that "
			"modify bodies (compression, buffering limits).")));
}

static void explain_digest(struct why *w)
{
	say(w, xasprintf(_("The body does not match its Content-MD5 header (%s)."), w->st->code),
	    xasprintf(_("Retry; if it persists, a proxy modifies request bodies.")));
}

static void explain_malformed_xml(struct why *w)
{
	say(w, xasprintf(_("The server could not read the XML document of %s."), w->op),
	    xasprintf(_("Validate the configuration first (`rdm-s3 cors set` checks it); some "
			"servers support fewer elements than Amazon S3.")));
}

/* ---- answers that are not S3 -------------------------------------------- */

static void explain_not_s3(struct why *w)
{
	long status = w->st->http_status;
	const char *ex = w->st->message ? w->st->message : _("empty");
	if (w->st->body_truncated) {
		say(w, xasprintf(_("%s answered HTTP %ld, but the error body was cut off at the size "
				   "limit before its error code could be read (it begins \"%s\")."),
				 w->host, status, ex),
		    xasprintf(_("Retry; run with -v to see the raw answer. An error body this large "
				"is unusual for S3: check the endpoint URL.")));
		return;
	}
	if (status == 502 || status == 504) {
		say(w, xasprintf(_("A proxy in front of the S3 server answered HTTP %ld (\"%s\"): it "
				   "could not reach the S3 server behind it."), status, ex),
		    xasprintf(_("Check that the S3 server behind the proxy is running and reachable "
				"from the proxy; the proxy's log says more.")));
		return;
	}
	say(w, xasprintf(_("%s answered HTTP %ld with something that is not an S3 answer (\"%s\"): "
			   "probably not the S3 API answers at this URL, but a proxy, a web server "
			   "or the MinIO console."), w->host, status, ex),
	    xasprintf(_("Check host, port and path of the endpoint URL (MinIO's S3 API is on port "
			"9000, its console on 9001).")));
}

static void explain_generic(struct why *w)
{
	const char *msg = w->st->message && *w->st->message ? w->st->message : NULL;
	size_t ml = msg ? strlen(msg) : 0;
	int stop = !ml || !strchr(".!?", msg[ml - 1]); /* AWS's messages end with a period */
	say(w, xasprintf(_("%s answered HTTP %ld%s%s%s%s%s"), w->host, w->st->http_status,
			 w->st->code ? " " : "", w->st->code ? w->st->code : "", msg ? ": " : "",
			 msg ? msg : "", stop ? "." : ""),
	    w->st->code ? xasprintf(_("Look up the S3 error code %s in the server's documentation; "
				      "quote request id %s to its administrator."), w->st->code,
				    w->st->request_id ? w->st->request_id : _("(none)"))
			: xasprintf(_("Check the endpoint URL and the request.")));
}

static const struct {
	const char *code;
	void (*fn)(struct why *w);
} explainers[] = {
	{ "InvalidAccessKeyId", explain_unknown_key },
	{ "SignatureDoesNotMatch", explain_bad_signature },
	{ "AccessDenied", explain_denied },
	{ "AccessForbidden", explain_cors_forbidden },
	{ "AllAccessDisabled", explain_denied },
	{ "Forbidden", explain_forbidden },
	{ "ExpiredToken", explain_token },
	{ "InvalidToken", explain_token },
	{ "TokenRefreshRequired", explain_token },
	{ "NoSuchBucket", explain_no_bucket },
	{ "NoSuchKey", explain_no_key },
	{ "NotFound", explain_not_found },
	{ "BucketAlreadyExists", explain_exists },
	{ "BucketAlreadyOwnedByYou", explain_owned },
	{ "BucketNotEmpty", explain_not_empty },
	{ "InvalidBucketName", explain_bad_name },
	{ "TooManyBuckets", explain_too_many },
	{ "AuthorizationHeaderMalformed", explain_header_malformed },
	{ "PermanentRedirect", explain_redirect },
	{ "TemporaryRedirect", explain_redirect },
	{ "Redirect", explain_redirect },
	{ "BadRequest", explain_bad_request },
	{ "IllegalLocationConstraintException", explain_illegal_location },
	{ "InvalidLocationConstraint", explain_invalid_location },
	{ "RequestTimeTooSkewed", explain_skew },
	{ "NoSuchCORSConfiguration", explain_no_cors },
	{ "NotImplemented", explain_not_implemented },
	{ "SlowDown", explain_busy },
	{ "ServiceUnavailable", explain_busy },
	{ "InternalError", explain_internal },
	{ "XAmzContentSHA256Mismatch", explain_sha_mismatch },
	{ "BadDigest", explain_digest },
	{ "InvalidDigest", explain_digest },
	{ "MalformedXML", explain_malformed_xml },
};

static void explain_http(struct why *w)
{
	const struct s3_status *st = w->st;
	if (st->http_status >= 200 && st->http_status <= 299) {
		say(w, xstrdup(_("The request succeeded.")), NULL);
		return;
	}
	if (!st->code && st->body_malformed) {
		explain_not_s3(w);
		return;
	}
	for (size_t i = 0; st->code && i < sizeof explainers / sizeof *explainers; i++) {
		if (strcmp(st->code, explainers[i].code) == 0) {
			explainers[i].fn(w);
			return;
		}
	}
	if (st->http_status >= 500)
		explain_internal(w);
	else
		explain_generic(w);
}

void s3_status_explain(struct s3_status *st, const struct s3_explain_ctx *ctx)
{
	struct why w = { .st = st };
	w.server = ctx ? ctx->server : S3_SERVER_UNKNOWN;
	w.op = ctx && ctx->operation ? ctx->operation : _("the request");
	w.have_bucket = ctx && ctx->bucket && *ctx->bucket;
	w.bucket = w.have_bucket ? ctx->bucket : _("(unnamed)");
	w.host = ctx && ctx->endpoint_host ? ctx->endpoint_host : _("the server");
	w.region = ctx && ctx->region && *ctx->region ? ctx->region : "us-east-1";
	w.creds_source = ctx && ctx->creds_source && *ctx->creds_source ? ctx->creds_source : NULL;
	if (st->transport != S3_TRANSPORT_OK)
		s3_explain_transport(&w);
	else
		explain_http(&w);
	if (st->body_truncated && st->explanation) {
		char *t = xasprintf("%s %s", st->explanation, _("(The error body was cut off.)"));
		free(st->explanation);
		st->explanation = t;
	}
}
