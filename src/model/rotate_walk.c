/* The rotation walkthrough's state (rotate_walk.h). */
#include "config.h"
#include "model/rotate_walk.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

static void set_hint(struct rotate_walk *w, const char *hint)
{
	free(w->hint);
	w->hint = xstrdup(hint);
}

void rotate_walk_init(struct rotate_walk *w)
{
	memset(w, 0, sizeof *w);
	buf_puts(&w->text, _("Reading the app's key and planning the rotation..."));
	set_hint(w, _("Esc: back, nothing written"));
}

void rotate_walk_free(struct rotate_walk *w)
{
	buf_free(&w->text);
	free(w->hint);
	memset(w, 0, sizeof *w);
}

static void set_text(struct rotate_walk *w, const char *text)
{
	buf_truncate(&w->text, 0);
	buf_puts(&w->text, text);
}

void rotate_walk_loaded(struct rotate_walk *w, const char *review, int can_app_user)
{
	w->stage = RW_REVIEW;
	w->can_app_user = can_app_user;
	set_text(w, review);
	if (can_app_user && !w->app_user)
		set_hint(w, _("Enter: rotate   a: app on its own MinIO user   Esc: back, nothing written"));
	else
		set_hint(w, _("Enter: rotate   Esc: back, nothing written"));
}

void rotate_walk_load_failed(struct rotate_walk *w, const char *message, const char *remedy)
{
	w->stage = RW_DONE;
	w->failed = 1;
	w->exit_code = 1;
	buf_truncate(&w->text, 0);
	buf_printf(&w->text, _("The rotation cannot start: %s\n"), message ? message : "?");
	if (remedy)
		buf_printf(&w->text, _("  fix: %s\n"), remedy);
	buf_puts(&w->text, _("Nothing was written.\n"));
	set_hint(w, _("Esc: back"));
}

void rotate_walk_progress(struct rotate_walk *w, const char *line)
{
	if (line)
		buf_puts(&w->text, line);
}

char *rotate_walk_line(const struct change_event *ev)
{
	const char *m = ev->message ? ev->message : "";
	switch (ev->kind) {
	case CHANGE_EV_STARTED:
		return xasprintf(_("  ... %s\n"), ev->title);
	case CHANGE_EV_DONE:
		return xasprintf(_("  done %s: %s\n"), ev->title, m);
	case CHANGE_EV_ALREADY_DONE:
		return xasprintf(_("  done %s (before the interruption)\n"), ev->title);
	case CHANGE_EV_FAILED:
		return xasprintf(_("  FAILED %s: %s\n%s%s%s%s%s%s"), ev->title, m, ev->diagnosis ? _("    why: ") : "",
				 ev->diagnosis ? ev->diagnosis : "", ev->diagnosis ? "\n" : "",
				 ev->remedy ? _("    fix: ") : "", ev->remedy ? ev->remedy : "", ev->remedy ? "\n" : "");
	case CHANGE_EV_STOPPED:
		return xasprintf(_("  stopped at %s: %s\n    next: %s\n"), ev->title, m, ev->remedy ? ev->remedy : "");
	case CHANGE_EV_ROLLBACK:
		return xstrdup(_("  rolling back what was done, in reverse order\n"));
	case CHANGE_EV_UNDONE:
		return xasprintf(_("  undone %s: %s\n"), ev->title, m);
	case CHANGE_EV_UNDO_FAILED:
		return xasprintf(_("  NOT undone %s: %s\n"), ev->title, m);
	case CHANGE_EV_NOT_UNDONE:
		return xasprintf(_("  left %s: %s\n"), ev->title, m);
	default:
		return NULL; /* child output: the restart's, not shown here */
	}
}

void rotate_walk_finished(struct rotate_walk *w, const struct change_outcome *out, const char *err_message)
{
	w->stage = RW_DONE;
	w->stopping = 0;
	set_hint(w, _("Enter or Esc: back to the menu"));
	if (err_message) {
		w->failed = 1;
		w->exit_code = 1;
		buf_printf(&w->text, _("The rotation could not start: %s\nNothing was written.\n"), err_message);
		return;
	}
	switch (out->end) {
	case CHANGE_END_DONE:
		w->failed = out->n_advisory_failed != 0;
		w->exit_code = w->failed;
		buf_puts(&w->text, w->failed ? _("\nRotation written, but the old key is not proven refused (see "
						  "above): revoke it on the server.\n")
					     : _("\nRotation done: the new key is proven and written, the old one is "
						 "revoked and refused.\n"));
		break;
	case CHANGE_END_STOPPED:
		w->exit_code = 75;
		buf_printf(&w->text, _("\nRotation stopped at \"%s\": %s\n"), out->step_title ? out->step_title : "?",
			   out->remedy ? out->remedy : "");
		break;
	case CHANGE_END_NOTHING:
		buf_puts(&w->text, _("\nNothing to do.\n"));
		break;
	case CHANGE_END_BROKEN:
		w->failed = 1;
		w->exit_code = 1;
		buf_printf(&w->text, _("\nRotation failed and could not be rolled back completely: %s\n  fix: %s\n"),
			   out->message ? out->message : "?",
			   out->remedy ? out->remedy : _("run `rdm-s3 undo` once the cause is fixed"));
		break;
	default:
		w->failed = 1;
		w->exit_code = 1;
		buf_printf(&w->text, _("\nRotation %s at \"%s\" and was rolled back: every step done before it was "
				       "undone; the old key works as before.\n"),
			   out->end == CHANGE_END_CANCELLED ? _("stopped") : _("failed"),
			   out->step_title ? out->step_title : "?");
		break;
	}
}

unsigned rotate_walk_key(struct rotate_walk *w, int key)
{
	int enter = key == '\n' || key == '\r';
	int esc = key == 27;
	switch (w->stage) {
	case RW_LOADING:
		return esc ? RW_ASK_CLOSE : RW_ASK_NONE;
	case RW_REVIEW:
		if (enter) {
			w->stage = RW_APPLYING;
			buf_puts(&w->text, _("\nApplying:\n"));
			set_hint(w, _("Esc: stop and roll back"));
			return RW_ASK_APPLY;
		}
		if ((key == 'a' || key == 'A') && w->can_app_user && !w->app_user) {
			w->app_user = 1;
			w->stage = RW_LOADING;
			set_text(w, _("Planning the move to a MinIO user of its own..."));
			return RW_ASK_LOAD;
		}
		return esc ? RW_ASK_CLOSE : RW_ASK_NONE;
	case RW_APPLYING:
		if (esc && !w->stopping) {
			w->stopping = 1;
			buf_puts(&w->text, _("  stopping: what was done is rolled back...\n"));
			set_hint(w, _("stopping..."));
			return RW_ASK_STOP;
		}
		return RW_ASK_NONE;
	case RW_DONE:
		return enter || esc ? RW_ASK_CLOSE : RW_ASK_NONE;
	}
	return RW_ASK_NONE;
}
