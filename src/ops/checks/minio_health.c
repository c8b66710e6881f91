/* minio-health: MinIO's own liveness and readiness endpoints. */
#include "config.h"
#include "ops/check/check_list.h"

#include "ops/check/check_util.h"
#include "util/i18n.h"

static const char *const minio_health_deps[] = { "tls", NULL };

static const char logs_remedy[] =
	N_("look at the server's log (`docker compose -f docker-services.yml logs s3`): disk "
	"full, data folder permissions, or still starting");

static void minio_health_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_minio_health_facts *h = &f->minio_health;
	enum check_server server = f->target.server;
	if (server != CHECK_SERVER_MINIO && server != CHECK_SERVER_UNKNOWN) {
		check_result_skip(r, 0, _("skipped: not a MinIO server"));
		return;
	}
	if (!h->present || !h->live.done) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("MinIO's health endpoints were not asked"));
		return;
	}
	r->latency_seconds = h->live.latency;
	const struct s3_status *live = &h->live.status, *ready = &h->ready.status;
	if (server == CHECK_SERVER_UNKNOWN && live->transport == S3_TRANSPORT_OK &&
	    (live->http_status == 404 || live->http_status == 403)) {
		check_result_skip(r, 0, _("skipped: no /minio/health/live here, not a MinIO server"));
		return;
	}
	if (!check_s3_ok(live)) {
		check_note_s3_failure(r, CHECK_CRIT, "/minio/health/live", live, _(logs_remedy));
		return;
	}
	if (!h->ready.done) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("MinIO is live; readiness was not asked"));
	} else if (!check_s3_ok(ready)) {
		check_note_s3_failure(r, CHECK_CRIT, _("/minio/health/ready (live, but not ready to "
				      "serve: no write quorum, or still starting)"), ready, _(logs_remedy));
	} else {
		check_result_note(r, CHECK_OK, NULL, _("MinIO is live and ready"));
	}
}

const struct check check_minio_health = {
	.id = "minio-health",
	.title = N_("MinIO liveness and readiness"),
	.depends_on = minio_health_deps,
	.needs = CHECK_NEED_MINIO_HEALTH,
	.verdict = minio_health_verdict,
};
