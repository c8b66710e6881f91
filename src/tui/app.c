/* The front end's wiring (see app.h). */
#include "config.h"
#include "tui/app.h"

#include <stdlib.h>
#include <string.h>

#include "tui/dash/dash_screen.h"
#include "tui/shell/keys.h"
#include "tui/shell/loop.h"
#include "tui/shell/term.h"
#include "tui/shell/worker.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct app {
	const struct tui_app_config *cfg;
	struct dash_probe_holder *probe;
};

static struct tui_view *open_dashboard(struct app *a)
{
	struct dash_screen_config dc = {
		a->cfg->table, a->cfg->sel, a->probe, a->cfg->label, a->cfg->interval_s,
		a->cfg->paused,
	};
	return dash_screen_new(&dc);
}

static void on_action(void *app, struct tui_loop *l, struct tui_view *from, int action, const void *arg)
{
	(void)app;
	(void)l;
	(void)from;
	(void)action;
	(void)arg;
}

/* The key source: RDM_S3_SCRIPT, else the terminal (headless without a
 * script: no keys, the first frame and out). */
static struct tui_keys *open_keys(int headless, struct rdm_error *err)
{
	const char *script = getenv("RDM_S3_SCRIPT");
	if (script && *script)
		return tui_keys_script_new(script, err);
	if (headless)
		return tui_keys_script_parse("", "(no script)", err);
	return tui_keys_tty_new();
}

static int run_loop(struct app *a, struct tui_term *term, struct tui_keys *keys,
		    struct tui_worker *worker, struct rdm_error *err)
{
	struct tui_loop_config lc = { term, keys, worker, on_action, a, 0 };
	struct tui_loop *l = tui_loop_new(&lc);
	tui_loop_push(l, open_dashboard(a));
	int rc = tui_loop_run(l, err);
	tui_loop_free(l);
	return rc;
}

int tui_app_run(const struct tui_app_config *cfg, struct rdm_error *err)
{
	struct app a = { cfg, NULL };
	struct tui_term_opts to = { cfg->want_color, tui_term_headless_requested(), cfg->what };
	struct tui_keys *keys = open_keys(to.headless, err);
	if (!keys)
		return -1;
	struct tui_term *term = tui_term_open(&to, err);
	if (!term) {
		if (cfg->no_terminal_remedy && err && err->message && !err->remedy)
			rdm_error_remedy(err, "%s", cfg->no_terminal_remedy);
		keys->free(keys);
		return -1;
	}
	int rc = -1;
	struct tui_worker *worker = tui_worker_new(err);
	if (worker) {
		a.probe = cfg->probe ? dash_probe_holder_borrow(cfg->probe)
				     : dash_probe_holder_new(cfg->probe_new, cfg->probe_free, cfg->probe_ctx);
		rc = run_loop(&a, term, keys, worker, err);
	}
	/* The terminal first, so it is back even while a slow run ends. */
	tui_term_close(term);
	tui_worker_free(worker);
	dash_probe_holder_release(a.probe);
	keys->free(keys);
	return rc;
}
