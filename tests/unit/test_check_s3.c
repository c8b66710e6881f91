/* Verdicts of the checks that judge S3 answers (auth, bucket, region, cors,
 * presign, canary, minio-health), from canned s3_status values. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/check.h"
#include "../helpers/check_verdict.h"

#define ORIGIN "https://repo.example.org"

static void base(struct check_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->target.now = 1750000000;
	f->target.host = "s3.example.org";
	f->target.port = 443;
	f->target.https = 1;
	f->target.bucket.value = "default";
	f->target.access_key_id.value = "rdmapp";
	f->target.access_key_id.where = ".env:3";
	f->target.origin = ORIGIN;
	f->target.server = CHECK_SERVER_OTHER;
}

static struct s3_status answer(long http, char *code)
{
	struct s3_status st = S3_STATUS_INIT;
	st.http_status = http;
	st.code = code;
	return st;
}

/* --- auth --- */

static void auth_ok(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.auth = (struct check_auth_facts){ .present = 1, .latency = 0.02, .operation = "ListBuckets",
					    .status = answer(200, NULL) };
	test_check_eval("auth", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_string_equal(r.message, "credentials accepted (ListBuckets)");
	assert_string_equal(r.settings[0], "S3_ACCESS_KEY_ID = rdmapp (.env:3)");
	check_result_clear(&r);
}

static void auth_wrong_key_vs_wrong_secret(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result key, secret;
	base(&f);
	f.target.server = CHECK_SERVER_MINIO;
	f.auth = (struct check_auth_facts){ .present = 1, .status = answer(403, "InvalidAccessKeyId") };
	test_check_eval("auth", &f, &key);
	f.auth.status = answer(403, "SignatureDoesNotMatch");
	test_check_eval("auth", &f, &secret);
	assert_int_equal(key.status, CHECK_CRIT);
	assert_int_equal(secret.status, CHECK_CRIT);
	assert_true(key.blocks && secret.blocks);
	assert_string_equal(key.message, "the server does not know the access key rdmapp");
	assert_string_equal(secret.message,
			    "the access key rdmapp exists, but the secret key does not match it");
	check_result_clear(&key);
	check_result_clear(&secret);
	/* the keys came from --credentials-file: that is what to fix (14.15) */
	f.target.access_key_id.where = f.target.secret_where = "--credentials-file /etc/rdm/keys";
	f.auth.status = answer(403, "InvalidAccessKeyId");
	test_check_eval("auth", &f, &key);
	assert_non_null(strstr(key.remedy, "fix the access key in --credentials-file /etc/rdm/keys"));
	check_result_clear(&key);
	f.auth.status = answer(403, "SignatureDoesNotMatch");
	test_check_eval("auth", &f, &secret);
	assert_non_null(strstr(secret.remedy, "fix the secret key in --credentials-file /etc/rdm/keys"));
	assert_null(strstr(secret.remedy, "S3_SECRET_ACCESS_KEY"));
	check_result_clear(&secret);
	/* the instance's own keys: the config command that sets them */
	f.target.creds_from_instance = 1;
	f.target.access_key_id.where = ".env:3";
	f.target.secret_where = ".env:4";
	f.auth.status = answer(403, "InvalidAccessKeyId");
	test_check_eval("auth", &f, &key);
	f.auth.status = answer(403, "SignatureDoesNotMatch");
	test_check_eval("auth", &f, &secret);
	assert_non_null(strstr(key.remedy, "MINIO_ROOT_USER"));
	assert_non_null(strstr(key.remedy, "`rdm-s3 config set minio.root-user=NAME`"));
	assert_non_null(strstr(secret.remedy, "MINIO_ROOT_PASSWORD"));
	assert_non_null(strstr(secret.remedy, "(.env:4)"));
	check_result_clear(&key);
	check_result_clear(&secret);
	f.target.server = CHECK_SERVER_AWS;
	test_check_eval("auth", &f, &secret);
	assert_non_null(strstr(secret.remedy, "`rdm-s3 config set-secret storage.secret-access-key`"));
	check_result_clear(&secret);
}

static void auth_skew_region_denied_refused(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.auth = (struct check_auth_facts){ .present = 1, .operation = "ListBuckets" };
	f.auth.status = answer(403, "RequestTimeTooSkewed");
	f.auth.status.skew_seconds = 1200;
	test_check_expect("auth", &f, CHECK_CRIT, "clocks differ by 1200 s");

	f.auth.status = answer(400, "AuthorizationHeaderMalformed");
	f.auth.status.bucket_region = "eu-central-1";
	test_check_eval("auth", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_string_equal(r.remedy, "use --region eu-central-1"); /* no instance */
	check_result_clear(&r);
	f.instance.present = f.instance.found = 1;
	f.target.region = (struct check_setting){ "us-east-1", "invenio.cfg:80", 0 };
	test_check_eval("auth", &f, &r);
	assert_string_equal(r.remedy, "`rdm-s3 config set storage.region=eu-central-1` (S3_REGION_NAME, now from "
				      "invenio.cfg:80)");
	check_result_clear(&r);
	memset(&f.instance, 0, sizeof f.instance);
	f.target.region = (struct check_setting){ NULL, NULL, 0 };

	/* Signature accepted, permission missing: not an auth failure. */
	f.auth.status = answer(403, "AccessDenied");
	test_check_eval("auth", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_false(r.blocks);
	assert_non_null(strstr(r.message, "may not call ListBuckets"));
	check_result_clear(&r);

	f.auth.status = answer(0, NULL);
	f.auth.status.transport = S3_TRANSPORT_REFUSED;
	test_check_eval("auth", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_non_null(strstr(r.message, "connection refused"));
	check_result_clear(&r);

	f.auth.present = 0;
	test_check_expect("auth", &f, CHECK_UNKNOWN, NULL);
}

static void auth_uses_backend_explanation(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.auth = (struct check_auth_facts){ .present = 1, .operation = "ListBuckets",
					    .status = answer(503, "SlowDown") };
	f.auth.status.explanation = "The server is overloaded.";
	f.auth.status.remedy = "Try again later.";
	test_check_eval("auth", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_string_equal(r.message,
			    "ListBuckets failed: HTTP 503 SlowDown. The server is overloaded.");
	assert_string_equal(r.remedy, "Try again later.");
	check_result_clear(&r);
}

/* --- bucket --- */

static void bucket_cases(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.bucket = (struct check_bucket_facts){ .present = 1, .status = answer(200, NULL), .owned = 1 };
	test_check_eval("bucket", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_string_equal(r.message, "bucket default exists and belongs to this account");
	check_result_clear(&r);

	f.bucket.owned = 0;
	test_check_eval("bucket", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_false(r.blocks);
	check_result_clear(&r);

	f.bucket.status = answer(404, NULL); /* HEAD: no body, no code */
	test_check_eval("bucket", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_string_equal(r.message, "bucket default does not exist");
	assert_non_null(strstr(r.remedy, "rdm-s3 bucket create default"));
	assert_null(strstr(r.remedy, "FS mode"));
	check_result_clear(&r);

	f.target.server = CHECK_SERVER_MINIO;
	test_check_eval("bucket", &f, &r);
	assert_non_null(strstr(r.remedy, "FS mode"));
	check_result_clear(&r);

	f.bucket.status = answer(403, NULL);
	test_check_expect("bucket", &f, CHECK_CRIT, "access to bucket default denied");

	f.target.bucket.value = NULL;
	test_check_eval("bucket", &f, &r);
	assert_int_equal(r.status, CHECK_UNKNOWN);
	assert_true(r.blocks);
	assert_non_null(strstr(r.remedy, "--bucket"));
	check_result_clear(&r);
}

/* --- region --- */

static void region_cases(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.region = (struct check_region_facts){ .present = 1, .status = answer(200, NULL),
						.location = "" };
	test_check_eval("region", &f, &r); /* empty constraint = us-east-1 = botocore's default */
	assert_int_equal(r.status, CHECK_OK);
	assert_string_equal(r.message, "bucket default is in us-east-1, as configured");
	check_result_clear(&r);

	f.region.location = "EU";
	f.target.region.value = "eu-west-1";
	test_check_expect("region", &f, CHECK_OK, NULL);

	f.region.location = "eu-central-1";
	f.target.region.value = NULL;
	test_check_eval("region", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_non_null(strstr(r.message, "is in eu-central-1, but the configuration says us-east-1"));
	assert_string_equal(r.remedy, "use --region eu-central-1"); /* no instance here */
	check_result_clear(&r);
	f.instance.present = f.instance.found = 1;
	test_check_eval("region", &f, &r);
	assert_string_equal(r.remedy, "`rdm-s3 config set storage.region=eu-central-1` (S3_REGION_NAME is not set)");
	check_result_clear(&r);
	f.target.region = (struct check_setting){ "us-east-1", "--region", 0 };
	test_check_eval("region", &f, &r);
	assert_string_equal(r.remedy, "use --region eu-central-1");
	check_result_clear(&r);
	memset(&f.instance, 0, sizeof f.instance);
	f.target.region = (struct check_setting){ NULL, NULL, 0 };

	/* A wrong-region answer names the right region in a header. */
	f.region.status = answer(301, "PermanentRedirect");
	f.region.status.bucket_region = "ap-south-1";
	f.region.location = NULL;
	test_check_eval("region", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.remedy, "ap-south-1"));
	check_result_clear(&r);

	f.region.status = answer(403, "AccessDenied");
	test_check_expect("region", &f, CHECK_UNKNOWN, NULL);

	f.target.server = CHECK_SERVER_MINIO;
	f.target.region.value = "eu-west-3";
	f.region.status = answer(200, NULL);
	f.region.location = "";
	test_check_expect("region", &f, CHECK_OK, "any signing region");

	/* Ceph names its zonegroup and does not check the signing region. */
	f.target.server = CHECK_SERVER_CEPH;
	f.target.region.value = NULL;
	f.region.location = "default";
	test_check_eval("region", &f, &r);
	assert_int_equal(r.status, CHECK_INFO);
	assert_false(r.blocks);
	assert_non_null(strstr(r.message, "zonegroup"));
	check_result_clear(&r);
}

/* --- cors --- */

static void cors_allowed(struct check_facts *f)
{
	f->cors = (struct check_cors_facts){ .present = 1, .latency = 0.003 };
	f->cors.get = (struct check_preflight){ .done = 1, .status = answer(200, NULL),
						.allow_origin = ORIGIN, .allow_methods = "GET, HEAD" };
	f->cors.put = (struct check_preflight){ .done = 1, .status = answer(200, NULL),
						.allow_origin = ORIGIN,
						.allow_methods = "GET, PUT, HEAD",
						.allow_headers = "content-md5, content-type",
						.expose_headers = "ETag, x-amz-request-id",
						.expose_known = 1 };
}

static void cors_ok_and_missing_origin(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	cors_allowed(&f);
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_string_equal(r.message, "browsers on " ORIGIN " may GET files and upload parts (PUT with "
				       "Content-Type and Content-MD5)");
	check_result_clear(&r);

	f.cors.put.expose_known = 0;
	f.cors.put.expose_headers = NULL;
	f.cors.put.allow_origin = "*";
	test_check_expect("cors", &f, CHECK_OK, NULL);

	/* MinIO allows the origin, but the instance's setting would not: a
	 * warning (it breaks at the next restart); unset or matching: fine.
	 * The remedy gives the whole new list. */
	f.target.server = CHECK_SERVER_MINIO;
	f.instance.present = f.instance.found = 1;
	f.instance.minio_cors_allow_origin.value = "https://other.example.org, https://*.example.net";
	f.instance.minio_cors_allow_origin.where = "docker-services.yml:66";
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "previews break when MinIO restarts"));
	assert_non_null(strstr(r.remedy, "docker-services.yml:66"));
	assert_non_null(strstr(r.remedy, "rdm-s3 config set minio.cors-allow-origin="
				       "https://other.example.org,https://*.example.net," ORIGIN "`"));
	check_result_clear(&r);
	f.instance.minio_cors_allow_origin.value = "https://other.example.org,https://*.org";
	test_check_expect("cors", &f, CHECK_OK, NULL);
	f.instance.minio_cors_allow_origin.value = "*";
	f.instance.minio_cors_allow_origin.where = "default";
	test_check_expect("cors", &f, CHECK_OK, NULL);

	f.target.origin = NULL;
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_SKIPPED);
	assert_false(r.blocks);
	check_result_clear(&r);
}

/* -v lists where the origin came from: --origin, not SITE_UI_URL. */
static void cors_origin_setting(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	cors_allowed(&f);
	f.instance.present = f.instance.found = 1;
	f.instance.site_ui_url = (struct check_setting){ "https://site.example.org", "invenio.cfg:87", 0 };
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.n_settings, 1);
	assert_non_null(strstr(r.settings[0], "SITE_UI_URL"));
	check_result_clear(&r);
	f.target.origin_from = "--origin";
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.n_settings, 1);
	assert_null(strstr(r.settings[0], "SITE_UI_URL"));
	assert_non_null(strstr(r.settings[0], "--origin"));
	check_result_clear(&r);
}

static void cors_get_denied_is_critical(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	cors_allowed(&f);
	f.cors.get.allow_origin = NULL;
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "no Access-Control-Allow-Origin"));
	assert_non_null(strstr(r.remedy, "rdm-s3 cors set default"));
	check_result_clear(&r);

	/* AWS without a matching rule answers the preflight with 403. */
	f.cors.get = (struct check_preflight){ .done = 1, .status = answer(403, "AccessForbidden") };
	test_check_expect("cors", &f, CHECK_CRIT, "refused");

	/* MinIO: the server-wide setting, not bucket CORS; the new list keeps
	 * the origins already there (issue 14.6). */
	f.target.server = CHECK_SERVER_MINIO;
	f.instance.present = f.instance.found = 1;
	f.instance.minio_cors_allow_origin = (struct check_setting){ "https://a.example.org", "docker-services.yml:66", 0 };
	f.cors.get = (struct check_preflight){ .done = 1, .status = answer(200, NULL),
					       .allow_origin = "https://other.example.org" };
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "not " ORIGIN));
	assert_non_null(strstr(r.remedy, "rdm-s3 config set minio.cors-allow-origin=https://a.example.org," ORIGIN));
	check_result_clear(&r);

	/* A preflight that allows, but the answer to the GET itself does not. */
	f.target.server = CHECK_SERVER_CEPH;
	cors_allowed(&f);
	f.cors.get.actual_done = 1;
	f.cors.get.actual_status = 200;
	test_check_expect("cors", &f, CHECK_CRIT, "the GET itself");
}

