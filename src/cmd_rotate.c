/* rdm-s3 rotate --non-interactive | --resume: replace the app's S3 key as
 * one reviewed change (ops/rotate, ops/change). This file parses and
 * drives; cmd_rotate_out.c prints. */
#include "config.h"
#include "cmd_rotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_common.h"
#include "cmd_config.h"
#include "cmd_hooks.h"
#include "cmd_recover.h"
#include "util/i18n.h"
#include "util/xalloc.h"

extern char **environ;

static int run_rotate(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_rotate = {
	.name = "rotate",
	.summary = N_("rotate the app's S3 key: a new key proven and written, the old one revoked"),
	.help = N_(
	"Usage: rdm-s3 rotate --non-interactive [--admin-credentials-file FILE]\n"
	"           [--app-user] [--restart auto|never] [--dry-run] [--json]\n"
	"       rdm-s3 rotate --resume [--json]\n"
	"\n"
	"Replaces the S3 key the app signs with, as one reviewed change: it shows the key\n"
	"(where it is written, the server, its age), makes a second key while the first\n"
	"still works and proves it (a signed request and a canary object, with the key held\n"
	"in memory) before anything is written, writes the app's configuration (diff,\n"
	"atomic, backups), proves the configuration as written, then revokes the old key\n"
	"and proves it is refused. The new secret is never printed.\n"
	"\n"
	"The server decides how:\n"
	"  MinIO/RustFS, app on the root user: a new root password in docker-services.yml\n"
	"      and the app's configuration, then the restart setup does\n"
	"      (`docker compose --file docker-compose.yml up -d s3`)\n"
	"  MinIO, app on its own user: a new service account, then the old key revoked\n"
	"  Ceph RGW: a second key through the admin ops API (--admin-credentials-file)\n"
	"  Amazon S3: IAM CreateAccessKey, then the old key Inactive and deleted, with the\n"
	"      app's own key (iam:*AccessKey on itself) or --admin-credentials-file\n"
	"\n"
	"  --non-interactive     run without questions (the walkthrough screens are in the\n"
	"                        menu: `rdm-s3`)\n"
	"  --app-user            MinIO, app on the root user: move the app to a MinIO user\n"
	"                        of its own with a policy limited to the bucket (least\n"
	"                        privilege; later rotations need no restart)\n"
	"  --admin-credentials-file FILE\n"
	"                        the key calls' credentials (AWS_ACCESS_KEY_ID= and\n"
	"                        AWS_SECRET_ACCESS_KEY= lines, mode 0600): Ceph RGW needs\n"
	"                        a user with the \"users\" capability; MinIO default: the\n"
	"                        root credentials of the instance's files\n"
	"  --restart never       root password: print the restart instead of running it and\n"
	"                        stop until it is done (`rdm-s3 rotate --resume` goes on)\n"
	"  --dry-run             show the key, the diff (secrets masked) and the steps;\n"
	"                        change nothing\n"
	"  --resume              finish a rotation that was interrupted or stopped\n"
	"\n"
	"Any failure rolls back to the last state that worked and says what was undone. A\n"
	"kill at any point leaves a journal in .rdm-s3/changes: `rdm-s3 rotate --resume`\n"
	"finishes it, `rdm-s3 undo` rolls it back.\n"
	"\n"
	"Exit status: 0 the new key is proven, written, and the old one revoked and\n"
	"refused; 1 a step failed and everything done was rolled back (or the old key is\n"
	"still accepted: the output says which); 64 a bad option; 65 an instance file\n"
	"cannot be read; 75 stopped on purpose (--restart never).\n"),
	.run = run_rotate,
};

struct rotate_args {
	int non_interactive, resume, dry_run, app_user;
	const char *restart, *admin_file;
};

static int parse(int argc, char **argv, struct rotate_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **value = NULL;
		size_t n = strcspn(o, "=");
		if (!strcmp(o, "--non-interactive"))
			a->non_interactive = 1;
		else if (!strcmp(o, "--resume"))
			a->resume = 1;
		else if (!strcmp(o, "--dry-run"))
			a->dry_run = 1;
		else if (!strcmp(o, "--app-user"))
			a->app_user = 1;
		else if (!strncmp(o, "--restart", n) && n == strlen("--restart"))
			value = &a->restart;
		else if (!strncmp(o, "--admin-credentials-file", n) && n == strlen("--admin-credentials-file"))
			value = &a->admin_file;
		else
			return cli_usage_error("rotate", _("unknown option '%s'"), o);
		if (!value)
			continue;
		if (o[n] == '=')
			*value = o + n + 1;
		else if (i + 1 < argc)
			*value = argv[++i];
		else
			return cli_usage_error("rotate", _("option '%s' needs a value"), o);
	}
	if (a->restart && strcmp(a->restart, "auto") && strcmp(a->restart, "never"))
		return cli_usage_error("rotate", _("--restart: '%s' is not auto or never"), a->restart);
	if (a->resume && (a->non_interactive || a->dry_run || a->app_user || a->admin_file || a->restart))
		return cli_usage_error("rotate", _("--resume takes no other rotate option: it finishes the recorded "
						   "change"));
	if (!a->resume && !a->non_interactive)
		return cli_usage_error("rotate", _("give --non-interactive (the walkthrough is in the menu: `rdm-s3`), "
						   "or --resume"));
	return 0;
}

