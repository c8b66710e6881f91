/* A probe run: starts the requested probes together and advances them in
 * one poll loop (curl's multi handle waits for the socket probes' and the
 * resolver pipes' descriptors too), never waiting past the earliest
 * deadline of a probe that is still running. */
#include "config.h"
#include "s3/probe/probe_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

#define NET_PROBES 3

struct probe_run {
	struct probe_config cfg; /* points at the copies below */
	char *host, *path_prefix, *ca_file, *user_agent;
	char **addresses;
	struct probe_results res;
	struct probe_net net[NET_PROBES]; /* DNS, TCP, TLS */
	struct probe_http *http;
	int http_running;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void copy_config(struct probe_run *r, const struct probe_config *cfg)
{
	r->cfg = *cfg;
	r->cfg.host = r->host = xstrdup(cfg->host);
	r->cfg.path_prefix = r->path_prefix = dup_or_null(cfg->path_prefix);
	r->cfg.ca_file = r->ca_file = dup_or_null(cfg->ca_file);
	r->cfg.user_agent = r->user_agent = dup_or_null(cfg->user_agent);
	if (cfg->addresses) {
		size_t n = 0;
		while (cfg->addresses[n])
			n++;
		r->addresses = xcalloc(n + 1, sizeof *r->addresses);
		for (size_t i = 0; i < n; i++)
			r->addresses[i] = xstrdup(cfg->addresses[i]);
		r->cfg.addresses = (const char *const *)r->addresses;
	}
	if (r->cfg.timeout_ms <= 0)
		r->cfg.timeout_ms = PROBE_DEFAULT_TIMEOUT_MS;
}

struct probe_run *probe_run_start(const struct probe_config *cfg, unsigned kinds,
				  struct rdm_error *err)
{
	if (!cfg->host || !*cfg->host) {
		rdm_error_set(err, _("no host to probe"));
		rdm_error_remedy(err, _("give an endpoint URL with a host name or address"));
		return NULL;
	}
	if (!(kinds & PROBE_ALL)) {
		rdm_error_set(err, _("no probe asked for"));
		return NULL;
	}
	if (cfg->port == 0 || cfg->port > 65535) {
		rdm_error_set(err, _("port %u is not a TCP port"), cfg->port);
		return NULL;
	}
	struct probe_run *r = xcalloc(1, sizeof *r);
	copy_config(r, cfg);
	r->res.kinds = kinds & PROBE_ALL;
	double now = probe_mono_now();
	double deadline = now + (double)r->cfg.timeout_ms / 1000.0;
	if (kinds & (PROBE_CLOCK | PROBE_MINIO_HEALTH)) {
		r->http = probe_http_start(&r->cfg, kinds, &r->res, deadline, err);
		if (!r->http) {
			probe_run_free(r);
			return NULL;
		}
		r->http_running = 1;
	}
	static const unsigned net_kinds[NET_PROBES] = { PROBE_DNS, PROBE_TCP, PROBE_TLS };
	for (size_t i = 0; i < NET_PROBES; i++)
		if (kinds & net_kinds[i])
			probe_net_start(&r->net[i], net_kinds[i], &r->cfg, &r->res, now, deadline);
	return r;
}

static int any_running(const struct probe_run *r)
{
	for (size_t i = 0; i < NET_PROBES; i++)
		if (probe_net_running(&r->net[i]))
			return 1;
	return r->http_running;
}

int probe_run_step(struct probe_run *r, long max_wait_ms)
{
	double now = probe_mono_now();
	for (size_t i = 0; i < NET_PROBES; i++)
		probe_net_advance(&r->net[i], 0, now); /* deadlines, finished lookups */
	if (!any_running(r))
		return 0;
	struct pollfd pfd[NET_PROBES];
	size_t owner[NET_PROBES], n = 0;
	long wait = max_wait_ms < 0 ? 0 : max_wait_ms;
	for (size_t i = 0; i < NET_PROBES; i++) {
		if (!probe_net_pollfd(&r->net[i], &pfd[n]))
			continue;
		long ms = probe_ms_until(probe_net_wake(&r->net[i]), now);
		if (ms < wait)
			wait = ms;
		owner[n++] = i;
	}
	if (r->http_running) {
		probe_http_wait(r->http, pfd, n, wait);
	} else if (poll(pfd, n, (int)wait) < 0 && errno != EINTR) {
		for (size_t k = 0; k < n; k++)
			pfd[k].revents = POLLERR;
	}
	now = probe_mono_now();
	for (size_t k = 0; k < n; k++)
		probe_net_advance(&r->net[owner[k]], pfd[k].revents, now);
	if (r->http_running)
		r->http_running = probe_http_advance(r->http, now);
	return any_running(r);
}

void probe_run_wait(struct probe_run *r)
{
	while (probe_run_step(r, 1000)) {
	}
}

const struct probe_results *probe_run_results(const struct probe_run *r)
{
	return &r->res;
}

static void stop_all(struct probe_run *r)
{
	for (size_t i = 0; i < NET_PROBES; i++)
		probe_net_stop(&r->net[i]);
	probe_http_free(r->http);
	r->http = NULL;
	r->http_running = 0;
}

void probe_run_take(struct probe_run *r, struct probe_results *out)
{
	stop_all(r);
	*out = r->res;
	memset(&r->res, 0, sizeof r->res);
}

void probe_run_free(struct probe_run *r)
{
	if (!r)
		return;
	stop_all(r);
	probe_results_free(&r->res);
	free(r->host);
	free(r->path_prefix);
	free(r->ca_file);
	free(r->user_agent);
	for (size_t i = 0; r->addresses && r->addresses[i]; i++)
		free(r->addresses[i]);
	free(r->addresses);
	free(r);
}

int probe_all(const struct probe_config *cfg, unsigned kinds, struct probe_results *out,
	      struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	struct probe_run *r = probe_run_start(cfg, kinds, err);
	if (!r)
		return -1;
	probe_run_wait(r);
	probe_run_take(r, out);
	probe_run_free(r);
	return 0;
}
