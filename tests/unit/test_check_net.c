/* Verdicts of the network-level checks (dns, tcp, tls, clock) from canned
 * facts, including the threshold edges (TLS 21/7 days, clock 60/300 s). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/check.h"
#include "../helpers/check_verdict.h"

#define NOW ((time_t)1750000000) /* 2025-06-15 15:06:40 UTC */
#define DAY 86400

static void base(struct check_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->target.now = NOW;
	f->target.endpoint.value = "https://s3.example.org/";
	f->target.endpoint.where = "invenio.cfg:73";
	f->target.host = "s3.example.org";
	f->target.port = 443;
	f->target.https = 1;
}

static void dns_resolves(void **state)
{
	(void)state;
	static const char *const addrs[] = { "192.0.2.1", "192.0.2.2", NULL };
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.dns = (struct check_dns_facts){ .present = 1, .latency = 0.004, .ok = 1, .addresses = addrs };
	test_check_eval("dns", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_non_null(strstr(r.message, "192.0.2.1, 192.0.2.2"));
	assert_true(r.latency_seconds > 0.0039 && r.latency_seconds < 0.0041);
	assert_int_equal(r.n_settings, 1);
	assert_string_equal(r.settings[0], "S3_ENDPOINT_URL = https://s3.example.org/ (invenio.cfg:73)");
	check_result_clear(&r);
}

static void dns_many_addresses_shortened(void **state)
{
	(void)state;
	static const char *const addrs[] = { "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4",
					     "10.0.0.5", "10.0.0.6", NULL };
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.dns = (struct check_dns_facts){ .present = 1, .ok = 1, .addresses = addrs };
	test_check_eval("dns", &f, &r);
	assert_non_null(strstr(r.message, "10.0.0.4 and 2 more"));
	assert_null(strstr(r.message, "10.0.0.5"));
	check_result_clear(&r);
}

static void dns_failure_blocks(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.dns = (struct check_dns_facts){ .present = 1, .ok = 0, .error = "Name or service not known" };
	test_check_eval("dns", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_non_null(strstr(r.message, "s3.example.org does not resolve"));
	assert_null(strstr(r.remedy, "container"));
	check_result_clear(&r);

	/* The compose service name: the remedy explains why. */
	f.target.host = "s3";
	test_check_eval("dns", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.remedy, "container"));
	check_result_clear(&r);
}

static void dns_ip_and_missing(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.target.host = "127.0.0.1";
	test_check_eval("dns", &f, &r); /* no facts needed for an address */
	assert_int_equal(r.status, CHECK_OK);
	assert_non_null(strstr(r.message, "IP address"));
	check_result_clear(&r);

	f.target.host = "s3.example.org";
	test_check_expect("dns", &f, CHECK_UNKNOWN, NULL);

	f.target.host = NULL;
	test_check_eval("dns", &f, &r);
	assert_int_equal(r.status, CHECK_SKIPPED);
	assert_true(r.blocks);
	check_result_clear(&r);
}

static void tcp_connects(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.tcp = (struct check_tcp_facts){ .present = 1, .latency = 0.001, .address = "192.0.2.1:443" };
	test_check_eval("tcp", &f, &r);
	assert_int_equal(r.status, CHECK_OK);
	assert_string_equal(r.message, "connected to 192.0.2.1:443");
	assert_false(r.blocks);
	check_result_clear(&r);
}

static void tcp_refused_and_timeout(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.target.host = "localhost";
	f.target.port = 9000;
	f.tcp = (struct check_tcp_facts){ .present = 1, .error = S3_TRANSPORT_REFUSED };
	test_check_eval("tcp", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_string_equal(r.message, "cannot connect to localhost:9000: connection refused");
	assert_non_null(strstr(r.remedy, "nothing listens on localhost:9000"));
	check_result_clear(&r);

	f.tcp.error = S3_TRANSPORT_TIMEOUT;
	f.tcp.detail = "Connection timed out after 10001 milliseconds";
	test_check_eval("tcp", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_non_null(strstr(r.message, "timed out (Connection timed out"));
	assert_non_null(strstr(r.remedy, "firewall"));
	check_result_clear(&r);
}

/* TLS verdict for a certificate that ends `left` seconds after NOW. */
static enum check_status tls_status(long long left, struct check_result *r)
{
	struct check_facts f;
	base(&f);
	f.tls = (struct check_tls_facts){ .present = 1, .verified = 1, .have_not_after = 1,
					  .not_after = NOW + (time_t)left };
	test_check_eval("tls", &f, r);
	return r->status;
}

static void tls_thresholds(void **state)
{
	(void)state;
	struct check_result r;
	assert_int_equal(tls_status(90LL * DAY, &r), CHECK_OK);
	assert_non_null(strstr(r.message, "90 more days"));
	check_result_clear(&r);
	assert_int_equal(tls_status(21LL * DAY, &r), CHECK_OK); /* edge: 21 days is fine */
	check_result_clear(&r);
	assert_int_equal(tls_status(21LL * DAY - 1, &r), CHECK_WARN);
	assert_non_null(strstr(r.message, "expires in 20 days"));
	assert_non_null(r.remedy);
	check_result_clear(&r);
	assert_int_equal(tls_status(20LL * DAY, &r), CHECK_WARN);
	check_result_clear(&r);
	assert_int_equal(tls_status(7LL * DAY, &r), CHECK_WARN); /* edge: 7 days is a warning */
	check_result_clear(&r);
	assert_int_equal(tls_status(7LL * DAY - 1, &r), CHECK_CRIT);
	assert_non_null(strstr(r.message, "expires in 6 days"));
	assert_false(r.blocks); /* still valid: requests work */
	check_result_clear(&r);
	assert_int_equal(tls_status(-DAY, &r), CHECK_CRIT);
	assert_non_null(strstr(r.message, "expired on 2025-06-14 15:06 UTC"));
	check_result_clear(&r);
}

static void tls_untrusted_plain_and_unknown(void **state)
{
	(void)state;
	struct check_facts f;
	struct check_result r;
	base(&f);
	f.tls = (struct check_tls_facts){ .present = 1, .verified = 0,
					  .verify_error = "self-signed certificate" };
	test_check_eval("tls", &f, &r);
	assert_int_equal(r.status, CHECK_CRIT);
	assert_true(r.blocks);
	assert_non_null(strstr(r.message, "self-signed certificate"));
	assert_non_null(strstr(r.remedy, "--ca-file"));
	check_result_clear(&r);

	f.tls = (struct check_tls_facts){ .present = 1, .verified = 1 };
	test_check_expect("tls", &f, CHECK_UNKNOWN, NULL);

	f.target.https = 0;
	test_check_eval("tls", &f, &r);
	assert_int_equal(r.status, CHECK_SKIPPED);
	assert_false(r.blocks); /* plain http is no failure of the dependents */
	check_result_clear(&r);
}

static enum check_status clock_status(long long skew, struct check_result *r)
{
	struct check_facts f;
	base(&f);
	f.clock = (struct check_clock_facts){ .present = 1, .have_date = 1, .local_date = NOW,
					      .server_date = NOW + (time_t)skew };
	test_check_eval("clock", &f, r);
	return r->status;
}

static void clock_thresholds(void **state)
{
	(void)state;
	struct check_result r;
	assert_int_equal(clock_status(0, &r), CHECK_OK);
	check_result_clear(&r);
	assert_int_equal(clock_status(60, &r), CHECK_OK); /* edge: 60 s is fine */
	assert_string_equal(r.message, "clocks agree within 60 s");
	check_result_clear(&r);
	assert_int_equal(clock_status(61, &r), CHECK_WARN);
	assert_string_equal(r.message, "the server's clock is 61 s ahead of this machine's");
	check_result_clear(&r);
	assert_int_equal(clock_status(-61, &r), CHECK_WARN);
	assert_non_null(strstr(r.message, "61 s behind"));
	check_result_clear(&r);
	assert_int_equal(clock_status(300, &r), CHECK_WARN); /* edge: 5 min is a warning */
	check_result_clear(&r);
	assert_int_equal(clock_status(301, &r), CHECK_CRIT);
	assert_non_null(strstr(r.remedy, "RequestTimeTooSkewed"));
	check_result_clear(&r);
	assert_int_equal(clock_status(-3600, &r), CHECK_CRIT);
	check_result_clear(&r);
}

static void clock_without_date(void **state)
{
	(void)state;
	struct check_facts f;
	base(&f);
	f.clock = (struct check_clock_facts){ .present = 1 };
	test_check_expect("clock", &f, CHECK_UNKNOWN, "no Date header");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dns_resolves),
		cmocka_unit_test(dns_many_addresses_shortened),
		cmocka_unit_test(dns_failure_blocks),
		cmocka_unit_test(dns_ip_and_missing),
		cmocka_unit_test(tcp_connects),
		cmocka_unit_test(tcp_refused_and_timeout),
		cmocka_unit_test(tls_thresholds),
		cmocka_unit_test(tls_untrusted_plain_and_unknown),
		cmocka_unit_test(clock_thresholds),
		cmocka_unit_test(clock_without_date),
	};
	return cmocka_run_group_tests_name("check_net", tests, NULL, NULL);
}
