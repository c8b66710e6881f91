/* `rdm-s3 setup` on a terminal: the wizard (see cmd_setup_wizard.h). */
#include "config.h"
#include "cmd_setup_wizard.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_check.h"
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

int cmd_setup_wizard_possible(void)
{
	return tui_term_headless_requested() || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
}

int cmd_setup_wizard(const struct rdm_globals *g, const char *dir, long timeout_ms)
{
	struct check_live_options opt;
	cmd_check_options_init(&opt, g, NULL, NULL, CHECK_LIVE_DEFAULT_TIMEOUT_MS, 0);
	opt.instance_dir = dir;
	struct tui_app_config cfg = {
		.start = TUI_APP_SETUP,
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
		.timeout_ms = timeout_ms,
		.what = _("the setup wizard"),
		.no_terminal_remedy = _("run it in a terminal, or use 'rdm-s3 setup --non-interactive' in "
					"scripts"),
	};
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = tui_app_run(&cfg, &err);
	if (rc < 0) {
		char *msg = rdm_error_format(&err);
		fprintf(stderr, "rdm-s3: setup: %s\n", msg);
		free(msg);
		rc = RDM_EXIT_FAILED;
	}
	rdm_error_clear(&err);
	return rc;
}
