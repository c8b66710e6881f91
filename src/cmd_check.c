/* rdm-s3 check: the health checks once, on one or several instances (or an
 * endpoint alone), as a table, JSON or Prometheus text; Nagios exit codes. */
#include "config.h"
#include "cmd_check.h"
#include "cmd_hooks.h"
#include "cmd_recover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_common.h"
#include "cmd_s3.h"
#include "instance/instance.h"
#include "ops/check/check.h"
#include "ops/check/report.h"
#include "s3/model/endpoint.h"
#include "util/atomic_file.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define EXIT_UNKNOWN 3 /* Nagios UNKNOWN: the checks could not run */

static int run_check(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_check = {
	.name = "check",
	.summary = N_("run the storage health checks once (Nagios exit codes)"),
	.help =
	N_("Usage: rdm-s3 check [--instance DIR]... [--only ID,...] [--skip ID,...]\n"
	"                    [--timeout SECONDS] [--no-canary] [--origin URL]\n"
	"                    [--json | --prometheus | --nagios] [--output FILE]\n"
	"       rdm-s3 check --endpoint URL --bucket NAME [options]\n"
	"\n"
	"Check the S3 file storage of an InvenioRDM instance the way the application\n"
	"uses it: the instance files (placeholders, weak secrets, conflicts, file\n"
	"modes; INVENIO_* values read as InvenioRDM's loader reads them, as Python\n"
	"literals), DNS, TCP, TLS (certificate expiry), clock skew, authentication\n"
	"(an unknown key and a wrong secret told apart), bucket, region, CORS from\n"
	"SITE_UI_URL's origin as a browser judges it (GET, and the uploader's PUT\n"
	"with Content-Type and Content-MD5), presigned GET, a canary object\n"
	"put/get/delete (and, when S3_CONFIG_EXTRA leaves botocore's checksums on, a\n"
	"second canary uploaded the way botocore >= 1.36 sends it), MinIO health,\n"
	"reachability by browsers and the content security policy,\n"
	"storage wiring, boto3 compatibility and the MinIO image. Each problem comes\n"
	"with what it means and how to fix it. Independent requests run at once;\n"
	"several --instance options are checked concurrently.\n"
	"\n"
	"Without --instance and --endpoint the instance is the folder holding\n"
	".invenio, here or above. With --endpoint alone no instance is read.\n"
	"\n"
	"Options:\n"
	"  --only ID,...       run only these checks (repeatable)\n"
	"  --skip ID,...       report these as skipped (repeatable)\n"
	"  --timeout SECONDS   limit for each network check (default 10)\n"
	"  --no-canary         read-only: write no canary object\n"
	"  --origin URL        browser origin for the CORS check (default: SITE_UI_URL)\n"
	"  --bucket NAME       the bucket (default: .invenio [rdm-s3] bucket, else default)\n"
	"  --prometheus        node_exporter textfile format instead of the table\n"
	"  --nagios            one monitoring-plugin status line with performance data\n"
	"  --output FILE       write the report to FILE instead of standard output,\n"
	"                      atomically (a temporary file renamed over it; 0644)\n"
	"  -v                  list the settings each check used (secrets masked)\n"
	"  -q                  print nothing; only the exit status\n"
	"\n"
	"Check ids: instance dns tcp tls clock auth bucket region cors presign canary\n"
	"minio-health browser-reach wiring client-compat minio-image.\n"
	"\n"
	"Credentials: --credentials-file FILE when given, else the instance's\n"
	"S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (what the application signs\n"
	"with), else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.\n"
	"\n"
	"--json: the document described by check-report.schema.json (installed in\n"
	"the package's data folder; schema_version 1).\n"
	"--prometheus: rdm_s3_check_status{instance,check} (0 ok/info, 1 warning,\n"
	"2 critical, 3 unknown, -1 skipped), rdm_s3_check_latency_seconds and\n"
	"rdm_s3_checks_exit_code{instance}.\n"
	"--nagios: \"RDM-S3 STATUS: 1 critical (ID), ... - ID: message|perfdata\", the\n"
	"perfdata being <id>_time (seconds) per measured check and checks_ok,\n"
	"checks_warning, checks_critical, checks_unknown, checks_skipped; -v adds a\n"
	"line per problem with its fix.\n"
	"One instance at a time; -q does not silence it.\n"
	"--output FILE: for node_exporter's textfile collector name it *.prom in the\n"
	"collector's folder; a write that fails exits 73 and leaves FILE as it was.\n"
	"\n"
	"Colour: only on a terminal, never with NO_COLOR or --no-color.\n"
	"\n"
	"Exit status (Nagios plugin convention): 0 all ok, 1 a warning, 2 a critical\n"
	"problem, 3 unknown (or the checks could not run); 64 usage error.\n"),
	.help_extra = CMD_HOOKS_HELP_CLOCK("acts"),
	.run = run_check,
};

struct check_args {
	const char *only[CMD_CHECK_MAX_ID_LISTS], *skip[CMD_CHECK_MAX_ID_LISTS];
	size_t n_only, n_skip;
	int no_canary, prometheus, nagios;
	const char *origin, *bucket, *timeout, *output;
	long timeout_ms;
	long clock_offset;
};

/* A broken --endpoint is a usage error here; a broken S3_ENDPOINT_URL in
 * the instance is a finding of the checks (client-compat). */
static int endpoint_usable(const char *url)
{
	struct s3_endpoint ep;
	struct rdm_error err = RDM_ERROR_INIT;
	if (!url)
		return 0;
	if (s3_endpoint_parse(url, &ep, &err) == 0) {
		s3_endpoint_free(&ep);
		return 0;
	}
	int rc = cli_usage_error("check", "--endpoint: %s%s%s", err.message, err.remedy ? "; " : "",
				 err.remedy ? err.remedy : "");
	rdm_error_clear(&err);
	return rc;
}

static int parse_args(const struct rdm_globals *g, int argc, char **argv, struct check_args *a)
{
	struct cmd_s3_opt opts[] = {
		{ "--only", CMD_OPT_LIST, NULL, NULL, a->only, &a->n_only, CMD_CHECK_MAX_ID_LISTS },
		{ "--skip", CMD_OPT_LIST, NULL, NULL, a->skip, &a->n_skip, CMD_CHECK_MAX_ID_LISTS },
		{ "--no-canary", CMD_OPT_FLAG, &a->no_canary, NULL, NULL, NULL, 0 },
		{ "--prometheus", CMD_OPT_FLAG, &a->prometheus, NULL, NULL, NULL, 0 },
		{ "--nagios", CMD_OPT_FLAG, &a->nagios, NULL, NULL, NULL, 0 },
		{ "--output", CMD_OPT_VALUE, NULL, &a->output, NULL, NULL, 0 },
		{ "--origin", CMD_OPT_VALUE, NULL, &a->origin, NULL, NULL, 0 },
		{ "--bucket", CMD_OPT_VALUE, NULL, &a->bucket, NULL, NULL, 0 },
		{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
	};
	struct cmd_s3_args sa;
	int rc = cmd_s3_args_parse("check", argc, argv, 1, opts, 0, 0, &sa);
	if (rc)
		return rc;
	a->timeout = sa.timeout;
	if (a->prometheus + a->nagios + !!g->json > 1)
		return cli_usage_error("check", _("--json, --prometheus and --nagios exclude each other"));
	if (a->nagios && g->n_instances > 1)
		return cli_usage_error("check", _("--nagios reports one instance: run one check per "
						  "instance (one Nagios service each)"));
	if (a->output && !*a->output)
		return cli_usage_error("check", _("--output needs a file name"));
	if ((rc = cmd_parse_timeout("check", a->timeout, 0, &a->timeout_ms)) != 0)
		return rc;
	if ((rc = endpoint_usable(g->endpoint)) != 0)
		return rc;
	return cmd_check_clock_offset("check", &a->clock_offset);
}

int cmd_check_clock_offset(const char *command, long *out)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = 0;
	if (cmd_clock_offset_from_env(out, &err) != 0) {
		rc = cli_usage_error(command, "%s", err.message);
		rdm_error_clear(&err);
	}
	return rc;
}

void cmd_check_options_init(struct check_live_options *opt, const struct rdm_globals *g,
			    const char *bucket, const char *origin, long timeout_ms, int no_canary)
{
	memset(opt, 0, sizeof *opt);
	opt->endpoint = g->endpoint;
	opt->bucket = bucket;
	opt->region = g->region;
	opt->path_style = g->path_style ? 1 : -1;
	opt->ca_file = g->ca_file;
	opt->credentials_file = g->credentials_file;
	opt->origin = origin;
	opt->timeout_ms = timeout_ms;
	opt->no_canary = no_canary;
}

int cmd_check_find_instance(const struct rdm_globals *g, size_t i, char **dir,
			    struct rdm_error *err)
{
	*dir = NULL;
	if (!g->n_instances && g->endpoint)
		return 0;
	if (inst_find(g->n_instances ? g->instances[i] : NULL, dir, err) != 0)
		return -1;
	/* lenient: what cannot be recovered here, the instance check reports */
	return cmd_recover_instance(g, *dir, 1, err);
}

/* The instance folders (absolute, into dirs), or the endpoint alone.
 * Returns 0 or an exit code (the message is printed). */
static int find_targets(const struct rdm_globals *g, const struct check_args *a,
			struct cmd_check_target **out, char ***dirs, size_t *n)
{
	size_t want = g->n_instances ? g->n_instances : 1;
	*out = xcalloc(want, sizeof **out);
	*dirs = xcalloc(want, sizeof **dirs);
	*n = 0;
	for (size_t i = 0; i < want; i++) {
		struct cmd_check_target *t = &(*out)[i];
		struct rdm_error err = RDM_ERROR_INIT;
		cmd_check_options_init(&t->opt, g, a->bucket, a->origin, a->timeout_ms, a->no_canary);
		if (cmd_check_find_instance(g, i, &(*dirs)[i], &err) != 0) {
			char *msg = rdm_error_format(&err);
			fprintf(stderr, "rdm-s3: check: %s\n", msg);
			free(msg);
			if (!g->n_instances) {
				fprintf(stderr, _("rdm-s3: check: give --instance DIR, or --endpoint URL "
						  "--bucket NAME to check an endpoint alone\n"));
				rdm_error_clear(&err);
				return EXIT_UNKNOWN;
			}
			/* A named instance that is gone is reported (UNKNOWN) like
			 * one whose checks could not run, so that --json,
			 * --prometheus, --nagios and --output still say so. */
			t->label = g->instances[i];
			cmd_check_target_fail(t, &err);
			rdm_error_clear(&err);
			(*n)++;
			continue;
		}
		t->opt.instance_dir = (*dirs)[i];
		t->label = (*dirs)[i] ? (*dirs)[i] : g->endpoint;
		t->clock_offset = a->clock_offset;
		(*n)++;
	}
	return 0;
}

/* --output FILE: the whole report or nothing, for readers such as
 * node_exporter that may look at any moment. Returns 0 or an exit code. */
static int write_output(const char *path, const struct buf *out)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct atomic_write_opts o = { .expect = ATOMIC_EXPECT_ANY, .create_mode = 0644 };
	if (atomic_file_write(path, out->data ? out->data : "", out->len, &o, &err) == 0)
		return 0;
	char *msg = rdm_error_format(&err);
	fprintf(stderr, "rdm-s3: check: --output %s: %s\n", path, msg ? msg : "");
	free(msg);
	rdm_error_clear(&err);
	return RDM_EXIT_CANTCREAT;
}

