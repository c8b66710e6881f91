/* IAM's error paths that moto does not reproduce, with canned AWS answers
 * from tests/helpers/http_stub over real HTTP on 127.0.0.1: the two-key
 * limit (LimitExceeded), an Inactive key (IAM answers InvalidClientTokenId,
 * S3 InvalidAccessKeyId), a request signed for another region than
 * us-east-1 (SignatureDoesNotMatch "Credential should be scoped to a valid
 * region"), and AWS's own CreateAccessKey answer (with its namespace).
 * The stub's log shows what went on the wire: the form body, the
 * "iam" signing scope, and no secret. The answers follow AWS's documented
 * ErrorResponse format; the texts are AWS's messages as users report them. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/http_stub.h"
#include "s3/admin/iam.h"
#include "s3/client.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define NS "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\""
#define ERR(status, code, msg)                                                          \
	status "\nContent-Type: text/xml\n\n<ErrorResponse " NS "><Error><Type>Sender</Type>" \
	"<Code>" code "</Code><Message>" msg "</Message></Error>"                          \
	"<RequestId>0d1c2b3a-1111-2222-3333-444455556666</RequestId></ErrorResponse>"

#define SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"

static void no_sleep(void *ctx, long ms) { (void)ctx; (void)ms; }

struct fixture {
	struct http_stub stub;
	char *dir, *log_path, *url;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *base = getenv("RDM_S3_TEST_RUN");
	char *parent = xstrdup(base ? base : "/tmp");
	/* 0755: other tests run children as an unprivileged user below it. */
	mkdir(parent, 0755);
	f->dir = xasprintf("%s/iam_stub.XXXXXX", parent);
	free(parent);
	if (!mkdtemp(f->dir))
		fail_msg("mkdtemp %s failed", f->dir);
	f->log_path = xasprintf("%s/stub.log", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_stub_stop(&f->stub);
	unlink(f->log_path);
	rmdir(f->dir);
	free(f->log_path), free(f->dir), free(f->url), free(f);
	return 0;
}

static struct s3_client *start(struct fixture *f, const char *const *script, size_t n,
			       const char *region)
{
	assert_int_equal(http_stub_start(&f->stub, script, n, f->log_path), 0);
	f->url = xasprintf("http://127.0.0.1:%d", f->stub.port);
	struct s3_credentials cr = { "AKIAIOSFODNN7EXAMPLE", "admin-secret-never-sent", NULL };
	struct s3_client_config cfg = { .endpoint = f->url, .creds = &cr, .region = region,
					.server = S3_SERVER_AWS,
					.retry = { .max_attempts = 1, .sleep_ms = no_sleep } };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	assert_non_null(c);
	return c;
}

