/* The SigV4 signer's API contract: dates and hashes, what sigv4_sign_headers
 * and sigv4_presign add, session tokens, the trace, refused inputs (each
 * with an error and no output), and that the secret key never appears in
 * anything the signer produces. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "s3/sigv4/sigv4.h"
#include "util/buf.h"
#include "util/error.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define T_2015 ((time_t)1440938160) /* 2015-08-30T12:36:00Z */
#define SECRET "SeCrEt/Key+Never=Shown&0123456789abcdefXYZ"

struct fixture {
	struct s3_credentials creds;
	struct sigv4_signing sg;
	struct sigv4_header h[3];
	struct sigv4_param p[2];
	struct sigv4_request req;
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->creds = (struct s3_credentials){ "AKIDEXAMPLE", SECRET, NULL };
	f->sg = (struct sigv4_signing){ &f->creds, "us-east-1", "s3", T_2015, 0 };
	f->h[0] = (struct sigv4_header){ "Host", "127.0.0.1:9000" };
	f->h[1] = (struct sigv4_header){ "Content-Type", "text/plain" };
	f->p[0] = (struct sigv4_param){ "prefix", "a b/" };
	f->p[1] = (struct sigv4_param){ "list-type", "2" };
	f->req = (struct sigv4_request){ "GET", "/bucket/my key", f->p, 2, f->h, 2,
					 SIGV4_EMPTY_SHA256 };
}

static const char *header_value(const struct sigv4_signed *s, const char *name)
{
	for (size_t i = 0; i < s->n_headers; i++)
		if (strcmp(s->headers[i].name, name) == 0)
			return s->headers[i].value;
	return NULL;
}

static void amz_date(void **state)
{
	(void)state;
	char d[17];
	sigv4_amz_date(T_2015, d);
	assert_string_equal(d, "20150830T123600Z");
	sigv4_amz_date(0, d);
	assert_string_equal(d, "19700101T000000Z");
	sigv4_amz_date((time_t)253402300799LL, d);
	assert_string_equal(d, "99991231T235959Z");
	sigv4_amz_date(-1, d);
	assert_string_equal(d, "");
	sigv4_amz_date((time_t)253402300800LL, d);
	assert_string_equal(d, "");
}

