/* The bodies of the wizard's last four steps: review (the diff of every
 * file, secrets masked, and the server steps in order; scrollable), apply
 * (each step with its progress and outcome, child output in a pane, what
 * a rollback undid), verify (the health checks' report), summary. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/draw.h"
#include "tui/wizard/wizard_int.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct pen {
	struct tui_draw_ctx *d;
	const struct wizard_area *a;
	int y;
};

static int room(const struct pen *p)
{
	return p->a->y + p->a->h - p->y;
}

/* Prose stays narrower than tables: lines wider than PROSE_MAX are hard
 * to read. */
#define PROSE_MAX 80

static void para(struct pen *p, int off, const char *text, attr_t at, short pair)
{
	size_t n;
	int w = (p->a->w < PROSE_MAX ? p->a->w : PROSE_MAX) - off;
	char **lines = tui_wrap_lines(text, w, &n);
	for (size_t i = 0; i < n && room(p) > 0; i++)
		tui_put(p->d->w, p->y++, p->a->x + off, p->a->w - off, lines[i], at, pair);
	tui_lines_free(lines);
}

static void status_para(struct pen *p, int off, enum check_status s, const char *text)
{
	attr_t at;
	short pair;
	tui_status_style(p->d->st, s, &at, &pair);
	para(p, off, text, at, pair);
}

char *wizard_review_text(const struct setup_model *m)
{
	const struct change_review *r = &m->review;
	struct buf b = BUF_INIT;
	buf_printf(&b, _("Files: %zu changed (backups kept; 'rdm-s3 undo' restores them)\n"), r->n_files);
	for (size_t i = 0; i < r->n_files; i++) {
		const struct change_review_file *f = &r->files[i];
		char *name = xasprintf("%s%s", f->rel, f->created ? (f->secret ? _(" (new, 0600)") : _(" (new)"))
							: f->removed ? _(" (removed)") : "");
		buf_printf(&b, _("  %-24s %zu lines added, %zu removed\n"), name, f->lines_added, f->lines_removed);
		free(name);
	}
	buf_puts(&b, _("Then, in this order:\n"));
	for (size_t i = 0; i < r->n_steps; i++) {
		const struct change_review_step *s = &r->steps[i];
		buf_printf(&b, "  %zu %s\n", i + 1, s->text.title ? s->text.title : "");
		if (s->text.detail)
			buf_printf(&b, "      %s\n", s->text.detail);
	}
	for (size_t i = 0; i < r->n_notes; i++)
		buf_printf(&b, _("Note: %s\n"), r->notes[i]);
	buf_puts(&b, _("The changes, file by file (secrets masked):\n"));
	for (size_t i = 0; i < r->n_files; i++)
		buf_puts(&b, r->files[i].diff ? r->files[i].diff : "");
	buf_puts(&b, "");
	return buf_detach(&b);
}

static void draw_review(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	if (m->plan_state == SETUP_LIVE_RUNNING) {
		para(p, 0, _("Preparing the change: asking the server what exists, building every file "
			     "edit in memory. Nothing is written yet."), A_NORMAL, 0);
		return;
	}
	if (m->plan_state == SETUP_LIVE_FAILED) {
		status_para(p, 0, CHECK_CRIT, _("The change cannot be made:"));
		para(p, 2, m->plan_error, A_NORMAL, 0);
		p->y++;
		para(p, 0, m->fix_check ? _("Nothing was written. Esc goes back to the dashboard; r asks again.")
					 : _("Nothing was written. Esc goes back to correct it; r asks again."), A_NORMAL, 0);
		return;
	}
	if (w->cfg.fix_summary) {
		char *t = xasprintf(_("Fix: %s"), w->cfg.fix_summary);
		status_para(p, 0, CHECK_OK, t);
		free(t);
		p->y++;
	}
	if (!w->review_built) {
		char *t = wizard_review_text(m);
		tui_pane_set_text(&w->review, t);
		free(t);
		w->review.top = 0;
		w->review_built = 1;
	}
	tui_pane_draw(&w->review, p->d, p->y, p->a->x, room(p), p->a->w);
}

