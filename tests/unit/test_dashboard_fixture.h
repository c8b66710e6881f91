/* Canned check reports for the dashboard tests: a healthy instance and a
 * dead server, with fixed latencies and a fixed clock. */
#ifndef RDM_TEST_DASHBOARD_FIXTURE_H
#define RDM_TEST_DASHBOARD_FIXTURE_H
#include <time.h>

#include "model/dashboard_model.h"

#define FIX_NOW ((time_t)1750000000) /* 2025-06-15 15:06:40 UTC */

enum fix_scenario {
	FIX_HEALTHY, /* everything ok, a CORS warning, an info note */
	FIX_DEAD,    /* TCP refused: later checks skipped */
};

/* Fills rep (cleared by the caller with check_report_clear). `run` varies
 * the latencies so that sparklines have shape. */
void fix_report(struct check_report *rep, enum fix_scenario sc, unsigned run);

/* Feeds the model n runs of a scenario, one per interval from FIX_NOW. */
void fix_feed(struct dash_model *m, enum fix_scenario sc, unsigned first_run, unsigned n);

#endif
