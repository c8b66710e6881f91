#include "config.h"
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

const char *const cli_global_options_help =
	N_("Options for every command:\n"
	"  --instance DIR          the InvenioRDM instance folder (default: the folder\n"
	"                          holding .invenio, searched upwards from here)\n"
	"  --endpoint URL          S3 endpoint, e.g. http://127.0.0.1:9000\n"
	"  --region NAME           S3 region (default: from the instance, else us-east-1)\n"
	"  --path-style            address buckets as ENDPOINT/BUCKET (MinIO, Ceph)\n"
	"  --ca-file FILE          trust this CA bundle (TLS verification is always on)\n"
	"  --credentials-file FILE read the access key and secret from FILE (mode 0600)\n"
	"  --json                  machine-readable output\n"
	"  --no-color              no colour (also when NO_COLOR is set)\n"
	"  -q, --quiet             only errors\n"
	"  -v, --verbose           more detail (repeat for more); secrets stay masked\n"
	"Secrets are never accepted on the command line: use the instance files,\n"
	"AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, --credentials-file or standard input.\n");

void cli_print_command_help(FILE *out, const struct rdm_command *c)
{
	fputs(_(c->help), out);
	if (c->help_extra)
		fputs(c->help_extra, out);
	fputs("\n", out);
	fputs(_(cli_global_options_help), out);
}

const struct rdm_command *cli_find_command(const char *name)
{
	for (size_t i = 0; rdm_commands[i]; i++)
		if (strcmp(rdm_commands[i]->name, name) == 0)
			return rdm_commands[i];
	return NULL;
}

enum opt_kind { OPT_FLAG, OPT_VALUE };

struct global_opt {
	const char *name;
	enum opt_kind kind;
};

static const struct global_opt global_opts[] = {
	{ "--instance", OPT_VALUE },   { "--endpoint", OPT_VALUE },
	{ "--region", OPT_VALUE },     { "--ca-file", OPT_VALUE },
	{ "--credentials-file", OPT_VALUE },
	{ "--path-style", OPT_FLAG },  { "--json", OPT_FLAG },
	{ "--no-color", OPT_FLAG },    { "--quiet", OPT_FLAG },
	{ "--verbose", OPT_FLAG },
};

/* Options that look like they carry a secret are refused by name, so that a
 * mistyped command line never ends up in shell history with a key in it.
 * Flags that carry no value (`config show --show-secrets`) and options that
 * name the file a secret is read from (`setup --secret-file FILE`) are let
 * through. */
static int looks_like_secret_option(const char *arg)
{
	static const char *const words[] = { "secret", "password", "passwd", "token", "--key=", NULL };
	static const char *const flags[] = { "--show-secrets", "--secret-file", NULL };
	if (strncmp(arg, "--", 2) != 0)
		return 0;
	for (size_t i = 0; flags[i]; i++)
		if (!strcmp(arg, flags[i]))
			return 0;
	if (!strncmp(arg, "--secret-file=", 14))
		return 0; /* the value is a file name */
	for (size_t i = 0; words[i]; i++)
		if (strstr(arg, words[i]))
			return 1;
	return 0;
}

static void set_global(struct rdm_globals *g, const char *name, const char *value)
{
	if (!strcmp(name, "--instance")) {
		g->instances = xrealloc(g->instances, (g->n_instances + 2) * sizeof *g->instances);
		g->instances[g->n_instances++] = value;
		g->instances[g->n_instances] = NULL;
	} else if (!strcmp(name, "--endpoint")) g->endpoint = value;
	else if (!strcmp(name, "--region")) g->region = value;
	else if (!strcmp(name, "--ca-file")) g->ca_file = value;
	else if (!strcmp(name, "--credentials-file")) g->credentials_file = value;
	else if (!strcmp(name, "--path-style")) g->path_style = 1;
	else if (!strcmp(name, "--json")) g->json = 1;
	else if (!strcmp(name, "--no-color")) g->color = RDM_COLOR_NEVER;
	else if (!strcmp(name, "--quiet")) g->verbosity = -1;
	else if (!strcmp(name, "--verbose")) g->verbosity = g->verbosity < 0 ? 1 : g->verbosity + 1;
}

/* Short flags -q/-v may be bundled (-vv). Returns 1 if arg was such a flag. */
static int take_short_flags(struct rdm_globals *g, const char *arg)
{
	if (arg[0] != '-' || arg[1] == '-' || arg[1] == '\0')
		return 0;
	for (const char *p = arg + 1; *p; p++)
		if (*p != 'q' && *p != 'v')
			return 0;
	for (const char *p = arg + 1; *p; p++)
		set_global(g, *p == 'q' ? "--quiet" : "--verbose", NULL);
	return 1;
}

int cli_parse_globals(int *argc, char **argv, struct rdm_globals *g, char **msg)
{
	int out = 1, i = 1;
	*msg = NULL;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		g->color = RDM_COLOR_NEVER;
	for (; i < *argc; i++) {
		char *arg = argv[i];
		if (!strcmp(arg, "--"))
			break;
		if (take_short_flags(g, arg))
			continue;
		const struct global_opt *match = NULL;
		const char *eq = strchr(arg, '=');
		size_t namelen = eq ? (size_t)(eq - arg) : strlen(arg);
		for (size_t k = 0; k < sizeof global_opts / sizeof *global_opts; k++)
			if (strlen(global_opts[k].name) == namelen && !strncmp(arg, global_opts[k].name, namelen))
				match = &global_opts[k];
		if (!match) {
			if (looks_like_secret_option(arg)) {
				*msg = xasprintf(_("refusing option '%.*s': secrets are never accepted on the "
						   "command line (they would end up in shell history and the "
						   "process list)"),
						 (int)namelen, arg);
				return -1;
			}
			argv[out++] = arg;
			continue;
		}
		if (match->kind == OPT_FLAG) {
			if (eq) {
				*msg = xasprintf(_("option '%s' takes no value"), match->name);
				return -1;
			}
			set_global(g, match->name, NULL);
		} else if (eq) {
			set_global(g, match->name, eq + 1);
		} else if (i + 1 < *argc) {
			set_global(g, match->name, argv[++i]);
		} else {
			*msg = xasprintf("option '%s' needs a value", match->name);
			return -1;
		}
	}
	for (; i < *argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	*argc = out;
	return 0;
}

void cli_globals_free(struct rdm_globals *g)
{
	free(g->instances);
	g->instances = NULL;
	g->n_instances = 0;
}

int cli_use_color(const struct rdm_globals *g, int fd)
{
	if (g->color != RDM_COLOR_AUTO)
		return g->color == RDM_COLOR_ALWAYS;
	const char *term = getenv("TERM");
	return isatty(fd) && term && strcmp(term, "dumb") != 0;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	fputs("rdm-s3: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (command)
		fprintf(stderr, "\nTry 'rdm-s3 help %s'.\n", command);
	else
		fputs("\nTry 'rdm-s3 --help'.\n", stderr);
	return RDM_EXIT_USAGE;
}
