/* SigV4 encoding rules as {name, input, expected} tables: URI-encoding,
 * the canonical URI (S3: no normalisation, no double encoding; the generic
 * suite's normalisation), the canonical query (sorted by encoded name, then
 * value; bare "key" -> "key=") and the canonical header block. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "s3/sigv4/sigv4.h"
#include "util/buf.h"
#include "util/error.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void uri_encode_table(void **state)
{
	(void)state;
	static const struct {
		const char *name, *input;
		int keep_slash;
		const char *expected;
	} t[] = {
		{ "empty", "", 0, "" },
		{ "unreserved kept", "AZaz09-_.~", 0, "AZaz09-_.~" },
		{ "space is %20, never +", "a b", 0, "a%20b" },
		{ "plus encoded", "a+b", 0, "a%2Bb" },
		{ "slash kept in paths", "/a/b/", 1, "/a/b/" },
		{ "slash encoded in query", "/a/b/", 0, "%2Fa%2Fb%2F" },
		{ "reserved characters", "!*'();:@&=+$,?#[]", 1,
		  "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%3F%23%5B%5D" },
		{ "percent is data (no decoding)", "%20", 0, "%2520" },
		{ "UTF-8 bytes, upper-case hex", "\xe1\x88\xb4", 0, "%E1%88%B4" },
		{ "high and control bytes", "\xff\x01\x7f", 0, "%FF%01%7F" },
		{ "tilde not encoded", "~user", 0, "~user" },
	};
	for (size_t i = 0; i < N_ELEMS(t); i++) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "<"); /* appends, never overwrites */
		sigv4_uri_encode(&b, t[i].input, strlen(t[i].input), t[i].keep_slash);
		if (strcmp(buf_str(&b) + 1, t[i].expected) != 0 || b.data[0] != '<')
			fail_msg("%s: got \"%s\", expected \"<%s\"", t[i].name, buf_str(&b), t[i].expected);
		buf_free(&b);
	}
}

static void uri_encode_embedded_nul(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	sigv4_uri_encode(&b, "a\0b", 3, 0); /* the length counts, not the NUL */
	assert_string_equal(buf_str(&b), "a%00b");
	assert_int_equal(b.len, 5);
	buf_free(&b);
}

static void canonical_uri_table(void **state)
{
	(void)state;
	static const struct {
		const char *name, *path;
		int normalize;
		const char *expected;
	} t[] = {
		{ "S3: empty path is /", "", 0, "/" },
		{ "S3: root", "/", 0, "/" },
		{ "S3: key with space", "/bucket/my key.txt", 0, "/bucket/my%20key.txt" },
		{ "S3: '$' encoded once", "/test$file.text", 0, "/test%24file.text" },
		{ "S3: dot segments kept", "/bucket/a/../b/./c", 0, "/bucket/a/../b/./c" },
		{ "S3: double slashes kept", "/bucket/my-object//example//photo.user", 0,
		  "/bucket/my-object//example//photo.user" },
		{ "S3: percent in key encoded once", "/bucket/100%.txt", 0, "/bucket/100%25.txt" },
		{ "S3: UTF-8 key", "/bucket/\xc3\xa9t\xc3\xa9", 0, "/bucket/%C3%A9t%C3%A9" },
		{ "S3: trailing slash kept", "/bucket/dir/", 0, "/bucket/dir/" },
		{ "normalize: ..", "/a/b/../c", 1, "/a/c" },
		{ "normalize: .", "/a/./b", 1, "/a/b" },
		{ "normalize: empty segments", "//example//", 1, "/example/" },
		{ "normalize: above root", "/../../x", 1, "/x" },
		{ "normalize: to root", "/example/..", 1, "/" },
		{ "normalize: trailing ..", "/a/b/..", 1, "/a/" },
		{ "normalize: trailing .", "/a/.", 1, "/a/" },
		{ "normalize: only slashes", "//", 1, "/" },
		{ "normalize: then encode", "/a b/../c d", 1, "/c%20d" },
	};
	for (size_t i = 0; i < N_ELEMS(t); i++) {
		struct buf b = BUF_INIT;
		sigv4_canonical_uri(t[i].path, t[i].normalize, &b);
		if (strcmp(buf_str(&b), t[i].expected) != 0)
			fail_msg("%s: got \"%s\", expected \"%s\"", t[i].name, buf_str(&b), t[i].expected);
		buf_free(&b);
	}
}

