/* Verdicts of the configuration checks (instance, browser-reach, wiring,
 * client-compat, minio-image) and the helpers they stand on: URL pieces,
 * host classes, CSP matching, secret strength. Instance facts follow the
 * v13 sample instance (shared/fixtures/inveniordm-v13/sample-instance). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/check.h"
#include "../helpers/check_verdict.h"
#include "ops/check/check_util.h"

#define STRONG "q7Vx2mLp9RtK4wZs8NbE"

/* The v13 sample instance as the instance engine reports it. */
static void v13(struct check_facts *f)
{
	memset(f, 0, sizeof(*f));
	struct check_instance_facts *in = &f->instance;
	in->present = 1;
	in->found = 1;
	in->path = "/srv/demo-repo";
	in->site_ui_url = (struct check_setting){ "https://127.0.0.1", "invenio.cfg:84", 0 };
	in->s3_endpoint_url = (struct check_setting){ "http://localhost:9000/", "invenio.cfg:73", 0 };
	in->s3_access_key_id = (struct check_setting){ "CHANGE_ME", "invenio.cfg:74", 0 };
	in->s3_secret_access_key = (struct check_setting){ "CHANGE_ME", "invenio.cfg:75", 1 };
	in->files_rest_storage_factory =
		(struct check_setting){ "invenio_s3.s3fs_storage_factory", "invenio.cfg:69", 0 };
	in->file_storage = (struct check_setting){ "S3", ".invenio:14", 0 };
	in->minio_root_user = (struct check_setting){ "CHANGE_ME", "docker-services.yml:120", 0 };
	in->minio_root_password = (struct check_setting){ "CHANGE_ME", "docker-services.yml:121", 1 };
	in->minio_image = (struct check_setting){ "minio/minio:RELEASE.2022-10-24T18-35-07Z",
						  "docker-services.yml:116", 0 };
	in->csp_appends_endpoint = 1;
}

/* Same instance after a proper set-up: strong, matching credentials. */
static void v13_configured(struct check_facts *f)
{
	v13(f);
	f->instance.minio_root_user.value = "rdmadmin";
	f->instance.minio_root_password.value = STRONG;
	f->instance.s3_access_key_id.value = "rdmadmin";
	f->instance.s3_secret_access_key.value = STRONG;
}

static void assert_no_secret(const struct check_result *r, const char *secret)
{
	assert_null(strstr(r->message, secret));
	assert_true(!r->remedy || !strstr(r->remedy, secret));
	for (size_t i = 0; i < r->n_settings; i++)
		assert_null(strstr(r->settings[i], secret));
}

/* --- instance --- */

static void instance_v13_placeholders(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13(&f);
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_false(r.blocks); /* placeholders are bad, but the checks can go on */
	assert_non_null(strstr(r.message, "MINIO_ROOT_PASSWORD is still the placeholder CHANGE_ME"));
	assert_non_null(strstr(r.message, "S3_SECRET_ACCESS_KEY is still the placeholder"));
	assert_non_null(strstr(r.remedy, "rdm-s3 config set-secret minio.root-password --generate"));
	assert_string_equal(r.settings[1], "MINIO_ROOT_PASSWORD = ******** (docker-services.yml:121)");
	check_result_clear(&r);
}

/* The app uses another S3 server (Ceph, Amazon S3) while the cookiecutter's
 * MinIO service, still CHANGE_ME, stays in docker-services.yml: MinIO's
 * settings do not concern the app (issues 14.5, 14.12). */