static void run_opts(const struct rdm_globals *g, struct change_run_opts *ro, struct setup_out *out)
{
	memset(ro, 0, sizeof *ro);
	ro->progress = setup_out_progress;
	ro->progress_ctx = out;
	ro->envp = environ;
	ro->ca_file = g->ca_file;
	ro->now = time(NULL);
	ro->fault_at = cmd_hook_fault_at();
	ro->fault_kind = cmd_hook_fault_kind();
	struct rdm_error ignored = RDM_ERROR_INIT;
	cmd_clock_offset_from_env(&ro->clock_offset, &ignored);
	rdm_error_clear(&ignored);
}

static int refuse_pending(const struct rotate_survey *sv)
{
	fprintf(stderr, _("rdm-s3: rotate: an interrupted change (%s) is recorded in .rdm-s3/changes\n"
			  "  fix: `%s` finishes it, `rdm-s3 undo` rolls it back\n"),
		sv->pending_change, sv->pending_resume ? sv->pending_resume : ROTATE_RESUME_COMMAND);
	return RDM_EXIT_FAILED;
}

static int plan_and_run(const struct rdm_globals *g, const struct rotate_args *a, const struct rotate_survey *sv,
			const struct rotate_opts *o)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct change c;
	struct rotate_resolved res;
	struct setup_out out;
	int rc = 0;
	setup_out_init(&out, g, a->dry_run);
	if (rotate_plan_build(sv, o, &c, &res, &err) != 0) {
		cmd_config_print_error(&err);
		rc = RDM_EXIT_FAILED;
	} else {
		rotate_out_plan(&out, sv, &res, &c);
		if (a->dry_run) {
			setup_out_dry_end(&out);
		} else {
			struct change_run_opts ro;
			struct change_outcome outcome;
			run_opts(g, &ro, &out);
			if (change_run(&c, &ro, &outcome, &err) != 0) {
				cmd_config_print_error(&err);
				rc = RDM_EXIT_FAILED;
			} else {
				rc = rotate_out_finish(&out, &outcome);
			}
			change_outcome_free(&outcome);
		}
	}
	rdm_error_clear(&err);
	setup_out_free(&out);
	rotate_resolved_free(&res);
	change_free(&c);
	return rc;
}

static int resume(const struct rdm_globals *g, const char *dir)
{
	struct change c;
	struct change_outcome outcome;
	struct change_run_opts ro;
	struct setup_out out;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc;
	setup_out_init(&out, g, 0);
	run_opts(g, &ro, &out);
	if (g->json) {
		cmd_json_init(&out.j, &out.json);
		cmd_json_begin_object(&out.j, NULL);
		cmd_json_bool(&out.j, "resumed", 1);
	} else if (g->verbosity >= 0) {
		printf(_("Resuming the interrupted rotation:\n"));
	}
	if (change_resume(dir, ROTATE_COMMAND, &ro, &c, &outcome, &err) != 0) {
		cmd_config_print_error(&err);
		rc = RDM_EXIT_FAILED;
	} else {
		rc = rotate_out_finish(&out, &outcome);
	}
	change_outcome_free(&outcome);
	change_free(&c);
	setup_out_free(&out);
	rdm_error_clear(&err);
	return rc;
}

static int non_interactive(const struct rdm_globals *g, const struct rotate_args *a, const char *dir)
{
	struct rotate_opts o = { .envp = environ, .ca_file = g->ca_file, .app_user = a->app_user,
				 .restart_never = a->restart && !strcmp(a->restart, "never"),
				 .admin_file = a->admin_file };
	struct rotate_survey sv;
	struct rdm_error err = RDM_ERROR_INIT;
	int usage = 0, rc;
	cmd_clock_offset_from_env(&o.clock_offset, &err);
	rdm_error_clear(&err);
	if (rotate_survey_read(dir, &o, &sv, &usage, &err) != 0) {
		if (usage) {
			fprintf(stderr, "rdm-s3: rotate: %s\n", err.message);
			if (err.remedy)
				fprintf(stderr, _("  fix: %s\n"), err.remedy);
		} else {
			cmd_config_print_error(&err);
		}
		rc = usage ? RDM_EXIT_USAGE : RDM_EXIT_FAILED;
	} else if (sv.pending_change) {
		rc = refuse_pending(&sv);
	} else {
		rc = plan_and_run(g, a, &sv, &o);
	}
	rdm_error_clear(&err);
	rotate_survey_free(&sv);
	return rc;
}

static int run_rotate(const struct rdm_globals *g, int argc, char **argv)
{
	struct rotate_args a;
	memset(&a, 0, sizeof a);
	int rc = parse(argc, argv, &a);
	char *dir = NULL;
	if (rc == 0)
		rc = cmd_config_find(g, &dir);
	struct rdm_error err = RDM_ERROR_INIT;
	if (rc == 0 && cmd_recover_files(g, dir, a.resume, &err) != 0) {
		cmd_config_print_error(&err);
		rc = RDM_EXIT_FAILED;
	}
	rdm_error_clear(&err);
	if (rc == 0)
		rc = a.resume ? resume(g, dir) : non_interactive(g, &a, dir);
	free(dir);
	return rc;
}
