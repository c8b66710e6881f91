/* The Amazon S3 SigV4 examples of the AWS documentation
 * (tests/data/sigv4/s3-examples.txt), one cmocka case per [section]: the
 * header-signed GET/PUT/list/lifecycle requests (staged API and
 * sigv4_sign_headers), the presigned GET URL, the aws-chunked seed and
 * chunk signatures, and the signing-key derivation. */
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

#include "s3/sigv4/sigv4.h"
#include "sigv4_vecio.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define S3_EXAMPLE_CASES 7 /* sections other than [common] */

struct kv {
	char *key, *value;
};

struct section {
	char *id;
	struct kv *kv;
	size_t n_kv, cap_kv;
	struct buf creq, sts; /* the 'creq|' and 'sts|' lines, joined */
	const struct section *common;
};

/* First value of key in s, else in [common]; NULL if in neither. */
static const char *get(const struct section *s, const char *key)
{
	for (size_t i = 0; i < s->n_kv; i++)
		if (strcmp(s->kv[i].key, key) == 0)
			return s->kv[i].value;
	return s->common && s->common != s ? get(s->common, key) : NULL;
}

static const char *need(const struct section *s, const char *key)
{
	const char *v = get(s, key);
	if (!v)
		fail_msg("[%s] has no '%s'", s->id, key);
	return v;
}

static void joined_line(struct buf *b, const char *line)
{
	if (*line == ' ')
		line++;
	if (b->data)
		buf_putc(b, '\n');
	else
		buf_puts(b, ""); /* present, even if empty */
	buf_puts(b, line);
}

static void section_line(struct section *s, char *line)
{
	if (strncmp(line, "creq|", 5) == 0) {
		joined_line(&s->creq, line + 5);
	} else if (strncmp(line, "sts|", 4) == 0) {
		joined_line(&s->sts, line + 4);
	} else {
		char *eq = strstr(line, " = ");
		if (!eq)
			return;
		*eq = '\0';
		s->kv = xgrow(s->kv, &s->cap_kv, s->n_kv + 1, sizeof(*s->kv));
		s->kv[s->n_kv].key = xstrdup(line);
		s->kv[s->n_kv].value = xstrdup(eq + 3);
		s->n_kv++;
	}
}

static struct section *sections_parse(char *text, size_t *n_out)
{
	struct section *v = NULL;
	size_t n = 0, cap = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		if (line[0] == '[') {
			v = xgrow(v, &cap, n + 1, sizeof(*v));
			memset(&v[n], 0, sizeof(v[n]));
			v[n].id = xstrndup(line + 1, strcspn(line + 1, "]"));
			n++;
		} else if (n) {
			section_line(&v[n - 1], line);
		}
	}
	for (size_t i = 0; i < n; i++)
		v[i].common = strcmp(v[0].id, "common") == 0 ? &v[0] : NULL;
	*n_out = n;
	return v;
}

/* ---- building the request of a section ---- */

struct s3_req {
	struct sigv4_request req;
	struct sigv4_param params[8];
	struct sigv4_header headers[12];
	char *strings[40];
	size_t n_strings;
	struct s3_credentials creds;
	struct sigv4_signing sg;
};

static char *keep(struct s3_req *r, char *s)
{
	assert_true(r->n_strings < sizeof(r->strings) / sizeof(r->strings[0]));
	r->strings[r->n_strings++] = s;
	return s;
}

/* Request from the section; the x-amz-date / x-amz-content-sha256 headers
 * are left out when `signer_adds` (sigv4_sign_headers adds them). */
static void s3_req_build(const struct section *s, struct s3_req *r, int signer_adds)
{
	memset(r, 0, sizeof(*r));
	r->req.method = need(s, "method");
	r->req.path = need(s, "path");
	r->req.payload_hash = need(s, "payload_hash");
	for (size_t i = 0; i < s->n_kv; i++) {
		const char *k = s->kv[i].key, *v = s->kv[i].value;
		if (strcmp(k, "query") == 0 && strncmp(v, "X-Amz-", 6) != 0) {
			size_t nl = strcspn(v, "=");
			struct sigv4_param *p = &r->params[r->req.n_params++];
			p->name = keep(r, xstrndup(v, nl));
			p->value = v[nl] ? v + nl + 1 : "";
		} else if (strcmp(k, "header") == 0) {
			size_t nl = strcspn(v, ":");
			char *name = keep(r, xstrndup(v, nl));
			if (signer_adds && (strcasecmp(name, "x-amz-date") == 0 ||
					    strcasecmp(name, "x-amz-content-sha256") == 0))
				continue;
			r->headers[r->req.n_headers].name = name;
			r->headers[r->req.n_headers++].value = v + nl + 1;
		}
	}
	r->req.params = r->params;
	r->req.headers = r->headers;
	r->creds = (struct s3_credentials){ need(s, "access_key"), need(s, "secret_key"), NULL };
	r->sg = (struct sigv4_signing){ &r->creds, need(s, "region"), need(s, "service"),
					vec_parse_time(need(s, "amz_date")), 0 };
}

