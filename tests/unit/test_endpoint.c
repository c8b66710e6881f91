/* Endpoint URL parsing (table), Amazon S3 host detection, and request URL
 * building in path-style and virtual-hosted style (table). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "s3/model/endpoint.h"
#include "util/buf.h"

struct parse_case {
	const char *url;
	const char *scheme, *host;
	int port, port_explicit;
	const char *prefix;
	int ip, ipv6, localhost;
	int aws;
	const char *region;
	int dualstack, fips, china;
	const char *host_bucket;
};

static const struct parse_case good[] = {
	{ "http://localhost:9000", "http", "localhost", 9000, 1, "", 0, 0, 1, 0, NULL, 0, 0, 0, NULL },
	{ "http://localhost:9000/", "http", "localhost", 9000, 1, "", 0, 0, 1, 0, NULL, 0, 0, 0, NULL },
	{ "http://minio:9000", "http", "minio", 9000, 1, "", 0, 0, 0, 0, NULL, 0, 0, 0, NULL },
	{ "http://s3.localhost:9000", "http", "s3.localhost", 9000, 1, "", 0, 0, 1, 0, NULL, 0, 0, 0, NULL },
	{ "http://127.0.0.1:7480", "http", "127.0.0.1", 7480, 1, "", 1, 0, 1, 0, NULL, 0, 0, 0, NULL },
	{ "http://10.1.2.3", "http", "10.1.2.3", 80, 0, "", 1, 0, 0, 0, NULL, 0, 0, 0, NULL },
	{ "http://[::1]:9000", "http", "::1", 9000, 1, "", 1, 1, 1, 0, NULL, 0, 0, 0, NULL },
	{ "https://[2001:DB8::1]/s3", "https", "2001:db8::1", 443, 0, "/s3", 1, 1, 0, 0, NULL, 0, 0, 0, NULL },
	{ "https://gw.example.org/storage/s3/", "https", "gw.example.org", 443, 0, "/storage/s3",
	  0, 0, 0, 0, NULL, 0, 0, 0, NULL },
	{ "https://gw.example.org/a%20b", "https", "gw.example.org", 443, 0, "/a b",
	  0, 0, 0, 0, NULL, 0, 0, 0, NULL },
	{ "HTTPS://Minio.Example.ORG:443", "https", "minio.example.org", 443, 1, "",
	  0, 0, 0, 0, NULL, 0, 0, 0, NULL },
	{ "https://s3.eu-west-1.amazonaws.com", "https", "s3.eu-west-1.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, "eu-west-1", 0, 0, 0, NULL },
	{ "https://s3.amazonaws.com", "https", "s3.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, "us-east-1", 0, 0, 0, NULL },
	{ "https://s3-eu-west-1.amazonaws.com", "https", "s3-eu-west-1.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, "eu-west-1", 0, 0, 0, NULL },
	{ "https://s3-external-1.amazonaws.com", "https", "s3-external-1.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, "us-east-1", 0, 0, 0, NULL },
	{ "https://s3.dualstack.us-east-2.amazonaws.com", "https",
	  "s3.dualstack.us-east-2.amazonaws.com", 443, 0, "", 0, 0, 0, 1, "us-east-2", 1, 0, 0, NULL },
	{ "https://s3-fips.us-gov-west-1.amazonaws.com", "https",
	  "s3-fips.us-gov-west-1.amazonaws.com", 443, 0, "", 0, 0, 0, 1, "us-gov-west-1", 0, 1, 0, NULL },
	{ "https://s3.cn-north-1.amazonaws.com.cn", "https", "s3.cn-north-1.amazonaws.com.cn", 443, 0,
	  "", 0, 0, 0, 1, "cn-north-1", 0, 0, 1, NULL },
	{ "https://mybucket.s3.eu-central-1.amazonaws.com", "https",
	  "mybucket.s3.eu-central-1.amazonaws.com", 443, 0, "", 0, 0, 0, 1, "eu-central-1", 0, 0, 0,
	  "mybucket" },
	{ "https://s3data.my.bucket.s3.amazonaws.com", "https", "s3data.my.bucket.s3.amazonaws.com",
	  443, 0, "", 0, 0, 0, 1, "us-east-1", 0, 0, 0, "s3data.my.bucket" },
	{ "https://s3-accelerate.amazonaws.com", "https", "s3-accelerate.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, NULL, 0, 0, 0, NULL },
	{ "https://S3.EU-WEST-3.AMAZONAWS.COM", "https", "s3.eu-west-3.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, "eu-west-3", 0, 0, 0, NULL },
	{ "https://ec2.amazonaws.com", "https", "ec2.amazonaws.com", 443, 0, "",
	  0, 0, 0, 1, NULL, 0, 0, 0, NULL },
	{ "https://notamazonaws.com", "https", "notamazonaws.com", 443, 0, "",
	  0, 0, 0, 0, NULL, 0, 0, 0, NULL },
};

static void expect_str(const char *want, const char *got, const char *url, const char *what)
{
	if ((!want && !got) || (want && got && strcmp(want, got) == 0))
		return;
	fail_msg("%s: %s: want \"%s\", got \"%s\"", url, what, want ? want : "(null)",
		 got ? got : "(null)");
}

static void test_parse_good(void **state)
{
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		const struct parse_case *c = &good[i];
		struct s3_endpoint ep;
		struct rdm_error err = RDM_ERROR_INIT;
		if (s3_endpoint_parse(c->url, &ep, &err) != 0)
			fail_msg("%s: rejected: %s", c->url, err.message);
		expect_str(c->scheme, ep.scheme, c->url, "scheme");
		expect_str(c->host, ep.host, c->url, "host");
		expect_str(c->prefix, ep.path_prefix, c->url, "prefix");
		expect_str(c->region, ep.aws_region, c->url, "region");
		expect_str(c->host_bucket, ep.aws_host_bucket, c->url, "host bucket");
		int got[] = { ep.port, ep.port_explicit, ep.host_is_ip, ep.host_is_ipv6,
			      ep.host_is_localhost, ep.is_aws, ep.aws_dualstack, ep.aws_fips,
			      ep.aws_china };
		int want[] = { c->port, c->port_explicit, c->ip, c->ipv6, c->localhost, c->aws,
			       c->dualstack, c->fips, c->china };
		static const char *const names[] = { "port", "port_explicit", "ip", "ipv6", "localhost",
						     "aws", "dualstack", "fips", "china" };
		for (size_t k = 0; k < sizeof got / sizeof *got; k++)
			if (got[k] != want[k])
				fail_msg("%s: %s: want %d, got %d", c->url, names[k], want[k], got[k]);
		s3_endpoint_free(&ep);
		assert_null(ep.host);
	}
}

struct bad_case {
	const char *url;
	const char *message_has;
	const char *remedy_has;
};

static const struct bad_case bad[] = {
	{ "", "empty", "http://localhost:9000" },
	{ "localhost:9000", "no scheme", "http://localhost:9000" },
	{ "s3.eu-west-1.amazonaws.com", "no scheme", "https://" },
	{ "s3://default", "not s3://", "invenio files location" },
	{ "ftp://files.example.org", "must use http or https", "http://" },
	{ "http://minio:secret@localhost:9000", "credentials", "--credentials-file" },
	{ "https://AKIA@s3.amazonaws.com", "credentials", "remove" },
	{ "http://localhost:9000/?region=x", "query", "'?'" },
	{ "http://localhost:9000/#x", "fragment", "'#'" },
	{ "http://", "no host", "host name" },
	{ "http:///bucket", "no host", "host name" },
	{ "http://:9000", "no host", "host name" },
	{ "http://localhost:", "invalid port", "1 to 65535" },
	{ "http://localhost:0", "invalid port", "1 to 65535" },
	{ "http://localhost:65536", "invalid port", "1 to 65535" },
	{ "http://localhost:90a0", "invalid port", "1 to 65535" },
	{ "http://localhost:-1", "invalid port", "1 to 65535" },
	{ "http://[::1", "closing ']'", "brackets" },
	{ "http://[zz::1]:9000", "invalid IPv6", "[ and ]" },
	{ "http://[::1]x", "invalid port", "1 to 65535" },
	{ "http://::1:9000", "without brackets", "[::1]" },
	{ "http://local host:9000", "white space", "spaces" },
	{ " http://localhost:9000", "white space", "spaces" },
	{ "http://localhost:9000\n", "white space", "spaces" },
	{ "http://bad..host", "not a valid host name", "letters" },
	{ "http://-host", "not a valid host name", "letters" },
	{ "http://ho%73t", "not a valid host name", "letters" },
	{ "http://host/a%2", "%-escape", "%XX" },
	{ "http://host/a%zz", "%-escape", "%XX" },
	{ "http://host/a%00b", "%-escape", "%XX" },
};

static void test_parse_bad(void **state)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const struct bad_case *c = &bad[i];
		struct s3_endpoint ep;
		struct rdm_error err = RDM_ERROR_INIT;
		if (s3_endpoint_parse(c->url, &ep, &err) == 0)
			fail_msg("\"%s\": accepted", c->url);
		if (!err.message || !strstr(err.message, c->message_has))
			fail_msg("\"%s\": message lacks \"%s\": %s", c->url, c->message_has,
				 err.message ? err.message : "(null)");
		if (!err.remedy || !strstr(err.remedy, c->remedy_has))
			fail_msg("\"%s\": remedy lacks \"%s\": %s", c->url, c->remedy_has,
				 err.remedy ? err.remedy : "(null)");
		expect_str(c->url, err.where, c->url, "where");
		assert_null(ep.host); /* nothing left allocated */
		assert_null(ep.scheme);
		rdm_error_clear(&err);
	}
	struct s3_endpoint ep;
	assert_int_equal(s3_endpoint_parse(NULL, &ep, NULL), -1);
}

