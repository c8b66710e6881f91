/* The dashboard's fixes: for one health check whose finding has a remedy
 * rdm-s3 can apply itself (struct check_result.fixes, set by the check's
 * verdict), the change that applies it, built from the instance as it is
 * now (its survey, ops/setup/setup.h) and, where it matters, what the
 * server says (the bucket there? today's root credentials accepted?).
 * The change is reviewed, applied and verified like setup's (the wizard's
 * review, apply and verify screens run it); it ends with the health
 * checks. No printing, no curses.
 *
 *   check id        fix bits                  the change
 *   bucket          CHECK_FIX_BUCKET          create the bucket (with the
 *                                             own MinIO's root user, else
 *                                             the app's keys)
 *   instance        CHECK_FIX_PLACEHOLDERS    a root user and a generated
 *                                             password for the own MinIO /
 *                                             RustFS (the app's keys follow
 *                                             when they were the root's or
 *                                             placeholders), restart it
 *                   CHECK_FIX_FILE_MODES      chmod 600 the files holding
 *                                             secrets
 *   client-compat   CHECK_FIX_CLIENT_COMPAT   S3_CONFIG_EXTRA checksums
 *                                             when_required
 *   cors            CHECK_FIX_CORS_ORIGIN     the bucket's CORS rules for
 *                                             the site's origin (and
 *                                             S3_BUCKET_CORS_RULES alike)
 *                   CHECK_FIX_MINIO_CORS      the origin added to
 *                                             MINIO_API_CORS_ALLOW_ORIGIN,
 *                                             restart MinIO
 * Every other check has no automatic fix; fix_unavailable says why. */
#ifndef RDM_OPS_FIX_H
#define RDM_OPS_FIX_H

#include "ops/change/change.h"
#include "ops/check/check.h"
#include "ops/setup/setup.h"
#include "util/error.h"

/* The fix bits a check may carry (0: the check has no automatic fix). */
unsigned fix_kinds_of(const char *check_id);
/* What the fixes do, one line for a screen ("create the missing bucket").
 * Translated. */
const char *fix_summary(unsigned fixes);
/* Why a check has no automatic fix (translated), for a check id without
 * fix kinds, or a row whose finding carries none. */
const char *fix_unavailable(const char *check_id);

/* The change that applies `fixes` (CHECK_FIX_* of the check's result) for
 * check_id to the instance sv surveyed. o->probe asks the server first (run
 * it on a worker); o->verify ends with the health checks. c is initialised
 * by the call (free it with change_free, also when it fails).
 * Returns 0 with the change; 1 when there is no automatic fix here (err
 * says why, its remedy what to do instead: e.g. the app's keys of Amazon S3
 * are placeholders, which no tool can guess; nothing is left to fix); -1
 * with err when it could not be built (the server unreachable, a file that
 * does not parse). */
int fix_plan_build(const char *check_id, unsigned fixes, const struct setup_survey *sv, const struct setup_opts *o,
		   struct change *c, struct rdm_error *err);

/* How a fix's change is recorded in the journal: "fix bucket". */
#define FIX_COMMAND_PREFIX "fix"

#endif