/* The uploader's PUT carries Content-Type and Content-MD5 (FACTS.md §10):
 * a rule that allows PUT but not those headers refuses it (issue 14.8);
 * ETag is not needed, so not exposing it is at most an INFO. */
static void cors_put_and_etag(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	cors_allowed(&f);
	f.cors.put.allow_methods = "GET, HEAD";
	test_check_expect("cors", &f, CHECK_WARN, "browser uploads");

	cors_allowed(&f);
	f.cors.put.allow_headers = NULL; /* a rule without AllowedHeaders */
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "content-md5"));
	assert_non_null(strstr(r.remedy, "AllowedHeaders"));
	check_result_clear(&r);
	f.cors.put.allow_headers = "content-type";
	test_check_expect("cors", &f, CHECK_WARN, "content-md5");
	f.cors.put.allow_headers = "*";
	test_check_expect("cors", &f, CHECK_OK, NULL);

	cors_allowed(&f);
	f.cors.put.expose_headers = "x-amz-request-id";
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_INFO);
	assert_non_null(strstr(r.message, "cannot read ETag"));
	assert_null(r.remedy);
	check_result_clear(&r);

	/* MinIO exposes ETag on the answer to the PUT, not on the preflight. */
	cors_allowed(&f);
	f.cors.put.expose_headers = NULL;
	f.cors.put.actual_done = 1;
	f.cors.put.actual_status = 200;
	f.cors.put.actual_allow_origin = "*";
	f.cors.put.actual_expose_headers = "Date, Etag, Server";
	test_check_expect("cors", &f, CHECK_OK, NULL);

	cors_allowed(&f);
	f.cors.put.done = 0;
	test_check_expect("cors", &f, CHECK_UNKNOWN, NULL);
}

