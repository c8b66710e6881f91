/* region: the bucket is in the region the configuration signs for, and
 * if not, which region is the right one. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const region_deps[] = { "bucket", NULL };

/* GetBucketLocation's LocationConstraint: empty means us-east-1 and the
 * legacy "EU" means eu-west-1. */
static const char *region_normalise(const char *loc)
{
	if (!loc || !*loc)
		return "us-east-1";
	if (strcmp(loc, "EU") == 0)
		return "eu-west-1";
	return loc;
}

static void region_compare(const struct check_facts *f, struct check_result *r, const char *actual)
{
	const char *bucket = f->target.bucket.value ? f->target.bucket.value : "?";
	const char *configured = f->target.region.value ? f->target.region.value : "us-east-1";
	if (strcmp(actual, configured) == 0) {
		check_result_note(r, CHECK_OK, NULL, _("bucket %s is in %s, as configured"), bucket,
				  actual);
		return;
	}
	if (f->target.server == CHECK_SERVER_CEPH && f->region.status.http_status / 100 == 2) {
		/* RGW answers with its zonegroup's name ("default") and signs
		 * nothing against it: the requests signed for the configured
		 * region were accepted (this check runs after bucket). */
		check_result_note(r, CHECK_INFO, NULL, _("Ceph zonegroup of bucket %s is '%s'; RGW "
				  "accepts requests signed for %s"), bucket, actual, configured);
		return;
	}
	char *remedy = check_region_remedy(f, actual);
	check_result_note(r, CHECK_CRIT, remedy, _("bucket %s is in %s, but the configuration says %s%s"),
			  bucket, actual, configured,
			  f->target.region.value ? "" : _(" (S3_REGION_NAME not set: botocore uses us-east-1)"));
	free(remedy);
	r->blocks = 1;
}

static void region_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_region_facts *g = &f->region;
	const struct s3_status *st = &g->status;
	check_result_setting(r, "S3_REGION_NAME", &f->target.region);
	if (!g->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the bucket's region was not looked up"));
		return;
	}
	r->latency_seconds = g->latency;
	if (check_s3_ok(st)) {
		if (f->target.server == CHECK_SERVER_MINIO && (!g->location || !*g->location))
			check_result_note(r, CHECK_OK, NULL, _("MinIO has no region configured: it "
					  "accepts any signing region"));
		else
			region_compare(f, r, region_normalise(g->location));
		return;
	}
	if (st->bucket_region && *st->bucket_region) {
		/* A redirect or AuthorizationHeaderMalformed names the region. */
		region_compare(f, r, st->bucket_region);
	} else if (check_s3_code_is(st, "AccessDenied")) {
		check_result_note(r, CHECK_UNKNOWN, _("grant s3:GetBucketLocation, or compare the region "
				  "by hand"), _("this key may not read the bucket's region (AccessDenied)"));
	} else if (check_s3_code_is(st, "NotImplemented")) {
		check_result_note(r, CHECK_UNKNOWN, NULL,
				  _("the server does not implement GetBucketLocation"));
	} else {
		check_note_s3_failure(r, CHECK_UNKNOWN, "GetBucketLocation", st, NULL);
	}
}

const struct check check_region = {
	.id = "region",
	.title = N_("Bucket region"),
	.depends_on = region_deps,
	.needs = CHECK_NEED_REGION,
	.verdict = region_verdict,
};
