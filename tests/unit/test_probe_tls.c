/* The TLS probe against TLS servers this test runs on 127.0.0.1, with
 * certificates made at test time by the openssl CLI: self-signed for
 * localhost expiring in 5 days, one for another name, and one that
 * expired yesterday. Verification is always on; trust comes from the
 * system store plus the CA file. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "probe_server.h"
#include "s3/probe/probe.h"
#include "util/xalloc.h"

struct certs {
	char *dir;
	int made; /* the openssl CLI produced them */
	char *good_cert, *good_key;   /* CN=localhost, 5 days */
	char *wrong_cert, *wrong_key; /* CN=wrong.example */
	char *expired_cert;           /* CN=localhost, expired, good_key */
};

static struct certs *C(void **state)
{
	return *state;
}

static void prerequisite_missing(const char *what)
{
	const char *ci = getenv("CI");
	if (ci && !strcmp(ci, "true"))
		fail_msg("prerequisite missing (CI=true): %s", what);
	print_message("# skipped: %s\n", what);
	skip();
}

static void need_certs(void **state)
{
	if (!C(state)->made)
		prerequisite_missing("the openssl command could not make test certificates");
}

/* Runs the TLS probe against a TLS server with cert/key. */
static void tls_probe(const char *cert, const char *key, const char *host, const char *ca,
		      struct probe_results *res)
{
	struct probe_srv srv;
	assert_int_equal(probe_srv_start(&srv, PROBE_SRV_TLS, cert, key, 0), 0);
	/* A bound, not a measure: the handshake ends long before (a sanitizer
	 * build on a loaded machine can take seconds). */
	struct probe_config cfg = { .host = host, .port = (unsigned)srv.port, .ca_file = ca,
				    .https = 1, .timeout_ms = 60000 };
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(probe_all(&cfg, PROBE_TLS, res, &err), 0);
	probe_srv_stop(&srv);
	assert_true(res->tls.done);
}

/* The probe's verdict, with what it said when it is not the one wanted. */
static void assert_tls_error(const struct probe_tls_result *t, enum probe_error want)
{
	if (t->error != want)
		fail_msg("TLS probe: %s (%s), want %s", probe_error_name(t->error), t->detail ? t->detail : "",
			 probe_error_name(want));
}

static void assert_days_4_or_5(const struct probe_tls_result *t, const char *cert)
{
	assert_true(t->have_cert);
	if (t->days_left != 4 && t->days_left != 5)
		fail_msg("days_left %ld, want 4 or 5", t->days_left);
	/* notAfter is the certificate's, to the second. */
	assert_int_equal((long long)t->not_after, probe_cert_not_after(cert));
	assert_true(t->not_before <= t->not_after);
}

