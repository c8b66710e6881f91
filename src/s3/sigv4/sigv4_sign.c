/* SigV4 end to end: the header form (Authorization + x-amz-* headers) and
 * the query form (presigned URL), both through the same three stages, with
 * an optional trace of what was signed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "s3/sigv4/sigv4.h"
#include "s3/sigv4/sigv4_internal.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define WHERE "SigV4 signer"
#define PRESIGN_MAX_SECONDS 604800L /* 7 days */

/* Credential-scope parts end up between '/' in the scope and between ','
 * in the Authorization header, so those and blanks are refused. */
static int scope_part_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f || *s == '/' || *s == ',')
			return 0;
	return 1;
}

int sigv4_signing_check(const struct sigv4_signing *sg, struct rdm_error *err)
{
	char amz[17];
	const char *msg = NULL, *remedy = NULL;
	sigv4_amz_date(sg->now, amz);
	if (!sg->creds || !sg->creds->access_key_id || !*sg->creds->access_key_id) {
		msg = N_("no access key id to sign with");
		remedy = N_("set the instance's S3 credentials or AWS_ACCESS_KEY_ID");
	} else if (!scope_part_ok(sg->creds->access_key_id)) {
		msg = N_("the access key id contains a blank, '/', ',' or a non-ASCII byte");
		remedy = N_("check the access key id for stray characters (copy and paste)");
	} else if (!sg->creds->secret_access_key || !*sg->creds->secret_access_key) {
		msg = N_("no secret access key to sign with");
		remedy = N_("set the instance's S3 credentials or AWS_SECRET_ACCESS_KEY");
	} else if (!scope_part_ok(sg->region)) {
		msg = N_("the region is empty or contains a blank, '/' or ','");
		remedy = N_("pass a region such as us-east-1 (--region)");
	} else if (!scope_part_ok(sg->service)) {
		msg = N_("the service name is empty or contains a blank, '/' or ','");
	} else if (!amz[0]) {
		msg = N_("the request time is outside the years 1970..9999");
		remedy = N_("check the system clock");
	}
	if (!msg)
		return 0;
	rdm_error_set(err, "%s", _(msg));
	rdm_error_where(err, WHERE);
	if (remedy)
		rdm_error_remedy(err, "%s", _(remedy));
	return -1;
}

static const char *session_token(const struct sigv4_signing *sg)
{
	const char *t = sg->creds->session_token;
	return t && *t ? t : NULL;
}

void sigv4_credential(const struct sigv4_signing *sg, struct buf *out)
{
	buf_puts(out, sg->creds && sg->creds->access_key_id ? sg->creds->access_key_id : "");
	buf_putc(out, '/');
	sigv4_scope(sg, out);
}

void sigv4_authorization(const struct sigv4_signing *sg, const char *signed_headers,
			 const char *signature, struct buf *out)
{
	buf_puts(out, SIGV4_ALGORITHM " Credential=");
	sigv4_credential(sg, out);
	buf_printf(out, ", SignedHeaders=%s, Signature=%s", signed_headers, signature);
}

void sigv4_trace_free(struct sigv4_trace *t)
{
	buf_free(&t->canonical_request);
	buf_free(&t->string_to_sign);
	buf_free(&t->signed_headers);
	t->signature[0] = '\0';
}

/* Stages 2 and 3 once t->canonical_request is complete. The only failure
 * left is OpenSSL's: a hash or MAC that came back empty. */
static int stages_finish(const struct sigv4_signing *sg, struct sigv4_trace *t,
			 struct rdm_error *err)
{
	sigv4_string_to_sign(sg, buf_str(&t->canonical_request), &t->string_to_sign);
	sigv4_signature(sg, buf_str(&t->string_to_sign), t->signature);
	const char *nl = strrchr(buf_str(&t->string_to_sign), '\n');
	if (t->signature[0] && nl && strlen(nl + 1) == 64)
		return 0;
	rdm_error_set(err, _("OpenSSL could not compute SHA-256 / HMAC-SHA256"));
	rdm_error_where(err, WHERE);
	rdm_error_remedy(err, _("check the OpenSSL installation (libssl3 / libcrypto)"));
	return -1;
}

