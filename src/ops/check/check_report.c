/* A report's summary: worst status, counts, the Nagios exit code. */
#include "config.h"
#include "ops/check/check_run.h"

#include <stdlib.h>
#include <string.h>

void check_report_clear(struct check_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		check_result_clear(&rep->results[i]);
	free(rep->results);
	free(rep->instance);
	memset(rep, 0, sizeof(*rep));
}

enum check_status check_report_worst(const struct check_report *rep)
{
	enum check_status worst = CHECK_OK;
	for (size_t i = 0; i < rep->n; i++)
		worst = check_status_worse(worst, rep->results[i].status);
	return worst;
}

void check_report_count(const struct check_report *rep, size_t counts[CHECK_STATUS_COUNT])
{
	memset(counts, 0, CHECK_STATUS_COUNT * sizeof(counts[0]));
	for (size_t i = 0; i < rep->n; i++)
		if ((unsigned)rep->results[i].status < CHECK_STATUS_COUNT)
			counts[rep->results[i].status]++;
}

int check_reports_exit_code(const struct check_report *reps, size_t n)
{
	enum check_status worst = CHECK_OK;
	for (size_t i = 0; i < n; i++)
		worst = check_status_worse(worst, check_report_worst(&reps[i]));
	return check_status_exit_code(worst);
}
