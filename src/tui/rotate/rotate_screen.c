/* The rotation walkthrough's screen and jobs (rotate_screen.h). */
#include "config.h"
#include "tui/rotate/rotate_screen.h"

#include <curses.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "model/rotate_walk.h"
#include "ops/rotate/rotate.h"
#include "tui/shell/draw.h"
#include "tui/shell/keys.h"
#include "tui/widget/pane.h"
#include "util/i18n.h"
#include "util/xalloc.h"

extern char **environ;

enum { MSG_LOADED = 1, MSG_LINE, MSG_RUN };
enum { TAG_LOAD = 1, TAG_APPLY };

struct rotate_screen {
	struct tui_view base;
	struct rotate_walk w;
	struct tui_pane pane;
	char *dir, *label, *ca_file;
	struct change *change; /* the plan, from the load until the apply takes it */
	int shown_len;         /* bytes of w.text the pane has */
};

/* --- jobs ---------------------------------------------------------------- */
struct load_arg {
	char *dir, *ca_file;
	int app_user;
};
struct load_msg {
	char *text;
	struct change *c;
	int can_app_user;
	char *message, *remedy;
};

static void load_arg_free(void *p)
{
	struct load_arg *a = p;
	free(a->dir);
	free(a->ca_file);
	free(a);
}

static void load_msg_free(void *p)
{
	struct load_msg *m = p;
	if (m->c) {
		change_free(m->c);
		free(m->c);
	}
	free(m->text);
	free(m->message);
	free(m->remedy);
	free(m);
}

static void fail_msg(struct load_msg *m, const struct rdm_error *err)
{
	m->message = xstrdup(err->message ? err->message : "?");
	m->remedy = err->remedy ? xstrdup(err->remedy) : NULL;
}

/* The plan of what `rdm-s3 rotate --non-interactive` would do. */
static void load_run(struct tui_job_ctx *ctx, void *p)
{
	struct load_arg *a = p;
	struct load_msg *m = xcalloc(1, sizeof *m);
	struct rotate_opts o = { .envp = environ, .ca_file = a->ca_file, .app_user = a->app_user };
	struct rotate_survey sv;
	struct rdm_error err = RDM_ERROR_INIT;
	int usage = 0;
	if (rotate_survey_read(a->dir, &o, &sv, &usage, &err) != 0) {
		fail_msg(m, &err);
	} else if (sv.pending_change) {
		m->message = xasprintf(_("an interrupted change (%s) is recorded in .rdm-s3/changes"), sv.pending_change);
		m->remedy = xasprintf(_("`%s` finishes it, `rdm-s3 undo` rolls it back"),
				      sv.pending_resume ? sv.pending_resume : ROTATE_RESUME_COMMAND);
	} else {
		struct rotate_resolved res;
		m->c = xcalloc(1, sizeof *m->c);
		if (rotate_plan_build(&sv, &o, m->c, &res, &err) != 0) {
			fail_msg(m, &err);
		} else {
			struct change_review rv;
			struct buf b = BUF_INIT;
			change_review_build(m->c, &rv);
			rotate_review_text(&sv, &res, &rv, &b);
			change_review_free(&rv);
			m->text = buf_detach(&b);
			m->can_app_user = sv.kind == ROTATE_ROOT && sv.server == S3_SERVER_MINIO;
		}
		rotate_resolved_free(&res);
	}
	rdm_error_clear(&err);
	rotate_survey_free(&sv);
	tui_job_post(ctx, MSG_LOADED, m, load_msg_free);
}

struct apply_arg {
	struct change *c;
	char *ca_file;
	struct tui_job_ctx *ctx;
	atomic_int cancel;
};
struct run_msg {
	struct change_outcome out;
	char *error;
};

static void apply_arg_free(void *p)
{
	struct apply_arg *a = p;
	if (a->c) {
		change_free(a->c);
		free(a->c);
	}
	free(a->ca_file);
	free(a);
}

static void run_msg_free(void *p)
{
	struct run_msg *m = p;
	change_outcome_free(&m->out);
	free(m->error);
	free(m);
}

static void apply_progress(void *p, const struct change_event *ev)
{
	struct apply_arg *a = p;
	char *line = rotate_walk_line(ev);
	if (line)
		tui_job_post(a->ctx, MSG_LINE, line, free);
	if (tui_job_cancelled(a->ctx))
		atomic_store(&a->cancel, 1);
}

static void apply_run(struct tui_job_ctx *ctx, void *p)
{
	struct apply_arg *a = p;
	struct run_msg *m = xcalloc(1, sizeof *m);
	struct rdm_error err = RDM_ERROR_INIT;
	struct change_run_opts o = { .progress = apply_progress, .progress_ctx = a, .cancel = &a->cancel,
				     .envp = environ, .ca_file = a->ca_file };
	a->ctx = ctx;
	if (change_run(a->c, &o, &m->out, &err) != 0)
		m->error = xstrdup(err.message ? err.message : "?");
	rdm_error_clear(&err);
	tui_job_post(ctx, MSG_RUN, m, run_msg_free);
}

static void start_load(struct rotate_screen *s, struct tui_req *req)
{
	struct load_arg *a = xcalloc(1, sizeof *a);
	a->dir = xstrdup(s->dir);
	a->ca_file = s->ca_file ? xstrdup(s->ca_file) : NULL;
	a->app_user = s->w.app_user;
	struct tui_job j = { load_run, a, load_arg_free, TAG_LOAD };
	tui_req_job(req, &j);
}

