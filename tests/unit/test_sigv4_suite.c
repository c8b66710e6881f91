/* The AWS SigV4 test suites, one cmocka case per vector (the list is built
 * at run time from tests/data/sigv4/, so TAP names every case):
 *  - aws-sig-v4-test-suite/ (botocore copy): .req -> .creq, .sts, .authz and
 *    the Authorization line of .sreq, through the staged API;
 *  - aws-c-auth-v4/ (AWS CRT copy): request.txt + context.json, header form
 *    and query (presigned) form as two cases, every stage byte-compared.
 * See tests/data/sigv4/README for where the vectors come from and their
 * quirks. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <jansson.h>

#include "s3/sigv4/sigv4.h"
#include "sigv4_vecio.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"

/* How many cases the copies hold (tests/data/sigv4/README): fewer means
 * files went missing, e.g. from the distribution tarball. */
#define BOTO_CASES 34
#define CRT_CASES 38

/* get-vanilla-with-session-token's .req lacks the token its .creq signs;
 * the value is the one in aws-c-auth-v4/get-vanilla-with-session-token/
 * context.json. Its .sreq is known to be wrong (carries get-vanilla's
 * signature), so only the .creq/.sts/.authz are compared for it. */
#define BOTO_TOKEN_CASE "get-vanilla-with-session-token"
#define BOTO_TOKEN "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

enum case_kind { CASE_INVENTORY, CASE_BOTO, CASE_CRT_HEADER, CASE_CRT_QUERY };

struct vcase {
	enum case_kind kind;
	char *dir;  /* absolute folder of the vector */
	char *base; /* folder basename (file prefix of the botocore files) */
	char *name; /* the test's name in TAP */
	long n_boto, n_crt; /* CASE_INVENTORY only */
};

static char *case_file(const struct vcase *c, const char *suffix, int prefixed)
{
	char *path = prefixed ? xasprintf("%s/%s%s", c->dir, c->base, suffix) :
				xasprintf("%s/%s", c->dir, suffix);
	char *text = vec_slurp(path, NULL);
	if (!text)
		fail_msg("cannot read %s", path);
	free(path);
	return text;
}