static void canonical_query_table(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		struct sigv4_param p[6];
		size_t n;
		const char *expected;
	} t[] = {
		{ "no parameters", { { NULL, NULL } }, 0, "" },
		{ "bare key gets '='", { { "cors", "" } }, 1, "cors=" },
		{ "NULL value is a bare key", { { "lifecycle", NULL } }, 1, "lifecycle=" },
		{ "sorted by name", { { "prefix", "J" }, { "max-keys", "2" } }, 2, "max-keys=2&prefix=J" },
		{ "repeated name sorted by value", { { "a", "2" }, { "a", "10" }, { "a", "1" } }, 3,
		  "a=1&a=10&a=2" },
		{ "byte order: upper case first", { { "b", "" }, { "a", "" }, { "B", "" } }, 3,
		  "B=&a=&b=" },
		{ "name before value (prefix names)", { { "a-b", "1" }, { "a", "2" } }, 2, "a=2&a-b=1" },
		{ "sorted by encoded name", { { "Param", "Value2" }, { "\xe1\x88\xb4", "Value1" } }, 2,
		  "%E1%88%B4=Value1&Param=Value2" },
		{ "values encoded (no '/' kept)", { { "prefix", "photos/2024 a+b=c&d" } }, 1,
		  "prefix=photos%2F2024%20a%2Bb%3Dc%26d" },
		{ "names encoded", { { "a b", "1" } }, 1, "a%20b=1" },
		{ "ListObjectsV2", { { "prefix", "photos/" }, { "list-type", "2" }, { "max-keys", "100" } },
		  3, "list-type=2&max-keys=100&prefix=photos%2F" },
		{ "RGW admin: bare key among others",
		  { { "uid", "testuser" }, { "key", "" }, { "access-key", "AK" }, { "key-type", "s3" } }, 4,
		  "access-key=AK&key=&key-type=s3&uid=testuser" },
		{ "identical pairs both kept", { { "x", "1" }, { "x", "1" } }, 2, "x=1&x=1" },
	};
	for (size_t i = 0; i < N_ELEMS(t); i++) {
		struct buf b = BUF_INIT;
		sigv4_canonical_query(t[i].n ? t[i].p : NULL, t[i].n, &b);
		if (strcmp(buf_str(&b), t[i].expected) != 0)
			fail_msg("%s: got \"%s\", expected \"%s\"", t[i].name, buf_str(&b), t[i].expected);
		buf_free(&b);
	}
}

static void canonical_headers_table(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		struct sigv4_header h[4];
		size_t n;
		const char *block, *signed_headers;
	} t[] = {
		{ "names lower-cased and sorted", { { "X-Amz-Meta-B", "2" }, { "Host", "h" }, { "Range", "r" } },
		  3, "host:h\nrange:r\nx-amz-meta-b:2\n", "host;range;x-amz-meta-b" },
		{ "value trimmed, inner blanks folded", { { "host", "  a   b\t\tc  " } }, 1,
		  "host:a b c\n", "host" },
		{ "quotes do not stop folding", { { "host", "h" }, { "x", "\"a   b\"" } }, 2,
		  "host:h\nx:\"a b\"\n", "host;x" },
		{ "empty value", { { "host", "h" }, { "x-empty", "" } }, 2, "host:h\nx-empty:\n",
		  "host;x-empty" },
		{ "blank-only value", { { "host", "h" }, { "x", "   " } }, 2, "host:h\nx:\n", "host;x" },
		{ "duplicates joined in order", { { "host", "h" }, { "My-H", "2" }, { "my-h", " 1 " },
		  { "MY-H", "3" } }, 4, "host:h\nmy-h:2,1,3\n", "host;my-h" },
		{ "value case kept", { { "host", "h" }, { "x", "AbC" } }, 2, "host:h\nx:AbC\n", "host;x" },
	};
	for (size_t i = 0; i < N_ELEMS(t); i++) {
		struct sigv4_request req = { "GET", "/", NULL, 0, t[i].h, t[i].n, SIGV4_EMPTY_SHA256 };
		struct buf creq = BUF_INIT, sh = BUF_INIT, want = BUF_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		buf_printf(&want, "GET\n/\n\n%s\n%s\n%s", t[i].block, t[i].signed_headers,
			   SIGV4_EMPTY_SHA256);
		if (sigv4_canonical_request(&req, 0, &creq, &sh, &err) != 0)
			fail_msg("%s: %s", t[i].name, err.message);
		if (strcmp(buf_str(&creq), buf_str(&want)) != 0 ||
		    strcmp(buf_str(&sh), t[i].signed_headers) != 0)
			fail_msg("%s: got \"%s\" / \"%s\"", t[i].name, buf_str(&creq), buf_str(&sh));
		buf_free(&creq);
		buf_free(&sh);
		buf_free(&want);
	}
}

/* The canonical request appends; the S3 path is used as given. */
static void canonical_request_shape(void **state)
{
	(void)state;
	struct sigv4_param p[] = { { "uploads", "" }, { "prefix", "a/b" } };
	struct sigv4_header h[] = { { "Host", "127.0.0.1:9000" } };
	struct sigv4_request req = { "POST", "/bkt/a//b/../c", p, 2, h, 1, SIGV4_UNSIGNED_PAYLOAD };
	struct buf creq = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	buf_puts(&creq, "X");
	assert_int_equal(sigv4_canonical_request(&req, 0, &creq, NULL, &err), 0);
	assert_string_equal(buf_str(&creq), "XPOST\n/bkt/a//b/../c\nprefix=a%2Fb&uploads=\n"
					     "host:127.0.0.1:9000\n\nhost\nUNSIGNED-PAYLOAD");
	buf_free(&creq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uri_encode_table),
		cmocka_unit_test(uri_encode_embedded_nul),
		cmocka_unit_test(canonical_uri_table),
		cmocka_unit_test(canonical_query_table),
		cmocka_unit_test(canonical_headers_table),
		cmocka_unit_test(canonical_request_shape),
	};
	return cmocka_run_group_tests_name("sigv4_encode", tests, NULL, NULL);
}
