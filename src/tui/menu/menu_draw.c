/* Drawing the main menu: the title bar with the instance, the storage and
 * the check verdict; the items; what the selected item does; the state of
 * the instance (placeholders, the last check); the rule and the keys. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/menu/menu_int.h"
#include "tui/shell/draw.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define LIST_TOP 2
#define LIST_X 2

static const struct tui_keyhint hints[] = {
	{ "Enter", N_("open") }, { "Up/Down", N_("move") }, { "?", N_("help") }, { "q", N_("quit") },
};

static const char *const descriptions[MENU__COUNT] = {
	N_("Step by step through the storage: its own MinIO container, Amazon S3 or another "
	   "S3 server, the keys, the bucket, CORS. Nothing is written before you approve the "
	   "review; then the files are written with backups and the result is checked."),
	N_("Replaces the key the app signs with, without a failed request: a second key "
	   "proven before anything is written, the app's files (diff shown first), then the "
	   "old key revoked and proven refused. A failure rolls everything back."),
	N_("Runs the health checks again and again and shows them live: name resolution, "
	   "TLS, credentials, bucket, CORS, the links browsers get, a test upload, and the "
	   "traps in the configuration files. Each failing check says what it means and how "
	   "to fix it."),
	N_("Every storage setting of this instance with its value (secrets masked), the "
	   "file and line it comes from, what else sets it, and the problems across "
	   "docker-services.yml, invenio.cfg and .env."),
	NULL,
	N_("Leave rdm-s3."),
};

static char *title_right(const struct menu_model *m, const struct tui_glyphs *g)
{
	char *storage = menu_storage_text(m);
	const char *verdict = m->check_state == MENU_READY ? check_status_label(m->verdict)
			      : m->check_state == MENU_FAILED ? _("failed") : "...";
	char *r = xasprintf(_("storage: %s %s check: %s"), storage, g->dot, verdict);
	free(storage);
	return r;
}

static void draw_items(struct menu_screen *s, struct tui_draw_ctx *d)
{
	struct tui_list_row rows[MENU__COUNT];
	char *details[MENU__COUNT];
	struct tui_list l;
	tui_list_init(&l, MENU__COUNT);
	l.selected = s->model.selected;
	l.label_width = 24;
	for (int i = 0; i < MENU__COUNT; i++) {
		details[i] = menu_item_detail(&s->model, (enum menu_item)i);
		rows[i].label = menu_item_label((enum menu_item)i);
		rows[i].detail = details[i];
		rows[i].unavailable = menu_item_unavailable(&s->model, (enum menu_item)i) != NULL;
	}
	tui_list_draw(&l, rows, d, LIST_TOP, LIST_X, MENU__COUNT, d->cols - LIST_X - 1, 1);
	for (int i = 0; i < MENU__COUNT; i++)
		free(details[i]);
}

static char *undo_description(const struct menu_model *m)
{
	const struct menu_change *c = m->info.last;
	struct buf b = BUF_INIT;
	char when[32];
	menu_change_when(c, m->info.read_at, when);
	buf_printf(&b, _("Puts back the files of the last change rdm-s3 made (%s, %s):"), c->command,
		   when);
	for (size_t i = 0; i < c->n_files; i++)
		buf_printf(&b, "%s %s", i ? "," : "", c->files[i]);
	buf_puts(&b, _(". Asks first; a file edited since is not overwritten."));
	return buf_detach(&b);
}

/* What the selected item does, or why it is not available. */
static char *description(const struct menu_model *m)
{
	enum menu_item it = (enum menu_item)m->selected;
	const char *why = menu_item_unavailable(m, it);
	if (why)
		return xstrdup(why);
	if (it == MENU_UNDO)
		return undo_description(m);
	return xstrdup(_(descriptions[it]));
}

/* The text column: indented under the items, at most TEXT_MAX wide (prose
 * wider than that is hard to read). */
#define TEXT_X (LIST_X + 2)
#define TEXT_MAX 76

static int text_width(const struct tui_draw_ctx *d)
{
	int w = d->cols - TEXT_X - 2;
	return w > TEXT_MAX ? TEXT_MAX : w;
}

/* Wrapped lines from y on, at most n; returns the lines drawn. */
static int draw_para(struct tui_draw_ctx *d, int y, int n, const char *text, attr_t a, short pair)
{
	size_t count;
	char **lines = tui_wrap_lines(text, text_width(d), &count);
	int i = 0;
	for (; i < n && (size_t)i < count; i++)
		tui_put(d->w, y + i, TEXT_X, text_width(d), lines[i], a, pair);
	tui_lines_free(lines);
	return i;
}

static void draw_counts(const struct menu_model *m, struct tui_draw_ctx *d, int y)
{
	static const enum check_status order[] = { CHECK_OK, CHECK_INFO, CHECK_WARN, CHECK_CRIT,
						   CHECK_UNKNOWN, CHECK_SKIPPED };
	static const char *const names[] = { N_("ok"), N_("info"), N_("warn"), N_("crit"),
					     N_("unknown"), N_("skipped") };
	char at[16], text[64];
	const char *sep = " ";
	tui_clock_format(m->checked_at, at);
	snprintf(text, sizeof text, _("Last check %s:"), at);
	int x = TEXT_X, end = TEXT_X + text_width(d);
	x += tui_put(d->w, y, x, end - x, text, A_NORMAL, 0);
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		attr_t a;
		short pair;
		if (!m->counts[order[i]])
			continue;
		x += tui_put(d->w, y, x, end - x, sep, A_NORMAL, 0);
		tui_status_style(d->st, order[i], &a, &pair);
		snprintf(text, sizeof text, "%zu %s", m->counts[order[i]], _(names[i]));
		x += tui_put(d->w, y, x, end - x, text, a, pair);
		sep = ", ";
	}
}

