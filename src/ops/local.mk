# src/ops: sources of this layer (see Makefile.am)
# Health checks: framework, runner, one file per check, report writers.
librdms3_a_SOURCES += \
	src/ops/check.h src/ops/check_status.h src/ops/check_facts.h src/ops/check_list.h \
	src/ops/check_run.h src/ops/check_util.h src/ops/report.h \
	src/ops/check_result.c src/ops/check_table.c src/ops/check_run.c \
	src/ops/check_ids.c src/ops/check_report.c \
	src/ops/check_url.c src/ops/check_csp.c src/ops/check_secret.c src/ops/check_s3.c \
	src/ops/checks/instance.c src/ops/checks/dns.c src/ops/checks/tcp.c \
	src/ops/checks/tls.c src/ops/checks/clock.c src/ops/checks/auth.c \
	src/ops/checks/bucket.c src/ops/checks/region.c src/ops/checks/cors.c \
	src/ops/checks/presign.c src/ops/checks/canary.c src/ops/checks/minio_health.c \
	src/ops/checks/browser_reach.c src/ops/checks/wiring.c \
	src/ops/checks/client_compat.c src/ops/checks/minio_image.c \
	src/ops/report_text.c src/ops/report_json.c src/ops/report_prom.c \
	src/ops/check_live.h src/ops/check_live_int.h src/ops/check_live.c \
	src/ops/check_live_instance.c src/ops/check_live_net.c src/ops/check_live_s3.c

# The schema of `rdm-s3 check --json`, installed for consumers of the report.
checkschemadir = $(pkgdatadir)
dist_checkschema_DATA = data/check-report.schema.json