static void instance_unused_minio(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13(&f); /* MinIO CHANGE_ME / CHANGE_ME */
	f.instance.minio_unused = 1;
	f.instance.minio_service = "s3";
	f.instance.s3_endpoint_url.value = "http://127.0.0.1:8080/";
	f.instance.s3_access_key_id.value = "0555b35654ad1656d804";
	f.instance.s3_secret_access_key.value = STRONG;
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_INFO);
	assert_non_null(strstr(r.message, "the MinIO service s3 of docker-services.yml is not used by the app"));
	assert_null(strstr(r.message, "MINIO_ROOT"));
	assert_null(strstr(r.message, "differs"));
	check_result_clear(&r);
	test_check_eval("minio-image", &f, &r);
	assert_int_equal(r.status, CHECK_SKIPPED);
	assert_non_null(strstr(r.message, "does not use the MinIO service"));
	check_result_clear(&r);
	/* the same files with the app on MinIO: placeholders and the mismatch count */
	f.instance.minio_unused = 0;
	f.instance.s3_endpoint_url.value = "http://localhost:9000/";
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "S3_ACCESS_KEY_ID differs from MINIO_ROOT_USER"));
	check_result_clear(&r);
}

static void instance_configured_ok(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13_configured(&f);
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_non_null(strstr(r.message, "/srv/demo-repo"));
	assert_no_secret(&r, STRONG);
	check_result_clear(&r);
}

static void instance_weak_and_mismatch(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13_configured(&f);
	f.instance.minio_root_password.value = "minioadmin";
	f.instance.minio_root_password.secret = 0; /* masked even when the probe forgets */
	f.instance.s3_secret_access_key.value = "minioadmin";
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_string_equal(r.message, "MINIO_ROOT_PASSWORD is a well-known default");
	assert_no_secret(&r, "minioadmin");
	check_result_clear(&r);

	v13_configured(&f);
	f.instance.s3_access_key_id.value = "someone-else";
	/* a user of its own (rotate --app-user): the auth check proves it */
	test_check_expect("instance", &f, CHECK_INFO, "S3_ACCESS_KEY_ID differs from MINIO_ROOT_USER");

	/* The app talks to another server: its keys are not MinIO's business. */
	f.instance.s3_endpoint_url.value = "https://s3.eu-west-1.amazonaws.com";
	test_check_expect("instance", &f, CHECK_OK, NULL);

	v13_configured(&f);
	f.instance.s3_secret_access_key.value = "Xy9" STRONG;
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "S3_SECRET_ACCESS_KEY differs from MINIO_ROOT_PASSWORD"));
	assert_no_secret(&r, STRONG);
	check_result_clear(&r);
}

static void instance_duplicates_and_modes(void **state)
{
	(void)state;
	static const struct check_duplicate dups[] = {
		{ "S3_ENDPOINT_URL", "environment variable INVENIO_S3_ENDPOINT_URL", "invenio.cfg:73", 1 },
		{ "S3_REGION_NAME", ".env:2", "invenio.cfg:80", 0 },
	};
	static const struct check_file_mode files[] = {
		{ ".env", 0644, 1 }, { "invenio.cfg", 0600, 1 }, { "README", 0644, 0 },
	};
	struct check_facts f;
	struct check_result r;
	v13_configured(&f);
	f.instance.duplicates = dups;
	f.instance.n_duplicates = 2;
	f.instance.files = files;
	f.instance.n_files = 3;
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "S3_ENDPOINT_URL is defined twice with different values; "
				      "the app uses environment variable INVENIO_S3_ENDPOINT_URL"));
	assert_null(strstr(r.message, "S3_REGION_NAME"));
	assert_non_null(strstr(r.message, ".env holds secrets and every user may read it (mode 0644)"));
	assert_null(strstr(r.message, "invenio.cfg holds"));
	assert_null(strstr(r.message, "README"));
	assert_non_null(strstr(r.remedy, "chmod 600 .env"));
	assert_non_null(strstr(r.remedy, "remove the one at invenio.cfg:73"));
	check_result_clear(&r);
}

static void instance_engine_problems(void **state)
{
	(void)state;
	static const struct check_config_problem problems[] = {
		{ CHECK_WARN, "S3_ACCESS_KEY_ID differs between .env and the app service", ".env:3",
		  "make them equal" },
		{ CHECK_INFO, "S3_REGION_NAME is not set: boto3 uses us-east-1", NULL, NULL },
	};
	struct check_facts f;
	struct check_result r;
	v13_configured(&f);
	f.instance.problems = problems;
	f.instance.n_problems = 2;
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_string_equal(r.message, ".env:3: S3_ACCESS_KEY_ID differs between .env and the app "
				       "service; S3_REGION_NAME is not set: boto3 uses us-east-1");
	assert_string_equal(r.remedy, "make them equal");
	check_result_clear(&r);

	f.instance.n_problems = 1;
	f.instance.problems = problems + 1;
	test_check_expect("instance", &f, CHECK_INFO, NULL);
}

