/* `rdm-s3` with no command: the main menu, when it runs on a terminal
 * inside an instance folder. main.c calls cmd_menu; it decides whether the
 * menu applies, and otherwise main prints the usage as it always did. */
#include "config.h"
#include "cmd_menu.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_check.h"
#include "instance/instance.h"
#include "model/setup_engine.h"
#include "ops/check/check.h"
#include "ops/check/check_live.h"
#include "tui/app.h"
#include "tui/shell/term.h"
#include "util/i18n.h"

static struct check_probe *make_probe(void *ctx, struct rdm_error *err)
{
	return check_live_probe_new(ctx, err);
}

static void free_probe(struct check_probe *p)
{
	check_live_probe_free(p);
}

static int run_menu(const struct rdm_globals *g, const char *dir)
{
	struct check_live_options opt;
	cmd_check_options_init(&opt, g, NULL, NULL, CHECK_LIVE_DEFAULT_TIMEOUT_MS, 0);
	opt.instance_dir = dir;
	struct tui_app_config cfg = {
		.start = TUI_APP_MENU,
		.want_color = cli_use_color(g, STDOUT_FILENO),
		.instance_dir = dir,
		.label = dir,
		.table = check_table,
		.probe_new = make_probe,
		.probe_free = free_probe,
		.probe_ctx = &opt,
		.interval_s = 10,
		.setup_engine = &setup_engine_real,
		.ca_file = g->ca_file,
		.what = _("the menu"),
		.no_terminal_remedy = _("run rdm-s3 in a terminal, or give a command (rdm-s3 --help)"),
	};
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = tui_app_run(&cfg, &err);
	if (rc < 0) {
		char *msg = rdm_error_format(&err);
		fprintf(stderr, "rdm-s3: %s\n", msg);
		free(msg);
		rc = RDM_EXIT_FAILED;
	}
	rdm_error_clear(&err);
	return rc;
}

int cmd_menu(const struct rdm_globals *g)
{
	if (!tui_term_headless_requested() && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return -1;
	if (g->n_instances > 1 || (g->endpoint && !g->n_instances))
		return -1;
	char *dir = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc;
	if (inst_find(g->n_instances ? g->instances[0] : NULL, &dir, &err) != 0) {
		char *msg = rdm_error_format(&err);
		cli_print_overview(stderr);
		fprintf(stderr, _("\nrdm-s3: the menu opens inside an InvenioRDM instance folder: %s\n"),
			msg);
		free(msg);
		rc = RDM_EXIT_USAGE;
	} else {
		rc = run_menu(g, dir);
	}
	rdm_error_clear(&err);
	free(dir);
	return rc;
}
