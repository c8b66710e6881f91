/* The main menu view (see menu_screen.h): keys and messages. Drawing is
 * in menu_draw.c. */
#include "config.h"
#include "tui/menu/menu_screen.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/menu/menu_int.h"
#include "tui/menu/menu_jobs.h"
#include "tui/shell/keys.h"
#include "tui/widget/text_screen.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

enum { TAG_INFO = 1, TAG_UNDO = 2, TAG_CHECK_BASE = 100 };

static const char *const help_text = N_(
	"Up/Down, k/j   move\n"
	"Enter          open the selected item\n"
	"s d c u        Set up, Dashboard, Configuration, Undo\n"
	"1 ... 6        the item with that number\n"
	"?              this help\n"
	"q, Esc         quit\n"
	"\n"
	"The header shows the instance, the storage it uses and the verdict of "
	"the health checks, which run when the menu opens and again when you "
	"come back from the dashboard. Nothing is changed until you say yes to "
	"a change.");

static void start_check(struct menu_screen *s, struct tui_req *req)
{
	struct tui_job job = dash_run_job(&s->run, TAG_CHECK_BASE + ++s->check_runs);
	tui_req_job(req, &job);
	menu_model_check_started(&s->model);
}

static void start_info(struct menu_screen *s, struct tui_req *req)
{
	struct tui_job job = menu_info_job(s->model.instance_dir, s->run.clock, TAG_INFO);
	tui_req_job(req, &job);
}

static void screen_opened(struct tui_view *v, struct tui_req *req)
{
	struct menu_screen *s = (struct menu_screen *)v;
	start_info(s, req);
	start_check(s, req);
}

static void ask(struct tui_req *req, int action, const void *arg)
{
	req->flags |= TUI_EV_ACTION;
	req->action = action;
	req->action_arg = arg;
}

static void open_selected(struct menu_screen *s, struct tui_req *req)
{
	static const int actions[MENU__COUNT] = { MENU_DO_SETUP, MENU_DO_ROTATE, MENU_DO_DASHBOARD,
						  MENU_DO_CONFIG, MENU_DO_ASK_UNDO, 0 };
	ask(req, actions[s->model.opened], NULL);
}

static int hotkey(int key)
{
	switch (key) {
	case 's': case 'S': return MENU_SETUP;
	case 'r': case 'R': return MENU_ROTATE;
	case 'd': case 'D': return MENU_DASHBOARD;
	case 'c': case 'C': return MENU_CONFIG;
	case 'u': case 'U': return MENU_UNDO;
	default: return key >= '1' && key < '1' + MENU__COUNT ? key - '1' : -1;
	}
}

static unsigned act(struct menu_model *m, int key)
{
	switch (key) {
	case KEY_UP: case 'k': return menu_model_act(m, MENU_ACT_UP, 0);
	case KEY_DOWN: case 'j': return menu_model_act(m, MENU_ACT_DOWN, 0);
	case KEY_HOME: case 'g': return menu_model_act(m, MENU_ACT_HOME, 0);
	case KEY_END: case 'G': return menu_model_act(m, MENU_ACT_END, 0);
	case '\r': case '\n': case KEY_ENTER: case KEY_RIGHT: return menu_model_act(m, MENU_ACT_OPEN, 0);
	case 'q': case 'Q': case 27: return menu_model_act(m, MENU_ACT_QUIT, 0);
	default:
		return hotkey(key) >= 0 ? menu_model_act(m, MENU_ACT_SELECT, hotkey(key)) : MENU_EV_NONE;
	}
}

static void screen_key(struct tui_view *v, int key, struct tui_req *req)
{
	struct menu_screen *s = (struct menu_screen *)v;
	if (key == TUI_KEY_INTERRUPT)
		return; /* Ctrl-C: the loop ends the program */
	if (key == KEY_RESIZE) {
		req->flags |= TUI_EV_REDRAW;
		return;
	}
	if (key == '?' || key == KEY_F(1)) {
		ask(req, MENU_DO_HELP, _(help_text));
		return;
	}
	unsigned ev = act(&s->model, key);
	if (ev & MENU_EV_REDRAW)
		req->flags |= TUI_EV_REDRAW;
	if (ev & MENU_EV_OPEN)
		open_selected(s, req);
	if (ev & MENU_EV_QUIT) {
		req->flags |= TUI_EV_QUIT;
		req->status = 0;
	}
}

