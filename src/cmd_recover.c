#include "config.h"
#include "cmd_recover.h"

#include <stdio.h>
#include <string.h>

#include "instance/plan/plan.h"
#include "ops/change/change.h"
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

/* A change with server steps (setup) that was interrupted or stopped is not
 * finished automatically (its steps touch a server): say how to finish it
 * or take it back. */
static void note_pending_change(const struct rdm_globals *g, const char *dir)
{
	struct change_pending p;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (g->verbosity >= 0 && change_find_pending(dir, NULL, &p, &ignored) == 1) {
		fprintf(stderr, _("rdm-s3: note: an %s `%s` of %s is recorded (%zu of %zu steps done%s%s): `%s` "
				  "finishes it, `rdm-s3 undo` takes it back\n"),
			p.stopped ? _("unfinished") : _("interrupted"), p.command, p.created, p.n_done, p.n_steps,
			p.next_title ? _(", next: ") : "", p.next_title ? p.next_title : "",
			p.resume_command ? p.resume_command : "rdm-s3 undo");
		change_pending_free(&p);
	}
	rdm_error_clear(&ignored);
}

int cmd_recover_instance(const struct rdm_globals *g, const char *dir, int lenient, struct rdm_error *err)
{
	int rc = cmd_recover_files(g, dir, lenient, err);
	if (rc == 0)
		note_pending_change(g, dir);
	return rc;
}

int cmd_recover_files(const struct rdm_globals *g, const char *dir, int lenient, struct rdm_error *err)
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
