/* The live probe's network facts: DNS, TCP, TLS, the server's clock and
 * MinIO's health endpoints, from the step API of src/s3/probe.h. Every
 * probe starts in begin(); a gather only steps the run until the probes
 * its wave needs are done (each bounded by its own deadline). */
#include "config.h"
#include "ops/check/check_live_int.h"

#include <string.h>

#include "util/xalloc.h"

static unsigned kinds_of(unsigned needs)
{
	unsigned k = 0;
	if (needs & CHECK_NEED_DNS)
		k |= PROBE_DNS;
	if (needs & CHECK_NEED_TCP)
		k |= PROBE_TCP;
	if (needs & CHECK_NEED_TLS)
		k |= PROBE_TLS;
	if (needs & CHECK_NEED_CLOCK)
		k |= PROBE_CLOCK;
	if (needs & CHECK_NEED_MINIO_HEALTH)
		k |= PROBE_MINIO_HEALTH;
	return k;
}

int live_net_start(struct live_net *n, const struct s3_endpoint *ep, unsigned needs,
		   const char *ca_file, long timeout_ms, struct rdm_error *err)
{
	struct probe_config cfg;
	memset(&cfg, 0, sizeof cfg);
	probe_config_from_endpoint(&cfg, ep);
	cfg.ca_file = ca_file;
	cfg.timeout_ms = timeout_ms;
	n->kinds = kinds_of(needs);
	if (!cfg.https)
		n->kinds &= ~(unsigned)PROBE_TLS; /* the tls check skips plain http */
	if (ep->host_is_ip)
		n->kinds &= ~(unsigned)PROBE_DNS; /* and dns an address literal */
	if (!n->kinds)
		return 0;
	n->run = probe_run_start(&cfg, n->kinds, err);
	return n->run ? 0 : -1;
}

/* Whether every probe of kinds has finished. */
static int kinds_done(const struct probe_results *r, unsigned kinds)
{
	if ((kinds & PROBE_DNS) && !r->dns.done)
		return 0;
	if ((kinds & PROBE_TCP) && !r->tcp.done)
		return 0;
	if ((kinds & PROBE_TLS) && !r->tls.done)
		return 0;
	if ((kinds & PROBE_CLOCK) && !r->clock.http.done)
		return 0;
	if ((kinds & PROBE_MINIO_HEALTH) && !(r->minio.live.done && r->minio.ready.done))
		return 0;
	return 1;
}

static void fill_dns(const struct probe_dns_result *d, struct check_dns_facts *out)
{
	out->present = d->done;
	out->latency = d->latency;
	out->ok = d->error == PROBE_OK;
	out->error = d->error == PROBE_OK ? NULL : d->detail ? d->detail : probe_error_name(d->error);
	out->addresses = (const char *const *)d->addresses;
}

static void fill_tcp(const struct probe_tcp_result *t, struct check_tcp_facts *out)
{
	out->present = t->done;
	out->latency = t->latency;
	out->error = probe_error_transport(t->error);
	out->detail = t->detail;
	out->address = t->address;
}

static void fill_tls(const struct probe_tls_result *t, struct check_tls_facts *out)
{
	out->present = t->done;
	out->latency = t->latency;
	out->verified = t->verified && t->error == PROBE_OK;
	out->verify_error = t->verify_error ? t->verify_error
			    : t->detail ? t->detail : probe_error_name(t->error);
	out->have_not_after = t->have_cert;
	out->not_after = t->not_after;
	out->subject = t->subject_cn;
}

/* No answer means no clock to compare: present stays 0 and the verdict
 * says so (the tcp and auth checks say why). */
static void fill_clock(const struct probe_clock_result *c, long offset,
		       struct check_clock_facts *out)
{
	out->present = c->http.done && c->http.error == PROBE_OK;
	out->latency = c->http.latency;
	out->have_date = c->have_date;
	out->server_date = c->server_date;
	out->local_date = c->local_date + offset;
}

static void fill_health(struct live_net *n, const struct probe_minio_health_result *h,
			struct check_minio_health_facts *out)
{
	probe_http_to_status(&h->live, &n->live);
	probe_http_to_status(&h->ready, &n->ready);
	out->present = h->live.done;
	out->latency = h->live.latency;
	out->live.done = h->live.done;
	out->live.latency = h->live.latency;
	out->live.status = n->live;
	out->ready.done = h->ready.done;
	out->ready.latency = h->ready.latency;
	out->ready.status = n->ready;
}

void live_net_gather(struct live_net *n, unsigned needs, struct check_facts *f)
{
	unsigned kinds = kinds_of(needs) & n->kinds;
	if (!n->run || !kinds)
		return;
	/* Each step waits at most until the earliest deadline; step returns 0
	 * once every probe of the run is done. */
	while (!kinds_done(probe_run_results(n->run), kinds) && probe_run_step(n->run, 1000))
		;
	const struct probe_results *r = probe_run_results(n->run);
	if (kinds & PROBE_DNS)
		fill_dns(&r->dns, &f->dns);
	if (kinds & PROBE_TCP)
		fill_tcp(&r->tcp, &f->tcp);
	if (kinds & PROBE_TLS)
		fill_tls(&r->tls, &f->tls);
	if (kinds & PROBE_CLOCK)
		fill_clock(&r->clock, n->clock_offset, &f->clock);
	if (kinds & PROBE_MINIO_HEALTH)
		fill_health(n, &r->minio, &f->minio_health);
}

void live_net_free(struct live_net *n)
{
	probe_run_free(n->run);
	s3_status_clear(&n->live);
	s3_status_clear(&n->ready);
	long offset = n->clock_offset;
	memset(n, 0, sizeof n[0]);
	n->clock_offset = offset;
}
