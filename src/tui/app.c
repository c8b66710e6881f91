/* The front end's wiring (see app.h): the only file that knows every
 * view; it opens what the views ask for. */
#include "config.h"
#include "tui/app.h"

#include <stdlib.h>
#include <string.h>

#include "model/dashboard_model.h"
#include "ops/fix/fix.h"
#include "tui/dash/dash_screen.h"
#include "tui/menu/menu_jobs.h"
#include "tui/menu/menu_screen.h"
#include "tui/shell/keys.h"
#include "tui/shell/loop.h"
#include "tui/shell/term.h"
#include "tui/shell/worker.h"
#include "tui/widget/modal.h"
#include "tui/widget/text_screen.h"
#include "tui/rotate/rotate_screen.h"
#include "tui/wizard/wizard_screen.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The app's own actions (from boxes it opened). */
enum app_action { APP_UNDO_YES = 0x4100 };

struct app {
	const struct tui_app_config *cfg;
	struct dash_probe_holder *probe;
	struct tui_view *menu; /* the menu, when it is the first screen */
	char *shown;           /* the instance folder as titles show it, "~/..." */
	struct tui_view *fix_dash; /* the dashboard a fix (open now) came from */
};

/* The folder with the home folder as "~" (shorter titles, and the same
 * title wherever a test's home is). NULL for NULL. */
static char *shown_path(const char *dir)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	if (!dir)
		return NULL;
	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n > 1 && !strncmp(dir, home, n) && (dir[n] == '/' || !dir[n]))
		return xasprintf("~%s", dir + n);
	return xstrdup(dir);
}

static struct tui_view *open_dashboard(struct app *a)
{
	const struct setup_engine *eng = a->cfg->setup_engine;
	struct dash_screen_config dc = {
		a->cfg->table, a->cfg->sel, a->probe, a->shown ? a->shown : a->cfg->label,
		a->cfg->interval_s, a->cfg->paused, a->cfg->clock,
		eng && eng->fix_build && a->cfg->instance_dir,
	};
	return dash_screen_new(&dc);
}

static struct tui_view *open_menu(struct app *a)
{
	struct menu_screen_config mc = { a->cfg->instance_dir, a->cfg->table, a->cfg->sel, a->probe,
					 a->cfg->setup_engine != NULL, a->shown, a->cfg->clock };
	a->menu = menu_screen_new(&mc);
	return a->menu;
}

static struct tui_view *open_config(struct app *a)
{
	struct tui_text_screen_config c = {
		.title = _(" rdm-s3 configuration: "),
		.label = a->shown ? a->shown : a->cfg->instance_dir,
		.loading = _("Reading the configuration files..."),
		.mode = TUI_PANE_HEADINGS,
		.job = menu_config_job(a->cfg->instance_dir, a->shown, 1),
	};
	return tui_text_screen_new(&c);
}

static struct tui_view *open_wizard(struct app *a, int standalone)
{
	struct wizard_config wc = {
		a->cfg->instance_dir, a->shown, a->cfg->setup_engine, a->cfg->ca_file, a->cfg->timeout_ms,
		standalone, NULL, 0, NULL,
	};
	return wizard_screen_new(&wc);
}

/* `f` on a dashboard row: the fix's review, apply and verify screens. */
static struct tui_view *open_fix(struct app *a, const struct dash_row *row)
{
	struct wizard_config wc = {
		a->cfg->instance_dir, a->shown, a->cfg->setup_engine, a->cfg->ca_file, a->cfg->timeout_ms,
		0, row->id, row->fixes, fix_summary(row->fixes),
	};
	return wizard_screen_new(&wc);
}

static void fix_asked(struct app *a, struct tui_loop *l, struct tui_view *dash, const struct dash_row *row)
{
	if (!row || !a->cfg->setup_engine || !a->cfg->instance_dir)
		return; /* the dashboard offers no fix then */
	a->fix_dash = dash;
	tui_loop_push(l, open_fix(a, row));
}

/* A fix closed: its dashboard runs the checks again, so the row shows
 * what the fix did. */
