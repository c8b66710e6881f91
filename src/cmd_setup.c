/* rdm-s3 setup --non-interactive | --resume: set up the instance's S3
 * storage as one reviewed change (ops/setup, ops/change). This file turns
 * the command line into a draft and drives the engine; cmd_setup_out.c
 * prints. */
#include "config.h"
#include "cmd_setup.h"
#include "cmd_setup_wizard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd_common.h"
#include "cmd_config.h"
#include "cmd_hooks.h"
#include "cmd_recover.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/secret_io.h"
#include "util/xalloc.h"

extern char **environ;

static int run_setup(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_setup = {
	.name = "setup",
	.summary = N_("set up the instance's S3 storage end to end, as one reviewed change"),
	.help =
	N_("Usage: rdm-s3 setup                 (on a terminal: the wizard, step by step)\n"
	"       rdm-s3 setup --non-interactive --storage minio|rustfs|aws|other\n"
	"           [--endpoint URL] [--region NAME] [--bucket NAME]\n"
	"           [--access-key-id ID] [--secret-file FILE | --generate]\n"
	"           [--credentials-in env|cfg] [--cors-origin URL]... [--site-url URL]\n"
	"           [--restart auto|never] [--files-location run|print|skip]\n"
	"           [--dry-run] [--json]\n"
	"       rdm-s3 setup --resume [--json]\n"
	"\n"
	"From the instance as it is (CHANGE_ME placeholders, a MinIO service, another S3\n"
	"server) to working storage: the files (every place that must change, in place,\n"
	"with backups) and the server (the bucket, its CORS rules, a MinIO restart, the\n"
	"files location) in one change, in the order that never locks you out: steps that\n"
	"need the credentials that work today run before the files change them, steps\n"
	"that need the new ones after the restart. It ends with the health checks.\n"
	"\n"
	"  --storage KIND        minio / rustfs: the instance's own container (service s3);\n"
	"                        aws: Amazon S3; other: Ceph RGW, Garage, SeaweedFS, ...\n"
	"  --endpoint URL        default: the container's published port (minio, rustfs),\n"
	"                        https://s3.REGION.amazonaws.com (aws); required for other\n"
	"  --region NAME         aws: the bucket's real region is detected and used\n"
	"  --bucket NAME         default: default (what invenio-cli's location points at)\n"
	"  --access-key-id ID    minio/rustfs: the root user (kept unless CHANGE_ME, then\n"
	"                        rdm-admin); others: the app's access key\n"
	"  --secret-file FILE    the secret (root password, or secret key) from a 0600 file;\n"
	"                        without it the secret is read from standard input (never\n"
	"                        from the command line)\n"
	"  --generate            a strong random root password (not shown; the app's keys\n"
	"                        follow when the app uses the root user)\n"
	"  --credentials-in      env: .env as INVENIO_S3_* (default; 0600, git-ignored);\n"
	"                        cfg: invenio.cfg\n"
	"  --cors-origin URL     browser origins for previews and uploads (repeatable;\n"
	"                        default: the origin of SITE_UI_URL). MinIO: added to\n"
	"                        MINIO_API_CORS_ALLOW_ORIGIN; others: bucket CORS rules,\n"
	"                        also written to S3_BUCKET_CORS_RULES\n"
	"  --site-url URL        set SITE_UI_URL (SITE_API_URL follows)\n"
	"  --restart never       print the MinIO restart instead of running\n"
	"                        `docker compose --file docker-compose.yml up -d s3`, and\n"
	"                        stop before the steps that need the new credentials\n"
	"  --files-location      run (default): `invenio files location create s3-default\n"
	"                        s3://BUCKET --default` as the instance runs invenio\n"
	"                        (pipenv, uv, or the web-api container); print; skip\n"
	"  --dry-run             print the diff of every file (secrets masked) and the\n"
	"                        server steps in order; change nothing\n"
	"  --resume              finish a setup that was interrupted or stopped\n"
	"\n"
	"An instance made with file_storage = local is switched to S3: setup first says\n"
	"where the files are and what switching means, then adds the cookiecutter's S3\n"
	"parts (.invenio, the invenio.cfg block, the s3 extra in Pipfile or pyproject.toml,\n"
	"and for minio/rustfs the s3 service, started for the first time); the app\n"
	"containers' data volumes stay, so old files stay readable.\n"
	"\n"
	"A kill at any point leaves a journal in .rdm-s3/changes: `rdm-s3 setup --resume`\n"
	"finishes it, `rdm-s3 undo` rolls back the files and the reversible server steps.\n"
	"--json prints one object: the plan (files with masked diffs, steps), the outcome\n"
	"of each step and the checks' report.\n"
	"\n"
	"Exit status: the checks' (0 ok, 1 warning, 2 critical, 3 unknown) after a setup;\n"
	"1 a step failed and everything done was rolled back (the output says what was\n"
	"undone); 64 a bad option or value (nothing written); 65 an instance file cannot\n"
	"be read; 75 stopped on purpose (--restart never): `rdm-s3 setup --resume` goes on.\n"),
	.run = run_setup,
};

struct setup_args {
	int non_interactive, resume, dry_run, generate;
	const char *storage, *bucket, *access_key_id, *secret_file, *creds_in, *site_url, *restart, *location;
	const char **origins;
	size_t n_origins;
};

static int need_value(const char *opt, int i, int argc)
{
	if (i + 1 < argc)
		return 0;
	return cli_usage_error("setup", _("option '%s' needs a value"), opt);
}

static int parse_value(const char *o, const char *v, struct setup_args *a)
{
	static const struct { const char *name; size_t off; } values[] = {
		{ "--storage", offsetof(struct setup_args, storage) },
		{ "--bucket", offsetof(struct setup_args, bucket) },
		{ "--access-key-id", offsetof(struct setup_args, access_key_id) },
		{ "--secret-file", offsetof(struct setup_args, secret_file) },
		{ "--credentials-in", offsetof(struct setup_args, creds_in) },
		{ "--site-url", offsetof(struct setup_args, site_url) },
		{ "--restart", offsetof(struct setup_args, restart) },
		{ "--files-location", offsetof(struct setup_args, location) },
	};
	if (!strcmp(o, "--cors-origin")) {
		a->origins[a->n_origins++] = v;
		return 0;
	}
	size_t k = 0;
	while (k < sizeof values / sizeof *values && strcmp(o, values[k].name))
		k++;
	if (k == sizeof values / sizeof *values)
		return cli_usage_error("setup", _("unknown option '%s'"), o);
	*(const char **)((char *)a + values[k].off) = v;
	return 0;
}

static int parse(int argc, char **argv, struct setup_args *a)
{
	a->origins = xcalloc((size_t)argc + 1, sizeof *a->origins);
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *eq = strchr(o, '=');
		if (eq && !strncmp(o, "--", 2)) { /* --opt=VALUE: as --opt VALUE */
			char *name = xstrndup(o, (size_t)(eq - o));
			int rc = parse_value(name, eq + 1, a);
			free(name);
			if (rc)
				return rc;
			continue;
		}
		int *flag = !strcmp(o, "--non-interactive") ? &a->non_interactive : !strcmp(o, "--resume") ? &a->resume
			    : !strcmp(o, "--dry-run") ? &a->dry_run : !strcmp(o, "--generate") ? &a->generate : NULL;
		if (flag) {
			*flag = 1;
			continue;
		}
		if (need_value(o, i, argc))
			return RDM_EXIT_USAGE;
		int rc = parse_value(o, argv[++i], a);
		if (rc)
			return rc;
	}
	return 0;
}

