/* `rdm-s3 check`: what its two files share. cmd_check.c parses the command
 * line and prints; cmd_check_run.c runs the targets, one thread each. */
#ifndef RDM_CMD_CHECK_H
#define RDM_CMD_CHECK_H
#include <stddef.h>

#include "ops/check_live.h"
#include "ops/check_run.h"

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

/* Runs every target concurrently (one thread each; cost about the slowest)
 * with the same selection. Never fails: a target whose run could not
 * happen gets a report with one UNKNOWN result carrying the error. */
void cmd_check_run_all(struct cmd_check_target *t, size_t n, const struct check_selection *sel);

#endif