static void s3_req_free(struct s3_req *r)
{
	for (size_t i = 0; i < r->n_strings; i++)
		free(r->strings[i]);
}

/* The documentation writes "...,SignedHeaders=..,Signature=.."; we (like
 * curl, botocore and aws-c-auth) put a blank after each comma. Both are
 * accepted by S3; compare in our form. */
static char *authorization_ours(const char *doc)
{
	struct buf b = BUF_INIT;
	for (const char *p = doc; *p; p++) {
		buf_putc(&b, *p);
		if (*p == ',' && (strncmp(p + 1, "SignedHeaders=", 14) == 0 ||
				  strncmp(p + 1, "Signature=", 10) == 0))
			buf_putc(&b, ' ');
	}
	return buf_detach(&b);
}

static void check_stages(const struct section *s, const struct sigv4_trace *t, const char *sig)
{
	char hash[65];
	assert_true(vec_same("canonical request", buf_str(&t->canonical_request), buf_str(&s->creq)));
	sigv4_sha256_hex(t->canonical_request.data, t->canonical_request.len, hash);
	assert_true(vec_same("canonical request sha256", hash, need(s, "canonical_request_sha256")));
	assert_true(vec_same("string to sign", buf_str(&t->string_to_sign), buf_str(&s->sts)));
	assert_true(vec_same("signature", t->signature, sig));
	assert_true(vec_same("signed headers", buf_str(&t->signed_headers), need(s, "signed_headers")));
}

/* Stage by stage, with every header as the document lists it. */
static void staged(const struct section *s, const char *sig)
{
	struct s3_req r;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	s3_req_build(s, &r, 0);
	assert_int_equal(sigv4_canonical_request(&r.req, 0, &t.canonical_request, &t.signed_headers,
						 &err), 0);
	sigv4_string_to_sign(&r.sg, buf_str(&t.canonical_request), &t.string_to_sign);
	sigv4_signature(&r.sg, buf_str(&t.string_to_sign), t.signature);
	check_stages(s, &t, sig);
	sigv4_trace_free(&t);
	s3_req_free(&r);
}

/* sigv4_sign_headers, adding x-amz-date and x-amz-content-sha256 itself. */
static void header_form(const struct section *s, const char *sig)
{
	struct s3_req r;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct sigv4_signed out;
	struct rdm_error err = RDM_ERROR_INIT;
	s3_req_build(s, &r, 1);
	assert_int_equal(sigv4_sign_headers_traced(&r.req, &r.sg, &out, &t, &err), 0);
	check_stages(s, &t, sig);
	assert_int_equal(out.n_headers, 3);
	assert_string_equal(out.headers[0].name, "x-amz-date");
	assert_string_equal(out.headers[0].value, need(s, "amz_date"));
	assert_string_equal(out.headers[1].name, "x-amz-content-sha256");
	assert_string_equal(out.headers[1].value, need(s, "payload_hash"));
	assert_string_equal(out.headers[2].name, "Authorization");
	const char *doc = get(s, "authorization");
	if (doc) {
		char *want = authorization_ours(doc);
		assert_true(vec_same("Authorization", out.headers[2].value, want));
		free(want);
	}
	sigv4_signed_free(&out);
	sigv4_trace_free(&t);
	s3_req_free(&r);
}

static void header_case(const struct section *s)
{
	const char *payload = get(s, "payload"), *bytes = get(s, "payload_bytes");
	if (payload && bytes && strtoul(bytes, NULL, 10) == strlen(payload)) {
		char hash[65];
		sigv4_sha256_hex(payload, strlen(payload), hash);
		assert_true(vec_same("payload hash", hash, need(s, "payload_hash")));
	}
	staged(s, need(s, "signature"));
	header_form(s, need(s, "signature"));
}

