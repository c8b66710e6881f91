/* The socket probes as one state machine: resolve → connect → (TLS)
 * handshake. The DNS probe stops after resolving, the TCP probe once
 * connected, the TLS probe after the handshake. Nothing here blocks: every
 * socket is non-blocking and the run polls what probe_net_pollfd asks for. */
#include "config.h"
#include "s3/probe/probe_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"
#include "util/i18n.h"

static void set_common(struct probe_net *n, enum probe_error e, const char *detail,
		       const char *address, double latency)
{
	struct probe_results *res = n->res;
	switch (n->kind) {
	case PROBE_DNS:
		res->dns.error = e;
		probe_set_str(&res->dns.detail, detail);
		res->dns.latency = latency;
		res->dns.done = 1;
		break;
	case PROBE_TCP:
		res->tcp.error = e;
		probe_set_str(&res->tcp.detail, detail);
		probe_set_str(&res->tcp.address, address);
		res->tcp.latency = latency;
		res->tcp.done = 1;
		break;
	default:
		res->tls.error = e;
		probe_set_str(&res->tls.detail, detail);
		probe_set_str(&res->tls.address, address);
		res->tls.latency = latency;
		res->tls.done = 1;
		break;
	}
}

static void close_socket(struct probe_net *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}

/* Ends the probe (result written by the caller) and frees its parts. */
static void net_release(struct probe_net *n)
{
	probe_tls_free(n->tls);
	n->tls = NULL;
	close_socket(n);
	probe_resolver_release(n->resolver);
	n->resolver = NULL;
	probe_addrs_free(&n->addrs);
	free(n->fail_detail);
	n->fail_detail = NULL;
	n->stage = PROBE_NET_IDLE;
}

static void net_fail(struct probe_net *n, enum probe_error e, const char *detail,
		     const char *address)
{
	set_common(n, e, detail, address, -1);
	net_release(n);
}

static enum probe_error connect_error(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return PROBE_ERR_REFUSED;
	case ETIMEDOUT:
		return PROBE_ERR_TIMEOUT;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
		return PROBE_ERR_UNREACHABLE;
	default:
		return PROBE_ERR_CONNECT;
	}
}

/* Which failure to report when every address failed: the one that got
 * furthest (an answer, then silence, then the rest), so an IPv6 address
 * without a route does not hide "refused" on IPv4. */
static int fail_rank(enum probe_error e)
{
	switch (e) {
	case PROBE_ERR_REFUSED:
		return 4;
	case PROBE_ERR_TIMEOUT:
		return 3;
	case PROBE_ERR_CONNECT:
		return 2;
	case PROBE_ERR_UNREACHABLE:
		return 1;
	default:
		return 0;
	}
}

static void note_failure(struct probe_net *n, enum probe_error e, const char *detail)
{
	if (n->fail != PROBE_OK && fail_rank(e) <= fail_rank(n->fail))
		return;
	n->fail = e;
	probe_set_str(&n->fail_detail, detail);
	n->fail_addr = n->fd_addr;
}

static void net_finish_dns(struct probe_net *n, double now)
{
	struct probe_dns_result *d = &n->res->dns;
	d->addresses = xcalloc(n->addrs.n + 1, sizeof *d->addresses);
	for (size_t i = 0; i < n->addrs.n; i++)
		d->addresses[i] = xstrdup(n->addrs.v[i].text);
	d->n_addresses = n->addrs.n;
	set_common(n, PROBE_OK, NULL, NULL, now - n->t_start);
	net_release(n);
}

static void advance_handshake(struct probe_net *n, double now);

static void net_connected(struct probe_net *n, double now)
{
	char *address = probe_addr_with_port(&n->addrs.v[n->fd_addr], n->cfg->port);
	if (n->kind == PROBE_TCP) {
		set_common(n, PROBE_OK, NULL, address, now - n->t_stage);
		net_release(n);
		free(address);
		return;
	}
	enum probe_error e = PROBE_OK;
	char *detail = NULL;
	n->tls = probe_tls_new(n->cfg, n->fd, &e, &detail);
	if (!n->tls) {
		net_fail(n, e, detail, address);
		free(detail);
		free(address);
		return;
	}
	free(address);
	n->stage = PROBE_NET_HANDSHAKE;
	n->t_stage = now;
	advance_handshake(n, now);
}