static char *wire(const struct fixture *f)
{
	struct buf b = BUF_INIT;
	FILE *fp = fopen(f->log_path, "r");
	char tmp[4096];
	size_t n;
	while (fp && (n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_append(&b, tmp, n);
	if (fp)
		fclose(fp);
	return buf_detach(&b);
}

static void expect(int rc, struct s3_status *st, long http, const char *code, const char *says)
{
	assert_int_equal(rc, -1);
	assert_int_equal(st->http_status, http);
	assert_string_equal(st->code, code);
	assert_non_null(st->remedy);
	if (!st->explanation || !strstr(st->explanation, says))
		fail_msg("explanation lacks \"%s\": %s", says, st->explanation);
	s3_status_clear(st);
}

static void create_key_answer_and_limit(void **state)
{
	struct fixture *f = *state;
	const char *script[] = {
		"200\nContent-Type: text/xml\n\n<CreateAccessKeyResponse " NS "><CreateAccessKeyResult>"
		"<AccessKey><UserName>invenio-app</UserName><AccessKeyId>AKIAIOSFODNN7NEWKEY1"
		"</AccessKeyId><Status>Active</Status><SecretAccessKey>" SECRET "</SecretAccessKey>"
		"<CreateDate>2026-12-03T10:00:00Z</CreateDate></AccessKey></CreateAccessKeyResult>"
		"<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>"
		"</ResponseMetadata></CreateAccessKeyResponse>",
		ERR("409", "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"),
	};
	struct s3_client *c = start(f, script, 2, IAM_SIGNING_REGION);
	struct s3_status st = S3_STATUS_INIT;
	struct iam_access_key k;
	char *sk = NULL;
	assert_int_equal(iam_create_access_key(c, "invenio-app", &k, &sk, &st), 0);
	assert_string_equal(k.access_key_id, "AKIAIOSFODNN7NEWKEY1");
	assert_string_equal(k.user_name, "invenio-app");
	assert_string_equal(k.status, "Active");
	assert_string_equal(k.create_date, "2026-12-03T10:00:00Z");
	assert_string_equal(sk, SECRET);
	iam_access_key_free(&k);
	secret_free(sk);
	s3_status_clear(&st);
	expect(iam_create_access_key(c, "invenio-app", &k, &sk, &st), &st, 409, "LimitExceeded",
	       "most access keys");
	assert_null(sk);
	char *log = wire(f);
	assert_non_null(strstr(log, "POST / HTTP/1.1"));
	assert_non_null(strstr(log, "Action=CreateAccessKey&UserName=invenio-app&Version=2010-05-08"));
	assert_non_null(strstr(log, "/us-east-1/iam/aws4_request"));
	assert_non_null(strstr(log, "application/x-www-form-urlencoded"));
	assert_null(strstr(log, "admin-secret-never-sent"));
	free(log);
	s3_client_free(c);
}

/* UpdateAccessKey Inactive, then the inactive key is used: IAM rejects it
 * (moto would still accept it). */
static void inactive_key_rejected(void **state)
{
	struct fixture *f = *state;
	const char *script[] = {
		"200\nContent-Type: text/xml\n\n<UpdateAccessKeyResponse " NS "><ResponseMetadata>"
		"<RequestId>1</RequestId></ResponseMetadata></UpdateAccessKeyResponse>",
		ERR("403", "InvalidClientTokenId", "The security token included in the request is invalid."),
	};
	struct s3_client *c = start(f, script, 2, IAM_SIGNING_REGION);
	struct s3_status st = S3_STATUS_INIT;
	assert_int_equal(iam_update_access_key(c, "invenio-app", "AKIAOLD", 0, &st), 0);
	s3_status_clear(&st);
	struct iam_access_keys l;
	expect(iam_list_access_keys(c, NULL, &l, &st), &st, 403, "InvalidClientTokenId", "Inactive");
	char *log = wire(f);
	assert_non_null(strstr(log, "Action=UpdateAccessKey&AccessKeyId=AKIAOLD&Status=Inactive"
				    "&UserName=invenio-app&Version=2010-05-08"));
	assert_non_null(strstr(log, "Action=ListAccessKeys&Version=2010-05-08"));
	free(log);
	s3_client_free(c);
}

static void wrong_signing_region(void **state)
{
	struct fixture *f = *state;
	const char *script[] = {
		ERR("403", "SignatureDoesNotMatch",
		    "Credential should be scoped to a valid region, not 'eu-west-1'. "),
	};
	struct s3_client *c = start(f, script, 1, "eu-west-1");
	struct s3_status st = S3_STATUS_INIT;
	struct iam_user u;
	expect(iam_get_user(c, NULL, &u, &st), &st, 403, "SignatureDoesNotMatch", "us-east-1");
	char *log = wire(f);
	assert_non_null(strstr(log, "/eu-west-1/iam/aws4_request"));
	free(log);
	s3_client_free(c);
}

static void no_such_entity_and_garbage(void **state)
{
	struct fixture *f = *state;
	const char *script[] = {
		ERR("404", "NoSuchEntity", "The user with name ghost cannot be found."),
		ERR("404", "NoSuchEntity", "The Access Key with id AKIAGONE cannot be found."),
		"200\nContent-Type: text/html\n\n<html><title>Login</title></html>",
	};
	struct s3_client *c = start(f, script, 3, IAM_SIGNING_REGION);
	struct s3_status st = S3_STATUS_INIT;
	struct iam_user u;
	expect(iam_get_user(c, "ghost", &u, &st), &st, 404, "NoSuchEntity", "there is no user ghost");
	expect(iam_delete_access_key(c, "app", "AKIAGONE", &st), &st, 404, "NoSuchEntity",
	       "AKIAGONE does not exist");
	assert_int_equal(iam_get_user(c, NULL, &u, &st), -1);
	assert_int_equal(st.http_status, 200);
	assert_true(st.body_malformed);
	assert_non_null(strstr(st.explanation, "cannot be read"));
	s3_status_clear(&st);
	s3_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_key_answer_and_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(inactive_key_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_signing_region, setup, teardown),
		cmocka_unit_test_setup_teardown(no_such_entity_and_garbage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
