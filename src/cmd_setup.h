/* `rdm-s3 setup`: what its two files share. cmd_setup.c parses the command
 * line into a draft and drives the engine (ops/setup, ops/change);
 * cmd_setup_out.c prints the plan, the progress and the outcome, as text
 * or --json. */
#ifndef RDM_CMD_SETUP_H
#define RDM_CMD_SETUP_H

#include "cli.h"
#include "cmd_json.h"
#include "ops/change/change.h"
#include "ops/setup/setup.h"
#include "util/buf.h"

/* What one run prints, collected while it runs (--json prints it whole at
 * the end; text prints each step as it completes). */
struct setup_out {
	const struct rdm_globals *g;
	int as_json;            /* --json */
	int dry_run;
	struct buf steps_json;  /* the outcome's step objects (--json) */
	size_t n_step_events;
	int at_line_start;      /* child output: a new line starts */
	const struct setup_local *local; /* a local-storage instance: what was
	                                    found, printed before the plan */
	struct cmd_json j;      /* --json: the one object, written into json */
	struct buf json;
};

void setup_out_init(struct setup_out *o, const struct rdm_globals *g, int dry_run);
void setup_out_free(struct setup_out *o);
/* The change's progress callback (change_run_opts.progress). */
void setup_out_progress(void *ctx, const struct change_event *ev);
/* The plan: the header (what was decided), the diff of every file (secrets
 * masked) and the server steps in order. Text goes to stdout now; --json
 * keeps it for setup_out_finish. */
void setup_out_plan(struct setup_out *o, const struct setup_resolved *res, const struct change *c);
/* The review's files and steps as JSON arrays "files" and "steps" (with the
 * RDM_S3_FAULT_AT points of each step in test builds); setup shows each
 * file's "created" and each step's "detail", rotate neither. */
enum { SETUP_OUT_JSON_CREATED = 1, SETUP_OUT_JSON_DETAIL = 2 };
struct cmd_json;
struct change_review;
void setup_out_json_review(struct cmd_json *j, const struct change_review *rv, unsigned flags);
/* --dry-run: the end of the output (--json: closes the object). */
void setup_out_dry_end(struct setup_out *o);
/* The end: what happened, what was undone, the checks' report; prints
 * (with --json, the whole object). Returns the exit code. */
int setup_out_finish(struct setup_out *o, const struct change *c, const struct change_outcome *out);

#endif