/* The enumerated flags; a bad word is a usage error naming the flag. */
static int take_words(const struct setup_args *a, struct setup_draft *d)
{
	if (!a->storage)
		return cli_usage_error("setup", _("--storage is required: minio, rustfs, aws or other"));
	if (setup_storage_parse(a->storage, &d->storage) != 0)
		return cli_usage_error("setup", _("--storage: '%s' is not minio, rustfs, aws or other"), a->storage);
	if (a->creds_in && strcmp(a->creds_in, "env") && strcmp(a->creds_in, "cfg"))
		return cli_usage_error("setup", _("--credentials-in: '%s' is not env or cfg"), a->creds_in);
	d->creds_in = a->creds_in && !strcmp(a->creds_in, "cfg") ? SETUP_CREDS_CFG : SETUP_CREDS_ENV;
	if (a->restart && strcmp(a->restart, "auto") && strcmp(a->restart, "never"))
		return cli_usage_error("setup", _("--restart: '%s' is not auto or never"), a->restart);
	d->restart = a->restart && !strcmp(a->restart, "never") ? SETUP_RESTART_NEVER : SETUP_RESTART_AUTO;
	if (a->location && strcmp(a->location, "run") && strcmp(a->location, "print") && strcmp(a->location, "skip"))
		return cli_usage_error("setup", _("--files-location: '%s' is not run, print or skip"), a->location);
	d->files_location = !a->location || !strcmp(a->location, "run") ? SETUP_LOCATION_RUN
			    : !strcmp(a->location, "print") ? SETUP_LOCATION_PRINT : SETUP_LOCATION_SKIP;
	if (a->generate && a->secret_file)
		return cli_usage_error("setup", _("--generate and --secret-file: give one"));
	if (a->generate && !setup_storage_is_own_server(d->storage))
		return cli_usage_error("setup", _("--generate makes a MinIO/RustFS root password; Amazon S3 and other "
						  "servers issue their keys themselves (--secret-file or stdin)"));
	return 0;
}