/* Starts connecting to the next address; loops over immediate failures. */
static void connect_next(struct probe_net *n, double now)
{
	while (n->next < n->addrs.n) {
		if (now >= n->deadline)
			break;
		size_t i = n->next++;
		const struct probe_addr *a = &n->addrs.v[i];
		n->fd_addr = i;
		n->fd = socket(a->sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (n->fd < 0) {
			note_failure(n, PROBE_ERR_INTERNAL, strerror(errno));
			continue;
		}
		n->t_stage = now;
		if (connect(n->fd, (const struct sockaddr *)&a->sa, a->len) == 0) {
			net_connected(n, probe_mono_now());
			return;
		}
		if (errno == EINPROGRESS) {
			/* An equal share of the time left for each address left. */
			size_t left = n->addrs.n - i;
			n->attempt_deadline = now + (n->deadline - now) / (double)left;
			n->stage = PROBE_NET_CONNECTING;
			n->events = POLLOUT;
			return;
		}
		int err = errno;
		note_failure(n, connect_error(err), strerror(err));
		close_socket(n);
	}
	if (n->fail == PROBE_OK)
		n->fail = PROBE_ERR_TIMEOUT; /* the deadline came before any attempt ended */
	char *address = n->addrs.n ? probe_addr_with_port(&n->addrs.v[n->fail_addr], n->cfg->port)
				   : NULL;
	char *detail = n->fail_detail ? xstrdup(n->fail_detail) : NULL;
	if (!detail && n->fail == PROBE_ERR_TIMEOUT)
		detail = xstrdup("no answer before the deadline");
	net_fail(n, n->fail, detail, address);
	free(detail);
	free(address);
}

static void addresses_ready(struct probe_net *n, double now)
{
	if (n->kind == PROBE_DNS) {
		net_finish_dns(n, now);
		return;
	}
	n->next = 0;
	connect_next(n, now);
}

static void advance_resolving(struct probe_net *n, short revents, double now)
{
	int gai = 0, sys_errno = 0;
	if (revents) {
		char byte;
		while (read(n->rfd, &byte, 1) > 0) {
		}
	}
	if (!probe_resolver_result(n->resolver, &gai, &sys_errno, &n->addrs)) {
		if (now >= n->deadline)
			net_fail(n, PROBE_ERR_DNS_TIMEOUT, _("no answer from the resolver before the deadline"),
				 NULL);
		return;
	}
	probe_resolver_release(n->resolver);
	n->resolver = NULL;
	if (gai != 0) {
		net_fail(n, probe_gai_error(gai), gai == EAI_SYSTEM ? strerror(sys_errno) : gai_strerror(gai),
			 NULL);
		return;
	}
	if (!n->addrs.n) {
		net_fail(n, PROBE_ERR_DNS_NOT_FOUND, "no IPv4 or IPv6 address", NULL);
		return;
	}
	addresses_ready(n, now);
}

static void advance_connecting(struct probe_net *n, short revents, double now)
{
	if (revents) {
		int err = 0;
		socklen_t len = sizeof err;
		if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err == 0) {
			net_connected(n, now);
			return;
		}
		note_failure(n, connect_error(err), strerror(err));
	} else if (now >= n->attempt_deadline) {
		note_failure(n, PROBE_ERR_TIMEOUT, _("no answer to the connection request before the deadline"));
	} else {
		return;
	}
	close_socket(n);
	connect_next(n, now);
}

static void advance_handshake(struct probe_net *n, double now)
{
	if (probe_tls_handshake(n->tls, &n->events)) {
		struct probe_tls_result *t = &n->res->tls;
		probe_tls_report(n->tls, time(NULL), t);
		free(t->address);
		t->address = probe_addr_with_port(&n->addrs.v[n->fd_addr], n->cfg->port);
		t->latency = probe_mono_now() - n->t_stage;
		t->done = 1;
		net_release(n);
	} else if (now >= n->deadline) {
		char *address = probe_addr_with_port(&n->addrs.v[n->fd_addr], n->cfg->port);
		net_fail(n, PROBE_ERR_TIMEOUT, _("no TLS handshake before the deadline"), address);
		free(address);
	}
}

void probe_net_start(struct probe_net *n, unsigned kind, const struct probe_config *cfg,
		     struct probe_results *res, double now, double deadline)
{
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->cfg = cfg;
	n->res = res;
	n->fd = -1;
	n->rfd = -1;
	n->t_start = n->t_stage = now;
	n->deadline = deadline;
	/* Addresses given, or an IP literal: no lookup (except for the DNS
	 * probe, which reports what the resolver says even about a literal). */
	if (kind != PROBE_DNS) {
		const char *self[] = { cfg->host, NULL };
		if (probe_addrs_numeric(cfg->addresses ? cfg->addresses : self, cfg->port, &n->addrs) == 0 ||
		    cfg->addresses) {
			if (!n->addrs.n) {
				net_fail(n, PROBE_ERR_DNS, _("none of the given addresses is an IP address"), NULL);
				return;
			}
			addresses_ready(n, now);
			return;
		}
	}
	n->resolver = probe_resolver_start(cfg->host, cfg->port, &n->rfd);
	if (!n->resolver) {
		net_fail(n, PROBE_ERR_INTERNAL, _("could not start a resolver thread"), NULL);
		return;
	}
	n->stage = PROBE_NET_RESOLVING;
	n->events = POLLIN;
}

int probe_net_running(const struct probe_net *n)
{
	return n->stage != PROBE_NET_IDLE;
}

int probe_net_pollfd(const struct probe_net *n, struct pollfd *pfd)
{
	if (n->stage == PROBE_NET_IDLE)
		return 0;
	pfd->fd = n->stage == PROBE_NET_RESOLVING ? n->rfd : n->fd;
	pfd->events = n->events;
	pfd->revents = 0;
	return 1;
}

double probe_net_wake(const struct probe_net *n)
{
	if (n->stage == PROBE_NET_CONNECTING && n->attempt_deadline < n->deadline)
		return n->attempt_deadline;
	return n->deadline;
}

void probe_net_advance(struct probe_net *n, short revents, double now)
{
	switch (n->stage) {
	case PROBE_NET_RESOLVING:
		advance_resolving(n, revents, now);
		break;
	case PROBE_NET_CONNECTING:
		advance_connecting(n, revents, now);
		break;
	case PROBE_NET_HANDSHAKE:
		advance_handshake(n, now);
		break;
	case PROBE_NET_IDLE:
		break;
	}
}

void probe_net_stop(struct probe_net *n)
{
	if (n->stage != PROBE_NET_IDLE) /* a never-started probe holds no fd */
		net_release(n);
}