static void start_apply(struct rotate_screen *s, struct tui_req *req)
{
	struct apply_arg *a = xcalloc(1, sizeof *a);
	a->c = s->change; /* the job owns the plan now */
	s->change = NULL;
	a->ca_file = s->ca_file ? xstrdup(s->ca_file) : NULL;
	atomic_init(&a->cancel, 0);
	struct tui_job j = { apply_run, a, apply_arg_free, TAG_APPLY };
	tui_req_job(req, &j);
}

/* --- the view ---------------------------------------------------------------- */
static void sync_pane(struct rotate_screen *s)
{
	if ((size_t)s->shown_len == s->w.text.len)
		return;
	if ((size_t)s->shown_len < s->w.text.len && s->w.stage == RW_APPLYING && s->shown_len)
		tui_pane_append(&s->pane, buf_str(&s->w.text) + s->shown_len);
	else
		tui_pane_set_text(&s->pane, buf_str(&s->w.text));
	s->shown_len = (int)s->w.text.len;
}

static void screen_draw(struct tui_view *v, struct tui_draw_ctx *d)
{
	struct rotate_screen *s = (struct rotate_screen *)v;
	sync_pane(s);
	tui_title_bar(d->w, d->st, _(" rdm-s3 rotate credentials: "), s->label, NULL);
	if (d->lines < 5)
		return;
	tui_pane_draw(&s->pane, d, 2, 1, d->lines - 4, d->cols - 1);
	tui_hline(d->w, d->st, d->lines - 2, 0, d->cols);
	tui_put(d->w, d->lines - 1, 1, d->cols - 2, s->w.hint, s->w.failed ? A_BOLD : A_NORMAL,
		s->w.failed ? tui_pair(d->st, TUI_PAIR_CRIT) : 0);
}

static void ask(struct rotate_screen *s, unsigned what, struct tui_req *req)
{
	req->flags |= TUI_EV_REDRAW;
	if (what & RW_ASK_LOAD) {
		if (s->change) {
			change_free(s->change);
			free(s->change);
			s->change = NULL;
		}
		start_load(s, req);
	}
	if (what & RW_ASK_APPLY) {
		s->pane.follow = 1;
		start_apply(s, req);
	}
	if (what & RW_ASK_STOP)
		req->flags |= TUI_EV_CANCEL;
	if (what & RW_ASK_CLOSE) {
		req->flags |= TUI_EV_CLOSE | TUI_EV_ACTION | TUI_EV_CANCEL;
		req->action = ROTATE_CLOSED;
	}
}

static void screen_key(struct tui_view *v, int key, struct tui_req *req)
{
	struct rotate_screen *s = (struct rotate_screen *)v;
	if (key == TUI_KEY_INTERRUPT || key == 'q' || key == 'Q' || key == KEY_LEFT)
		key = 27;
	if (key == KEY_ENTER)
		key = '\n';
	unsigned what = rotate_walk_key(&s->w, key);
	if (what == RW_ASK_NONE && tui_pane_key(&s->pane, key))
		req->flags |= TUI_EV_REDRAW;
	ask(s, what, req);
}

static void screen_opened(struct tui_view *v, struct tui_req *req)
{
	start_load((struct rotate_screen *)v, req);
}

static void screen_msg(struct tui_view *v, const struct tui_msg *m, struct tui_req *req)
{
	struct rotate_screen *s = (struct rotate_screen *)v;
	if (m->kind == MSG_LOADED && s->w.stage == RW_LOADING) {
		struct load_msg *lm = m->data;
		if (lm->text) {
			s->change = lm->c; /* taken from the message */
			lm->c = NULL;
			rotate_walk_loaded(&s->w, lm->text, lm->can_app_user);
		} else {
			rotate_walk_load_failed(&s->w, lm->message, lm->remedy);
		}
	} else if (m->kind == MSG_LINE && s->w.stage == RW_APPLYING) {
		rotate_walk_progress(&s->w, m->data);
	} else if (m->kind == MSG_RUN && s->w.stage == RW_APPLYING) {
		const struct run_msg *rm = m->data;
		rotate_walk_finished(&s->w, &rm->out, rm->error);
	}
	req->flags |= TUI_EV_REDRAW;
}

static void screen_free(struct tui_view *v)
{
	struct rotate_screen *s = (struct rotate_screen *)v;
	if (s->change) {
		change_free(s->change);
		free(s->change);
	}
	rotate_walk_free(&s->w);
	tui_pane_free(&s->pane);
	free(s->dir);
	free(s->label);
	free(s->ca_file);
	free(s);
}

static const struct tui_view_ops rotate_screen_ops = {
	.name = "rotate",
	.draw = screen_draw,
	.key = screen_key,
	.opened = screen_opened,
	.msg = screen_msg,
	.free = screen_free,
};

struct tui_view *rotate_screen_new(const struct rotate_screen_config *c)
{
	struct rotate_screen *s = xcalloc(1, sizeof *s);
	s->base.ops = &rotate_screen_ops;
	rotate_walk_init(&s->w);
	tui_pane_init(&s->pane, TUI_PANE_DIFF);
	s->dir = xstrdup(c->instance_dir);
	s->label = xstrdup(c->shown_dir ? c->shown_dir : c->instance_dir);
	s->ca_file = c->ca_file ? xstrdup(c->ca_file) : NULL;
	return &s->base;
}