/* The secret: generated, from --secret-file, or from standard input (a
 * terminal is asked, echo off). Own servers with a working password keep it
 * when nothing is given. */
static int take_secret(const struct setup_args *a, const struct setup_survey *sv, struct setup_draft *d)
{
	struct rdm_error err = RDM_ERROR_INIT;
	char *s = NULL;
	int rc = 0;
	if (a->generate) {
		rc = setup_draft_generate_secret(d, &err);
	} else if (a->secret_file) {
		rc = secret_read_file(a->secret_file, &s, &err);
	} else if (!isatty(STDIN_FILENO) || !setup_storage_is_own_server(d->storage) || sv->root_password_placeholder) {
		if (isatty(STDIN_FILENO)) {
			fprintf(stderr, _("Secret for %s (not shown): "), d->access_key_id ? d->access_key_id : "the key");
			fflush(stderr);
		}
		rc = secret_read_fd(STDIN_FILENO, &s, &err);
		if (isatty(STDIN_FILENO))
			fputc('\n', stderr);
	}
	if (rc == 0 && s && *s)
		setup_draft_set_secret(d, s);
	secret_free(s);
	if (rc != 0) {
		cmd_config_print_error(&err);
		rdm_error_clear(&err);
		return RDM_EXIT_USAGE;
	}
	return 0;
}

static void draft_from_args(const struct rdm_globals *g, const struct setup_args *a, struct setup_draft *d)
{
	setup_draft_set(&d->endpoint, g->endpoint);
	setup_draft_set(&d->region, g->region);
	setup_draft_set(&d->bucket, a->bucket);
	setup_draft_set(&d->access_key_id, a->access_key_id);
	setup_draft_set(&d->site_url, a->site_url);
	for (size_t i = 0; i < a->n_origins; i++)
		setup_draft_add_origin(d, a->origins[i]);
	if (!a->n_origins && a->site_url) {
		char *o = NULL;
		size_t n = strlen(a->site_url);
		while (n && a->site_url[n - 1] == '/')
			n--;
		o = xstrndup(a->site_url, n);
		setup_draft_add_origin(d, o);
		free(o);
	}
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
	struct rdm_error ignored = RDM_ERROR_INIT; /* a bad value was refused before planning */
	cmd_clock_offset_from_env(&ro->clock_offset, &ignored);
	rdm_error_clear(&ignored);
}

static int refuse_pending(const struct setup_survey *sv)
{
	fprintf(stderr, _("rdm-s3: setup: an interrupted change (%s) is recorded in .rdm-s3/changes\n"
			  "  fix: `%s` finishes it, `rdm-s3 undo` rolls it back\n"),
		sv->pending_change, sv->pending_resume ? sv->pending_resume : SETUP_RESUME_COMMAND);
	return RDM_EXIT_FAILED;
}

