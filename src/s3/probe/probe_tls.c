/* The TLS probe's handshake, on OpenSSL directly. Verification is on
 * (SSL_VERIFY_PEER, host name or IP address checked), so a certificate
 * that does not verify ends the handshake; a verify callback keeps the
 * first error and the leaf certificate so the report can still say why
 * and name the certificate and its dates. Only the handshake is done: no
 * application data ever crosses the connection. */
#include "config.h"
#include "s3/probe/probe_int.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "util/xalloc.h"
#include "util/i18n.h"

struct probe_tls {
	SSL_CTX *ctx;
	SSL *ssl;
	int finished;     /* the handshake ended */
	int ok;           /* ... and succeeded */
	long verify_code; /* first verification error met; X509_V_OK if none */
	X509 *leaf;       /* the server's certificate, as the callback saw it */
	enum probe_error fail;
	char *fail_detail;
};

enum probe_error probe_tls_classify(long code)
{
	switch (code) {
	case X509_V_OK:
		return PROBE_OK;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
	case X509_V_ERR_EMAIL_MISMATCH:
		return PROBE_ERR_TLS_NAME_MISMATCH;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return PROBE_ERR_TLS_EXPIRED;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
	case X509_V_ERR_CERT_UNTRUSTED:
		return PROBE_ERR_TLS_UNTRUSTED;
	default:
		return PROBE_ERR_TLS_VERIFY;
	}
}

static int verify_cb(int preverify_ok, X509_STORE_CTX *xs)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(xs, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct probe_tls *t = ssl ? SSL_get_app_data(ssl) : NULL;
	if (!t)
		return preverify_ok;
	if (!t->leaf) {
		X509 *leaf = X509_STORE_CTX_get0_cert(xs);
		if (leaf && X509_up_ref(leaf) == 1)
			t->leaf = leaf;
	}
	if (!preverify_ok && t->verify_code == X509_V_OK)
		t->verify_code = X509_STORE_CTX_get_error(xs);
	return preverify_ok; /* never overrides OpenSSL's verdict */
}

/* The last OpenSSL error as text, or fallback. Clears the queue (it is
 * per thread and must not leak into other users of OpenSSL). */
static char *openssl_error(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;
	char *s = xstrdup(reason ? reason : fallback);
	ERR_clear_error();
	return s;
}

static int set_peer_name(SSL *ssl, const char *host)
{
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	if (probe_host_is_ip(host))
		return X509_VERIFY_PARAM_set1_ip_asc(param, host) == 1 ? 0 : -1;
	/* SNI only for names (RFC 6066 forbids literals). */
	if (SSL_set_tlsext_host_name(ssl, host) != 1)
		return -1;
	X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	return X509_VERIFY_PARAM_set1_host(param, host, 0) == 1 ? 0 : -1;
}

static SSL_CTX *make_ctx(const char *ca_file, enum probe_error *e, char **detail)
{
	ERR_clear_error();
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		*e = PROBE_ERR_INTERNAL;
		*detail = openssl_error(_("cannot create a TLS context"));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/* No system store is not an error: the chain is then simply untrusted. */
	SSL_CTX_set_default_verify_paths(ctx);
	if (ca_file && SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		char *why = openssl_error(_("no certificate found"));
		*e = PROBE_ERR_CA_FILE;
		*detail = xasprintf(_("cannot load CA file %s: %s"), ca_file, why);
		free(why);
		SSL_CTX_free(ctx);
		return NULL;
	}
	ERR_clear_error();
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
	return ctx;
}

struct probe_tls *probe_tls_new(const struct probe_config *cfg, int fd, enum probe_error *e,
				char **detail)
{
	SSL_CTX *ctx = make_ctx(cfg->ca_file, e, detail);
	if (!ctx)
		return NULL;
	struct probe_tls *t = xcalloc(1, sizeof *t);
	t->ctx = ctx;
	t->verify_code = X509_V_OK;
	t->ssl = SSL_new(ctx);
	if (!t->ssl || SSL_set_fd(t->ssl, fd) != 1 || set_peer_name(t->ssl, cfg->host) != 0) {
		*e = PROBE_ERR_INTERNAL;
		*detail = openssl_error(_("cannot set up the TLS session"));
		probe_tls_free(t);
		return NULL;
	}
	SSL_set_app_data(t->ssl, t);
	SSL_set_connect_state(t->ssl);
	return t;
}

/* Runs one OpenSSL call that may write to the socket with SIGPIPE blocked
 * for this thread, and swallows a SIGPIPE it raised (a peer that hung up
 * must not kill the process; the socket BIO uses write(), not send() with
 * MSG_NOSIGNAL). Returns SSL_get_error()'s code; *err_no is errno after
 * the call. */
