/* Secrets of the admin APIs: fresh key pairs (format, no repeats), secrets
 * cut out of JSON (RGW) and XML (IAM) answers and blanked there, JSON
 * string escaping of encrypted bodies, admin JSON error bodies, and the
 * request a MinIO admin call sends (fake transport): path, signing scope,
 * and a body that is encrypted (no secret in clear) and that decrypts, with
 * the admin secret, to the expected JSON. */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "s3/admin/admin_call.h"
#include "s3/admin/admin_secret.h"
#include "s3/admin/madmin_crypt.h"
#include "s3/admin/minio_admin.h"
#include "s3/admin/rgw_admin.h"
#include "s3/http/http_fake.h"
#include "util/secret.h"
#include "util/xalloc.h"

static void key_pairs(void **state)
{
	(void)state;
	struct rdm_error err = RDM_ERROR_INIT;
	char *a1, *s1, *a2, *s2;
	assert_int_equal(s3_admin_new_key_pair("RDM", &a1, &s1, &err), 0);
	assert_int_equal(s3_admin_new_key_pair("RDM", &a2, &s2, &err), 0);
	assert_int_equal(strlen(a1), 20);
	assert_int_equal(strlen(s1), 40);
	assert_memory_equal(a1, "RDM", 3);
	for (size_t i = 0; i < 20; i++)
		assert_true(isupper((unsigned char)a1[i]) || isdigit((unsigned char)a1[i]));
	for (size_t i = 0; i < 40; i++)
		assert_true(isalnum((unsigned char)s1[i]));
	assert_string_not_equal(a1, a2);
	assert_string_not_equal(s1, s2);
	free(a1), free(a2), secret_free(s1), secret_free(s2);
}

static void json_secret_cut_out(void **state)
{
	(void)state;
	char body[] = "[{\"user\":\"u\",\"access_key\":\"OLD\",\"secret_key\":\"old-secret\"},"
		      "{\"user\":\"u\", \"secret_key\" : \"n\\/ew\\\"s\", \"access_key\":\"NEW\"}]";
	char *secret = NULL;
	assert_int_equal(s3_admin_take_json_secret(body, strlen(body), "NEW", &secret), 0);
	assert_string_equal(secret, "n/ew\"s");
	assert_null(strstr(body, "old-secret"));
	assert_null(strstr(body, "ew"));
	assert_non_null(strstr(body, "\"access_key\":\"OLD\""));
	secret_free(secret);
	char missing[] = "[{\"access_key\":\"A\",\"secret_key\":\"x\"}]";
	assert_int_equal(s3_admin_take_json_secret(missing, strlen(missing), "B", &secret), 0);
	assert_null(secret);
	char cut[] = "{\"access_key\":\"A\",\"secret_key\":\"unterminated";
	assert_int_equal(s3_admin_take_json_secret(cut, strlen(cut), "A", &secret), -1);
	assert_null(secret);
	char esc[] = "{\"access_key\":\"A\",\"secret_key\":\"\\u0041\"}";
	assert_int_equal(s3_admin_take_json_secret(esc, strlen(esc), "A", &secret), -1);
}

static void xml_secret_cut_out(void **state)
{
	(void)state;
	char body[] = "<R><SecretAccessKey>a&amp;b/c+d</SecretAccessKey><X>1</X></R>";
	char *secret = NULL;
	assert_int_equal(s3_admin_take_xml_secret(body, strlen(body), "SecretAccessKey", &secret), 0);
	assert_string_equal(secret, "a&b/c+d");
	assert_string_equal(body, "<R><SecretAccessKey>***********</SecretAccessKey><X>1</X></R>");
	secret_free(secret);
	char bad[] = "<R><SecretAccessKey>a&bogus;</SecretAccessKey></R>";
	assert_int_equal(s3_admin_take_xml_secret(bad, strlen(bad), "SecretAccessKey", &secret), -1);
	char cut[] = "<R><SecretAccessKey>abc";
	assert_int_equal(s3_admin_take_xml_secret(cut, strlen(cut), "SecretAccessKey", &secret), -1);
	assert_null(secret);
}

