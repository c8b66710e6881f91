/* The DNS and TCP probes against 127.0.0.1 (listeners this test runs
 * itself), the loopback names (/etc/hosts) and an unresolvable name. That
 * name has an empty label ("no-such-host..invalid"), which the C library
 * refuses itself: no DNS query leaves the machine (a plain ".invalid" name
 * is sent to the configured name server). Error kinds are asserted, never
 * timings. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "probe_server.h"
#include "s3/probe/probe.h"

static void run_probes(const struct probe_config *cfg, unsigned kinds, struct probe_results *res)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = probe_all(cfg, kinds, res, &err);
	if (rc != 0)
		fail_msg("probe_all: %s", err.message ? err.message : "?");
	assert_int_equal(res->kinds, kinds);
}

static int has_address(const struct probe_dns_result *d, const char *a)
{
	for (size_t i = 0; d->addresses && d->addresses[i]; i++)
		if (!strcmp(d->addresses[i], a))
			return 1;
	return 0;
}

static void test_dns_localhost(void **state)
{
	struct probe_config cfg = { .host = "localhost", .port = 80 };
	struct probe_results res;
	run_probes(&cfg, PROBE_DNS, &res);
	assert_true(res.dns.done);
	assert_int_equal(res.dns.error, PROBE_OK);
	assert_null(res.dns.detail);
	assert_true(res.dns.n_addresses >= 1);
	assert_non_null(res.dns.addresses);
	assert_null(res.dns.addresses[res.dns.n_addresses]);
	assert_true(has_address(&res.dns, "127.0.0.1") || has_address(&res.dns, "::1"));
	assert_true(res.dns.latency >= 0);
	/* The other probes were not asked for. */
	assert_false(res.tcp.done);
	assert_false(res.clock.http.done);
	probe_results_free(&res);
}

static void test_dns_literal(void **state)
{
	struct probe_config cfg = { .host = "127.0.0.1", .port = 9000 };
	struct probe_results res;
	run_probes(&cfg, PROBE_DNS, &res);
	assert_true(res.dns.done);
	assert_int_equal(res.dns.error, PROBE_OK);
	assert_int_equal(res.dns.n_addresses, 1);
	assert_string_equal(res.dns.addresses[0], "127.0.0.1");
	probe_results_free(&res);
}

static void test_dns_invalid(void **state)
{
	struct probe_config cfg = { .host = "no-such-host..invalid", .port = 80, .timeout_ms = 3000 };
	struct probe_results res;
	run_probes(&cfg, PROBE_DNS, &res);
	assert_true(res.dns.done);
	/* NXDOMAIN here, "temporary failure" or a timeout where the resolver
	 * is unreachable: any DNS kind, which is what the check needs. */
	if (!probe_error_is_dns(res.dns.error))
		fail_msg("expected a DNS error, got %s", probe_error_name(res.dns.error));
	assert_int_equal(probe_error_transport(res.dns.error), S3_TRANSPORT_DNS);
	assert_non_null(res.dns.detail);
	assert_null(res.dns.addresses);
	assert_int_equal(res.dns.n_addresses, 0);
	probe_results_free(&res);
}

static void test_tcp_unresolvable(void **state)
{
	struct probe_config cfg = { .host = "no-such-host..invalid", .port = 80, .timeout_ms = 3000 };
	struct probe_results res;
	run_probes(&cfg, PROBE_TCP, &res);
	assert_true(res.tcp.done);
	if (!probe_error_is_dns(res.tcp.error))
		fail_msg("expected a DNS error, got %s", probe_error_name(res.tcp.error));
	assert_null(res.tcp.address);
	probe_results_free(&res);
}

static void test_tcp_refused(void **state)
{
	int port = probe_srv_unused_port();
	assert_true(port > 0);
	struct probe_config cfg = { .host = "127.0.0.1", .port = (unsigned)port };
	struct probe_results res;
	run_probes(&cfg, PROBE_TCP, &res);
	assert_true(res.tcp.done);
	assert_int_equal(res.tcp.error, PROBE_ERR_REFUSED);
	assert_string_equal(probe_error_name(res.tcp.error), "refused");
	assert_int_equal(probe_error_transport(res.tcp.error), S3_TRANSPORT_REFUSED);
	assert_non_null(res.tcp.detail);
	char want[32];
	snprintf(want, sizeof want, "127.0.0.1:%d", port);
	assert_string_equal(res.tcp.address, want);
	probe_results_free(&res);
}

static void test_tcp_connects(void **state)
{
	struct probe_srv srv;
	assert_int_equal(probe_srv_start(&srv, PROBE_SRV_SILENT, NULL, NULL, 0), 0);
	const char *hosts[] = { "127.0.0.1", "localhost" };
	for (size_t i = 0; i < 2; i++) {
		struct probe_config cfg = { .host = hosts[i], .port = (unsigned)srv.port };
		struct probe_results res;
		run_probes(&cfg, PROBE_TCP | PROBE_DNS, &res);
		assert_true(res.tcp.done);
		assert_int_equal(res.tcp.error, PROBE_OK);
		assert_null(res.tcp.detail);
		assert_non_null(res.tcp.address);
		assert_true(res.tcp.latency >= 0);
		assert_int_equal(res.dns.error, PROBE_OK);
		probe_results_free(&res);
	}
	probe_srv_stop(&srv);
}