/* --- presign --- */

static void presign_cases(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.presign = (struct check_presign_facts){ .present = 1, .status = answer(200, NULL),
						  .object_expected = 1, .body_matches = 1,
						  .url_host = "s3.example.org" };
	test_check_expect("presign", &f, CHECK_OK, NULL);

	f.presign.body_matches = 0;
	test_check_expect("presign", &f, CHECK_CRIT, NULL);

	/* Read-only mode: NoSuchKey proves the signature was accepted. */
	f.presign.status = answer(404, "NoSuchKey");
	f.presign.object_expected = 0;
	test_check_expect("presign", &f, CHECK_OK, "read-only");

	f.presign.object_expected = 1;
	test_check_expect("presign", &f, CHECK_CRIT, NULL);

	f.presign.status = answer(403, "SignatureDoesNotMatch");
	test_check_eval("presign", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.remedy, "Host header"));
	check_result_clear(&r);

	f.presign.status = answer(403, "AccessDenied");
	f.presign.status.message = "Request has expired";
	test_check_eval("presign", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "expired"));
	assert_non_null(strstr(r.remedy, "clock"));
	check_result_clear(&r);
}

/* --- canary --- */

static void canary_ok(struct check_facts *f)
{
	f->canary = (struct check_canary_facts){ .present = 1, .key = "rdm-s3-canary/x", .size = 1024,
						 .bytes_match = 1 };
	f->canary.put = (struct check_s3_call){ .done = 1, .latency = 0.012, .status = answer(200, NULL) };
	f->canary.get = (struct check_s3_call){ .done = 1, .latency = 0.008, .status = answer(200, NULL) };
	f->canary.del = (struct check_s3_call){ .done = 1, .latency = 0.0054, .status = answer(204, NULL) };
}

