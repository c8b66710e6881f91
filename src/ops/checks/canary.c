/* canary: put a small object, read it back and compare, delete it; each
 * step's latency. The only check that writes (skipped by --no-canary). */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"

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

static void canary_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_canary_facts *c = &f->canary;
	const char *key = c->key ? c->key : "(canary)";
	if (!c->present || !c->put.done) {
		check_result_note(r, CHECK_UNKNOWN, NULL, "no canary object was written");
		return;
	}
	r->latency_seconds = total_latency(c);
	if (!check_s3_ok(&c->put.status)) {
		check_note_s3_failure(r, CHECK_CRIT, "writing the canary object", &c->put.status,
				      check_s3_code_is(&c->put.status, "AccessDenied")
					      ? "grant this key s3:PutObject on the bucket"
					      : NULL);
		return;
	}
	if (!c->get.done || !check_s3_ok(&c->get.status)) {
		if (c->get.done)
			check_note_s3_failure(r, CHECK_CRIT, "reading the canary object back",
					      &c->get.status, NULL);
		else
			check_result_note(r, CHECK_UNKNOWN, NULL, "the canary object was not read back");
	} else if (c->bytes_match == 0) {
		check_result_note(r, CHECK_CRIT, "look for a proxy or gateway that rewrites bodies",
				  "the canary object read back differs from the %zu bytes written",
				  c->size);
	}
	if (c->del.done && !check_s3_ok(&c->del.status)) {
		char *remedy = xasprintf("delete %s by hand; InvenioRDM also needs s3:DeleteObject "
					 "to remove files", key);
		check_note_s3_failure(r, CHECK_WARN, "deleting the canary object", &c->del.status,
				      remedy);
		free(remedy);
	}
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, "put %ld ms, get %ld ms, delete %ld ms (%zu bytes, "
				  "read back identical)", ms(c->put.latency), ms(c->get.latency),
				  ms(c->del.latency), c->size);
}

const struct check check_canary = {
	.id = "canary",
	.title = "Canary put/get/delete",
	.depends_on = canary_deps,
	.needs = CHECK_NEED_CANARY,
	.writes = 1,
	.verdict = canary_verdict,
};
