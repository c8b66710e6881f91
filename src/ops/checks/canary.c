/* canary: put a small object, read it back and compare, delete it; each
 * step's latency. The only check that writes (skipped by --no-canary).
 * When the app leaves botocore's checksums on, a second canary is
 * uploaded the way botocore sends it, and refusing it is critical: that
 * is how invenio-s3 saves every file. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const canary_deps[] = { "region", NULL };

static long ms(double seconds)
{
	return seconds < 0 ? -1 : (long)(seconds * 1000.0 + 0.5);
}

static double total_latency(const struct check_canary_facts *c)
{
	const struct check_s3_call *steps[] = { &c->put, &c->get, &c->del };
	double sum = -1.0;
	for (size_t i = 0; i < 3; i++)
		if (steps[i]->done && steps[i]->latency >= 0)
			sum = (sum < 0 ? 0 : sum) + steps[i]->latency;
	return sum;
}

static const char checksum_line[] =
	"S3_CONFIG_EXTRA = {\"request_checksum_calculation\": \"when_required\", "
	"\"response_checksum_validation\": \"when_required\"}";

/* The second canary, sent as botocore >= 1.36 sends uploads when
 * S3_CONFIG_EXTRA leaves its checksums on (see check_canary_facts). Ceph
 * RGW 16 refuses it over https (MissingContentLength) and takes it over
 * http: the server's answer decides, not its name. */
static void note_botocore(const struct check_canary_facts *c, struct check_result *r)
{
	if (!c->boto_style || !c->boto_put.done)
		return;
	const struct s3_status *st = &c->boto_put.status;
	if (st->transport != S3_TRANSPORT_OK) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the upload sent as botocore sends it (%s) got no "
				  "answer"), c->boto_style);
	} else if (!check_s3_ok(st)) {
		char *remedy = xasprintf(_("turn botocore's default checksums down; add to invenio.cfg (or extend "
					 "the S3_CONFIG_EXTRA there):\n%s\nthen restart the app"), checksum_line);
		check_result_note(r, CHECK_CRIT, remedy, _("this server rejects the uploads that boto sends: an "
				  "upload with %s got HTTP %ld%s%s; invenio-s3 (botocore >= 1.36 through s3fs) sends "
				  "every file that way, so saving files fails (browser uploads of parts are not "
				  "concerned)"), c->boto_style, st->http_status, st->code ? " " : "",
				  st->code ? st->code : "");
		free(remedy);
	} else if (c->boto_del.done && !check_s3_ok(&c->boto_del.status)) {
		check_note_s3_failure(r, CHECK_WARN, _("deleting the botocore-style canary object"),
				      &c->boto_del.status, _("delete the canary object ending in -boto by hand"));
	}
}

static void canary_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_canary_facts *c = &f->canary;
	const char *key = c->key ? c->key : "(canary)";
	if (!c->present || !c->put.done) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no canary object was written"));
		return;
	}
	r->latency_seconds = total_latency(c);
	if (!check_s3_ok(&c->put.status)) {
		check_note_s3_failure(r, CHECK_CRIT, _("writing the canary object"), &c->put.status,
				      check_s3_code_is(&c->put.status, "AccessDenied")
					      ? _("grant this key s3:PutObject on the bucket")
					      : NULL);
		return;
	}
	if (!c->get.done || !check_s3_ok(&c->get.status)) {
		if (c->get.done)
			check_note_s3_failure(r, CHECK_CRIT, _("reading the canary object back"),
					      &c->get.status, NULL);
		else
			check_result_note(r, CHECK_UNKNOWN, NULL, _("the canary object was not read back"));
	} else if (c->bytes_match == 0) {
		check_result_note(r, CHECK_CRIT, _("look for a proxy or gateway that rewrites bodies"),
				  _("the canary object read back differs from the %zu bytes written"),
				  c->size);
	}
	note_botocore(c, r);
	if (c->del.done && !check_s3_ok(&c->del.status)) {
		char *remedy = xasprintf(_("delete %s by hand; InvenioRDM also needs s3:DeleteObject "
					 "to remove files"), key);
		check_note_s3_failure(r, CHECK_WARN, _("deleting the canary object"), &c->del.status,
				      remedy);
		free(remedy);
	}
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, _("put %ld ms, get %ld ms, delete %ld ms (%zu bytes, "
				  "read back identical)%s%s"), ms(c->put.latency), ms(c->get.latency),
				  ms(c->del.latency), c->size, c->boto_style && c->boto_put.done
				  ? _("; an upload sent as botocore sends it was accepted too: ") : "",
				  c->boto_style && c->boto_put.done ? c->boto_style : "");
}

const struct check check_canary = {
	.id = "canary",
	.title = N_("Canary put/get/delete"),
	.depends_on = canary_deps,
	.needs = CHECK_NEED_CANARY,
	.writes = 1,
	.verdict = canary_verdict,
};