static void instance_missing_broken_unknown(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13(&f);
	f.instance.found = 0;
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_SKIPPED);
	assert_true(r.blocks);
	check_result_clear(&r);

	v13(&f);
	f.instance.load_error = "invenio.cfg:42: unterminated string";
	test_check_eval("instance", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_non_null(strstr(r.message, "invenio.cfg:42: unterminated string"));
	check_result_clear(&r);

	f.instance.present = 0;
	test_check_expect("instance", &f, CHECK_UNKNOWN, NULL);
}

static void secret_weakness(void **state)
{
	(void)state;
	assert_string_equal(check_secret_weakness("change_me"), "is the placeholder CHANGE_ME");
	assert_string_equal(check_secret_weakness("MinioAdmin"), "is a well-known default");
	assert_string_equal(check_secret_weakness("Ab1!Ab1!Ab"), "is shorter than 12 characters");
	assert_string_equal(check_secret_weakness("abababababababababab"), "repeats a few characters");
	/* 12 lower-case letters: 56 bits; 14: 66 bits. */
	assert_non_null(check_secret_weakness("qwhxjkmpvbtr"));
	assert_null(check_secret_weakness("qwhxjkmpvbtrsz"));
	assert_null(check_secret_weakness(STRONG));
	assert_non_null(check_secret_weakness(""));
	assert_non_null(check_secret_weakness(NULL));
}

/* --- helpers: URLs, hosts, CSP --- */

