#include "config.h"
#include "cmd_recover.h"

#include <stdio.h>
#include <string.h>

#include "instance/plan/plan.h"
#include "util/i18n.h"

static void say(const struct rdm_globals *g, const struct plan_recover_report *rep)
{
	if (g->verbosity < 0)
		return;
	if (rep->action == PLAN_RECOVERY_ROLLED_BACK) {
		fprintf(stderr, _("rdm-s3: an earlier `%s` (%s, backup %s) was interrupted before it finished; it "
				  "was rolled back: %s.\n"), rep->command, rep->created, rep->id, rep->holds);
		fprintf(stderr, rep->was_undo ? _("rdm-s3: run `rdm-s3 undo` again to undo that change.\n")
					      : _("rdm-s3: run that command again if you still want the change.\n"));
	} else if (rep->action == PLAN_RECOVERY_FINISHED) {
		fprintf(stderr, _("rdm-s3: an earlier `%s` (%s, backup %s) was interrupted after it had written "
				  "every file; it is complete: %s.\n"), rep->command, rep->created, rep->id, rep->holds);
	}
	if (rep->n_cleaned && g->verbosity > 0)
		fprintf(stderr, _("rdm-s3: removed %zu leftover(s) of interrupted runs (temporary files, "
				  "unfinished backups)\n"), rep->n_cleaned);
}

int cmd_recover_instance(const struct rdm_globals *g, const char *dir, int lenient, struct rdm_error *err)
{
	struct plan_recover_opts o = { .lenient = lenient };
	struct plan_recover_report rep;
	struct rdm_error e2 = RDM_ERROR_INIT;
	int rc = plan_recover_pending(dir, &o, &rep, &e2);
	say(g, &rep);
	if (rc != 0 && !lenient) {
		*err = e2;
		plan_recover_report_free(&rep);
		return -1;
	}
	rdm_error_clear(&e2); /* lenient: the instance check reports it (plan_pending_read) */
	plan_recover_report_free(&rep);
	return 0;
}
