/* tls: the certificate is trusted, and how long until it expires
 * (warning under 21 days, critical under 7). */
#include "config.h"
#include "ops/check/check_list.h"

#include "ops/check/check_util.h"
#include "util/i18n.h"

#define DAY_SECONDS 86400LL
#define TLS_WARN_DAYS 21
#define TLS_CRIT_DAYS 7

static const char *const tls_deps[] = { "tcp", NULL };

static const char renew_remedy[] =
	N_("renew the certificate (certbot renew, or your CA); once it expires browsers "
	"and boto3 refuse the endpoint");

static void tls_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_tls_facts *t = &f->tls;
	char date[32];
	if (!f->target.https) {
		check_result_skip(r, 0, _("skipped: the endpoint uses plain http, no certificate"));
		return;
	}
	if (!t->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no TLS handshake was attempted"));
		return;
	}
	r->latency_seconds = t->latency;
	if (!t->verified) {
		check_result_note(r, CHECK_CRIT,
				  _("use a certificate from a CA this machine trusts, or pass --ca-file "
				  "with the CA that signed it (rdm-s3 never turns verification off)"),
				  _("certificate of %s not trusted: %s"), f->target.host ? f->target.host : "?",
				  t->verify_error ? t->verify_error : _("verification failed"));
		r->blocks = 1;
		return;
	}
	if (!t->have_not_after) {
		check_result_note(r, CHECK_UNKNOWN, NULL,
				  _("certificate verified, but its expiry date could not be read"));
		return;
	}
	long long left = (long long)t->not_after - (long long)f->target.now;
	long long days = left / DAY_SECONDS;
	check_format_utc(t->not_after, date, sizeof(date));
	if (left <= 0)
		check_result_note(r, CHECK_CRIT, _(renew_remedy), _("certificate expired on %s"), date);
	else if (left < TLS_CRIT_DAYS * DAY_SECONDS)
		check_result_note(r, CHECK_CRIT, _(renew_remedy),
				  _("certificate expires in %lld days (%s)"), days, date);
	else if (left < TLS_WARN_DAYS * DAY_SECONDS)
		check_result_note(r, CHECK_WARN, _(renew_remedy),
				  _("certificate expires in %lld days (%s)"), days, date);
	else
		check_result_note(r, CHECK_OK, NULL, _("certificate trusted, valid for %lld more days (%s)"),
				  days, date);
}

const struct check check_tls = {
	.id = "tls",
	.title = N_("TLS certificate"),
	.depends_on = tls_deps,
	.needs = CHECK_NEED_TLS,
	.verdict = tls_verdict,
};