/* The checks that are not ok, one line each, while there is room (the
 * last line of the room says how to see the rest). */
static int draw_problems(const struct menu_model *m, struct tui_draw_ctx *d, int y, int bottom)
{
	const int y0 = y;
	for (size_t i = 0; i < m->n_problems && y < bottom; i++, y++) {
		const struct menu_problem *p = &m->problems[i];
		attr_t a;
		short pair;
		/* The last line of two or more says how many more there are. */
		if (y == bottom - 1 && y > y0 && i + 1 < m->n_problems) {
			char *more = xasprintf(_("... %zu more in the Health dashboard"), m->n_problems - i);
			tui_put(d->w, y, TEXT_X + 2, text_width(d) - 2, more, A_NORMAL, 0);
			free(more);
			return y + 1;
		}
		tui_status_style(d->st, p->status, &a, &pair);
		tui_put(d->w, y, TEXT_X + 2, 8, check_status_label(p->status), a, pair);
		tui_put(d->w, y, TEXT_X + 10, 15, p->id, A_BOLD, 0);
		/* A table line: as wide as the terminal allows. */
		tui_put(d->w, y, TEXT_X + 25, d->cols - TEXT_X - 27, p->message, A_NORMAL, 0);
	}
	return y;
}

/* The instance's state, from line y down to (not including) bottom. */
static void draw_state(const struct menu_model *m, struct tui_draw_ctx *d, int y, int bottom)
{
	attr_t a;
	short pair;
	char *t = NULL;
	if (m->info_state == MENU_FAILED)
		t = xasprintf(_("The instance's files could not be read: %s"), m->info.error);
	else if (m->info.placeholders)
		t = xasprintf(m->info.placeholders == 1
			      ? _("%d credential is still the placeholder CHANGE_ME: %s")
			      : _("%d credentials are still the placeholder CHANGE_ME: %s"),
			      m->info.placeholders,
			      m->setup_available ? _("Set up storage replaces them.")
			      : _("replace them with 'rdm-s3 config set-secret'."));
	if (t) {
		tui_status_style(d->st, CHECK_WARN, &a, &pair);
		y += draw_para(d, y, bottom - y, t, a, pair) + 1;
		free(t);
	}
	if (y >= bottom)
		return;
	if (m->check_state == MENU_PENDING) {
		tui_put(d->w, y, TEXT_X, text_width(d), _("Checking the storage in the background..."),
			A_NORMAL, 0);
	} else if (m->check_state == MENU_FAILED) {
		t = xasprintf(_("The checks could not run: %s"), m->check_error);
		tui_status_style(d->st, CHECK_CRIT, &a, &pair);
		draw_para(d, y, bottom - y, t, a, pair);
		free(t);
	} else {
		draw_counts(m, d, y);
		y = draw_problems(m, d, y + 1, bottom - 1);
		if (m->n_problems && y < bottom)
			tui_put(d->w, y, TEXT_X, text_width(d),
				_("The Health dashboard (d) shows each check and how to fix it."),
				A_NORMAL, 0);
	}
}

void menu_draw(struct tui_view *v, struct tui_draw_ctx *d)
{
	struct menu_screen *s = (struct menu_screen *)v;
	const struct menu_model *m = &s->model;
	const struct tui_glyphs *g = tui_glyphs(d->st);
	if (d->lines < MENU_MIN_LINES || d->cols < MENU_MIN_COLS) {
		char text[64];
		snprintf(text, sizeof text, _("terminal too small: need %dx%d"), MENU_MIN_COLS,
			 MENU_MIN_LINES);
		tui_put(d->w, 0, 0, d->cols, text, A_BOLD, 0);
		return;
	}
	char *prefix = xasprintf(" rdm-s3 %s ", g->dot), *right = title_right(m, g);
	/* The name stays whole; the folder gives way from its start. */
	int room = d->cols - tui_text_width(prefix) - tui_text_width(right) - 3 -
		   tui_text_width(m->instance_name) - 3;
	char *dir = tui_ellipsize_start(m->shown_dir, room > 8 ? room : 8);
	char *label = xasprintf("%s (%s)", m->instance_name, dir);
	free(dir);
	tui_title_bar(d->w, d->st, prefix, label, right);
	free(label);
	free(prefix);
	free(right);
	draw_items(s, d);
	int bottom = d->lines - 2, top = LIST_TOP + MENU__COUNT + 1;
	tui_hline(d->w, d->st, top, TEXT_X, text_width(d));
	char *text = description(m);
	int n = draw_para(d, top + 1, 5, text, m->notice ? A_BOLD : A_NORMAL, 0);
	free(text);
	draw_state(m, d, top + n + 2, bottom);
	tui_hline(d->w, d->st, bottom, 0, d->cols);
	tui_keyhints(d->w, d->lines - 1, 1, d->cols, hints, sizeof hints / sizeof hints[0]);
}
