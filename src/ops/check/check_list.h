/* Every health check object, one per file in src/ops/checks/. Code outside
 * the table should find checks by id (check_find); this header exists so
 * that each definition is checked against its declaration. */
#ifndef RDM_OPS_CHECK_LIST_H
#define RDM_OPS_CHECK_LIST_H
#include "ops/check/check.h"

extern const struct check check_instance;
extern const struct check check_dns;
extern const struct check check_tcp;
extern const struct check check_tls;
extern const struct check check_clock;
extern const struct check check_auth;
extern const struct check check_bucket;
extern const struct check check_region;
extern const struct check check_cors;
extern const struct check check_presign;
extern const struct check check_canary;
extern const struct check check_minio_health;
extern const struct check check_browser_reach;
extern const struct check check_wiring;
extern const struct check check_client_compat;
extern const struct check check_minio_image;

#endif
