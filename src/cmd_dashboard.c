/* rdm-s3 dashboard [-i SECONDS] [--bucket B] [--origin URL] [--timeout S]
 *                  [--no-canary] [--only IDS] [--skip IDS] */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_check.h"
#include "cmd_common.h"
#include "cmd_hooks.h"
#include "cmd_s3.h"
#include "model/setup_engine.h"
#include "ops/check/check.h"
#include "ops/check/check_live.h"
#include "tui/app.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define DEFAULT_INTERVAL_S 10L
#define MAX_INTERVAL_S 86400L
#define DEFAULT_TIMEOUT_MS CHECK_LIVE_DEFAULT_TIMEOUT_MS

static int run_dashboard(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_dashboard = {
	.name = "dashboard",
	.summary = N_("live view of the health checks (ncurses)"),
	.help =
	N_("Usage: rdm-s3 dashboard [-i SECONDS] [--bucket NAME] [--origin URL]\n"
	"                        [--timeout SECONDS] [--no-canary] [--only IDS] [--skip IDS]\n"
	"\n"
	"Run the health checks of 'rdm-s3 check' again and again and show them live:\n"
	"one row per check with its status, latency and a sparkline of recent\n"
	"latencies, and a detail pane with the message, the remedy and the settings\n"
	"the check used (with the file and line each came from). When the server\n"
	"goes away the rows turn critical, the dashboard keeps trying, and the rows\n"
	"recover when the server is back. Between refreshes it sleeps.\n"
	"\n"
	"Options:\n"
	"  -i, --interval SECONDS   time between two runs, 1 to 86400; default 10\n"
	"  --bucket NAME            the bucket to check (default: the instance's)\n"
	"  --origin URL             browser origin for the CORS check (default:\n"
	"                           the instance's SITE_UI_URL)\n"
	"  --timeout SECONDS        time limit of each request (fractions allowed);\n"
	"                           default 10\n"
	"  --no-canary              read-only: skip the checks that write objects\n"
	"  --only IDS, --skip IDS   comma-separated check ids, may repeat (see\n"
	"                           'rdm-s3 help check')\n"
	"\n"
	"Keys: Up/Down or k/j select a check, Enter opens or closes its details\n"
	"(PgDn/PgUp scroll them), f fixes the selected check, r runs the checks now,\n"
	"p pauses/resumes, ? shows the keys, q quits.\n"
	"\n"
	"Fixes: on a check whose finding rdm-s3 can remedy itself (a missing bucket,\n"
	"the own MinIO's CHANGE_ME credentials, a secrets file readable by everybody,\n"
	"the boto3 checksum preset, the site's origin in the bucket's CORS rules or\n"
	"in MinIO's allowed origins), f shows the change (the diff of every file and\n"
	"the server steps), applies it on Enter with rollback on failure, runs the\n"
	"checks, and comes back; 'rdm-s3 undo' undoes it. Other rows say why there\n"
	"is no automatic fix. Fixes need the instance folder (not --endpoint alone).\n"
	"Works in 80x24 and larger, with or without colour (--no-color, NO_COLOR),\n"
	"with Unicode sparklines in a UTF-8 locale and ASCII ones otherwise.\n"
	"\n"
	"Where the instance, endpoint, bucket and credentials come from: as for\n"
	"'rdm-s3 check' (--endpoint without --instance watches the endpoint alone).\n"
	"For scripts and monitoring use 'rdm-s3 check' (--json, --prometheus).\n"
	"\n"
	"Exit status: 0 after q, 1 the dashboard could not start (no terminal, an\n"
	"unknown TERM), 64 usage error (also: no instance folder and no --endpoint),\n"
	"128+N after signal N.\n"),
	.help_extra = CMD_HOOKS_HELP_CLOCK("acts"),
	.run = run_dashboard,
};

static int parse_interval(const char *text, long *out)
{
	*out = DEFAULT_INTERVAL_S;
	if (!text)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	if (errno || end == text || *end || n < 1 || n > MAX_INTERVAL_S)
		return cli_usage_error("dashboard", _("--interval wants whole seconds from 1 to %ld, "
						      "not '%s'"), MAX_INTERVAL_S, text);
	*out = n;
	return 0;
}

struct dash_args {
	const char *interval, *bucket, *origin;
	const char *only[CMD_CHECK_MAX_ID_LISTS], *skip[CMD_CHECK_MAX_ID_LISTS];
	size_t n_only, n_skip;
	int no_canary;
	long interval_s, timeout_ms, clock_offset;
	char **only_ids, **skip_ids;
};

static int parse_args(const struct rdm_globals *g, int argc, char **argv, struct dash_args *d)
{
	const char *interval_long = NULL;
	struct cmd_s3_opt opts[] = {
		{ "-i", CMD_OPT_VALUE, NULL, &d->interval, NULL, NULL, 0 },
		{ "--interval", CMD_OPT_VALUE, NULL, &interval_long, NULL, NULL, 0 },
		{ "--bucket", CMD_OPT_VALUE, NULL, &d->bucket, NULL, NULL, 0 },
		{ "--origin", CMD_OPT_VALUE, NULL, &d->origin, NULL, NULL, 0 },
		{ "--only", CMD_OPT_LIST, NULL, NULL, d->only, &d->n_only, CMD_CHECK_MAX_ID_LISTS },
		{ "--skip", CMD_OPT_LIST, NULL, NULL, d->skip, &d->n_skip, CMD_CHECK_MAX_ID_LISTS },
		{ "--no-canary", CMD_OPT_FLAG, &d->no_canary, NULL, NULL, NULL, 0 },
		{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
	};
	struct cmd_s3_args sa;
	int rc = cmd_s3_args_parse("dashboard", argc, argv, 1, opts, 0, 0, &sa);
	if (rc)
		return rc;
	if (interval_long)
		d->interval = interval_long;
	if (g->json)
		return cli_usage_error("dashboard", _("--json is for 'rdm-s3 check'; the dashboard "
						      "is a screen"));
	if (g->n_instances > 1)
		return cli_usage_error("dashboard", _("the dashboard shows one instance; use "
						      "'rdm-s3 check --instance A --instance B' for several"));
	if ((rc = parse_interval(d->interval, &d->interval_s)) ||
	    (rc = cmd_parse_timeout("dashboard", sa.timeout, DEFAULT_TIMEOUT_MS, &d->timeout_ms)) ||
	    (rc = cmd_check_clock_offset("dashboard", &d->clock_offset)) ||
	    (rc = cmd_parse_check_ids("dashboard", d->only, d->n_only, &d->only_ids)))
		return rc;
	return cmd_parse_check_ids("dashboard", d->skip, d->n_skip, &d->skip_ids);
}

/* The instance, as `rdm-s3 check` finds it (cmd_check_find_instance;
 * *dir NULL: the endpoint alone). Not found is a usage error here.
 * Returns 0 or an exit code (the message is printed). */
static int find_instance(const struct rdm_globals *g, char **dir)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = 0;
	if (cmd_check_find_instance(g, 0, dir, &err) != 0) {
		char *msg = rdm_error_format(&err);
		rc = cli_usage_error("dashboard", _("%s\n  or give --endpoint URL --bucket NAME to "
						    "watch an endpoint alone"), msg);
		free(msg);
	}
	rdm_error_clear(&err);
	return rc;
}

static int run_loop(const struct rdm_globals *g, struct dash_args *d, struct check_probe *probe,
		    const char *dir, const char *label)
{
	struct check_selection sel = { (const char *const *)d->only_ids,
				       (const char *const *)d->skip_ids, d->no_canary };
	struct tui_app_config cfg = {
		.start = TUI_APP_DASHBOARD,
		.want_color = cli_use_color(g, STDOUT_FILENO),
		.label = label,
		.table = check_table,
		.sel = &sel,
		.probe = probe,
		.interval_s = (int)d->interval_s,
		/* `f` fixes what it can, in the instance (not for an endpoint alone). */
		.instance_dir = dir,
		.setup_engine = dir ? &setup_engine_real : NULL,
		.ca_file = g->ca_file,
		.timeout_ms = d->timeout_ms,
		.what = _("the dashboard"),
		.no_terminal_remedy = _("run it in a terminal, or use 'rdm-s3 check' in scripts"),
	};
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = tui_app_run(&cfg, &err);
	if (rc < 0) {
		char *msg = rdm_error_format(&err);
		fprintf(stderr, "rdm-s3: dashboard: %s\n", msg);
		free(msg);
		rc = RDM_EXIT_FAILED;
	}
	rdm_error_clear(&err);
	return rc;
}

static int run_dashboard(const struct rdm_globals *g, int argc, char **argv)
{
	struct dash_args d;
	char *dir = NULL;
	memset(&d, 0, sizeof d);
	int rc = parse_args(g, argc, argv, &d);
	if (rc == 0)
		rc = find_instance(g, &dir);
	if (rc == 0) {
		struct check_live_options opt;
		cmd_check_options_init(&opt, g, d.bucket, d.origin, d.timeout_ms, d.no_canary);
		opt.instance_dir = dir;
		struct rdm_error err = RDM_ERROR_INIT;
		struct check_probe *probe = check_live_probe_new(&opt, &err);
		if (!probe) {
			char *msg = rdm_error_format(&err);
			fprintf(stderr, "rdm-s3: dashboard: %s\n", msg);
			free(msg);
			rc = RDM_EXIT_FAILED;
		} else {
			if (d.clock_offset)
				check_live_probe_set_clock_offset(probe, d.clock_offset);
			rc = run_loop(g, &d, probe, dir, dir ? dir : g->endpoint);
			check_live_probe_free(probe);
		}
		rdm_error_clear(&err);
	}
	free(dir);
	check_ids_free(d.only_ids);
	check_ids_free(d.skip_ids);
	return rc;
}