struct url_case {
	const char *endpoint;
	enum s3_addressing mode;
	const char *bucket, *key;
	const char *host_header, *path;
	int virtual_hosted;
	const char *query;
	const char *wire;
};

#define AWS_EW1 "https://s3.eu-west-1.amazonaws.com"
static const struct url_case urls[] = {
	{ "http://localhost:9000", S3_ADDRESSING_AUTO, "default", "a/b.txt", "localhost:9000",
	  "/default/a/b.txt", 0, NULL, "http://localhost:9000/default/a/b.txt" },
	{ "http://localhost:9000", S3_ADDRESSING_VIRTUAL, "default", "k", "localhost:9000",
	  "/default/k", 0, NULL, "http://localhost:9000/default/k" },
	{ "http://localhost:9000", S3_ADDRESSING_AUTO, NULL, NULL, "localhost:9000", "/", 0, NULL,
	  "http://localhost:9000/" },
	{ "http://localhost:9000", S3_ADDRESSING_PATH, "default", NULL, "localhost:9000", "/default",
	  0, "cors=", "http://localhost:9000/default?cors=" },
	{ AWS_EW1, S3_ADDRESSING_AUTO, "rdm-files", "a b.txt", "rdm-files.s3.eu-west-1.amazonaws.com",
	  "/a b.txt", 1, NULL, "https://rdm-files.s3.eu-west-1.amazonaws.com/a%20b.txt" },
	{ AWS_EW1, S3_ADDRESSING_AUTO, "rdm-files", NULL, "rdm-files.s3.eu-west-1.amazonaws.com",
	  "/", 1, "location=", "https://rdm-files.s3.eu-west-1.amazonaws.com/?location=" },
	{ AWS_EW1, S3_ADDRESSING_AUTO, NULL, NULL, "s3.eu-west-1.amazonaws.com", "/", 0, NULL,
	  "https://s3.eu-west-1.amazonaws.com/" },
	{ AWS_EW1, S3_ADDRESSING_PATH, "rdm-files", "k", "s3.eu-west-1.amazonaws.com",
	  "/rdm-files/k", 0, NULL, "https://s3.eu-west-1.amazonaws.com/rdm-files/k" },
	/* dots + https: wildcard certificates do not match, so path-style */
	{ AWS_EW1, S3_ADDRESSING_AUTO, "rdm.files", "k", "s3.eu-west-1.amazonaws.com",
	  "/rdm.files/k", 0, NULL, "https://s3.eu-west-1.amazonaws.com/rdm.files/k" },
	{ "http://s3.eu-west-1.amazonaws.com", S3_ADDRESSING_AUTO, "rdm.files", "k",
	  "rdm.files.s3.eu-west-1.amazonaws.com", "/k", 1, NULL,
	  "http://rdm.files.s3.eu-west-1.amazonaws.com/k" },
	/* not a DNS name: path-style */
	{ AWS_EW1, S3_ADDRESSING_AUTO, "Legacy_Bucket", "k", "s3.eu-west-1.amazonaws.com",
	  "/Legacy_Bucket/k", 0, NULL, "https://s3.eu-west-1.amazonaws.com/Legacy_Bucket/k" },
	/* AUTO means path-style off AWS; VIRTUAL is honoured on a named host */
	{ "https://gw.example.org/s3", S3_ADDRESSING_AUTO, "bk1", "k", "gw.example.org", "/s3/bk1/k", 0,
	  NULL, "https://gw.example.org/s3/bk1/k" },
	{ "https://gw.example.org/s3", S3_ADDRESSING_VIRTUAL, "bk1", NULL, "bk1.gw.example.org", "/s3/",
	  1, NULL, "https://bk1.gw.example.org/s3/" },
	{ "http://10.1.2.3:9000", S3_ADDRESSING_VIRTUAL, "bk1", "k", "10.1.2.3:9000", "/bk1/k", 0, NULL,
	  "http://10.1.2.3:9000/bk1/k" },
	{ "http://[::1]:9000", S3_ADDRESSING_AUTO, "bk1", "k", "[::1]:9000", "/bk1/k", 0, NULL,
	  "http://[::1]:9000/bk1/k" },
	{ "https://[2001:db8::1]", S3_ADDRESSING_VIRTUAL, "bk1", "k", "[2001:db8::1]", "/bk1/k", 0, NULL,
	  "https://[2001:db8::1]/bk1/k" },
	/* default ports are left out of the Host header, others kept */
	{ "https://minio.example.org:443", S3_ADDRESSING_PATH, "bk1", "k", "minio.example.org",
	  "/bk1/k", 0, NULL, "https://minio.example.org/bk1/k" },
	{ "http://minio.example.org:8080", S3_ADDRESSING_PATH, "bk1", "k", "minio.example.org:8080",
	  "/bk1/k", 0, NULL, "http://minio.example.org:8080/bk1/k" },
	/* keys are neither normalised nor double-encoded */
	{ "http://localhost:9000", S3_ADDRESSING_PATH, "bk1", "a//b/../c", "localhost:9000",
	  "/bk1/a//b/../c", 0, NULL, "http://localhost:9000/bk1/a//b/../c" },
	{ "http://localhost:9000", S3_ADDRESSING_PATH, "bk1", "\xc3\xa4 \xc3\xbc+=%41.txt",
	  "localhost:9000", "/bk1/\xc3\xa4 \xc3\xbc+=%41.txt", 0, NULL,
	  "http://localhost:9000/bk1/%C3%A4%20%C3%BC%2B%3D%2541.txt" },
	{ "https://gw.example.org/a%20b", S3_ADDRESSING_PATH, "bk1", "k", "gw.example.org",
	  "/a b/bk1/k", 0, NULL, "https://gw.example.org/a%20b/bk1/k" },
};

