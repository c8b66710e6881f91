/* tcp: a TCP connection to the endpoint's port opens. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>
#include <strings.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const tcp_deps[] = { "dns", NULL };

static char *tcp_remedy(const struct check_facts *f)
{
	switch (f->tcp.error) {
	case S3_TRANSPORT_REFUSED:
		return xasprintf(_("nothing listens on %s:%u. Start the S3 server (the instance's "
				 "MinIO: `docker compose -f docker-services.yml up -d s3`) and check "
				 "the port in S3_ENDPOINT_URL"), f->target.host, f->target.port);
	case S3_TRANSPORT_TIMEOUT:
		return xstrdup(_("no answer at all: a firewall drops the packets or the host is "
			       "down. Check that the port is open from this machine"));
	default:
		return xstrdup(_("check the network path to the host (routes, firewall)"));
	}
}

static void tcp_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_tcp_facts *t = &f->tcp;
	if (!t->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no TCP connection was attempted"));
		return;
	}
	r->latency_seconds = t->latency;
	if (t->error == S3_TRANSPORT_OK) {
		if (t->address)
			check_result_note(r, CHECK_OK, NULL, _("connected to %s"), t->address);
		else
			check_result_note(r, CHECK_OK, NULL, _("connected to %s:%u"),
					  f->target.host ? f->target.host : "?", f->target.port);
		return;
	}
	char *remedy = tcp_remedy(f);
	if (t->detail && strcasecmp(t->detail, check_transport_name(t->error)) != 0)
		check_result_note(r, CHECK_CRIT, remedy, _("cannot connect to %s:%u: %s (%s)"),
				  f->target.host ? f->target.host : "?", f->target.port,
				  check_transport_name(t->error), t->detail);
	else
		check_result_note(r, CHECK_CRIT, remedy, _("cannot connect to %s:%u: %s"),
				  f->target.host ? f->target.host : "?", f->target.port,
				  check_transport_name(t->error));
	free(remedy);
	r->blocks = 1;
}

const struct check check_tcp = {
	.id = "tcp",
	.title = N_("TCP connection"),
	.depends_on = tcp_deps,
	.needs = CHECK_NEED_TCP,
	.verdict = tcp_verdict,
};