static void draw_row(struct wizard *w, struct pen *p, const struct setup_run_row *r)
{
	const struct tui_glyphs *g = tui_glyphs(p->d->st);
	const char *mark = " ", *tail = NULL;
	enum check_status s = CHECK_SKIPPED;
	char ms[32] = "";
	if (r->failed) {
		mark = g->failed;
		s = CHECK_CRIT;
	} else if (r->undone) {
		mark = g->done;
		s = CHECK_WARN;
		tail = _("undone");
	} else if (r->not_undone) {
		mark = "!";
		s = CHECK_WARN;
		tail = _("left as it is");
	} else if (r->done) {
		mark = g->done;
		s = CHECK_OK;
		if (r->duration_ms < 1000)
			snprintf(ms, sizeof ms, "%ld ms", r->duration_ms);
		else
			snprintf(ms, sizeof ms, "%.1f s", (double)r->duration_ms / 1000);
		tail = ms;
	} else if (r->started) {
		size_t n = 0;
		while (g->spinner[n])
			n++;
		mark = g->spinner[w->spin % n];
	}
	attr_t at;
	short pair;
	tui_status_style(p->d->st, s, &at, &pair);
	tui_put(p->d->w, p->y, p->a->x, 2, mark, at | A_BOLD, pair);
	tui_put(p->d->w, p->y, p->a->x + 2, p->a->w - 14, r->title ? r->title : "...",
		r->started ? A_NORMAL : A_NORMAL, 0);
	if (tail)
		tui_put(p->d->w, p->y, p->a->x + p->a->w - 12, 12, tail, at, pair);
	p->y++;
	if (r->failed && r->message && room(p) > 0)
		status_para(p, 4, CHECK_CRIT, r->message);
}

static void draw_outcome(const struct setup_model *m, struct pen *p)
{
	const struct change_outcome *o = &m->outcome;
	char *t;
	if (m->run_error) {
		status_para(p, 0, CHECK_CRIT, _("The change could not start; nothing was changed:"));
		para(p, 2, m->run_error, A_NORMAL, 0);
		return;
	}
	if (!m->have_outcome)
		return;
	switch (o->end) {
	case CHANGE_END_DONE:
		t = xasprintf(_("Done: %zu files written (backup %s). Enter: the health checks."), o->n_written,
			      o->backup_id ? o->backup_id : "-");
		status_para(p, 0, CHECK_OK, t);
		free(t);
		break;
	case CHANGE_END_ROLLED_BACK: case CHANGE_END_CANCELLED:
		t = o->end == CHANGE_END_CANCELLED ? xstrdup(_("Stopped. What was done is undone."))
		    : xasprintf(_("'%s' failed: %s. What was done is undone."), o->step_title ? o->step_title : "?",
				o->message ? o->message : "?");
		status_para(p, 0, CHECK_CRIT, t);
		free(t);
		if (o->diagnosis)
			para(p, 2, o->diagnosis, A_NORMAL, 0);
		if (o->remedy) {
			t = xasprintf(_("Fix: %s"), o->remedy);
			para(p, 2, t, A_BOLD, 0);
			free(t);
		}
		break;
	case CHANGE_END_BROKEN: case CHANGE_END_STOPPED:
		status_para(p, 0, CHECK_CRIT, o->message ? o->message : _("The change did not finish."));
		if (o->remedy)
			para(p, 2, o->remedy, A_BOLD, 0);
		break;
	default:
		break;
	}
}

static void draw_apply(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	if (!m->n_rows && m->run_state == SETUP_LIVE_RUNNING)
		para(p, 0, _("Starting..."), A_NORMAL, 0);
	for (size_t i = 0; i < m->n_rows && room(p) > 0; i++)
		draw_row(w, p, &m->rows[i]);
	p->y++;
	draw_outcome(m, p);
	if (m->output && room(p) > 4) {
		int h = room(p);
		if (h > 8)
			h = 8;
		tui_pane_set_text(&w->output, m->output);
		tui_box(p->d->w, p->d->st, p->a->y + p->a->h - h, p->a->x, h, p->a->w, _("output"));
		tui_pane_draw(&w->output, p->d, p->a->y + p->a->h - h + 1, p->a->x + 1, h - 2, p->a->w - 2);
	}
}

