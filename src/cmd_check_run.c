/* `rdm-s3 check` on several targets at once: one thread per instance, each
 * with its own live probe (probes share nothing), so checking ten
 * instances takes about as long as the slowest one. */
#include "config.h"
#include "cmd_check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ops/check/check.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct job {
	struct cmd_check_target *t;
	const struct check_selection *sel;
	pthread_t thread;
	int started;
};

/* A report standing for a run that could not happen: one UNKNOWN result
 * (id "instance") with the error, so every output format shows it. */
void cmd_check_target_fail(struct cmd_check_target *t, const struct rdm_error *err)
{
	struct check_report *rep = &t->report;
	memset(rep, 0, sizeof *rep);
	rep->instance = xstrdup(t->label);
	rep->results = xcalloc(1, sizeof *rep->results);
	rep->n = 1;
	check_result_init(&rep->results[0], check_find(check_table, "instance"));
	char *msg = rdm_error_format(err);
	check_result_note(&rep->results[0], CHECK_UNKNOWN, err->remedy, _("the checks could not run: %s"),
			  msg ? msg : "unknown error");
	free(msg);
	t->failed = 1;
}

static void run_one(struct cmd_check_target *t, const struct check_selection *sel)
{
	if (t->failed) /* could not even start (the instance is gone) */
		return;
	struct rdm_error err = RDM_ERROR_INIT;
	struct check_probe *p = check_live_probe_new(&t->opt, &err);
	if (p) {
		check_live_probe_set_clock_offset(p, t->clock_offset);
		if (check_run(check_table, sel, p, t->label, &t->report, &err) != 0)
			cmd_check_target_fail(t, &err);
		check_live_probe_free(p);
	} else {
		cmd_check_target_fail(t, &err);
	}
	rdm_error_clear(&err);
}

static void *job_main(void *arg)
{
	struct job *j = arg;
	run_one(j->t, j->sel);
	return NULL;
}

void cmd_check_run_all(struct cmd_check_target *t, size_t n, const struct check_selection *sel)
{
	if (n == 1) { /* no thread for the common case */
		run_one(&t[0], sel);
		return;
	}
	struct job *jobs = xcalloc(n, sizeof *jobs);
	for (size_t i = 0; i < n; i++) {
		jobs[i].t = &t[i];
		jobs[i].sel = sel;
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, job_main, &jobs[i]) == 0;
		if (!jobs[i].started) /* no thread: run it here, in turn */
			run_one(&t[i], sel);
	}
	for (size_t i = 0; i < n; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
	free(jobs);
}