static void url_split_cases(void **state)
{
	(void)state;
	struct check_url u;
	assert_int_equal(check_url_split("HTTP://User:pw@LocalHost:9000/default/x?a=1#f", &u), 0);
	assert_string_equal(u.scheme, "http");
	assert_string_equal(u.host, "localhost");
	assert_int_equal(u.port, 9000);
	assert_string_equal(u.path, "/default/x");
	check_url_clear(&u);

	assert_int_equal(check_url_split("https://[::1]/", &u), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(check_url_port(&u), 443);
	check_url_clear(&u);

	assert_int_equal(check_url_split("localhost:9000", &u), 0);
	assert_null(u.scheme);
	assert_int_equal(u.port, 9000);
	check_url_clear(&u);

	assert_int_equal(check_url_split("http://host:99999/", &u), -1);
	assert_int_equal(check_url_split("http:///path", &u), -1);
	assert_int_equal(check_url_split("http://[::1/", &u), -1);

	char *o = check_url_origin("https://S3.example.org:443/bucket");
	assert_string_equal(o, "https://s3.example.org");
	free(o);
	o = check_url_origin("http://[::1]:9000/");
	assert_string_equal(o, "http://[::1]:9000");
	free(o);
	assert_null(check_url_origin("localhost:9000"));
}

static void host_classes(void **state)
{
	(void)state;
	assert_int_equal(check_host_classify("localhost"), CHECK_HOST_LOOPBACK);
	assert_int_equal(check_host_classify("127.0.0.53"), CHECK_HOST_LOOPBACK);
	assert_int_equal(check_host_classify("::1"), CHECK_HOST_LOOPBACK);
	assert_int_equal(check_host_classify("s3"), CHECK_HOST_INTERNAL);
	assert_int_equal(check_host_classify("minio"), CHECK_HOST_INTERNAL);
	assert_int_equal(check_host_classify("host.docker.internal"), CHECK_HOST_INTERNAL);
	assert_int_equal(check_host_classify("minio.storage.svc.cluster.local"), CHECK_HOST_INTERNAL);
	assert_int_equal(check_host_classify("10.1.2.3"), CHECK_HOST_PRIVATE);
	assert_int_equal(check_host_classify("172.31.0.1"), CHECK_HOST_PRIVATE);
	assert_int_equal(check_host_classify("172.32.0.1"), CHECK_HOST_PUBLIC);
	assert_int_equal(check_host_classify("192.168.1.5"), CHECK_HOST_PRIVATE);
	assert_int_equal(check_host_classify("fd00::5"), CHECK_HOST_PRIVATE);
	assert_int_equal(check_host_classify("::ffff:127.0.0.1"), CHECK_HOST_LOOPBACK);
	assert_int_equal(check_host_classify("repo.example.org"), CHECK_HOST_PUBLIC);
	assert_int_equal(check_host_classify("8.8.8.8"), CHECK_HOST_PUBLIC);
	assert_true(check_host_is_aws("s3.eu-west-1.amazonaws.com"));
	assert_true(check_host_is_aws("s3.cn-north-1.amazonaws.com.cn"));
	assert_false(check_host_is_aws("amazonaws.com.example.org"));
}

static void csp_matching(void **state)
{
	(void)state;
	static const char *const upstream[] = { "'self'", "data:", "'unsafe-inline'", "blob:", NULL };
	static const char *const star[] = { "*", NULL };
	static const char *const https[] = { "https:", NULL };
	static const char *const wild[] = { "*.example.org", NULL };
	static const char *const port_any[] = { "http://localhost:*", NULL };
	static const char *const exact[] = { "http://localhost:9000/", NULL };
	static const char *const path[] = { "https://cdn.example.org/files/", NULL };
	static const char *const upgrade[] = { "http://s3.example.org", NULL };
	const char *site = "https://repo.example.org";
	assert_false(check_csp_allows(upstream, "http://localhost:9000/", site));
	assert_true(check_csp_allows(upstream, "https://repo.example.org/api", site));
	assert_true(check_csp_allows(star, "http://localhost:9000/", site));
	assert_true(check_csp_allows(https, "https://s3.example.org/", site));
	assert_false(check_csp_allows(https, "http://s3.example.org/", site));
	assert_true(check_csp_allows(wild, "https://s3.example.org/", site));
	assert_false(check_csp_allows(wild, "https://example.org/", site));
	assert_true(check_csp_allows(port_any, "http://localhost:9000/", site));
	assert_true(check_csp_allows(exact, "http://localhost:9000/default/key", site));
	assert_false(check_csp_allows(exact, "http://localhost:9001/", site));
	assert_true(check_csp_allows(path, "https://cdn.example.org/files/a", site));
	assert_false(check_csp_allows(path, "https://cdn.example.org/other", site));
	assert_true(check_csp_allows(upgrade, "https://s3.example.org/", site));
	assert_false(check_csp_allows(NULL, "https://s3.example.org/", site));
}

/* --- browser-reach --- */

static void browser_reach_cases(void **state)
{
	(void)state;
	static const char *const upstream_csp[] = { "'self'", "data:", "'unsafe-inline'", "blob:", NULL };
	struct check_facts f;
	struct check_result r;
	v13(&f); /* local development: site and endpoint on this machine, CSP appended */
	test_check_eval("browser-reach", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_non_null(strstr(r.message, "CSP allows it"));
	assert_int_equal(r.n_settings, 2);
	check_result_clear(&r);

	f.instance.site_ui_url.value = "https://repo.example.org";
	test_check_expect("browser-reach", &f, CHECK_WARN, "host localhost is loopback while SITE_UI_URL host "
				      "repo.example.org is public");

	f.instance.site_ui_url.value = "https://127.0.0.1";
	f.instance.s3_endpoint_url.value = "http://s3:9000/";
	test_check_expect("browser-reach", &f, CHECK_WARN, "container-internal");

	f.instance.site_ui_url.value = "https://repo.example.org";
	f.instance.s3_endpoint_url.value = "https://192.168.1.5:9000/";
	test_check_expect("browser-reach", &f, CHECK_WARN, "private address");

	f.instance.s3_endpoint_url.value = "http://s3.example.org/";
	test_check_expect("browser-reach", &f, CHECK_WARN, "mixed content");

	f.instance.s3_endpoint_url.value = "https://s3.example.org/";
	f.instance.csp_appends_endpoint = 0;
	f.instance.csp_default_src = upstream_csp;
	test_check_eval("browser-reach", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "content security policy"));
	assert_non_null(strstr(r.remedy, "['default-src'].append(S3_ENDPOINT_URL)"));
	check_result_clear(&r);

	f.instance.csp_default_src = NULL; /* CSP not readable: not judged */
	test_check_expect("browser-reach", &f, CHECK_OK, "not checked");

	f.instance.s3_endpoint_url.value = NULL;
	test_check_expect("browser-reach", &f, CHECK_SKIPPED, NULL);
}

/* --- wiring --- */

static void wiring_cases(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13_configured(&f);
	test_check_expect("wiring", &f, CHECK_OK, NULL);

	f.instance.file_storage.value = "local";
	test_check_eval("wiring", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.remedy, "file_storage = S3"));
	check_result_clear(&r);

	v13_configured(&f);
	f.instance.files_rest_storage_factory.value = NULL; /* default: local files */
	test_check_expect("wiring", &f, CHECK_WARN, "new files go to disk");

	v13_configured(&f);
	f.instance.s3_endpoint_url.value = NULL;
	f.instance.s3_access_key_id.value = NULL;
	f.instance.s3_secret_access_key.value = NULL;
	test_check_expect("wiring", &f, CHECK_CRIT, NULL);

	f.instance.files_rest_storage_factory.value = "my_site.storage.factory";
	test_check_expect("wiring", &f, CHECK_INFO, NULL);
}

