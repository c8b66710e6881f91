/* Canned reports for the dashboard tests (see test_dashboard_fixture.h). */
#include "config.h"
#include "test_dashboard_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check.h"
#include "util/xalloc.h"

struct fix_row {
	const char *id;
	enum check_status status;
	double latency; /* base; < 0: none */
	const char *message;
	const char *remedy;
};

static const struct fix_row healthy[] = {
	{ "instance", CHECK_OK, 0.0021, "instance /srv/demo-repo: 4 files parsed, secrets files 0600", NULL },
	{ "dns", CHECK_OK, 0.0008, "s3.example.org resolves to 192.0.2.10", NULL },
	{ "tcp", CHECK_OK, 0.0012, "connected to 192.0.2.10:443", NULL },
	{ "tls", CHECK_OK, 0.0153, "certificate verified, expires in 90 days", NULL },
	{ "clock", CHECK_OK, 0.0204, "server clock 1 s ahead of ours", NULL },
	{ "auth", CHECK_OK, 0.0311, "ListBuckets accepted access key rdmadmin", NULL },
	{ "bucket", CHECK_OK, 0.0187, "bucket default exists and is ours", NULL },
	{ "region", CHECK_OK, 0.0176, "bucket region us-east-1 as configured", NULL },
	{ "cors", CHECK_WARN, 0.0242,
	  "GET allowed from https://repo.example.org; PUT allowed but ETag is not exposed, "
	  "so the multipart uploader cannot finish uploads",
	  "add ETag to ExposeHeaders of the bucket CORS rule: rdm-s3 cors set --expose ETag\n"
	  "then check again with: rdm-s3 check --only cors" },
	{ "presign", CHECK_OK, 0.0405, "presigned GET of the canary answered 200 with its bytes", NULL },
	{ "canary", CHECK_OK, 0.0552, "put, get (1024 bytes compared) and delete worked", NULL },
	{ "minio-health", CHECK_OK, 0.0031, "live and ready", NULL },
	{ "browser-reach", CHECK_OK, -1, "browsers reach https://s3.example.org", NULL },
	{ "wiring", CHECK_OK, -1, "FILES_REST_STORAGE_FACTORY is the S3 factory", NULL },
	{ "client-compat", CHECK_OK, -1, "S3_CONFIG_EXTRA sets checksums to when_required", NULL },
	{ "minio-image", CHECK_INFO, -1,
	  "minio/minio:RELEASE.2022-10-24 serves folders as buckets; upgrading needs a data "
	  "migration, not a tag bump", NULL },
};

static const struct fix_row dead[] = {
	{ "instance", CHECK_OK, 0.0021, "instance /srv/demo-repo: 4 files parsed, secrets files 0600", NULL },
	{ "dns", CHECK_OK, 0.0008, "s3.example.org resolves to 192.0.2.10", NULL },
	{ "tcp", CHECK_CRIT, 0.0004, "connection refused by 192.0.2.10:443",
	  "start the S3 server (invenio-cli services start) or fix S3_ENDPOINT_URL" },
	{ "tls", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "clock", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "auth", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "bucket", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "region", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "cors", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "presign", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "canary", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "minio-health", CHECK_SKIPPED, -1, "tcp failed", NULL },
	{ "browser-reach", CHECK_OK, -1, "browsers reach https://s3.example.org", NULL },
	{ "wiring", CHECK_OK, -1, "FILES_REST_STORAGE_FACTORY is the S3 factory", NULL },
	{ "client-compat", CHECK_UNKNOWN, -1, "S3_CONFIG_EXTRA is not a literal: cannot tell",
	  "make S3_CONFIG_EXTRA a plain dict literal in invenio.cfg" },
	{ "minio-image", CHECK_INFO, -1,
	  "minio/minio:RELEASE.2022-10-24 serves folders as buckets; upgrading needs a data "
	  "migration, not a tag bump", NULL },
};

#define N_ROWS (sizeof healthy / sizeof healthy[0])

static void add_settings(struct check_result *r)
{
	static const struct check_setting endpoint = { "https://s3.example.org", "invenio.cfg:73", 0 };
	static const struct check_setting key = { "rdmadmin", ".env:3", 0 };
	static const struct check_setting secret = { "q7Vx2mLp9RtK4wZs8NbE", ".env:4", 1 };
	static const struct check_setting origin = { "https://repo.example.org", "invenio.cfg:12", 0 };
	check_result_setting(r, "S3_ENDPOINT_URL", &endpoint);
	if (!strcmp(r->id, "cors")) {
		check_result_setting(r, "SITE_UI_URL", &origin);
		return;
	}
	check_result_setting(r, "S3_ACCESS_KEY_ID", &key);
	check_result_setting(r, "S3_SECRET_ACCESS_KEY", &secret);
}

void fix_report(struct check_report *rep, enum fix_scenario sc, unsigned run)
{
	const struct fix_row *rows = sc == FIX_DEAD ? dead : healthy;
	memset(rep, 0, sizeof *rep);
	rep->instance = xstrdup("/srv/demo-repo");
	rep->results = xcalloc(N_ROWS, sizeof *rep->results);
	rep->n = N_ROWS;
	for (size_t i = 0; i < N_ROWS; i++) {
		struct check_result *r = &rep->results[i];
		check_result_init(r, check_find(check_table, rows[i].id));
		if (rows[i].status == CHECK_SKIPPED) {
			check_result_skip(r, 1, "%s", rows[i].message);
			continue;
		}
		check_result_note(r, rows[i].status, rows[i].remedy, "%s", rows[i].message);
		if (rows[i].latency >= 0)
			r->latency_seconds =
				rows[i].latency * (1.0 + (double)((run * 7 + i * 3) % 5) / 4.0);
		add_settings(r);
	}
}

void fix_feed(struct dash_model *m, enum fix_scenario sc, unsigned first_run, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct check_report rep;
		unsigned run = first_run + i;
		fix_report(&rep, sc, run);
		dash_model_run_started(m, FIX_NOW + 10 * (time_t)run);
		dash_model_apply_report(m, &rep, FIX_NOW + 10 * (time_t)run + 1, 0.42);
		check_report_clear(&rep);
	}
}