static void draw_verify(struct wizard *w, struct pen *p)
{
	const struct check_report *r = w->m.report;
	if (!r) {
		para(p, 0, _("The health checks did not run with this change."), A_NORMAL, 0);
		return;
	}
	para(p, 0, _("The health checks, on the storage as it is now:"), A_BOLD, 0);
	p->y++;
	for (size_t i = 0; i < r->n && room(p) > 2; i++) {
		attr_t at;
		short pair;
		const struct check_result *c = &r->results[i];
		tui_status_style(p->d->st, c->status, &at, &pair);
		tui_put(p->d->w, p->y, p->a->x, 8, check_status_label(c->status), at, pair);
		tui_put(p->d->w, p->y, p->a->x + 8, 15, c->id, A_BOLD, 0);
		tui_put(p->d->w, p->y, p->a->x + 23, p->a->w - 23, c->message, A_NORMAL, 0);
		p->y++;
	}
	p->y++;
	enum check_status worst = check_report_worst(r);
	int ok = worst == CHECK_OK || worst == CHECK_INFO;
	if (w->m.fix_check)
		para(p, 0, ok ? _("Everything answers as it should. Esc goes back to the dashboard.")
			      : _("Some checks still need attention: Esc goes back to the dashboard."), A_NORMAL, 0);
	else
		para(p, 0, ok ? _("Everything answers as it should. d opens the live dashboard.")
			      : _("Some checks need attention: d opens the live dashboard with each remedy."),
		     A_NORMAL, 0);
}

static void draw_summary(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	const struct change_outcome *o = &m->outcome;
	char *t;
	if (!m->have_outcome || o->end == CHANGE_END_NOTHING) {
		para(p, 0, _("Nothing to change: the instance already uses these settings."), A_BOLD, 0);
		return;
	}
	if (o->end != CHANGE_END_DONE && m->fix_check) {
		status_para(p, 0, CHECK_CRIT, _("The fix was not applied; what it did was rolled back."));
		para(p, 0, _("Press f on the dashboard again once the cause is fixed."), A_NORMAL, 0);
		return;
	}
	if (o->end != CHANGE_END_DONE) {
		status_para(p, 0, CHECK_CRIT, _("The storage was not set up; the files are as they were."));
		para(p, 0, _("Run 'rdm-s3 setup' again once the cause is fixed."), A_NORMAL, 0);
		return;
	}
	para(p, 0, m->fix_check ? _("The fix is applied.") : _("The storage is set up."), A_BOLD, 0);
	p->y++;
	para(p, 0, _("Files written:"), A_NORMAL, 0);
	for (size_t i = 0; i < o->n_written && room(p) > 6; i++)
		para(p, 2, o->written[i], A_NORMAL, 0);
	/* The folder as the title shows it ("~/..."). */
	size_t n = strlen(w->cfg.instance_dir);
	const char *bd = o->backup_dir ? o->backup_dir : "-";
	if (!strncmp(bd, w->cfg.instance_dir, n) && bd[n] == '/')
		t = xasprintf(_("Backups: %s%s"), w->cfg.shown_dir, bd + n);
	else
		t = xasprintf(_("Backups: %s"), bd);
	para(p, 0, t, A_NORMAL, 0);
	free(t);
	para(p, 0, _("'rdm-s3 undo' puts the files back and undoes the server steps that can be "
		     "undone; 'rdm-s3 check' checks the storage any time."), A_NORMAL, 0);
	if (m->resolved.location_command && m->draft.files_location == SETUP_LOCATION_PRINT) {
		t = xasprintf(_("Make it the default files location: %s"), m->resolved.location_command);
		p->y++;
		para(p, 0, t, A_NORMAL, 0);
		free(t);
	}
}

void wizard_draw_apply_step(struct wizard *w, struct tui_draw_ctx *d, const struct wizard_area *a)
{
	struct pen p = { d, a, a->y };
	switch (w->m.step) {
	case SETUP_STEP_REVIEW: draw_review(w, &p); break;
	case SETUP_STEP_APPLY: draw_apply(w, &p); break;
	case SETUP_STEP_VERIFY: draw_verify(w, &p); break;
	case SETUP_STEP_SUMMARY: draw_summary(w, &p); break;
	default: break;
	}
}