/* --- client-compat --- */

static void client_compat_checksums(void **state)
{
	(void)state;
	static const char line[] =
		"S3_CONFIG_EXTRA = {\"request_checksum_calculation\": \"when_required\", "
		"\"response_checksum_validation\": \"when_required\"}";
	struct check_facts f;
	struct check_result r;
	v13_configured(&f); /* upstream: MinIO, no S3_CONFIG_EXTRA */
	test_check_eval("client-compat", &f, &r);
	/* no guess from the server's name: the canary check measures it */
	assert_int_equal(r.status, CHECK_INFO);
	assert_non_null(strstr(r.message, "does not set request_checksum_calculation"));
	assert_non_null(strstr(r.message, "canary check"));
	assert_non_null(strstr(r.remedy, line));
	check_result_clear(&r);

	f.instance.s3_config_extra.value = "{\"request_checksum_calculation\": \"when_required\", "
					   "\"response_checksum_validation\": \"when_required\"}";
	test_check_expect("client-compat", &f, CHECK_OK, NULL);

	/* botocore lower-cases the values: the spelling of FACTS.md works. */
	f.instance.s3_config_extra.value = "dict(request_checksum_calculation='WHEN_REQUIRED', "
					   "response_checksum_validation = 'WHEN_REQUIRED')";
	test_check_expect("client-compat", &f, CHECK_OK, NULL);

	/* the response side alone matters little: an INFO */
	f.instance.s3_config_extra.value = "{'request_checksum_calculation': 'when_required', "
					   "'response_checksum_validation': 'when_supported'}";
	f.instance.s3_config_extra.where = "invenio.cfg:90";
	test_check_expect("client-compat", &f, CHECK_INFO, "does not set response_checksum_validation");

	/* AWS itself handles the new checksums. */
	f.instance.s3_config_extra.value = NULL;
	f.instance.s3_endpoint_url.value = "https://s3.eu-west-1.amazonaws.com";
	test_check_expect("client-compat", &f, CHECK_OK, NULL);
}

