/* ops/rotate: which failed answers prove a key refused (the last step of a
 * rotation polls until the old key gets one), from the answers the servers
 * give: an unknown key (InvalidAccessKeyId: S3, RGW, MinIO), a wrong or
 * replaced secret (SignatureDoesNotMatch), an IAM key deleted or made
 * Inactive (InvalidClientTokenId, as AWS answers IAM calls), a HEAD's 403
 * without a body; and what does not: a known key without the permission
 * (AccessDenied), a server error, no answer at all. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ops/rotate/rotate_int.h"

static int refused(long http, const char *code, enum s3_transport_error t)
{
	struct s3_status st = S3_STATUS_INIT;
	st.transport = t;
	st.http_status = http;
	st.code = (char *)code;
	return rotate_refused_for_key(&st);
}

static void answers(void **state)
{
	(void)state;
	assert_true(refused(403, "InvalidAccessKeyId", S3_TRANSPORT_OK));
	assert_true(refused(403, "SignatureDoesNotMatch", S3_TRANSPORT_OK));
	assert_true(refused(403, "InvalidClientTokenId", S3_TRANSPORT_OK));
	assert_true(refused(400, "AuthorizationHeaderMalformed", S3_TRANSPORT_OK));
	assert_true(refused(403, NULL, S3_TRANSPORT_OK)); /* HEAD: no body */
	assert_false(refused(403, "AccessDenied", S3_TRANSPORT_OK));
	assert_false(refused(404, "NoSuchBucket", S3_TRANSPORT_OK));
	assert_false(refused(500, "InternalError", S3_TRANSPORT_OK));
	assert_false(refused(0, NULL, S3_TRANSPORT_REFUSED));
	assert_false(refused(0, NULL, S3_TRANSPORT_TIMEOUT));
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(answers) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