static void take_check(struct menu_screen *s, const struct dash_msg *dm)
{
	if (dm->kind == DASH_MSG_STARTED)
		menu_model_check_started(&s->model);
	else if (dm->failed)
		menu_model_check_failed(&s->model, dm->err.message);
	else
		menu_model_check_done(&s->model, &dm->report, dm->at);
}

static void screen_msg(struct tui_view *v, const struct tui_msg *m, struct tui_req *req)
{
	struct menu_screen *s = (struct menu_screen *)v;
	if (!m->data)
		return;
	req->flags |= TUI_EV_REDRAW;
	if (m->tag == TAG_INFO && m->kind == MENU_MSG_INFO) {
		menu_model_set_info(&s->model, m->data);
	} else if (m->tag == TAG_UNDO && m->kind == TUI_TEXT_MSG) {
		ask(req, MENU_DO_SHOW, m->data);
		start_info(s, req); /* the history changed */
	} else if (m->tag == TAG_CHECK_BASE + s->check_runs) {
		take_check(s, m->data);
	}
}

static void screen_free(struct tui_view *v)
{
	struct menu_screen *s = (struct menu_screen *)v;
	menu_model_free(&s->model);
	dash_probe_holder_release(s->run.probe);
	free(s);
}

static const struct tui_view_ops menu_screen_ops = {
	.name = "menu",
	.draw = menu_draw,
	.key = screen_key,
	.opened = screen_opened,
	.msg = screen_msg,
	.free = screen_free,
};

struct tui_view *menu_screen_new(const struct menu_screen_config *c)
{
	struct menu_screen *s = xcalloc(1, sizeof *s);
	s->base.ops = &menu_screen_ops;
	menu_model_init(&s->model, c->instance_dir);
	s->model.setup_available = c->setup_available;
	s->model.rotate_available = 1; /* the walkthrough (tui/rotate/) */
	s->run.table = c->table;
	s->run.sel = c->sel;
	s->run.label = s->model.instance_dir;
	s->run.probe = dash_probe_holder_ref(c->probe);
	s->run.clock = c->clock;
	if (c->shown_dir) {
		free(s->model.shown_dir);
		s->model.shown_dir = xstrdup(c->shown_dir);
	}
	return &s->base;
}

char *menu_screen_undo_question(const struct tui_view *v)
{
	const struct menu_screen *s = (const struct menu_screen *)v;
	const struct menu_change *c = s->model.info.last;
	struct buf b = BUF_INIT;
	char when[32];
	if (!c)
		return xstrdup(_("Nothing to undo."));
	menu_change_when(c, s->model.info.read_at, when);
	buf_printf(&b, _("The last change rdm-s3 made: %s, %s%s.\n"), c->command, when,
		   c->interrupted ? _(" (interrupted half way)") : "");
	buf_puts(&b, _("Undo puts these files back as they were before it:\n"));
	for (size_t i = 0; i < c->n_files; i++)
		buf_printf(&b, "  %s\n", c->files[i]);
	buf_printf(&b, _("\nThe backups stay in %s/.rdm-s3/backups/%s. A file edited since is not "
			 "overwritten: undo then stops and names it.\n\nUndo the last change?"),
		   s->model.instance_name, c->id);
	return buf_detach(&b);
}

void menu_screen_start_undo(struct tui_view *v, struct tui_req *req)
{
	struct menu_screen *s = (struct menu_screen *)v;
	struct tui_job job = menu_undo_job(s->model.instance_dir, s->run.clock, TAG_UNDO);
	tui_req_job(req, &job);
}

void menu_screen_recheck(struct tui_view *v, struct tui_req *req)
{
	struct menu_screen *s = (struct menu_screen *)v;
	start_info(s, req);
	start_check(s, req);
}

const struct menu_model *menu_screen_model(const struct tui_view *v)
{
	return &((const struct menu_screen *)v)->model;
}
