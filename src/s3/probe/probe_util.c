/* Probe helpers: error names and mappings, clocks, freeing results. */
#include "config.h"
#include "s3/probe/probe_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const char *const error_names[] = {
	[PROBE_OK] = "ok",
	[PROBE_ERR_DNS_NOT_FOUND] = "dns-not-found",
	[PROBE_ERR_DNS_TEMPORARY] = "dns-temporary",
	[PROBE_ERR_DNS_TIMEOUT] = "dns-timeout",
	[PROBE_ERR_DNS] = "dns",
	[PROBE_ERR_REFUSED] = "refused",
	[PROBE_ERR_UNREACHABLE] = "unreachable",
	[PROBE_ERR_CONNECT] = "connect",
	[PROBE_ERR_TIMEOUT] = "timeout",
	[PROBE_ERR_TLS_UNTRUSTED] = "tls-untrusted",
	[PROBE_ERR_TLS_NAME_MISMATCH] = "tls-name-mismatch",
	[PROBE_ERR_TLS_EXPIRED] = "tls-expired",
	[PROBE_ERR_TLS_VERIFY] = "tls-verify",
	[PROBE_ERR_TLS_HANDSHAKE] = "tls-handshake",
	[PROBE_ERR_CA_FILE] = "ca-file",
	[PROBE_ERR_HTTP] = "http",
	[PROBE_ERR_INTERNAL] = "internal",
};

const char *probe_error_name(enum probe_error e)
{
	if ((size_t)e < sizeof error_names / sizeof error_names[0] && error_names[e])
		return error_names[e];
	return "unknown";
}

int probe_error_is_dns(enum probe_error e)
{
	return e == PROBE_ERR_DNS_NOT_FOUND || e == PROBE_ERR_DNS_TEMPORARY ||
	       e == PROBE_ERR_DNS_TIMEOUT || e == PROBE_ERR_DNS;
}

enum s3_transport_error probe_error_transport(enum probe_error e)
{
	switch (e) {
	case PROBE_OK:
		return S3_TRANSPORT_OK;
	case PROBE_ERR_DNS_NOT_FOUND:
	case PROBE_ERR_DNS_TEMPORARY:
	case PROBE_ERR_DNS_TIMEOUT:
	case PROBE_ERR_DNS:
		return S3_TRANSPORT_DNS;
	case PROBE_ERR_REFUSED:
		return S3_TRANSPORT_REFUSED;
	case PROBE_ERR_UNREACHABLE:
	case PROBE_ERR_CONNECT:
	case PROBE_ERR_HTTP:
		return S3_TRANSPORT_CONNECT;
	case PROBE_ERR_TIMEOUT:
		return S3_TRANSPORT_TIMEOUT;
	case PROBE_ERR_TLS_UNTRUSTED:
	case PROBE_ERR_TLS_NAME_MISMATCH:
	case PROBE_ERR_TLS_EXPIRED:
	case PROBE_ERR_TLS_VERIFY:
		return S3_TRANSPORT_TLS_VERIFY;
	case PROBE_ERR_TLS_HANDSHAKE:
	case PROBE_ERR_CA_FILE:
		return S3_TRANSPORT_TLS;
	case PROBE_ERR_INTERNAL:
		break;
	}
	return S3_TRANSPORT_OTHER;
}

static double timespec_seconds(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double probe_mono_now(void)
{
	return timespec_seconds(CLOCK_MONOTONIC);
}

double probe_wall_now(void)
{
	return timespec_seconds(CLOCK_REALTIME);
}

long probe_ms_until(double deadline, double now)
{
	double ms = (deadline - now) * 1000.0;
	if (ms <= 0)
		return 0;
	if (ms > 86400000.0)
		return 86400000L;
	long whole = (long)ms;
	return whole < ms ? whole + 1 : whole;
}

void probe_set_str(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

void probe_config_from_endpoint(struct probe_config *cfg, const struct s3_endpoint *ep)
{
	cfg->host = ep->host;
	cfg->port = (unsigned)ep->port;
	cfg->https = ep->scheme && strcmp(ep->scheme, "https") == 0;
	cfg->path_prefix = ep->path_prefix;
}

static void http_result_free(struct probe_http_result *h)
{
	free(h->detail);
	free(h->url);
}

void probe_results_free(struct probe_results *res)
{
	free(res->dns.detail);
	for (size_t i = 0; res->dns.addresses && res->dns.addresses[i]; i++)
		free(res->dns.addresses[i]);
	free(res->dns.addresses);
	free(res->tcp.detail);
	free(res->tcp.address);
	free(res->tls.verify_error);
	free(res->tls.detail);
	free(res->tls.address);
	free(res->tls.protocol);
	free(res->tls.subject_cn);
	free(res->tls.issuer_cn);
	http_result_free(&res->clock.http);
	free(res->clock.date_header);
	http_result_free(&res->minio.live);
	http_result_free(&res->minio.ready);
	memset(res, 0, sizeof *res);
}

void probe_http_to_status(const struct probe_http_result *h, struct s3_status *st)
{
	s3_status_clear(st);
	st->transport = probe_error_transport(h->error);
	st->transport_detail = h->detail ? xstrdup(h->detail) : NULL;
	st->http_status = h->status;
}