static int plan_and_run(const struct rdm_globals *g, const struct setup_args *a, const struct setup_survey *sv,
			struct setup_draft *d)
{
	struct rdm_error err = RDM_ERROR_INIT;
	enum setup_field bad;
	if (setup_draft_validate(d, sv, &bad, &err) != 0) {
		fprintf(stderr, "rdm-s3: setup: %s\n", err.message);
		rdm_error_clear(&err);
		return RDM_EXIT_USAGE;
	}
	struct setup_opts po = { .live = { .envp = environ, .ca_file = g->ca_file }, .probe = 1, .verify = 1 };
	cmd_clock_offset_from_env(&po.live.clock_offset, &err);
	rdm_error_clear(&err);
	struct change c;
	struct setup_resolved res;
	struct setup_out out;
	int rc = 0;
	setup_out_init(&out, g, a->dry_run);
	out.local = sv->local.is_local ? &sv->local : NULL;
	if (setup_plan_build(d, sv, &po, &c, &res, &err) != 0) {
		cmd_config_print_error(&err);
		rc = RDM_EXIT_FAILED;
	} else {
		setup_out_plan(&out, &res, &c);
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
				rc = setup_out_finish(&out, &c, &outcome);
			}
			change_outcome_free(&outcome);
		}
	}
	rdm_error_clear(&err);
	setup_out_free(&out);
	setup_resolved_free(&res);
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
		printf(_("Resuming the interrupted setup:\n"));
	}
	if (change_resume(dir, SETUP_COMMAND, &ro, &c, &outcome, &err) != 0) {
		cmd_config_print_error(&err);
		rc = RDM_EXIT_FAILED;
	} else {
		rc = setup_out_finish(&out, &c, &outcome);
	}
	change_outcome_free(&outcome);
	change_free(&c);
	setup_out_free(&out);
	rdm_error_clear(&err);
	return rc;
}

static int non_interactive(const struct rdm_globals *g, const struct setup_args *a, const char *dir)
{
	struct setup_survey sv;
	struct setup_draft d;
	struct rdm_error err = RDM_ERROR_INIT;
	setup_draft_init(&d);
	int rc = take_words(a, &d);
	if (rc) {
		setup_draft_free(&d);
		return rc;
	}
	if (setup_survey_read(dir, environ, &sv, &err) != 0) {
		cmd_config_print_error(&err);
		rdm_error_clear(&err);
		setup_draft_free(&d);
		return RDM_EXIT_DATAERR;
	}
	if (sv.pending_change)
		rc = refuse_pending(&sv);
	if (rc == 0) {
		draft_from_args(g, a, &d);
		setup_draft_defaults(&d, &sv);
		rc = take_secret(a, &sv, &d);
	}
	if (rc == 0)
		rc = plan_and_run(g, a, &sv, &d);
	setup_survey_free(&sv);
	setup_draft_free(&d);
	return rc;
}

static int run_setup(const struct rdm_globals *g, int argc, char **argv)
{
	struct setup_args a;
	memset(&a, 0, sizeof a);
	int rc = parse(argc, argv, &a);
	char *dir = NULL;
	/* `rdm-s3 setup` alone, on a terminal: the wizard. */
	int wizard = rc == 0 && argc == 1 && cmd_setup_wizard_possible();
	if (rc == 0 && !a.non_interactive && !a.resume && !wizard)
		rc = cli_usage_error("setup", _("give --non-interactive with the flags (the interactive wizard "
						"runs on a terminal: `rdm-s3 setup` alone), or --resume"));
	if (rc == 0 && a.resume && (a.non_interactive || a.dry_run || a.storage))
		rc = cli_usage_error("setup", _("--resume takes no other setup option: it finishes the recorded change"));
	if (rc == 0)
		rc = cmd_config_find(g, &dir);
	struct rdm_error err = RDM_ERROR_INIT;
	/* An interrupted plain change set is recovered first; a setup's own set
	 * (marked with server steps) is finished by --resume itself. */
	if (rc == 0 && cmd_recover_files(g, dir, a.resume, &err) != 0) {
		cmd_config_print_error(&err);
		rc = RDM_EXIT_FAILED;
	}
	rdm_error_clear(&err);
	if (rc == 0)
		rc = wizard ? cmd_setup_wizard(g, dir, 0) : a.resume ? resume(g, dir) : non_interactive(g, &a, dir);
	free(dir);
	free(a.origins);
	return rc;
}
