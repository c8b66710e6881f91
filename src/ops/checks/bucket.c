/* bucket: the bucket exists, and this account owns it. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const bucket_deps[] = { "auth", NULL };

static char *missing_remedy(const struct check_facts *f, const char *bucket)
{
	if (f->target.server == CHECK_SERVER_MINIO)
		return xasprintf(_("create it: `rdm-s3 bucket create %s` (invenio-s3 never creates "
				 "buckets). A data/%s folder left from MinIO's old FS mode is not a "
				 "bucket for newer MinIO: see the minio-image check"), bucket, bucket);
	return xasprintf(_("create it: `rdm-s3 bucket create %s` (invenio-s3 never creates "
			 "buckets), or fix the bucket of the files location (`invenio files "
			 "location list`)"), bucket);
}

static void bucket_found(const struct check_facts *f, struct check_result *r, const char *bucket)
{
	const struct s3_status *st = &f->bucket.status;
	if (f->bucket.owned == 0)
		check_result_note(r, CHECK_WARN,
				  _("use a bucket this account owns, so that its settings (CORS, "
				  "lifecycle) can be managed"),
				  _("bucket %s answers but is not among this account's buckets: it "
				  "belongs to another account"), bucket);
	else if (st->bucket_region && (st->http_status == 301 || st->http_status == 400))
		check_result_note(r, CHECK_OK, NULL, _("bucket %s exists, in region %s (see the region "
				  "check)"), bucket, st->bucket_region);
	else if (f->bucket.owned == 1)
		check_result_note(r, CHECK_OK, NULL, _("bucket %s exists and belongs to this account"),
				  bucket);
	else
		check_result_note(r, CHECK_OK, NULL, _("bucket %s exists and is accessible"), bucket);
}

static void bucket_verdict(const struct check_facts *f, struct check_result *r)
{
	const char *bucket = f->target.bucket.value;
	const struct s3_status *st = &f->bucket.status;
	check_result_setting(r, "bucket", &f->target.bucket);
	if (!bucket) {
		check_result_note(r, CHECK_UNKNOWN,
				  _("pass --bucket NAME (InvenioRDM keeps it in the files location, "
				  "`invenio files location list`; invenio-cli uses `default`)"),
				  _("no bucket name known"));
		r->blocks = 1;
		return;
	}
	if (!f->bucket.present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("bucket %s was not looked up"), bucket);
		return;
	}
	r->latency_seconds = f->bucket.latency;
	/* A wrong signing region is answered 301 PermanentRedirect (older
	 * regions) or 400 AuthorizationHeaderMalformed (newer ones), both with
	 * x-amz-bucket-region: the bucket exists, the region check judges. */
	if (check_s3_ok(st) || (st->transport == S3_TRANSPORT_OK &&
				(st->http_status == 301 || (st->http_status == 400 && st->bucket_region)))) {
		bucket_found(f, r, bucket);
		return;
	}
	r->blocks = 1;
	if (st->transport == S3_TRANSPORT_OK &&
	    (st->http_status == 404 || check_s3_code_is(st, "NoSuchBucket"))) {
		char *remedy = missing_remedy(f, bucket);
		check_result_note(r, CHECK_CRIT, remedy, _("bucket %s does not exist"), bucket);
		r->fixes |= CHECK_FIX_BUCKET;
		free(remedy);
	} else if (st->transport == S3_TRANSPORT_OK && st->http_status == 403) {
		check_result_note(r, CHECK_CRIT,
				  _("use a bucket this account owns, or grant this key s3:ListBucket, "
				  "s3:GetObject, s3:PutObject and s3:DeleteObject on it"),
				  _("access to bucket %s denied: it belongs to another account, or this "
				  "key's policy does not cover it"), bucket);
	} else {
		check_note_s3_failure(r, CHECK_CRIT, _("looking up the bucket"), st, NULL);
	}
}

const struct check check_bucket = {
	.id = "bucket",
	.title = N_("Bucket exists and is owned"),
	.depends_on = bucket_deps,
	.needs = CHECK_NEED_BUCKET,
	.verdict = bucket_verdict,
};