static const char *const added_headers[] = {
	"x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization",
};

static int headers_reserved_check(const struct sigv4_request *req, struct rdm_error *err)
{
	if (req->n_headers && !req->headers) {
		rdm_error_set(err, _("the request has %zu headers but no header array"),
			      req->n_headers);
		rdm_error_where(err, WHERE);
		return -1;
	}
	for (size_t i = 0; i < req->n_headers; i++)
		for (size_t k = 0; k < sizeof(added_headers) / sizeof(added_headers[0]); k++)
			if (req->headers[i].name && sigv4_name_is(req->headers[i].name, added_headers[k])) {
				rdm_error_set(err, _("the request already has a %s header, which the "
						"signer sets itself"), added_headers[k]);
				rdm_error_where(err, WHERE);
				return -1;
			}
	return 0;
}

static void signed_add(struct sigv4_signed *out, const char *name, const char *value)
{
	out->headers[out->n_headers].name = xstrdup(name);
	out->headers[out->n_headers].value = xstrdup(value);
	out->n_headers++;
}

static void signed_fill(const struct sigv4_signing *sg, const char *amz, const char *payload_hash,
			const struct sigv4_trace *t, struct sigv4_signed *out)
{
	struct buf auth = BUF_INIT;
	sigv4_authorization(sg, buf_str(&t->signed_headers), t->signature, &auth);
	out->headers = xcalloc(4, sizeof(*out->headers));
	signed_add(out, "x-amz-date", amz);
	signed_add(out, "x-amz-content-sha256", payload_hash);
	if (session_token(sg))
		signed_add(out, "x-amz-security-token", session_token(sg));
	signed_add(out, "Authorization", buf_str(&auth));
	buf_free(&auth);
}

int sigv4_sign_headers_traced(const struct sigv4_request *req, const struct sigv4_signing *sg,
			      struct sigv4_signed *out, struct sigv4_trace *trace,
			      struct rdm_error *err)
{
	struct sigv4_trace local = SIGV4_TRACE_INIT;
	struct sigv4_trace *t = trace ? trace : &local;
	out->headers = NULL;
	out->n_headers = 0;
	sigv4_trace_free(t);
	if (sigv4_signing_check(sg, err) < 0 || headers_reserved_check(req, err) < 0)
		return -1;
	char amz[17];
	sigv4_amz_date(sg->now, amz);
	size_t n = req->n_headers;
	struct sigv4_header *all = xmalloc((n + 3) * sizeof(*all));
	if (n)
		memcpy(all, req->headers, n * sizeof(*all));
	all[n++] = (struct sigv4_header){ "x-amz-date", amz };
	all[n++] = (struct sigv4_header){ "x-amz-content-sha256", req->payload_hash };
	if (session_token(sg))
		all[n++] = (struct sigv4_header){ "x-amz-security-token", session_token(sg) };
	struct sigv4_request r = *req;
	r.headers = all;
	r.n_headers = n;
	int rc = sigv4_canonical_request(&r, sg->normalize_path, &t->canonical_request,
					 &t->signed_headers, err);
	if (rc == 0)
		rc = stages_finish(sg, t, err);
	if (rc == 0)
		signed_fill(sg, amz, req->payload_hash, t, out);
	free(all);
	sigv4_trace_free(&local);
	return rc;
}

int sigv4_sign_headers(const struct sigv4_request *req, const struct sigv4_signing *sg,
		       struct sigv4_signed *out, struct rdm_error *err)
{
	return sigv4_sign_headers_traced(req, sg, out, NULL, err);
}

void sigv4_signed_free(struct sigv4_signed *s)
{
	for (size_t i = 0; i < s->n_headers; i++) {
		free((char *)s->headers[i].name);
		/* values include the session token */
		secret_free((char *)s->headers[i].value);
	}
	free(s->headers);
	s->headers = NULL;
	s->n_headers = 0;
}

static const char *const presign_params[] = {
	"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
	"X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature",
};