/* Given addresses are used as they are: the host name is not looked up. */
static void test_tcp_given_addresses(void **state)
{
	struct probe_srv srv;
	assert_int_equal(probe_srv_start(&srv, PROBE_SRV_SILENT, NULL, NULL, 0), 0);
	const char *addrs[] = { "127.0.0.1", NULL };
	struct probe_config cfg = { .host = "no-such-host..invalid", .port = (unsigned)srv.port,
				    .addresses = addrs };
	struct probe_results res;
	run_probes(&cfg, PROBE_TCP, &res);
	assert_int_equal(res.tcp.error, PROBE_OK);
	char want[32];
	snprintf(want, sizeof want, "127.0.0.1:%d", srv.port);
	assert_string_equal(res.tcp.address, want);
	probe_results_free(&res);
	/* Addresses that are not IP literals are refused, not resolved. */
	const char *names[] = { "localhost", NULL };
	cfg.addresses = names;
	run_probes(&cfg, PROBE_TCP, &res);
	assert_true(probe_error_is_dns(res.tcp.error));
	probe_results_free(&res);
	probe_srv_stop(&srv);
}

static void prerequisite_missing(const char *what)
{
	const char *ci = getenv("CI");
	if (ci && !strcmp(ci, "true"))
		fail_msg("prerequisite missing (CI=true): %s", what);
	print_message("# skipped: %s\n", what);
	skip();
}

/* A listener with a full accept queue drops the SYN: connect() hears
 * nothing, and the probe must give up at its deadline. */
static void test_tcp_timeout(void **state)
{
	int fds[9];
	size_t n = 0;
	int port = probe_srv_full_backlog(fds, &n);
	if (port < 0) {
		for (size_t i = 0; i < n; i++)
			close(fds[i]);
		prerequisite_missing("this kernel does not drop SYNs on a full accept queue");
		return;
	}
	struct probe_config cfg = { .host = "127.0.0.1", .port = (unsigned)port, .timeout_ms = 300 };
	struct probe_results res;
	run_probes(&cfg, PROBE_TCP, &res);
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
	assert_true(res.tcp.done);
	assert_int_equal(res.tcp.error, PROBE_ERR_TIMEOUT);
	assert_int_equal(probe_error_transport(res.tcp.error), S3_TRANSPORT_TIMEOUT);
	assert_non_null(res.tcp.detail);
	probe_results_free(&res);
}

static void test_start_errors(void **state)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct probe_config cfg = { .host = NULL, .port = 80 };
	assert_null(probe_run_start(&cfg, PROBE_DNS, &err));
	assert_non_null(err.message);
	rdm_error_clear(&err);
	cfg.host = "localhost";
	assert_null(probe_run_start(&cfg, 0, &err));
	assert_non_null(err.message);
	rdm_error_clear(&err);
	cfg.port = 0;
	struct probe_results res;
	assert_int_equal(probe_all(&cfg, PROBE_TCP, &res, &err), -1);
	assert_non_null(err.message);
	assert_false(res.tcp.done);
	rdm_error_clear(&err);
}

static void test_error_names(void **state)
{
	assert_string_equal(probe_error_name(PROBE_OK), "ok");
	assert_string_equal(probe_error_name(PROBE_ERR_DNS_NOT_FOUND), "dns-not-found");
	assert_string_equal(probe_error_name(PROBE_ERR_TLS_EXPIRED), "tls-expired");
	assert_string_equal(probe_error_name((enum probe_error)999), "unknown");
	for (int e = PROBE_OK; e <= PROBE_ERR_INTERNAL; e++)
		assert_string_not_equal(probe_error_name((enum probe_error)e), "unknown");
	assert_true(probe_error_is_dns(PROBE_ERR_DNS_TIMEOUT));
	assert_false(probe_error_is_dns(PROBE_ERR_TIMEOUT));
	assert_int_equal(probe_error_transport(PROBE_ERR_TLS_NAME_MISMATCH), S3_TRANSPORT_TLS_VERIFY);
	assert_int_equal(probe_error_transport(PROBE_ERR_TLS_HANDSHAKE), S3_TRANSPORT_TLS);
	assert_int_equal(probe_error_transport(PROBE_ERR_UNREACHABLE), S3_TRANSPORT_CONNECT);
	assert_int_equal(probe_error_transport(PROBE_ERR_INTERNAL), S3_TRANSPORT_OTHER);
}

static void test_config_from_endpoint(void **state)
{
	struct s3_endpoint ep;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_endpoint_parse("https://[::1]:9443/gw", &ep, &err), 0);
	struct probe_config cfg = { .timeout_ms = 5 };
	probe_config_from_endpoint(&cfg, &ep);
	assert_string_equal(cfg.host, "::1");
	assert_int_equal(cfg.port, 9443);
	assert_true(cfg.https);
	assert_string_equal(cfg.path_prefix, "/gw");
	assert_int_equal(cfg.timeout_ms, 5);
	s3_endpoint_free(&ep);
}

static int group_setup(void **state)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
	curl_global_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_localhost),
		cmocka_unit_test(test_dns_literal),
		cmocka_unit_test(test_dns_invalid),
		cmocka_unit_test(test_tcp_unresolvable),
		cmocka_unit_test(test_tcp_refused),
		cmocka_unit_test(test_tcp_connects),
		cmocka_unit_test(test_tcp_given_addresses),
		cmocka_unit_test(test_tcp_timeout),
		cmocka_unit_test(test_start_errors),
		cmocka_unit_test(test_error_names),
		cmocka_unit_test(test_config_from_endpoint),
	};
	return cmocka_run_group_tests_name("probe_net", tests, group_setup, group_teardown);
}