static void canary_cases(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	canary_ok(&f);
	test_check_eval("canary", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_string_equal(r.message,
			    "put 12 ms, get 8 ms, delete 5 ms (1024 bytes, read back identical)");
	assert_true(r.latency_seconds > 0.0253 && r.latency_seconds < 0.0255);
	check_result_clear(&r);

	f.canary.bytes_match = 0;
	test_check_expect("canary", &f, CHECK_CRIT, "differs from the 1024 bytes");

	canary_ok(&f);
	f.canary.del.status = answer(403, "AccessDenied");
	test_check_eval("canary", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.remedy, "delete rdm-s3-canary/x by hand"));
	check_result_clear(&r);

	canary_ok(&f);
	f.canary.put.status = answer(403, "AccessDenied");
	f.canary.get.done = f.canary.del.done = 0;
	test_check_eval("canary", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "writing the canary object failed: HTTP 403 AccessDenied"));
	assert_string_equal(r.remedy, "grant this key s3:PutObject on the bucket");
	check_result_clear(&r);

	f.canary.present = 0;
	test_check_expect("canary", &f, CHECK_UNKNOWN, NULL);
}

/* The second canary, uploaded as botocore does when S3_CONFIG_EXTRA leaves
 * its checksums on: the server's answer decides (issue 14.3). */