static void json_strings_and_errors(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	s3_admin_json_string(&b, "a\"b\\c\n");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\u000a\"");
	buf_free(&b);
	struct s3_status st = S3_STATUS_INIT;
	const char *rgw = "{\"Code\":\"NoSuchUser\",\"Message\":\"\",\"RequestId\":\"tx01\",\"HostId\":\"h\"}";
	assert_int_equal(s3_admin_status_from_json(&st, rgw, strlen(rgw)), 1);
	assert_string_equal(st.code, "NoSuchUser");
	assert_string_equal(st.request_id, "tx01");
	s3_status_clear(&st);
	assert_int_equal(s3_admin_status_from_json(&st, "<Error/>", 8), 0);
	assert_int_equal(s3_admin_status_from_json(&st, "{\"Code\":\"\"}", 11), 0);
	assert_null(st.code);
}

static struct s3_client *fake_client(struct s3_transport *t)
{
	struct s3_credentials cr = { "minioadmin", "root-password-123", NULL };
	struct s3_client_config cfg = { .endpoint = "http://127.0.0.1:9000", .creds = &cr,
					.path_style = 1, .transport = t };
	return s3_client_new(&cfg, NULL);
}

static void minio_request_on_the_wire(void **state)
{
	(void)state;
	struct s3_transport *t = s3_fake_transport_new();
	struct s3_client *c = fake_client(t);
	s3_fake_push_simple(t, 200, NULL, "");
	s3_fake_push_simple(t, 404, "Content-Type: application/json\n",
			    "{\"Code\":\"XMinioAdminNoSuchUser\",\"Message\":\"The specified user "
			    "does not exist.\",\"RequestId\":\"18A\"}");
	struct s3_status st = S3_STATUS_INIT;
	assert_int_equal(minio_admin_add_service_account(c, "invenio", "RDMKEY", "app-secret-xyz",
							 NULL, &st), 0);
	s3_status_clear(&st);
	const struct s3_fake_request *r = s3_fake_request_at(t, 0);
	assert_string_equal(r->method, "PUT");
	assert_string_equal(r->url, "http://127.0.0.1:9000/minio/admin/v3/add-service-account");
	assert_non_null(strstr(s3_fake_request_header(r, "Authorization"), "/s3/aws4_request"));
	assert_string_equal(s3_fake_request_header(r, "Content-Type"), "application/octet-stream");
	assert_true(madmin_is_encrypted(r->body.data, r->body.len));
	assert_null(memmem(r->body.data, r->body.len, "app-secret-xyz", 14));
	struct buf plain = BUF_INIT;
	assert_int_equal(madmin_decrypt("root-password-123", r->body.data, r->body.len, &plain, NULL), 0);
	assert_string_equal(plain.data, "{\"targetUser\":\"invenio\",\"accessKey\":\"RDMKEY\","
					"\"secretKey\":\"app-secret-xyz\"}");
	buf_free_secret(&plain);

	struct minio_user_info ui;
	assert_int_equal(minio_admin_user_info(c, "ghost", &ui, &st), -1);
	assert_string_equal(st.code, "XMinioAdminNoSuchUser");
	assert_string_equal(st.request_id, "18A");
	assert_non_null(strstr(st.explanation, "there is no user ghost"));
	assert_string_equal(s3_fake_request_at(t, 1)->url,
			    "http://127.0.0.1:9000/minio/admin/v3/user-info?accessKey=ghost");
	s3_status_clear(&st);
	s3_client_free(c);
	s3_transport_free(t);
}

/* RGW's query is signed and sent sorted, the bare "key" as "key=". */
static void rgw_query_on_the_wire(void **state)
{
	(void)state;
	struct s3_transport *t = s3_fake_transport_new();
	struct s3_client *c = fake_client(t);
	s3_fake_push_simple(t, 200, NULL,
			    "[{\"user\":\"u\",\"access_key\":\"RDMNEW\",\"secret_key\":\"gen-secret\"}]");
	struct s3_status st = S3_STATUS_INIT;
	char *sk = NULL;
	assert_int_equal(rgw_admin_create_key(c, "u", "RDMNEW", &sk, &st), 0);
	assert_string_equal(sk, "gen-secret");
	assert_string_equal(s3_fake_request_at(t, 0)->url,
			    "http://127.0.0.1:9000/admin/user?access-key=RDMNEW&generate-key=true"
			    "&key=&key-type=s3&uid=u");
	secret_free(sk);
	s3_status_clear(&st);
	s3_client_free(c);
	s3_transport_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_pairs),
		cmocka_unit_test(json_secret_cut_out),
		cmocka_unit_test(xml_secret_cut_out),
		cmocka_unit_test(json_strings_and_errors),
		cmocka_unit_test(minio_request_on_the_wire),
		cmocka_unit_test(rgw_query_on_the_wire),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