static void presign_case(const struct section *s)
{
	struct s3_req r;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	struct buf url = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	long expires = 0;
	for (size_t i = 0; i < s->n_kv; i++)
		if (strcmp(s->kv[i].key, "query") == 0 &&
		    strncmp(s->kv[i].value, "X-Amz-Expires=", 14) == 0)
			expires = strtol(s->kv[i].value + 14, NULL, 10);
	s3_req_build(s, &r, 1);
	buf_printf(&url, "https://%s", r.headers[0].value + strspn(r.headers[0].value, " "));
	sigv4_canonical_uri(r.req.path, 0, &url);
	buf_putc(&url, '?');
	assert_int_equal(sigv4_presign_traced(&r.req, &r.sg, expires, &url, &t, &err), 0);
	check_stages(s, &t, need(s, "signature"));
	assert_true(vec_same("presigned URL", buf_str(&url), need(s, "presigned_url")));
	buf_free(&url);
	sigv4_trace_free(&t);
	s3_req_free(&r);
}

/* Seed signature (the request's own), then each chunk chained on the
 * previous signature. The payload is 'a' bytes. */
static void chunked_case(const struct section *s)
{
	const char *seed = need(s, "seed_signature");
	staged(s, seed);
	header_form(s, seed);
	struct s3_req r;
	s3_req_build(s, &r, 0);
	char prev[65], sig[65];
	int chunks = 0;
	snprintf(prev, sizeof(prev), "%s", seed);
	for (size_t i = 0; i < s->n_kv; i++) {
		if (strcmp(s->kv[i].key, "chunk_signature") != 0)
			continue;
		char *end;
		size_t size = strtoul(s->kv[i].value, &end, 10);
		char *data = xmalloc(size + 1);
		memset(data, 'a', size);
		sigv4_chunk_signature(&r.sg, prev, data, size, sig);
		free(data);
		assert_true(vec_same("chunk signature", sig, end + strspn(end, " ")));
		memcpy(prev, sig, sizeof(prev));
		chunks++;
	}
	assert_int_equal(chunks, 3);
	s3_req_free(&r);
}

static void signing_key_case(const struct section *s)
{
	unsigned char key[32];
	char hex[65];
	assert_int_equal(sigv4_signing_key(need(s, "secret_key"), need(s, "date"), need(s, "region"),
					   need(s, "service"), key), 0);
	for (size_t i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	secure_wipe(key, sizeof(key));
	assert_true(vec_same("signing key", hex, need(s, "signing_key_hex")));
}

static void example_case(void **state)
{
	const struct section *s = *state;
	if (get(s, "signing_key_hex"))
		signing_key_case(s);
	else if (get(s, "seed_signature"))
		chunked_case(s);
	else if (get(s, "presigned_url"))
		presign_case(s);
	else
		header_case(s);
}

static void inventory(void **state)
{
	const size_t *n = *state;
	if (*n != S3_EXAMPLE_CASES)
		fail_msg("found %zu cases in $RDM_S3_TEST_DATA/sigv4/s3-examples.txt, expected %d",
			 *n, S3_EXAMPLE_CASES);
}

int main(void)
{
	char *path = vec_data_path("s3-examples.txt");
	char *text = path ? vec_slurp(path, NULL) : NULL;
	size_t n = 0, n_cases = 0;
	struct section *secs = text ? sections_parse(text, &n) : NULL;
	struct CMUnitTest *tests = xcalloc(n + 1, sizeof(*tests));
	char **names = xcalloc(n + 1, sizeof(*names));
	tests[0] = (struct CMUnitTest){ "s3-examples inventory", inventory, NULL, NULL, &n_cases };
	size_t nt = 1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(secs[i].id, "common") == 0)
			continue;
		names[nt] = xasprintf("s3-examples/%s", secs[i].id);
		tests[nt] = (struct CMUnitTest){ names[nt], example_case, NULL, NULL, &secs[i] };
		nt++;
		n_cases++;
	}
	int rc = _cmocka_run_group_tests("sigv4_s3_examples", tests, nt, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < secs[i].n_kv; k++) {
			free(secs[i].kv[k].key);
			free(secs[i].kv[k].value);
		}
		free(secs[i].kv);
		free(secs[i].id);
		buf_free(&secs[i].creq);
		buf_free(&secs[i].sts);
	}
	for (size_t i = 0; i < nt; i++)
		free(names[i]);
	free(names);
	free(tests);
	free(secs);
	free(text);
	free(path);
	return rc;
}