static void fix_closed(struct app *a, struct tui_loop *l)
{
	struct tui_req req;
	memset(&req, 0, sizeof req);
	dash_screen_rerun(a->fix_dash, &req);
	tui_loop_request(l, a->fix_dash, &req);
	a->fix_dash = NULL;
}

static void undo_asked(struct app *a, struct tui_loop *l)
{
	char *q = menu_screen_undo_question(a->menu);
	tui_loop_push(l, tui_confirm_new(_("Undo the last change"), q, 0, APP_UNDO_YES, -1));
	free(q);
}

static void undo_confirmed(struct app *a, struct tui_loop *l)
{
	struct tui_req req;
	memset(&req, 0, sizeof req);
	menu_screen_start_undo(a->menu, &req);
	tui_loop_request(l, a->menu, &req);
}

/* Back from the dashboard or the wizard: the menu reads the instance and
 * runs the checks again. */
static void dashboard_closed(struct app *a, struct tui_loop *l)
{
	struct tui_req req;
	if (!a->menu)
		return;
	memset(&req, 0, sizeof req);
	menu_screen_recheck(a->menu, &req);
	tui_loop_request(l, a->menu, &req);
}

static void on_action(void *app, struct tui_loop *l, struct tui_view *from, int action, const void *arg)
{
	struct app *a = app;
	const struct tui_text_result *shown = arg;
	switch (action) {
	case MENU_DO_DASHBOARD: tui_loop_push(l, open_dashboard(a)); break;
	case MENU_DO_CONFIG: tui_loop_push(l, open_config(a)); break;
	case MENU_DO_ASK_UNDO: undo_asked(a, l); break;
	case APP_UNDO_YES: undo_confirmed(a, l); break;
	case MENU_DO_HELP: tui_loop_push(l, tui_textbox_new(_("rdm-s3: keys"), arg, -1)); break;
	case MENU_DO_SHOW:
		tui_loop_push(l, tui_textbox_new(shown->failed ? _("Undo failed") : _("Undone"),
						 shown->text, -1));
		break;
	case DASH_SCREEN_CLOSED: dashboard_closed(a, l); break;
	case MENU_DO_SETUP:
		if (a->cfg->setup_engine)
			tui_loop_push(l, open_wizard(a, 0));
		break;
	case MENU_DO_ROTATE: {
		struct rotate_screen_config rc = { a->cfg->instance_dir, a->shown, a->cfg->ca_file };
		tui_loop_push(l, rotate_screen_new(&rc));
		break;
	}
	case ROTATE_CLOSED: dashboard_closed(a, l); break; /* the menu reads again */
	case DASH_SCREEN_FIX: fix_asked(a, l, from, arg); break;
	case WIZARD_CLOSED:
		if (a->fix_dash)
			fix_closed(a, l);
		else
			dashboard_closed(a, l); /* the menu reads again */
		break;
	case WIZARD_DASHBOARD: tui_loop_push(l, open_dashboard(a)); break;
	default: break;
	}
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
	tui_loop_push(l, a->cfg->start == TUI_APP_MENU ? open_menu(a)
			 : a->cfg->start == TUI_APP_SETUP ? open_wizard(a, 1)
			 : open_dashboard(a));
	int rc = tui_loop_run(l, err);
	tui_loop_free(l);
	a->menu = NULL;
	return rc;
}

int tui_app_run(const struct tui_app_config *cfg, struct rdm_error *err)
{
	if (cfg->start == TUI_APP_SETUP && (!cfg->setup_engine || !cfg->instance_dir))
		return rdm_error_set(err, _("the setup wizard needs the setup engine and an instance"));
	struct app a = { cfg, NULL, NULL, shown_path(cfg->instance_dir), NULL };
	struct tui_term_opts to = { cfg->want_color, tui_term_headless_requested(), cfg->what };
	struct tui_keys *keys = open_keys(to.headless, err);
	if (!keys) {
		free(a.shown);
		return -1;
	}
	struct tui_term *term = tui_term_open(&to, err);
	if (!term) {
		if (cfg->no_terminal_remedy && err && err->message && !err->remedy)
			rdm_error_remedy(err, "%s", cfg->no_terminal_remedy);
		keys->free(keys);
		free(a.shown);
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
	free(a.shown);
	return rc;
}
