/* clock: this machine's clock against the server's Date header (warning
 * over 60 s, critical over 5 minutes). SigV4 requests fail at 15 minutes
 * and presigned URLs expire early or late by the skew. */
#include "config.h"
#include "ops/check/check_list.h"

#include "ops/check/check_util.h"
#include "util/i18n.h"

#define CLOCK_WARN_SECONDS 60
#define CLOCK_CRIT_SECONDS 300

static const char *const clock_deps[] = { "tls", NULL };

static const char clock_remedy[] =
	N_("turn on time synchronisation (timedatectl set-ntp true, chrony) on the machine "
	"whose clock is wrong; S3 rejects signed requests 15 minutes off "
	"(RequestTimeTooSkewed) and presigned URLs expire early or late");

static void clock_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_clock_facts *c = &f->clock;
	if (!c->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no answer from the server to read its clock"));
		return;
	}
	r->latency_seconds = c->latency;
	if (!c->have_date) {
		check_result_note(r, CHECK_UNKNOWN, NULL,
				  _("the server's answer has no Date header: skew unknown"));
		return;
	}
	long long skew = (long long)c->server_date - (long long)c->local_date;
	long long mag = skew < 0 ? -skew : skew;
	enum check_status s = mag > CLOCK_CRIT_SECONDS ? CHECK_CRIT : CHECK_WARN;
	if (mag > CLOCK_WARN_SECONDS && skew < 0)
		check_result_note(r, s, _(clock_remedy),
				  _("the server's clock is %lld s behind this machine's"), mag);
	else if (mag > CLOCK_WARN_SECONDS)
		check_result_note(r, s, _(clock_remedy),
				  _("the server's clock is %lld s ahead of this machine's"), mag);
	else
		check_result_note(r, CHECK_OK, NULL, _("clocks agree within %lld s"), mag);
}

const struct check check_clock = {
	.id = "clock",
	.title = N_("Clock skew"),
	.depends_on = clock_deps,
	.needs = CHECK_NEED_CLOCK,
	.verdict = clock_verdict,
};
