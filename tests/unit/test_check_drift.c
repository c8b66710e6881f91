/* S3_BUCKET_CORS_RULES against the bucket's live rules (issue 11): the
 * comparison (as sets, IDs ignored; no rules on the bucket; a setting that
 * is not CORS rules) and the cors check's warning naming where the setting
 * is written (not on MinIO, which has no bucket CORS). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../helpers/check_verdict.h"
#include "ops/check/check_live_int.h"

#define ORIGIN "https://repo.example.org"
#define SETTING "[{'AllowedOrigins': ['" ORIGIN "'], 'AllowedMethods': ['GET', 'HEAD', 'PUT'], " \
		"'AllowedHeaders': ['*'], 'ExposeHeaders': ['ETag'], 'MaxAgeSeconds': 3600}]"

static const char live_same[] =
	"<CORSConfiguration><CORSRule><ID>x</ID><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>"
	"<AllowedMethod>HEAD</AllowedMethod><AllowedOrigin>" ORIGIN "</AllowedOrigin><AllowedHeader>*</AllowedHeader>"
	"<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>";
static const char live_other[] =
	"<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin>"
	"</CORSRule></CORSConfiguration>";

static struct s3_status answer(long http, char *code)
{
	struct s3_status st = S3_STATUS_INIT;
	st.http_status = http;
	st.code = code;
	return st;
}

static void comparison(void **state)
{
	(void)state;
	struct s3_status ok = answer(200, NULL), none = answer(404, "NoSuchCORSConfiguration"),
			 denied = answer(403, "AccessDenied");
	assert_null(check_cors_rules_drift(SETTING, &ok, live_same, sizeof live_same - 1)); /* reordered, ID */
	char *d = check_cors_rules_drift(SETTING, &ok, live_other, sizeof live_other - 1);
	assert_non_null(d);
	assert_non_null(strstr(d, "would replace them"));
	free(d);
	d = check_cors_rules_drift(SETTING, &none, NULL, 0);
	assert_non_null(strstr(d, "the bucket has no CORS rules"));
	free(d);
	assert_null(check_cors_rules_drift(SETTING, &denied, NULL, 0)); /* tells nothing */
	d = check_cors_rules_drift("CORS_FROM_ELSEWHERE", &ok, live_same, sizeof live_same - 1);
	assert_non_null(strstr(d, "cannot be read as CORS rules"));
	free(d);
}

static void facts(struct check_facts *f, enum check_server server)
{
	memset(f, 0, sizeof *f);
	f->target.now = 1750000000;
	f->target.bucket.value = "default";
	f->target.origin = ORIGIN;
	f->target.server = server;
	f->cors = (struct check_cors_facts){ .present = 1, .latency = 0.003 };
	f->cors.get = (struct check_preflight){ .done = 1, .status = answer(200, NULL), .allow_origin = ORIGIN,
						.allow_methods = "GET, HEAD" };
	f->cors.put = (struct check_preflight){ .done = 1, .status = answer(200, NULL), .allow_origin = ORIGIN,
						.allow_methods = "GET, PUT, HEAD", .expose_headers = "ETag",
						.expose_known = 1 };
	f->cors.rules_drift = "the bucket's CORS rules differ from S3_BUCKET_CORS_RULES: "
			      "`invenio s3 create-bucket` would replace them";
	f->cors.rules_where = "invenio.cfg:104";
}

static void verdict(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	facts(&f, CHECK_SERVER_CEPH);
	test_check_eval("cors", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "would replace them (invenio.cfg:104)"));
	assert_non_null(strstr(r.remedy, "storage.bucket-cors-rules"));
	check_result_clear(&r);
	facts(&f, CHECK_SERVER_MINIO);
	test_check_eval("cors", &f, &r);
	assert_null(strstr(r.message, "S3_BUCKET_CORS_RULES"));
	check_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(comparison),
		cmocka_unit_test(verdict),
	};
	return cmocka_run_group_tests_name("check_drift", tests, NULL, NULL);
}