static int ssl_call(SSL *ssl, int (*fn)(SSL *), int *err_no)
{
	sigset_t pipe_set, old, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigemptyset(&pending);
	sigpending(&pending);
	int was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	ERR_clear_error();
	errno = 0;
	int rc = fn(ssl);
	int code = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, rc);
	*err_no = errno;
	if (!was_pending) {
		sigemptyset(&pending);
		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE)) {
			const struct timespec zero = { 0, 0 };
			sigtimedwait(&pipe_set, NULL, &zero);
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return code;
}

static void handshake_failed(struct probe_tls *t, int code, int err_no)
{
	long v = t->verify_code != X509_V_OK ? t->verify_code : SSL_get_verify_result(t->ssl);
	if (v != X509_V_OK) {
		t->verify_code = v;
		t->fail = probe_tls_classify(v);
		t->fail_detail = xstrdup(X509_verify_cert_error_string(v));
		ERR_clear_error();
		return;
	}
	t->fail = PROBE_ERR_TLS_HANDSHAKE;
	if (code == SSL_ERROR_SSL)
		t->fail_detail = openssl_error("TLS handshake failed");
	else if (code == SSL_ERROR_SYSCALL && err_no != 0)
		t->fail_detail = xasprintf(_("TLS handshake failed: %s"), strerror(err_no));
	else
		t->fail_detail = xstrdup(_("the server closed the connection during the TLS handshake "
					 "(is this port serving TLS?)"));
	ERR_clear_error();
}

int probe_tls_handshake(struct probe_tls *t, short *events)
{
	if (t->finished)
		return 1;
	int err_no = 0;
	int code = ssl_call(t->ssl, SSL_connect, &err_no);
	switch (code) {
	case SSL_ERROR_NONE:
		t->finished = t->ok = 1;
		return 1;
	case SSL_ERROR_WANT_READ:
		*events = POLLIN;
		return 0;
	case SSL_ERROR_WANT_WRITE:
		*events = POLLOUT;
		return 0;
	default:
		t->finished = 1;
		handshake_failed(t, code, err_no);
		return 1;
	}
}

static int asn1_time_to_time_t(const ASN1_TIME *a, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!a || ASN1_TIME_to_tm(a, &tm) != 1)
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* The CN of a name as UTF-8, control characters replaced (it ends up in
 * one-line messages); NULL when there is none. */
static char *name_cn(X509_NAME *name)
{
	int i = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
	if (i < 0)
		return NULL;
	ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	unsigned char *utf8 = NULL;
	int len = data ? ASN1_STRING_to_UTF8(&utf8, data) : -1;
	if (len < 0)
		return NULL;
	char *s = xstrndup((const char *)utf8, (size_t)len);
	OPENSSL_free(utf8);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}

static long days_until(time_t t, time_t now)
{
	long long left = (long long)t - (long long)now;
	if (left >= 0)
		return (long)(left / 86400);
	return -(long)((-left + 86399) / 86400); /* floor: 1 s past is day -1 */
}

static void report_cert(X509 *cert, time_t now, struct probe_tls_result *out)
{
	if (!cert)
		return;
	out->have_cert = asn1_time_to_time_t(X509_get0_notAfter(cert), &out->not_after) == 0;
	if (asn1_time_to_time_t(X509_get0_notBefore(cert), &out->not_before) != 0)
		out->not_before = 0;
	out->days_left = out->have_cert ? days_until(out->not_after, now) : 0;
	free(out->subject_cn);
	free(out->issuer_cn);
	out->subject_cn = name_cn(X509_get_subject_name(cert));
	out->issuer_cn = name_cn(X509_get_issuer_name(cert));
}

void probe_tls_report(struct probe_tls *t, time_t now, struct probe_tls_result *out)
{
	out->verify_code = t->verify_code;
	out->verified = t->ok;
	if (t->ok) {
		out->error = PROBE_OK;
		probe_set_str(&out->protocol, SSL_get_version(t->ssl));
		probe_set_str(&out->verify_error, NULL);
		probe_set_str(&out->detail, NULL);
	} else {
		out->error = t->fail;
		probe_set_str(&out->verify_error, t->verify_code != X509_V_OK
							 ? X509_verify_cert_error_string(t->verify_code)
							 : NULL);
		probe_set_str(&out->detail, t->fail_detail);
	}
	if (t->leaf) {
		report_cert(t->leaf, now, out);
	} else if (t->ok) {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
		X509 *peer = SSL_get1_peer_certificate(t->ssl);
#else
		X509 *peer = SSL_get_peer_certificate(t->ssl);
#endif
		report_cert(peer, now, out);
		X509_free(peer);
	}
}

static int shutdown_once(SSL *ssl)
{
	return SSL_shutdown(ssl) >= 0 ? 1 : 0;
}

void probe_tls_free(struct probe_tls *t)
{
	if (!t)
		return;
	if (t->ok) {
		int err_no;
		ssl_call(t->ssl, shutdown_once, &err_no); /* close_notify, best effort */
		ERR_clear_error();
	}
	SSL_free(t->ssl);
	SSL_CTX_free(t->ctx);
	X509_free(t->leaf);
	free(t->fail_detail);
	free(t);
}
