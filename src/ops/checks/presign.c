/* presign: a presigned GET works, which is what InvenioRDM hands browsers
 * for every download. Without a canary object (read-only mode) a
 * NoSuchKey answer still proves the URL's signature was accepted. */
#include "config.h"
#include "ops/check/check_list.h"

#include <string.h>

#include "ops/check/check_util.h"
#include "util/i18n.h"

static const char *const presign_deps[] = { "region", NULL };

static void presign_failure(const struct check_facts *f, struct check_result *r)
{
	const struct s3_status *st = &f->presign.status;
	if (check_s3_code_is(st, "SignatureDoesNotMatch"))
		check_result_note(r, CHECK_CRIT,
				  _("a reverse proxy in front of S3 must pass the Host header "
				  "unchanged; S3_SIGNATURE_VERSION must be s3v4; the secret key must "
				  "match (see the auth check)"),
				  _("the server rejects presigned URLs (SignatureDoesNotMatch)"));
	else if (check_s3_code_is(st, "AccessDenied") && st->message && strstr(st->message, "expired"))
		check_result_note(r, CHECK_CRIT,
				  _("synchronise the clocks (see the clock check); S3_URL_EXPIRATION "
				  "(default 60 s) must cover the skew"),
				  _("the presigned URL had already expired when used"));
	else if (check_s3_code_is(st, "AccessDenied"))
		check_result_note(r, CHECK_CRIT, _("grant this key s3:GetObject on the bucket"),
				  _("presigned GET denied (AccessDenied)"));
	else
		check_note_s3_failure(r, CHECK_CRIT, "presigned GET", st,
				      _("browsers download through these URLs: check the endpoint "
				      "host they carry"));
}

static void presign_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_presign_facts *p = &f->presign;
	const struct s3_status *st = &p->status;
	const char *host = p->url_host ? p->url_host : (f->target.host ? f->target.host : "?");
	if (!p->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no presigned GET was made"));
		return;
	}
	r->latency_seconds = p->latency;
	int missing = st->transport == S3_TRANSPORT_OK &&
		      (check_s3_code_is(st, "NoSuchKey") || (st->http_status == 404 && !st->code));
	if (check_s3_ok(st) && p->body_matches == 0)
		check_result_note(r, CHECK_CRIT, NULL, _("the presigned URL returned other bytes than "
				  "were written"));
	else if (check_s3_ok(st))
		check_result_note(r, CHECK_OK, NULL, _("presigned GET works (URL host %s)"), host);
	else if (missing && !p->object_expected)
		check_result_note(r, CHECK_OK, NULL, _("the server accepts presigned URLs (URL host %s; "
				  "no test object in read-only mode)"), host);
	else if (missing)
		check_result_note(r, CHECK_CRIT, NULL, _("the object just written is not found through "
				  "its presigned URL"));
	else
		presign_failure(f, r);
}

const struct check check_presign = {
	.id = "presign",
	.title = N_("Presigned GET"),
	.depends_on = presign_deps,
	.needs = CHECK_NEED_PRESIGN,
	.verdict = presign_verdict,
};