static int presign_check(const struct sigv4_request *req, long expires, struct rdm_error *err)
{
	if (expires < 1 || expires > PRESIGN_MAX_SECONDS) {
		rdm_error_set(err, _("a presigned URL must expire after 1 to %ld seconds, not %ld"),
			      PRESIGN_MAX_SECONDS, expires);
		rdm_error_where(err, WHERE);
		rdm_error_remedy(err, _("choose an expiry of at most 7 days (604800 seconds)"));
		return -1;
	}
	if (sigv4_request_check(req, err) < 0)
		return -1;
	for (size_t i = 0; i < req->n_params; i++)
		for (size_t k = 0; k < sizeof(presign_params) / sizeof(presign_params[0]); k++)
			if (sigv4_name_is(req->params[i].name, presign_params[k])) {
				rdm_error_set(err, _("the request already has a %s parameter, which "
						"presigning sets itself"), presign_params[k]);
				rdm_error_where(err, WHERE);
				return -1;
			}
	return 0;
}

/* The request's parameters plus the X-Amz-* ones that are signed. The
 * strings live in `strings` (credential, date, expires; NUL-separated). */
static struct sigv4_param *presign_params_build(const struct sigv4_request *req,
						const struct sigv4_signing *sg, long expires,
						const char *signed_headers, struct buf *strings,
						size_t *n_out)
{
	char amz[17];
	sigv4_amz_date(sg->now, amz);
	sigv4_credential(sg, strings);
	buf_append(strings, "", 1);
	size_t date_off = strings->len;
	buf_puts(strings, amz);
	buf_append(strings, "", 1);
	size_t expires_off = strings->len;
	buf_printf(strings, "%ld", expires);
	size_t n = req->n_params;
	struct sigv4_param *p = xmalloc((n + 6) * sizeof(*p));
	if (n)
		memcpy(p, req->params, n * sizeof(*p));
	p[n++] = (struct sigv4_param){ "X-Amz-Algorithm", SIGV4_ALGORITHM };
	p[n++] = (struct sigv4_param){ "X-Amz-Credential", strings->data };
	p[n++] = (struct sigv4_param){ "X-Amz-Date", strings->data + date_off };
	p[n++] = (struct sigv4_param){ "X-Amz-Expires", strings->data + expires_off };
	p[n++] = (struct sigv4_param){ "X-Amz-SignedHeaders", signed_headers };
	if (session_token(sg))
		p[n++] = (struct sigv4_param){ "X-Amz-Security-Token", session_token(sg) };
	*n_out = n;
	return p;
}

int sigv4_presign_traced(const struct sigv4_request *req, const struct sigv4_signing *sg,
			 long expires_seconds, struct buf *out, struct sigv4_trace *trace,
			 struct rdm_error *err)
{
	struct sigv4_trace local = SIGV4_TRACE_INIT;
	struct sigv4_trace *t = trace ? trace : &local;
	struct buf canon = BUF_INIT, strings = BUF_INIT;
	sigv4_trace_free(t);
	if (sigv4_signing_check(sg, err) < 0 || presign_check(req, expires_seconds, err) < 0 ||
	    sigv4_headers_canonical(req->headers, req->n_headers, &canon, &t->signed_headers,
				    err) < 0) {
		buf_free(&canon);
		sigv4_trace_free(&local);
		return -1;
	}
	size_t n = 0;
	struct sigv4_param *params = presign_params_build(req, sg, expires_seconds,
							  buf_str(&t->signed_headers), &strings, &n);
	sigv4_creq_build(req, params, n, sg->normalize_path, buf_str(&canon),
			 buf_str(&t->signed_headers), &t->canonical_request);
	int rc = stages_finish(sg, t, err);
	if (rc == 0) {
		sigv4_canonical_query(params, n, out);
		buf_printf(out, "&X-Amz-Signature=%s", t->signature);
	}
	free(params);
	buf_free(&canon);
	buf_free(&strings);
	sigv4_trace_free(&local);
	return rc;
}

int sigv4_presign(const struct sigv4_request *req, const struct sigv4_signing *sg,
		  long expires_seconds, struct buf *out, struct rdm_error *err)
{
	return sigv4_presign_traced(req, sg, expires_seconds, out, NULL, err);
}