static const char *header_get(const struct vec_request *r, const char *name)
{
	for (size_t i = 0; i < r->req.n_headers; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static void inventory(void **state)
{
	const struct vcase *c = *state;
	if (c->n_boto != BOTO_CASES || c->n_crt != CRT_CASES)
		fail_msg("found %ld aws-sig-v4-test-suite and %ld aws-c-auth-v4 vectors under "
			 "$RDM_S3_TEST_DATA/sigv4, expected %d and %d",
			 c->n_boto, c->n_crt, BOTO_CASES, CRT_CASES);
}

/* ---- aws-sig-v4-test-suite (botocore) ---- */

static void boto_case(void **state)
{
	const struct vcase *c = *state;
	struct s3_credentials creds = { "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL };
	struct sigv4_signing sg = { &creds, "us-east-1", "service",
				    vec_parse_time("20150830T123600Z"), 1 };
	int token_case = strcmp(c->base, BOTO_TOKEN_CASE) == 0;
	char *text = case_file(c, ".req", 1);
	struct vec_request r;
	assert_int_equal(vec_request_parse(text, strlen(text), &r), 0);
	if (token_case)
		vec_request_add_header(&r, "X-Amz-Security-Token", BOTO_TOKEN);

	struct buf creq = BUF_INIT, sh = BUF_INIT, sts = BUF_INIT, authz = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	char sig[65];
	assert_int_equal(sigv4_canonical_request(&r.req, sg.normalize_path, &creq, &sh, &err), 0);
	char *want = case_file(c, ".creq", 1);
	assert_true(vec_same("canonical request", buf_str(&creq), want));
	free(want);
	sigv4_string_to_sign(&sg, buf_str(&creq), &sts);
	want = case_file(c, ".sts", 1);
	assert_true(vec_same("string to sign", buf_str(&sts), want));
	free(want);
	sigv4_signature(&sg, buf_str(&sts), sig);
	sigv4_authorization(&sg, buf_str(&sh), sig, &authz);
	want = case_file(c, ".authz", 1);
	assert_true(vec_same("authorization", buf_str(&authz), want));
	free(want);
	if (!token_case) {
		char *sreq = case_file(c, ".sreq", 1);
		struct vec_request s;
		assert_int_equal(vec_request_parse(sreq, strlen(sreq), &s), 0);
		const char *v = header_get(&s, "Authorization");
		assert_non_null(v);
		assert_true(vec_same(".sreq Authorization", buf_str(&authz), v + strspn(v, " ")));
		vec_request_free(&s);
		free(sreq);
	}
	buf_free(&creq);
	buf_free(&sh);
	buf_free(&sts);
	buf_free(&authz);
	vec_request_free(&r);
	free(text);
}

/* ---- aws-c-auth-v4 (AWS CRT) ---- */

struct crt_ctx {
	char *access_key, *secret_key, *token, *region, *service;
	time_t now;
	int normalize, sign_body, omit_token;
	long expires;
};

static char *json_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? xstrdup(s) : NULL;
}

static void crt_ctx_load(const struct vcase *c, struct crt_ctx *x)
{
	char *path = xasprintf("%s/context.json", c->dir);
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	if (!root)
		fail_msg("%s: %s", path, jerr.text);
	json_t *cr = json_object_get(root, "credentials");
	x->access_key = json_str(cr, "access_key_id");
	x->secret_key = json_str(cr, "secret_access_key");
	x->token = json_str(cr, "token");
	x->region = json_str(root, "region");
	x->service = json_str(root, "service");
	x->now = vec_parse_time(json_string_value(json_object_get(root, "timestamp")));
	x->normalize = json_is_true(json_object_get(root, "normalize"));
	x->sign_body = json_is_true(json_object_get(root, "sign_body"));
	x->omit_token = json_is_true(json_object_get(root, "omit_session_token"));
	x->expires = (long)json_integer_value(json_object_get(root, "expiration_in_seconds"));
	json_decref(root);
	free(path);
	assert_non_null(x->access_key);
	assert_non_null(x->secret_key);
	assert_non_null(x->region);
	assert_non_null(x->service);
	assert_true(x->now > 0);
}

static void crt_ctx_free(struct crt_ctx *x)
{
	free(x->access_key);
	free(x->secret_key);
	free(x->token);
	free(x->region);
	free(x->service);
}

static void crt_request(const struct vcase *c, const char *file, struct vec_request *r)
{
	char *text = case_file(c, file, 0);
	assert_int_equal(vec_request_parse(text, strlen(text), r), 0);
	free(text);
}

/* Compares the trace with <form>-canonical-request.txt, -string-to-sign.txt
 * and -signature.txt. */
static void crt_compare_stages(const struct vcase *c, const char *form,
			       const struct sigv4_trace *t)
{
	static const char *const what[] = { "canonical-request", "string-to-sign", "signature" };
	const char *got[] = { buf_str(&t->canonical_request), buf_str(&t->string_to_sign),
			      t->signature };
	for (size_t i = 0; i < 3; i++) {
		char *f = xasprintf("%s-%s.txt", form, what[i]);
		char *want = case_file(c, f, 0);
		assert_true(vec_same(f, got[i], want));
		free(want);
		free(f);
	}
}

/* Header form: the signer adds x-amz-date, x-amz-content-sha256 and the
 * token itself (sigv4_sign_headers), which is what the sign_body cases
 * expect; the others sign no x-amz-content-sha256 (not S3), so the test
 * adds X-Amz-Date and the token and runs the three stages. */
static void crt_header_case(void **state)
{
	const struct vcase *c = *state;
	struct crt_ctx x = { 0 };
	crt_ctx_load(c, &x);
	const char *token = x.omit_token ? NULL : x.token;
	struct s3_credentials creds = { x.access_key, x.secret_key, token };
	struct sigv4_signing sg = { &creds, x.region, x.service, x.now, x.normalize };
	struct vec_request r, s;
	crt_request(c, "request.txt", &r);
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct buf authz = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	char amz[17];
	sigv4_amz_date(x.now, amz);
	if (x.sign_body) {
		struct sigv4_signed out;
		assert_int_equal(sigv4_sign_headers_traced(&r.req, &sg, &out, &t, &err), 0);
		assert_int_equal(out.n_headers, token ? 4 : 3);
		assert_string_equal(out.headers[1].value, r.payload_hash);
		buf_puts(&authz, out.headers[out.n_headers - 1].value);
		sigv4_signed_free(&out);
	} else {
		vec_request_add_header(&r, "X-Amz-Date", amz);
		if (token)
			vec_request_add_header(&r, "X-Amz-Security-Token", token);
		assert_int_equal(sigv4_canonical_request(&r.req, x.normalize, &t.canonical_request,
							 &t.signed_headers, &err), 0);
		sigv4_string_to_sign(&sg, buf_str(&t.canonical_request), &t.string_to_sign);
		sigv4_signature(&sg, buf_str(&t.string_to_sign), t.signature);
		sigv4_authorization(&sg, buf_str(&t.signed_headers), t.signature, &authz);
	}
	crt_compare_stages(c, "header", &t);
	crt_request(c, "header-signed-request.txt", &s);
	assert_true(vec_same("signed Authorization", buf_str(&authz), header_get(&s, "Authorization")));
	assert_true(vec_same("signed X-Amz-Date", amz, header_get(&s, "X-Amz-Date")));
	if (x.token)
		assert_true(vec_same("signed token", x.token, header_get(&s, "X-Amz-Security-Token")));
	if (x.sign_body)
		assert_true(vec_same("x-amz-content-sha256", r.payload_hash,
				     header_get(&s, "x-amz-content-sha256")));
	vec_request_free(&s);
	vec_request_free(&r);
	buf_free(&authz);
	sigv4_trace_free(&t);
	crt_ctx_free(&x);
}

/* The presigned query against query-signed-request.txt, compared as
 * decoded (name, value) pairs, since the vector keeps the request's own
 * parameters unencoded and in request order. With omit_session_token the
 * token parameter is added after signing: it must be in the expected URL
 * and is not ours to produce (S3 signs it). */
static void crt_compare_query(const struct vcase *c, const struct crt_ctx *x, const char *ours)
{
	struct vec_request s;
	crt_request(c, "query-signed-request.txt", &s);
	struct sigv4_param *got;
	size_t n_got = vec_query_split(ours, &got);
	size_t n_want = s.req.n_params;
	vec_params_sort(got, n_got);
	vec_params_sort(s.params, n_want);
	int unsigned_token = 0;
	for (size_t i = 0, k = 0; i < n_want; i++) {
		const struct sigv4_param *w = &s.params[i];
		if (x->omit_token && strcmp(w->name, "X-Amz-Security-Token") == 0) {
			assert_string_equal(w->value, x->token);
			unsigned_token = 1;
			continue;
		}
		assert_true(k < n_got);
		assert_true(vec_same("query parameter name", got[k].name, w->name));
		assert_true(vec_same(w->name, got[k].value, w->value));
		k++;
	}
	assert_int_equal(n_got + (size_t)unsigned_token, n_want);
	assert_int_equal(unsigned_token, x->omit_token);
	vec_params_free(got, n_got);
	vec_request_free(&s);
}

static void crt_query_case(void **state)
{
	const struct vcase *c = *state;
	struct crt_ctx x = { 0 };
	crt_ctx_load(c, &x);
	struct s3_credentials creds = { x.access_key, x.secret_key, x.omit_token ? NULL : x.token };
	struct sigv4_signing sg = { &creds, x.region, x.service, x.now, x.normalize };
	struct vec_request r;
	crt_request(c, "request.txt", &r);
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct buf out = BUF_INIT, want = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(sigv4_presign_traced(&r.req, &sg, x.expires, &out, &t, &err), 0);
	crt_compare_stages(c, "query", &t);
	/* The URL's query is the signed canonical query plus the signature. */
	const char *q = strchr(strchr(buf_str(&t.canonical_request), '\n') + 1, '\n') + 1;
	buf_append(&want, q, strcspn(q, "\n"));
	buf_printf(&want, "&X-Amz-Signature=%s", t.signature);
	assert_true(vec_same("presigned query", buf_str(&out), buf_str(&want)));
	crt_compare_query(c, &x, buf_str(&out));
	buf_free(&out);
	buf_free(&want);
	vec_request_free(&r);
	sigv4_trace_free(&t);
	crt_ctx_free(&x);
}

/* ---- the case list ---- */

struct case_list {
	struct CMUnitTest *tests;
	size_t n, cap;
};

static void case_add(struct case_list *l, enum case_kind kind, const char *root,
		     const char *suite, const char *rel, const char *form)
{
	const char *slash = strrchr(rel, '/');
	struct vcase *c = xcalloc(1, sizeof(*c));
	c->kind = kind;
	c->dir = xasprintf("%s/%s", root, rel);
	c->base = xstrdup(slash ? slash + 1 : rel);
	c->name = form ? xasprintf("%s/%s %s", suite, rel, form) : xasprintf("%s/%s", suite, rel);
	l->tests = xgrow(l->tests, &l->cap, l->n + 1, sizeof(*l->tests));
	static const CMUnitTestFunction fn[] = { inventory, boto_case, crt_header_case,
						 crt_query_case };
	l->tests[l->n] = (struct CMUnitTest){ c->name, fn[kind], NULL, NULL, c };
	l->n++;
}

static long scan(struct case_list *l, const char *suite, const char *marker)
{
	char *root = vec_data_path(suite);
	char **dirs = NULL;
	long n = root ? vec_list_cases(root, marker, &dirs) : -1;
	for (long i = 0; i < n; i++) {
		if (strcmp(marker, "context.json") == 0) {
			case_add(l, CASE_CRT_HEADER, root, suite, dirs[i], "[header]");
			case_add(l, CASE_CRT_QUERY, root, suite, dirs[i], "[query]");
		} else {
			case_add(l, CASE_BOTO, root, suite, dirs[i], NULL);
		}
	}
	vec_list_free(dirs, n);
	free(root);
	return n;
}

int main(void)
{
	struct case_list l = { 0 };
	case_add(&l, CASE_INVENTORY, "", "sigv4", "vector inventory", NULL);
	long n_boto = scan(&l, "aws-sig-v4-test-suite", "%s.req");
	long n_crt = scan(&l, "aws-c-auth-v4", "context.json");
	struct vcase *inv = (struct vcase *)l.tests[0].initial_state;
	inv->n_boto = n_boto;
	inv->n_crt = n_crt;
	int rc = _cmocka_run_group_tests("sigv4_suite", l.tests, l.n, NULL, NULL);
	for (size_t i = 0; i < l.n; i++) {
		struct vcase *c = l.tests[i].initial_state;
		free(c->dir);
		free(c->base);
		free(c->name);
		free(c);
	}
	free(l.tests);
	return rc;
}