static void client_compat_endpoint_and_signature(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	v13_configured(&f);
	f.instance.s3_config_extra.value = "{'request_checksum_calculation': 'when_required', "
					   "'response_checksum_validation': 'when_required'}";
	f.instance.s3_endpoint_url.value = "localhost:9000";
	test_check_expect("client-compat", &f, CHECK_CRIT, "has no scheme");

	f.instance.s3_endpoint_url.value = "http://localhost:9000/default";
	test_check_eval("client-compat", &f, &r);
	assert_int_equal(r.status, CHECK_WARN);
	assert_non_null(strstr(r.message, "has a path (/default)"));
	assert_non_null(strstr(r.remedy, "http://localhost/"));
	check_result_clear(&r);

	f.instance.s3_endpoint_url.value = "https://my-bucket.s3.eu-west-1.amazonaws.com";
	test_check_expect("client-compat", &f, CHECK_WARN, "names the bucket my-bucket in its host");

	f.instance.s3_endpoint_url.value = "https://s3.dualstack.eu-west-1.amazonaws.com";
	test_check_expect("client-compat", &f, CHECK_OK, NULL);

	f.instance.s3_endpoint_url.value = "http://localhost:9000/";
	f.instance.s3_signature_version.value = "s3";
	test_check_expect("client-compat", &f, CHECK_WARN, "S3_SIGNATURE_VERSION is 's3'");

	f.instance.s3_signature_version.value = "s3v4";
	test_check_expect("client-compat", &f, CHECK_OK, NULL);

	f.instance.s3_signature_version.value = NULL;
	f.instance.s3_endpoint_url.value = NULL;
	test_check_expect("client-compat", &f, CHECK_SKIPPED, NULL);
}

/* --- minio-image --- */

static enum check_status image_status(const char *image, struct check_result *r)
{
	struct check_facts f;
	v13_configured(&f);
	f.instance.minio_image.value = image;
	test_check_eval("minio-image", &f, r);
	return r->status;
}

static void minio_image_cases(void **state)
{
	(void)state;
	struct check_result r;
	assert_int_equal(image_status("minio/minio:RELEASE.2022-10-24T18-35-07Z", &r), CHECK_INFO);
	assert_non_null(strstr(r.message, "still serves folders as buckets"));
	assert_non_null(strstr(r.message, "not a tag bump"));
	assert_non_null(strstr(r.remedy, "mc mirror"));
	check_result_clear(&r);
	assert_int_equal(image_status("quay.io/minio/minio:RELEASE.2022-10-28T00-00-00Z", &r),
			 CHECK_INFO);
	check_result_clear(&r);
	/* The release that removed the FS mode, and later ones. */
	assert_int_equal(image_status("minio/minio:RELEASE.2022-10-29T06-21-33Z", &r), CHECK_OK);
	check_result_clear(&r);
	assert_int_equal(image_status("minio/minio:RELEASE.2025-04-22T22-12-26Z", &r), CHECK_OK);
	check_result_clear(&r);
	assert_int_equal(image_status("minio/minio:latest", &r), CHECK_INFO);
	assert_non_null(strstr(r.message, "not pinned"));
	check_result_clear(&r);
	assert_int_equal(image_status("minio/minio:RELEASE.2022-1", &r), CHECK_INFO);
	check_result_clear(&r);
	assert_int_equal(image_status(NULL, &r), CHECK_SKIPPED);
	check_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instance_v13_placeholders),
		cmocka_unit_test(instance_configured_ok),
		cmocka_unit_test(instance_unused_minio),
		cmocka_unit_test(instance_weak_and_mismatch),
		cmocka_unit_test(instance_duplicates_and_modes),
		cmocka_unit_test(instance_engine_problems),
		cmocka_unit_test(instance_missing_broken_unknown),
		cmocka_unit_test(secret_weakness),
		cmocka_unit_test(url_split_cases),
		cmocka_unit_test(host_classes),
		cmocka_unit_test(csp_matching),
		cmocka_unit_test(browser_reach_cases),
		cmocka_unit_test(wiring_cases),
		cmocka_unit_test(client_compat_checksums),
		cmocka_unit_test(client_compat_endpoint_and_signature),
		cmocka_unit_test(minio_image_cases),
	};
	return cmocka_run_group_tests_name("check_config", tests, NULL, NULL);
}
