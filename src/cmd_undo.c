/* rdm-s3 undo [--force]: restore the files of the last change. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_config.h"
#include "instance/plan/backup.h"
#include "instance/plan/plan.h"
#include "ops/change/change.h"
#include "util/i18n.h"

static int run_undo(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_undo = {
	.name = "undo",
	.summary = N_("restore the files changed by the last rdm-s3 change"),
	.help =
	N_("Usage: rdm-s3 undo [--force]\n"
	"       rdm-s3 undo --list\n"
	"\n"
	"Restore every file of the most recent change made by rdm-s3 (config set,\n"
	"set-secret, setup, ...) from its backup in .rdm-s3/backups/, and say which files\n"
	"were restored. Run it again to undo the change before that one.\n"
	"\n"
	"A change with server steps (setup) is undone as a whole, in reverse order:\n"
	"a bucket it created is deleted again if still empty, CORS rules it put are\n"
	"replaced by the previous ones, MinIO is restarted with the restored files.\n"
	"What cannot be undone (the files location in InvenioRDM's database) is named.\n"
	"The same holds for a setup that was interrupted (its journal in .rdm-s3/changes).\n"
	"\n"
	"A file that was edited after rdm-s3 wrote it is not overwritten: undo\n"
	"stops, names it and changes nothing; --force restores it anyway. A change\n"
	"that was interrupted (some files written, some not) is undone the same way:\n"
	"files that still hold their old content are left alone.\n"
	"\n"
	"--list shows the recorded changes, newest first: time, state (applied,\n"
	"undone, rolled-back, or pending: interrupted), command and files. The\n"
	"newest 50 changes of the last 90 days are kept (.invenio [rdm-s3]\n"
	"backups-keep and backups-keep-days change that; the newest is always kept).\n"
	"\n"
	"Exit status: 0 restored, 1 nothing to undo or refused, 64 usage error,\n"
	"73 a file could not be written.\n"),
	.run = run_undo,
};

static void print_files(const struct undo_report *rep)
{
	for (size_t i = 0; i < rep->n_restored; i++)
		printf(_("restored %s\n"), rep->restored[i]);
	for (size_t i = 0; i < rep->n_unchanged; i++)
		printf(_("unchanged %s (it already held its old content)\n"), rep->unchanged[i]);
	for (size_t i = 0; i < rep->n_conflicts; i++)
		printf(_("overwrote edits in %s (--force)\n"), rep->conflicts[i]);
}

static void print_report(const struct rdm_globals *g, const struct change_undo_report *rep)
{
	if (g->verbosity < 0)
		return;
	if (!rep->with_steps) {
		printf(_("Undid the change of %s (%s, backup %s)%s.\n"), rep->created, rep->command, rep->id,
		       rep->was_interrupted ? _(", which had been interrupted") : "");
		print_files(&rep->files);
		return;
	}
	printf(_("Undid the %s of %s (change %s)%s.\n"), rep->command, rep->created, rep->id,
	       rep->was_interrupted ? _(", which had been interrupted") : "");
	for (size_t i = 0; i < rep->n_undone; i++)
		printf(_("undone: %s\n"), rep->undone[i]);
	if (rep->files_undone)
		print_files(&rep->files);
	for (size_t i = 0; i < rep->n_not_undone; i++)
		printf(_("left as it is: %s\n"), rep->not_undone[i]);
}

/* Each server step's undo as it happens (a MinIO restart takes seconds). */
static void progress(void *ctx, const struct change_event *ev)
{
	const struct rdm_globals *g = ctx;
	if (g->verbosity <= 0 || ev->kind == CHANGE_EV_OUTPUT)
		return;
	if (ev->kind == CHANGE_EV_UNDONE || ev->kind == CHANGE_EV_UNDO_FAILED)
		fprintf(stderr, "rdm-s3: %s: %s\n", ev->title, ev->message ? ev->message : "");
}

static int list_sets(const char *dir)
{
	struct backup_set *sets;
	size_t n;
	struct rdm_error err = RDM_ERROR_INIT;
	if (backup_history(dir, &sets, &n, &err) != 0) {
		cmd_config_print_error(&err);
		rdm_error_clear(&err);
		return RDM_EXIT_FAILED;
	}
	if (n == 0)
		printf(_("No change recorded: rdm-s3 has not changed this instance (or kept nothing).\n"));
	for (size_t i = 0; i < n; i++) {
		const struct backup_set *s = &sets[i];
		printf("%s  %-11s  %s%s%s\n", s->id, backup_state_name(s->state),
		       s->kind == BACKUP_UNDO ? "undo " : "", s->kind == BACKUP_UNDO ? s->undoes : s->command,
		       s->server_steps ? _(" (with server steps)") : "");
		for (size_t k = 0; k < s->n_entries; k++)
			printf("    %s%s\n", s->entries[k].rel,
			       !s->entries[k].old_exists ? _(" (created)") : !s->entries[k].new_exists ? _(" (removed)") : "");
	}
	backup_history_free(sets, n);
	return RDM_EXIT_OK;
}

static int run_undo(const struct rdm_globals *g, int argc, char **argv)
{
	int force = 0, list = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			force = 1;
		else if (!strcmp(argv[i], "--list"))
			list = 1;
		else
			return cli_usage_error("undo", _("undo: unexpected argument '%s'"), argv[i]);
	}
	char *dir;
	int rc = cmd_config_find(g, &dir); /* not parsed: undo works even when a file is broken */
	if (rc)
		return rc;
	if (list) {
		rc = list_sets(dir);
		free(dir);
		return rc;
	}
	struct change_undo_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	struct change_run_opts o = { .now = time(NULL), .fault_at = cmd_config_fault_at(),
				     .fault_kind = cmd_config_fault_kind(), .progress = progress,
				     .progress_ctx = (void *)g, .ca_file = g->ca_file };
	if (change_undo_last(dir, force, &o, &rep, &err) != 0) {
		cmd_config_print_error(&err);
		if (rep.with_steps)
			print_report(g, &rep);
		rc = rep.files.n_conflicts || !rep.id ? RDM_EXIT_FAILED
		     : rep.with_steps ? RDM_EXIT_FAILED : RDM_EXIT_CANTCREAT;
	} else {
		print_report(g, &rep);
	}
	change_undo_report_free(&rep);
	rdm_error_clear(&err);
	free(dir);
	return rc;
}
