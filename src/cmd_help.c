/* rdm-s3 help [COMMAND] */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "util/i18n.h"

static int run_help(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_help = {
	.name = "help",
	.summary = N_("show help for rdm-s3 or for one command"),
	.help = N_("Usage: rdm-s3 help [COMMAND]\n\nShow the list of commands, or the full help of COMMAND.\n"),
	.run = run_help,
};

void cli_print_overview(FILE *out)
{
	fputs(_("Usage: rdm-s3 [OPTIONS] COMMAND [ARGS]\n\n"
		"Set up, check and maintain the S3 file storage of an InvenioRDM instance\n"
		"(MinIO, Amazon S3, Ceph RGW and other S3-compatible servers).\n\nCommands:\n"),
	      out);
	for (size_t i = 0; rdm_commands[i]; i++)
		fprintf(out, "  %-12s %s\n", rdm_commands[i]->name, _(rdm_commands[i]->summary));
	fputs("\n", out);
	fputs(_(cli_global_options_help), out);
	fputs(_("\n  -h, --help              this help; 'rdm-s3 help COMMAND' for one command\n"
		"  --version               print the version\n\n"
		"Exit codes: 0 ok, 1 the operation failed, 64 usage error, 69 service unreachable\n"
		"(check: 0 ok, 1 warning, 2 critical, 3 unknown).\n"),
	      out);
}

static int run_help(const struct rdm_globals *g, int argc, char **argv)
{
	(void)g;
	if (argc < 2) {
		cli_print_overview(stdout);
		return RDM_EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error("help", _("help takes one command name"));
	const struct rdm_command *c = cli_find_command(argv[1]);
	if (!c)
		return cli_usage_error(NULL, _("unknown command '%s'"), argv[1]);
	cli_print_command_help(stdout, c);
	return RDM_EXIT_OK;
}
