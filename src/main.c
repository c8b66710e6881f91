/* rdm-s3 entry point: parse the global options, pick the command, run it.
 * This is the only file outside the convenience library. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_hooks.h"
#include "cmd_menu.h"
#include "s3/s3_library.h"
#include "util/secret.h"
#include "util/i18n.h"

static int is_help_flag(const char *a) { return !strcmp(a, "--help") || !strcmp(a, "-h"); }

int main(int argc, char **argv)
{
	struct rdm_globals g = { .color = RDM_COLOR_AUTO };
	char *msg = NULL;
	int rc;

	setlocale(LC_ALL, "");
#if ENABLE_NLS
	bindtextdomain(PACKAGE, cmd_hook_localedir(LOCALEDIR));
	textdomain(PACKAGE);
#endif
	if (cli_parse_globals(&argc, argv, &g, &msg) != 0) {
		rc = cli_usage_error(NULL, "%s", msg);
		free(msg);
		cli_globals_free(&g);
		return rc;
	}
	if (argc < 2) {
		rc = -1;
		if (s3_library_init() == 0) {
			rc = cmd_menu(&g); /* on a terminal in an instance folder */
			s3_library_cleanup();
		}
		if (rc < 0) {
			cli_print_overview(stderr);
			rc = RDM_EXIT_USAGE;
		}
		cli_globals_free(&g);
		return rc;
	}
	if (is_help_flag(argv[1])) {
		cli_print_overview(stdout);
		cli_globals_free(&g);
		return RDM_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("rdm-s3 %s\n", PACKAGE_VERSION);
		if (cmd_hooks_version_note())
			printf("%s\n", cmd_hooks_version_note());
		cli_globals_free(&g);
		return RDM_EXIT_OK;
	}
	if (argv[1][0] == '-') {
		rc = cli_usage_error(NULL, _("unknown option '%s'"), argv[1]);
		cli_globals_free(&g);
		return rc;
	}
	const struct rdm_command *cmd = cli_find_command(argv[1]);
	if (!cmd) {
		rc = cli_usage_error(NULL, _("unknown command '%s'"), argv[1]);
		cli_globals_free(&g);
		return rc;
	}
	for (int i = 2; i < argc && strcmp(argv[i], "--"); i++) {
		if (is_help_flag(argv[i])) {
			cli_print_command_help(stdout, cmd);
			cli_globals_free(&g);
			return RDM_EXIT_OK;
		}
	}
	cmd_hooks_warn_ignored(stderr);
	/* Every command but help may hold secrets (instance files, credentials,
	 * backups): no core dump may carry them away. */
	if (secret_protect_process() != 0)
		fprintf(stderr, _("rdm-s3: warning: could not turn core dumps off; a crash may write secrets "
				"into a core file\n"));
	if (s3_library_init() != 0) {
		fprintf(stderr, _("rdm-s3: libcurl could not be initialised (out of memory?)\n"));
		cli_globals_free(&g);
		return RDM_EXIT_SOFTWARE;
	}
	rc = cmd->run(&g, argc - 1, argv + 1);
	s3_library_cleanup();
	cli_globals_free(&g);
	return rc;
}