/* Prints the report (or writes it to --output). Returns 0 or an exit code. */
static int emit(const struct rdm_globals *g, const struct check_args *a,
		const struct check_report *reps, size_t n)
{
	struct buf out = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = 0;
	if (a->nagios) {
		report_nagios(&out, &reps[0], g->verbosity > 0);
	} else if (g->json) {
		if (report_json(&out, reps, n, time(NULL), &err) != 0) {
			fprintf(stderr, "rdm-s3: check: %s\n", err.message ? err.message : "JSON failed");
			rdm_error_clear(&err);
		}
	} else if (a->prometheus) {
		report_prometheus(&out, reps, n);
	} else if (g->verbosity >= 0) {
		struct report_text_options o = { !a->output && cli_use_color(g, 1), g->verbosity > 0 };
		report_text(&out, reps, n, &o);
	}
	if (a->output)
		rc = write_output(a->output, &out);
	else if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	fflush(stdout);
	buf_free(&out);
	return rc;
}

static int run_targets(const struct rdm_globals *g, const struct check_args *a,
		       const struct check_selection *sel)
{
	struct cmd_check_target *t = NULL;
	char **dirs = NULL;
	size_t n = 0;
	int rc = find_targets(g, a, &t, &dirs, &n);
	if (rc == 0) {
		cmd_check_run_all(t, n, sel);
		struct check_report *reps = xcalloc(n, sizeof *reps);
		for (size_t i = 0; i < n; i++)
			reps[i] = t[i].report;
		rc = emit(g, a, reps, n);
		if (rc == 0)
			rc = check_reports_exit_code(reps, n);
		for (size_t i = 0; i < n; i++)
			check_report_clear(&reps[i]);
		free(reps);
	}
	for (size_t i = 0; i < (g->n_instances ? g->n_instances : 1); i++)
		free(dirs[i]);
	free(dirs);
	free(t);
	return rc;
}

static int run_check(const struct rdm_globals *g, int argc, char **argv)
{
	struct check_args a;
	char **only = NULL, **skip = NULL;
	memset(&a, 0, sizeof a);
	int rc = parse_args(g, argc, argv, &a);
	if (rc == 0)
		rc = cmd_parse_check_ids("check", a.only, a.n_only, &only);
	if (rc == 0)
		rc = cmd_parse_check_ids("check", a.skip, a.n_skip, &skip);
	if (rc == 0) {
		struct check_selection sel = { (const char *const *)only, (const char *const *)skip,
					       a.no_canary };
		rc = run_targets(g, &a, &sel);
	}
	check_ids_free(only);
	check_ids_free(skip);
	return rc;
}