static void sha256_hex(void **state)
{
	(void)state;
	char h[65];
	sigv4_sha256_hex("", 0, h);
	assert_string_equal(h, SIGV4_EMPTY_SHA256);
	sigv4_sha256_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void sign_headers_adds(void **state)
{
	(void)state;
	struct fixture f;
	struct sigv4_signed out;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	fixture_init(&f);
	f.req.payload_hash = SIGV4_UNSIGNED_PAYLOAD;
	assert_int_equal(sigv4_sign_headers_traced(&f.req, &f.sg, &out, &t, &err), 0);
	assert_int_equal(out.n_headers, 3);
	assert_string_equal(header_value(&out, "x-amz-date"), "20150830T123600Z");
	assert_string_equal(header_value(&out, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
	assert_null(header_value(&out, "x-amz-security-token"));
	assert_string_equal(buf_str(&t.signed_headers),
			    "content-type;host;x-amz-content-sha256;x-amz-date");
	struct buf want = BUF_INIT;
	buf_printf(&want, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/"
			  "aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;"
			  "x-amz-date, Signature=%s", t.signature);
	assert_string_equal(header_value(&out, "Authorization"), buf_str(&want));
	/* the path is encoded once and the query sorted in what was signed */
	assert_non_null(strstr(buf_str(&t.canonical_request),
			       "GET\n/bucket/my%20key\nlist-type=2&prefix=a%20b%2F\n"));
	assert_int_equal(strlen(t.signature), 64);
	buf_free(&want);
	sigv4_signed_free(&out);
	assert_null(out.headers);
	assert_int_equal(out.n_headers, 0);
	sigv4_trace_free(&t);
}

static void sign_headers_token(void **state)
{
	(void)state;
	struct fixture f;
	struct sigv4_signed out;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	fixture_init(&f);
	f.creds.session_token = "TOKEN/with+chars=";
	assert_int_equal(sigv4_sign_headers_traced(&f.req, &f.sg, &out, &t, &err), 0);
	assert_int_equal(out.n_headers, 4);
	assert_string_equal(header_value(&out, "x-amz-security-token"), "TOKEN/with+chars=");
	assert_non_null(strstr(buf_str(&t.signed_headers), ";x-amz-security-token"));
	assert_non_null(strstr(buf_str(&t.canonical_request), "\nx-amz-security-token:TOKEN/with+chars=\n"));
	sigv4_signed_free(&out);
	/* an empty token (AWS_SESSION_TOKEN="") means none */
	f.creds.session_token = "";
	assert_int_equal(sigv4_sign_headers_traced(&f.req, &f.sg, &out, &t, &err), 0);
	assert_int_equal(out.n_headers, 3);
	assert_null(strstr(buf_str(&t.canonical_request), "security-token"));
	sigv4_signed_free(&out);
	sigv4_trace_free(&t);
}

/* The trace is replaced, not appended to, and tracing does not change the
 * result. */
static void trace_replaced(void **state)
{
	(void)state;
	struct fixture f;
	struct sigv4_signed a, b;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	fixture_init(&f);
	assert_int_equal(sigv4_sign_headers_traced(&f.req, &f.sg, &a, &t, &err), 0);
	size_t len = t.canonical_request.len;
	assert_int_equal(sigv4_sign_headers_traced(&f.req, &f.sg, &b, &t, &err), 0);
	assert_int_equal(t.canonical_request.len, len);
	assert_string_equal(a.headers[2].value, b.headers[2].value);
	sigv4_signed_free(&b);
	assert_int_equal(sigv4_sign_headers(&f.req, &f.sg, &b, &err), 0);
	assert_string_equal(a.headers[2].value, b.headers[2].value);
	sigv4_signed_free(&a);
	sigv4_signed_free(&b);
	sigv4_trace_free(&t);
}

/* Clock and secret are inputs: a skewed clock changes date and signature,
 * another secret changes the signature only. */
static void inputs_matter(void **state)
{
	(void)state;
	struct fixture f;
	struct sigv4_signed a, b, c;
	struct rdm_error err = RDM_ERROR_INIT;
	fixture_init(&f);
	assert_int_equal(sigv4_sign_headers(&f.req, &f.sg, &a, &err), 0);
	f.sg.now += 1200; /* 20 minutes of skew */
	assert_int_equal(sigv4_sign_headers(&f.req, &f.sg, &b, &err), 0);
	assert_string_equal(b.headers[0].value, "20150830T125600Z");
	assert_string_not_equal(a.headers[2].value, b.headers[2].value);
	f.sg.now = T_2015;
	f.creds.secret_access_key = SECRET "2";
	assert_int_equal(sigv4_sign_headers(&f.req, &f.sg, &c, &err), 0);
	assert_string_equal(a.headers[0].value, c.headers[0].value);
	assert_string_not_equal(a.headers[2].value, c.headers[2].value);
	sigv4_signed_free(&a);
	sigv4_signed_free(&b);
	sigv4_signed_free(&c);
}

static void presign_shape(void **state)
{
	(void)state;
	struct fixture f;
	struct buf q = BUF_INIT;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	fixture_init(&f);
	f.req.n_headers = 1; /* host only */
	f.req.payload_hash = SIGV4_UNSIGNED_PAYLOAD;
	f.creds.session_token = "TOK/EN";
	assert_int_equal(sigv4_presign_traced(&f.req, &f.sg, 300, &q, &t, &err), 0);
	struct buf want = BUF_INIT;
	buf_printf(&want, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%%2F20150830"
			  "%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Date=20150830T123600Z&"
			  "X-Amz-Expires=300&X-Amz-Security-Token=TOK%%2FEN&X-Amz-SignedHeaders=host&"
			  "list-type=2&prefix=a%%20b%%2F&X-Amz-Signature=%s", t.signature);
	assert_string_equal(buf_str(&q), buf_str(&want));
	assert_non_null(strstr(buf_str(&t.canonical_request), "&X-Amz-Security-Token=TOK%2FEN&"));
	assert_true(strstr(buf_str(&t.canonical_request), "\nUNSIGNED-PAYLOAD") != NULL);
	/* the expiry bounds are inclusive */
	buf_truncate(&q, 0);
	assert_int_equal(sigv4_presign(&f.req, &f.sg, 1, &q, &err), 0);
	assert_non_null(strstr(buf_str(&q), "X-Amz-Expires=1&"));
	buf_truncate(&q, 0);
	assert_int_equal(sigv4_presign(&f.req, &f.sg, 604800, &q, &err), 0);
	assert_non_null(strstr(buf_str(&q), "X-Amz-Expires=604800&"));
	buf_free(&q);
	buf_free(&want);
	sigv4_trace_free(&t);
}

/* ---- refused input: an error, no output, never the secret ---- */

enum op { OP_CREQ, OP_SIGN, OP_PRESIGN };

static void break_no_host(struct fixture *f) { f->h[0].name = "X-Host"; }
static void break_header_name(struct fixture *f) { f->h[1].name = "Content Type"; }
static void break_header_ctl(struct fixture *f) { f->h[1].name = "\x01x"; }
static void break_header_crlf(struct fixture *f) { f->h[1].value = "a\r\nX-Evil: 1"; }
static void break_header_null(struct fixture *f) { f->h[1].value = NULL; }
static void break_hash_upper(struct fixture *f) { f->req.payload_hash = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"; }
static void break_hash_short(struct fixture *f) { f->req.payload_hash = "abc"; }
static void break_hash_null(struct fixture *f) { f->req.payload_hash = NULL; }
static void break_method(struct fixture *f) { f->req.method = "GE T"; }
static void break_path(struct fixture *f) { f->req.path = "bucket/key"; }
static void break_param_name(struct fixture *f) { f->p[1].name = NULL; }
static void break_amz_date(struct fixture *f) { f->h[1].name = "X-Amz-Date"; }
static void break_auth(struct fixture *f) { f->h[1].name = "authorization"; }
static void break_token_hdr(struct fixture *f) { f->h[1].name = "X-AMZ-SECURITY-TOKEN"; }
static void break_sig_param(struct fixture *f) { f->p[1].name = "x-amz-signature"; }
static void break_cred_param(struct fixture *f) { f->p[1].name = "X-Amz-Credential"; }
static void break_no_creds(struct fixture *f) { f->sg.creds = NULL; }
static void break_no_ak(struct fixture *f) { f->creds.access_key_id = ""; }
static void break_ak_slash(struct fixture *f) { f->creds.access_key_id = "AK/ID"; }
static void break_no_sk(struct fixture *f) { f->creds.secret_access_key = NULL; }
static void break_region(struct fixture *f) { f->sg.region = "us east 1"; }
static void break_service(struct fixture *f) { f->sg.service = ""; }
static void break_time(struct fixture *f) { f->sg.now = -1; }
static void break_token_crlf(struct fixture *f) { f->creds.session_token = "a\nb"; }

static void refused(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		void (*brk)(struct fixture *);
		enum op op;
		const char *msg; /* expected in the message */
	} t[] = {
		{ "no host", break_no_host, OP_CREQ, "no Host header" },
		{ "header name with blank", break_header_name, OP_CREQ, "\"Content Type\" is not a valid" },
		{ "header name with control byte", break_header_ctl, OP_CREQ, "control or non-ASCII" },
		{ "CR LF in a value", break_header_crlf, OP_CREQ, "control character" },
		{ "NULL header value", break_header_null, OP_CREQ, "has no value" },
		{ "upper-case payload hash", break_hash_upper, OP_CREQ, "payload hash" },
		{ "short payload hash", break_hash_short, OP_CREQ, "payload hash" },
		{ "no payload hash", break_hash_null, OP_SIGN, "payload hash" },
		{ "method not a token", break_method, OP_CREQ, "method" },
		{ "relative path", break_path, OP_PRESIGN, "path" },
		{ "parameter without name", break_param_name, OP_CREQ, "no name" },
		{ "caller's x-amz-date", break_amz_date, OP_SIGN, "x-amz-date header" },
		{ "caller's Authorization", break_auth, OP_SIGN, "authorization header" },
		{ "caller's security token", break_token_hdr, OP_SIGN, "x-amz-security-token header" },
		{ "caller's X-Amz-Signature", break_sig_param, OP_PRESIGN, "X-Amz-Signature parameter" },
		{ "caller's X-Amz-Credential", break_cred_param, OP_PRESIGN, "X-Amz-Credential" },
		{ "no credentials", break_no_creds, OP_SIGN, "no access key" },
		{ "empty access key", break_no_ak, OP_PRESIGN, "no access key" },
		{ "access key with '/'", break_ak_slash, OP_SIGN, "access key id contains" },
		{ "no secret", break_no_sk, OP_SIGN, "no secret access key" },
		{ "region with blanks", break_region, OP_PRESIGN, "region" },
		{ "empty service", break_service, OP_SIGN, "service" },
		{ "time before 1970", break_time, OP_SIGN, "1970..9999" },
		{ "token with LF (header)", break_token_crlf, OP_SIGN, "control character" },
	};
	for (size_t i = 0; i < N_ELEMS(t); i++) {
		struct fixture f;
		struct rdm_error err = RDM_ERROR_INIT;
		struct buf out = BUF_INIT;
		struct sigv4_signed s = { (struct sigv4_header *)&f, 99 }; /* must be reset */
		fixture_init(&f);
		t[i].brk(&f);
		buf_puts(&out, "unchanged");
		int rc = t[i].op == OP_CREQ ? sigv4_canonical_request(&f.req, 0, &out, NULL, &err) :
			 t[i].op == OP_SIGN ? sigv4_sign_headers(&f.req, &f.sg, &s, &err) :
					      sigv4_presign(&f.req, &f.sg, 60, &out, &err);
		if (rc != -1 || !err.message || !strstr(err.message, t[i].msg))
			fail_msg("%s: rc %d, message \"%s\"", t[i].name, rc,
				 err.message ? err.message : "(none)");
		assert_string_equal(buf_str(&out), "unchanged");
		if (t[i].op == OP_SIGN) {
			assert_null(s.headers);
			assert_int_equal(s.n_headers, 0);
		}
		char *all = rdm_error_format(&err);
		assert_null(strstr(all, SECRET));
		free(all);
		rdm_error_clear(&err);
		buf_free(&out);
	}
}

static void presign_expiry_refused(void **state)
{
	(void)state;
	static const long bad[] = { 0, -5, 604801, 100000000L };
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		struct fixture f;
		struct rdm_error err = RDM_ERROR_INIT;
		struct buf out = BUF_INIT;
		fixture_init(&f);
		assert_int_equal(sigv4_presign(&f.req, &f.sg, bad[i], &out, &err), -1);
		assert_non_null(strstr(err.message, "expire"));
		assert_int_equal(out.len, 0);
		rdm_error_clear(&err);
	}
}

/* ---- the secret never leaves the signer ---- */

static void no_secret_in(const char *what, const char *s)
{
	static const char *const forms[] = {
		SECRET, ("AWS4" SECRET),
		"SeCrEt%2FKey%2BNever%3DShown%260123456789abcdefXYZ", /* URI-encoded */
		"SeCrEt/Key", "0123456789abcdefXYZ",                 /* pieces */
	};
	for (size_t i = 0; i < N_ELEMS(forms); i++)
		if (s && strstr(s, forms[i]))
			fail_msg("the secret (form %zu) appears in %s", i, what);
}

static void no_secret_in_trace(const struct sigv4_trace *t)
{
	no_secret_in("canonical request", buf_str(&t->canonical_request));
	no_secret_in("string to sign", buf_str(&t->string_to_sign));
	no_secret_in("signed headers", buf_str(&t->signed_headers));
	no_secret_in("signature", t->signature);
}

static void secret_never_output(void **state)
{
	(void)state;
	struct fixture f;
	struct rdm_error err = RDM_ERROR_INIT;
	fixture_init(&f);
	for (int token = 0; token < 2; token++) {
		struct sigv4_signed s;
		struct sigv4_trace t = SIGV4_TRACE_INIT;
		struct buf q = BUF_INIT, creq = BUF_INIT, sts = BUF_INIT, auth = BUF_INIT;
		char sig[65];
		f.creds.session_token = token ? "session-token-value" : NULL;
		assert_int_equal(sigv4_sign_headers_traced(&f.req, &f.sg, &s, &t, &err), 0);
		no_secret_in_trace(&t);
		for (size_t i = 0; i < s.n_headers; i++) {
			no_secret_in("header name", s.headers[i].name);
			no_secret_in("header value", s.headers[i].value);
		}
		sigv4_signed_free(&s);
		assert_int_equal(sigv4_presign_traced(&f.req, &f.sg, 3600, &q, &t, &err), 0);
		no_secret_in_trace(&t);
		no_secret_in("presigned query", buf_str(&q));
		assert_int_equal(sigv4_canonical_request(&f.req, 0, &creq, NULL, &err), 0);
		sigv4_string_to_sign(&f.sg, buf_str(&creq), &sts);
		sigv4_signature(&f.sg, buf_str(&sts), sig);
		sigv4_authorization(&f.sg, "host", sig, &auth);
		sigv4_chunk_signature(&f.sg, sig, "data", 4, sig);
		no_secret_in("staged canonical request", buf_str(&creq));
		no_secret_in("staged string to sign", buf_str(&sts));
		no_secret_in("authorization", buf_str(&auth));
		no_secret_in("chunk signature", sig);
		buf_free(&q);
		buf_free(&creq);
		buf_free(&sts);
		buf_free(&auth);
		sigv4_trace_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(amz_date),
		cmocka_unit_test(sha256_hex),
		cmocka_unit_test(sign_headers_adds),
		cmocka_unit_test(sign_headers_token),
		cmocka_unit_test(trace_replaced),
		cmocka_unit_test(inputs_matter),
		cmocka_unit_test(presign_shape),
		cmocka_unit_test(refused),
		cmocka_unit_test(presign_expiry_refused),
		cmocka_unit_test(secret_never_output),
	};
	return cmocka_run_group_tests_name("sigv4_api", tests, NULL, NULL);
}