static void canary_botocore(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	canary_ok(&f);
	f.canary.boto_style = "Content-Encoding: aws-chunked with an x-amz-checksum-crc32 trailer, chunked "
			      "transfer, over https";
	f.canary.boto_put = (struct check_s3_call){ .done = 1, .status = answer(411, "MissingContentLength") };
	test_check_eval("canary", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "rejects the uploads that boto sends"));
	assert_non_null(strstr(r.message, "HTTP 411 MissingContentLength"));
	assert_non_null(strstr(r.message, "over https"));
	assert_non_null(strstr(r.remedy, "\"request_checksum_calculation\": \"when_required\""));
	check_result_clear(&r);

	f.canary.boto_put.status = answer(200, NULL);
	f.canary.boto_del = (struct check_s3_call){ .done = 1, .status = answer(204, NULL) };
	test_check_eval("canary", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_non_null(strstr(r.message, "sent as botocore sends it was accepted too"));
	check_result_clear(&r);

	f.canary.boto_put.status = answer(0, NULL);
	f.canary.boto_put.status.transport = S3_TRANSPORT_TIMEOUT;
	test_check_expect("canary", &f, CHECK_UNKNOWN, "got no answer");
}

/* --- minio-health --- */

static void minio_health_cases(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.target.server = CHECK_SERVER_AWS;
	test_check_expect("minio-health", &f, CHECK_SKIPPED, NULL);

	f.target.server = CHECK_SERVER_MINIO;
	f.minio_health = (struct check_minio_health_facts){ .present = 1 };
	f.minio_health.live = (struct check_s3_call){ .done = 1, .latency = 0.001, .status = answer(200, NULL) };
	f.minio_health.ready = (struct check_s3_call){ .done = 1, .status = answer(200, NULL) };
	test_check_expect("minio-health", &f, CHECK_OK, NULL);

	f.minio_health.ready.status = answer(503, NULL);
	test_check_eval("minio-health", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "not ready"));
	assert_non_null(strstr(r.remedy, "logs s3"));
	check_result_clear(&r);

	/* Server kind unknown and no MinIO health endpoint: not MinIO. */
	f.target.server = CHECK_SERVER_UNKNOWN;
	f.minio_health.live.status = answer(404, "NoSuchKey");
	test_check_expect("minio-health", &f, CHECK_SKIPPED, NULL);

	f.target.server = CHECK_SERVER_MINIO;
	test_check_expect("minio-health", &f, CHECK_CRIT, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(auth_ok),
		cmocka_unit_test(auth_wrong_key_vs_wrong_secret),
		cmocka_unit_test(auth_skew_region_denied_refused),
		cmocka_unit_test(auth_uses_backend_explanation),
		cmocka_unit_test(bucket_cases),
		cmocka_unit_test(region_cases),
		cmocka_unit_test(cors_ok_and_missing_origin),
		cmocka_unit_test(cors_get_denied_is_critical),
		cmocka_unit_test(cors_put_and_etag),
		cmocka_unit_test(cors_origin_setting),
		cmocka_unit_test(presign_cases),
		cmocka_unit_test(canary_cases),
		cmocka_unit_test(canary_botocore),
		cmocka_unit_test(minio_health_cases),
	};
	return cmocka_run_group_tests_name("check_s3", tests, NULL, NULL);
}