static void test_self_signed_untrusted(void **state)
{
	need_certs(state);
	struct probe_results res;
	tls_probe(C(state)->good_cert, C(state)->good_key, "localhost", NULL, &res);
	assert_tls_error(&res.tls, PROBE_ERR_TLS_UNTRUSTED);
	assert_false(res.tls.verified);
	assert_int_equal(res.tls.verify_code, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
	assert_string_equal(res.tls.verify_error,
			    X509_verify_cert_error_string(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT));
	/* The certificate is still described, for the message. */
	assert_days_4_or_5(&res.tls, C(state)->good_cert);
	assert_string_equal(res.tls.subject_cn, "localhost");
	assert_string_equal(res.tls.issuer_cn, "localhost");
	assert_null(res.tls.protocol);
	assert_int_equal(probe_error_transport(res.tls.error), S3_TRANSPORT_TLS_VERIFY);
	probe_results_free(&res);
}

static void test_self_signed_with_ca_file(void **state)
{
	need_certs(state);
	const char *hosts[] = { "localhost", "127.0.0.1" }; /* a DNS and an IP SAN */
	for (size_t i = 0; i < 2; i++) {
		struct probe_results res;
		tls_probe(C(state)->good_cert, C(state)->good_key, hosts[i], C(state)->good_cert, &res);
		if (res.tls.error != PROBE_OK)
			fail_msg("%s: %s (%s)", hosts[i], probe_error_name(res.tls.error),
				 res.tls.detail ? res.tls.detail : "");
		assert_true(res.tls.verified);
		assert_int_equal(res.tls.verify_code, X509_V_OK);
		assert_null(res.tls.verify_error);
		assert_days_4_or_5(&res.tls, C(state)->good_cert);
		assert_non_null(res.tls.protocol);
		assert_true(res.tls.latency >= 0);
		char want[32];
		assert_non_null(res.tls.address);
		snprintf(want, sizeof want, "127.0.0.1:");
		assert_memory_equal(res.tls.address, want, strlen(want));
		probe_results_free(&res);
	}
}

static void test_name_mismatch(void **state)
{
	need_certs(state);
	struct probe_results res;
	tls_probe(C(state)->wrong_cert, C(state)->wrong_key, "localhost", C(state)->wrong_cert, &res);
	assert_tls_error(&res.tls, PROBE_ERR_TLS_NAME_MISMATCH);
	assert_false(res.tls.verified);
	assert_int_equal(res.tls.verify_code, X509_V_ERR_HOSTNAME_MISMATCH);
	assert_non_null(res.tls.verify_error);
	assert_string_equal(res.tls.subject_cn, "wrong.example");
	probe_results_free(&res);
	/* By IP address: the certificate has no IP SAN either. */
	tls_probe(C(state)->wrong_cert, C(state)->wrong_key, "127.0.0.1", C(state)->wrong_cert, &res);
	assert_tls_error(&res.tls, PROBE_ERR_TLS_NAME_MISMATCH);
	assert_int_equal(res.tls.verify_code, X509_V_ERR_IP_ADDRESS_MISMATCH);
	probe_results_free(&res);
	/* Without the CA the first problem met is trust. */
	tls_probe(C(state)->wrong_cert, C(state)->wrong_key, "localhost", NULL, &res);
	assert_tls_error(&res.tls, PROBE_ERR_TLS_UNTRUSTED);
	probe_results_free(&res);
}

static void test_expired(void **state)
{
	need_certs(state);
	struct probe_results res;
	tls_probe(C(state)->expired_cert, C(state)->good_key, "localhost", C(state)->expired_cert,
		  &res);
	assert_tls_error(&res.tls, PROBE_ERR_TLS_EXPIRED);
	assert_int_equal(res.tls.verify_code, X509_V_ERR_CERT_HAS_EXPIRED);
	assert_string_equal(res.tls.verify_error,
			    X509_verify_cert_error_string(X509_V_ERR_CERT_HAS_EXPIRED));
	assert_true(res.tls.have_cert);
	assert_true(res.tls.not_after < time(NULL));
	assert_true(res.tls.days_left < 0);
	assert_int_equal((long long)res.tls.not_after, probe_cert_not_after(C(state)->expired_cert));
	probe_results_free(&res);
}

static void test_bad_ca_file(void **state)
{
	need_certs(state);
	char *missing = xasprintf("%s/no-such-ca.pem", C(state)->dir);
	struct probe_results res;
	tls_probe(C(state)->good_cert, C(state)->good_key, "localhost", missing, &res);
	assert_tls_error(&res.tls, PROBE_ERR_CA_FILE);
	assert_non_null(res.tls.detail);
	assert_non_null(strstr(res.tls.detail, missing));
	probe_results_free(&res);
	free(missing);
}

/* A listener that accepts and never speaks: the handshake times out. */
static void test_handshake_timeout(void **state)
{
	struct probe_srv srv;
	assert_int_equal(probe_srv_start(&srv, PROBE_SRV_SILENT, NULL, NULL, 0), 0);
	struct probe_config cfg = { .host = "127.0.0.1", .port = (unsigned)srv.port,
				    .timeout_ms = 300 };
	struct probe_results res;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(probe_all(&cfg, PROBE_TLS, &res, &err), 0);
	probe_srv_stop(&srv);
	assert_true(res.tls.done);
	assert_tls_error(&res.tls, PROBE_ERR_TIMEOUT);
	assert_false(res.tls.verified);
	assert_false(res.tls.have_cert);
	probe_results_free(&res);
}

/* Plain HTTP on the port: not a TLS server. */
static void test_not_tls(void **state)
{
	struct probe_srv srv;
	assert_int_equal(probe_srv_start(&srv, PROBE_SRV_HTTP, NULL, NULL, 0), 0);
	struct probe_config cfg = { .host = "127.0.0.1", .port = (unsigned)srv.port };
	struct probe_results res;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(probe_all(&cfg, PROBE_TLS, &res, &err), 0);
	probe_srv_stop(&srv);
	assert_tls_error(&res.tls, PROBE_ERR_TLS_HANDSHAKE);
	assert_non_null(res.tls.detail);
	assert_int_equal(probe_error_transport(res.tls.error), S3_TRANSPORT_TLS);
	probe_results_free(&res);
}

static void test_refused(void **state)
{
	int port = probe_srv_unused_port();
	struct probe_config cfg = { .host = "127.0.0.1", .port = (unsigned)port };
	struct probe_results res;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(probe_all(&cfg, PROBE_TLS, &res, &err), 0);
	assert_tls_error(&res.tls, PROBE_ERR_REFUSED);
	probe_results_free(&res);
}

static void test_classify(void **state)
{
	assert_int_equal(probe_error_transport(PROBE_ERR_TLS_EXPIRED), S3_TRANSPORT_TLS_VERIFY);
	assert_int_equal(probe_error_transport(PROBE_ERR_CA_FILE), S3_TRANSPORT_TLS);
}

static int group_setup(void **state)
{
	signal(SIGPIPE, SIG_IGN); /* the test servers write to clients that hang up */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	const char *run = getenv("RDM_S3_TEST_RUN");
	struct certs *c = xcalloc(1, sizeof *c);
	c->dir = xasprintf("%s/probe-tls-%ld", run ? run : "/tmp", (long)getpid());
	char *parent = xstrdup(c->dir);
	*strrchr(parent, '/') = '\0';
	mkdir(parent, 0755); /* the shared run folder: test_plan's unprivileged child must reach it */
	free(parent);
	if (mkdir(c->dir, 0700) != 0)
		return -1;
	c->made = probe_make_cert(c->dir, "good", "localhost", "DNS:localhost,IP:127.0.0.1", 5,
				  &c->good_cert, &c->good_key) == 0 &&
		  probe_make_cert(c->dir, "wrong", "wrong.example", "DNS:wrong.example", 30,
				  &c->wrong_cert, &c->wrong_key) == 0 &&
		  probe_make_expired_cert(c->dir, c->good_key, "localhost", &c->expired_cert) == 0;
	*state = c;
	return 0;
}

static void remove_file(char *path)
{
	if (path)
		unlink(path);
	free(path);
}

static int group_teardown(void **state)
{
	struct certs *c = *state;
	remove_file(c->good_cert);
	remove_file(c->good_key);
	remove_file(c->wrong_cert);
	remove_file(c->wrong_key);
	remove_file(c->expired_cert);
	remove_file(xasprintf("%s/openssl.log", c->dir));
	rmdir(c->dir);
	free(c->dir);
	free(c);
	curl_global_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self_signed_untrusted),
		cmocka_unit_test(test_self_signed_with_ca_file),
		cmocka_unit_test(test_name_mismatch),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_bad_ca_file),
		cmocka_unit_test(test_handshake_timeout),
		cmocka_unit_test(test_not_tls),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_classify),
	};
	return cmocka_run_group_tests_name("probe_tls", tests, group_setup, group_teardown);
}