static void test_url_build(void **state)
{
	for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
		const struct url_case *c = &urls[i];
		struct s3_endpoint ep;
		struct s3_url u;
		struct rdm_error err = RDM_ERROR_INIT;
		assert_int_equal(s3_endpoint_parse(c->endpoint, &ep, &err), 0);
		if (s3_url_build(&ep, c->mode, c->bucket, c->key, &u, &err) != 0)
			fail_msg("case %zu: %s", i, err.message);
		expect_str(c->host_header, u.host_header, c->endpoint, "host header");
		expect_str(c->path, u.path, c->endpoint, "path");
		if (u.virtual_hosted != c->virtual_hosted)
			fail_msg("case %zu (%s): virtual_hosted %d", i, c->endpoint, u.virtual_hosted);
		struct buf wire = BUF_INIT;
		s3_url_wire(&u, c->query, &wire);
		expect_str(c->wire, buf_str(&wire), c->endpoint, "wire URL");
		buf_free(&wire);
		s3_url_free(&u);
		s3_endpoint_free(&ep);
	}
}

static void test_url_build_errors(void **state)
{
	struct s3_endpoint ep;
	struct s3_url u;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(s3_endpoint_parse("http://localhost:9000", &ep, NULL), 0);
	assert_int_equal(s3_url_build(&ep, S3_ADDRESSING_AUTO, "", NULL, &u, &err), -1);
	assert_non_null(strstr(err.message, "empty"));
	assert_int_equal(s3_url_build(&ep, S3_ADDRESSING_AUTO, "a/b", NULL, &u, &err), -1);
	assert_non_null(strstr(err.message, "'/'"));
	assert_int_equal(s3_url_build(&ep, S3_ADDRESSING_AUTO, "bk1", "", &u, &err), -1);
	assert_non_null(strstr(err.message, "key is empty"));
	assert_int_equal(s3_url_build(&ep, S3_ADDRESSING_AUTO, NULL, "k", &u, &err), -1);
	assert_non_null(strstr(err.message, "needs a bucket"));
	assert_null(u.path);
	rdm_error_clear(&err);
	s3_endpoint_free(&ep);
}

