/* Running the health checks: selection, dependency order, skip
 * propagation, and the interface through which facts are gathered.
 *
 * Two ways to drive it:
 *  - check_run(): blocking, with a struct check_probe (a fake in the tests,
 *    the live S3/instance probe in `rdm-s3 check`);
 *  - struct check_runner: a step-by-step state machine for callers that own
 *    an event loop (the dashboard; several instances multiplexed on one curl
 *    multi handle). check_run() is a loop over it.
 *
 * Evaluation is in waves. A wave is every pending check whose dependencies
 * are all resolved. Before a wave, checks whose dependency "blocks"
 * (struct check_result.blocks: it failed in a way that makes the dependent
 * meaningless, e.g. tcp refused) are SKIPPED with the reason, transitively.
 * The facts a wave needs that were not gathered before are requested in one
 * call, so a live probe can fetch them concurrently.
 *
 * Selection: --only keeps just the named checks (the others are left out of
 * the report); --skip and --no-canary keep the check in the report as
 * SKIPPED "on request" and do not block its dependents. A dependency that
 * is not evaluated at all (left out, or skipped on request) does not block:
 * the dependent runs and reports what it sees. */
#ifndef RDM_OPS_CHECK_RUN_H
#define RDM_OPS_CHECK_RUN_H
#include <stddef.h>

#include "ops/check/check.h"
#include "util/error.h"

struct check_selection {
	const char *const *only; /* ids, NULL-terminated; NULL: every check */
	const char *const *skip; /* ids, NULL-terminated; NULL: none */
	int no_canary;           /* read-only mode: skip checks that write */
};

/* The source of facts. Implementations embed this as their first member.
 * Call order for one run, always:
 *   begin            once, before anything else;
 *   gather           zero or more times, once per wave, with the kinds of
 *                    facts that wave needs and that no earlier call
 *                    gathered (never 0);
 *   end              once, after the last verdict. A begin that fails
 *                    is not followed by end: it cleans up after itself.
 *
 * begin(p, needs, facts, err): needs is every kind of fact any check of
 *   this run may ask for; facts arrives zeroed. Must fill facts->target
 *   (at least target.now). May start all network work at once (speculation
 *   is fine: the runner only reads what each wave asks for). Returns 0, or
 *   -1 with err set when nothing can be checked (no transport); the run
 *   then fails with that error.
 * gather(p, needs, facts): fill each requested sub-struct of facts and set
 *   its `present` to 1, or leave `present` 0 when the fact could not be
 *   had (the verdict then says UNKNOWN). Must return within the probe's own
 *   time limit; the kinds in one call are independent and may be fetched
 *   concurrently.
 * end(p, facts): release everything the probe put into facts. The runner
 *   has copied what it keeps into the results.
 *
 * Everything a probe writes into facts stays owned by the probe. The
 * runner never frees it and never keeps a pointer past end(). */
struct check_probe {
	int (*begin)(struct check_probe *p, unsigned needs, struct check_facts *facts,
		     struct rdm_error *err);
	void (*gather)(struct check_probe *p, unsigned needs, struct check_facts *facts);
	void (*end)(struct check_probe *p, struct check_facts *facts);
};

/* The results of one instance (or one --endpoint), in table order. */
struct check_report {
	char *instance;                /* label: folder or endpoint; owned */
	struct check_result *results;  /* owned */
	size_t n;
};

void check_report_clear(struct check_report *rep);
/* Most severe status of the report (CHECK_OK when every check was skipped). */
enum check_status check_report_worst(const struct check_report *rep);
/* Counts per status, indexed by enum check_status. */
void check_report_count(const struct check_report *rep, size_t counts[CHECK_STATUS_COUNT]);
/* Nagios exit code over several reports: 2 if any critical, else 1 if any
 * warning, else 3 if any unknown, else 0. Skipped and info never raise it. */
int check_reports_exit_code(const struct check_report *reps, size_t n);

/* Blocking run: validates the table and the selection, evaluates, fills
 * out (which the caller clears). Returns 0, or -1 with err set (unknown id
 * in the selection, a broken table, or the probe's begin failed). */
int check_run(const struct check *const *table, const struct check_selection *sel,
	      struct check_probe *probe, const char *instance_label,
	      struct check_report *out, struct rdm_error *err);

/* The state machine behind check_run:
 *   r = check_runner_new(table, sel, err);
 *   probe begin with check_runner_needs(r);
 *   while (check_runner_next(r, &needs)) {
 *           if (needs) gather needs into facts;
 *           check_runner_feed(r, &facts);
 *   }
 *   check_runner_finish(r, label, &report);
 *   check_runner_free(r);
 * table and sel are borrowed until check_runner_free; sel's id lists may
 * be freed right after check_runner_new. */
struct check_runner;
struct check_runner *check_runner_new(const struct check *const *table,
				      const struct check_selection *sel, struct rdm_error *err);
/* Every kind of fact the selected checks may need. */
unsigned check_runner_needs(const struct check_runner *r);
/* Resolves blocked checks and starts the next wave. Returns 1 with *needs
 * set to the kinds of facts to gather before check_runner_feed (possibly
 * 0: everything was gathered earlier), or 0 when every check is done. */
int check_runner_next(struct check_runner *r, unsigned *needs);
/* Runs the verdicts of the current wave on facts. */
void check_runner_feed(struct check_runner *r, const struct check_facts *facts);
/* Moves the results into out (instance label copied). Call once, after
 * check_runner_next returned 0. */
void check_runner_finish(struct check_runner *r, const char *instance_label,
			 struct check_report *out);
void check_runner_free(struct check_runner *r);

/* Parses a comma-separated id list ("auth, bucket") and appends the ids to
 * the NULL-terminated array *ids (allocated; NULL to start). Unknown ids are
 * an error whose remedy lists the known ones. Duplicates are dropped. */
int check_ids_parse(const struct check *const *table, const char *list, char ***ids,
		    struct rdm_error *err);
void check_ids_free(char **ids);

#endif
