/* dns: the endpoint's host name resolves. A container-internal name (the
 * compose service `s3`) is the classic failure when rdm-s3 runs on the
 * host, so its remedy says so. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>

#include "ops/check/check_util.h"
#include "util/buf.h"
#include "util/i18n.h"

static void dns_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_dns_facts *d = &f->dns;
	const char *host = f->target.host;
	check_result_setting(r, "S3_ENDPOINT_URL", &f->target.endpoint);
	if (!host && f->target.unknown_endpoint) {
		check_result_note(r, CHECK_UNKNOWN, _("fix what the instance check reports, then check again"),
				  _("not checked: the endpoint is unknown because %s"), f->target.unknown_endpoint);
		r->blocks = 1;
		return;
	}
	if (!host && f->target.endpoint.value) {
		check_result_skip(r, 1, _("skipped: the endpoint %s is not a usable URL (see the "
				  "client-compat check)"), f->target.endpoint.value);
		return;
	}
	if (!host) {
		check_result_skip(r, 1, _("skipped: no endpoint to check (no S3_ENDPOINT_URL, no --endpoint)"));
		return;
	}
	if (check_host_is_ip(host)) {
		check_result_note(r, CHECK_OK, NULL, _("%s is an IP address: nothing to resolve"), host);
		return;
	}
	if (!d->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no DNS answer was gathered for %s"), host);
		return;
	}
	r->latency_seconds = d->latency;
	if (!d->ok) {
		const char *remedy =
			check_host_classify(host) == CHECK_HOST_INTERNAL
				? _("this is a container or cluster name: it resolves only inside that "
				  "network. From the host use localhost and the published port, and give "
				  "browsers a public name")
				: _("check the host name in S3_ENDPOINT_URL (or --endpoint) and this "
				  "machine's DNS settings");
		check_result_note(r, CHECK_CRIT, remedy, _("%s does not resolve: %s"), host,
				  d->error ? d->error : _("no address"));
		r->blocks = 1;
		return;
	}
	struct buf list = BUF_INIT;
	size_t n = 0;
	for (; d->addresses && d->addresses[n]; n++)
		if (n < 4)
			buf_printf(&list, "%s%s", n ? ", " : "", d->addresses[n]);
	if (n > 4)
		buf_printf(&list, _(" and %zu more"), n - 4);
	check_result_note(r, CHECK_OK, NULL, _("%s resolves to %s"), host,
			  n ? buf_str(&list) : _("an address"));
	buf_free(&list);
}

const struct check check_dns = {
	.id = "dns",
	.title = N_("DNS resolution of the endpoint"),
	.depends_on = NULL,
	.needs = CHECK_NEED_DNS,
	.verdict = dns_verdict,
};
