# src/ops/check/local.mk (included from Makefile.am): the health checks.
# Framework, runner, live probe and report writers here; one file per check in src/ops/checks/.
librdms3_a_SOURCES += \
	src/ops/check/check.h src/ops/check/check_status.h src/ops/check/check_facts.h src/ops/check/check_list.h \
	src/ops/check/check_run.h src/ops/check/check_util.h src/ops/check/report.h \
	src/ops/check/check_result.c src/ops/check/check_table.c src/ops/check/check_run.c \
	src/ops/check/check_ids.c src/ops/check/check_report.c \
	src/ops/check/check_url.c src/ops/check/check_csp.c src/ops/check/check_secret.c src/ops/check/check_s3.c \
	src/ops/checks/instance.c src/ops/checks/dns.c src/ops/checks/tcp.c \
	src/ops/checks/tls.c src/ops/checks/clock.c src/ops/checks/auth.c \
	src/ops/checks/bucket.c src/ops/checks/region.c src/ops/checks/cors.c \
	src/ops/checks/presign.c src/ops/checks/canary.c src/ops/checks/minio_health.c \
	src/ops/checks/browser_reach.c src/ops/checks/wiring.c \
	src/ops/checks/client_compat.c src/ops/checks/minio_image.c \
	src/ops/check/report_text.c src/ops/check/report_json.c src/ops/check/report_prom.c src/ops/check/report_nagios.c \
	src/ops/check/check_live.h src/ops/check/check_live_int.h src/ops/check/check_live.c \
	src/ops/check/check_live_instance.c src/ops/check/check_live_net.c src/ops/check/check_live_s3.c \
	src/ops/check/check_cors_drift.c

# The schema of `rdm-s3 check --json`, installed for consumers of the report.
checkschemadir = $(pkgdatadir)
dist_checkschema_DATA = data/check-report.schema.json
