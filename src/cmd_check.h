/* `rdm-s3 check`: what its two files share. cmd_check.c parses the command
 * line and prints; cmd_check_run.c runs the targets, one thread each. */
#ifndef RDM_CMD_CHECK_H
#define RDM_CMD_CHECK_H
#include <stddef.h>

#include "ops/check/check_live.h"
#include "ops/check/check_run.h"

/* One instance folder, or the endpoint alone. */
struct cmd_check_target {
	struct check_live_options opt; /* strings borrowed from argv/cmd_check */
	const char *label;             /* the report's instance label */
	long clock_offset;             /* RDM_S3_CLOCK_OFFSET (testing aid) */
	/* Filled by the run: */
	struct check_report report;
	int failed;                    /* check_run failed: report holds one
	                                  UNKNOWN result saying why */
};

struct rdm_globals;

/* At most this many --only / --skip options (check and dashboard). */
#define CMD_CHECK_MAX_ID_LISTS 32

/* The probe options shared by `check` and `dashboard`: the global options
 * (endpoint, region, path style, CA and credentials files) and the check
 * options given. Strings are borrowed; instance_dir is left NULL. */
void cmd_check_options_init(struct check_live_options *opt, const struct rdm_globals *g,
			    const char *bucket, const char *origin, long timeout_ms, int no_canary);

/* RDM_S3_CLOCK_OFFSET (cmd_clock_offset_from_env); a bad value is a usage
 * error of command (printed, RDM_EXIT_USAGE returned); else 0. */
int cmd_check_clock_offset(const char *command, long *out);

/* The folder of the i-th --instance (absolute, into *dir), as `check` and
 * `dashboard` find it: without --instance, the folder holding .invenio
 * here or above, unless --endpoint is given: then the endpoint alone is
 * checked and *dir stays NULL. Returns 0, or -1 with err set. */
int cmd_check_find_instance(const struct rdm_globals *g, size_t i, char **dir,
			    struct rdm_error *err);

/* Marks t as failed: its report becomes one UNKNOWN result ("instance")
 * saying that the checks could not run, with err's message and remedy. */
void cmd_check_target_fail(struct cmd_check_target *t, const struct rdm_error *err);

/* Runs every target concurrently (one thread each; cost about the slowest)
 * with the same selection. Never fails: a target whose run could not
 * happen gets a report with one UNKNOWN result carrying the error. */
void cmd_check_run_all(struct cmd_check_target *t, size_t n, const struct check_selection *sel);

#endif