static void test_to_string(void **state)
{
	const char *pairs[][2] = {
		{ "HTTPS://S3.eu-west-1.amazonaws.com:443/", "https://s3.eu-west-1.amazonaws.com" },
		{ "http://[::1]:9000/p/", "http://[::1]:9000/p" },
		{ "http://localhost:80", "http://localhost" },
		{ "https://localhost:80", "https://localhost:80" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		struct s3_endpoint ep;
		assert_int_equal(s3_endpoint_parse(pairs[i][0], &ep, NULL), 0);
		char *s = s3_endpoint_to_string(&ep);
		assert_string_equal(s, pairs[i][1]);
		free(s);
		s3_endpoint_free(&ep);
	}
}

static void test_aws_for_region(void **state)
{
	char *s = s3_endpoint_aws_for_region("eu-west-1");
	assert_string_equal(s, "https://s3.eu-west-1.amazonaws.com");
	free(s);
	s = s3_endpoint_aws_for_region("cn-northwest-1");
	assert_string_equal(s, "https://s3.cn-northwest-1.amazonaws.com.cn");
	free(s);
	s = s3_endpoint_aws_for_region(NULL);
	assert_string_equal(s, "https://s3.us-east-1.amazonaws.com");
	/* and what it returns is detected as that region */
	struct s3_endpoint ep;
	assert_int_equal(s3_endpoint_parse(s, &ep, NULL), 0);
	assert_string_equal(ep.aws_region, "us-east-1");
	s3_endpoint_free(&ep);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_url_build),
		cmocka_unit_test(test_url_build_errors),
		cmocka_unit_test(test_to_string),
		cmocka_unit_test(test_aws_for_region),
	};
	return cmocka_run_group_tests_name("endpoint", tests, NULL, NULL);
}
