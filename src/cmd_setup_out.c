/* What `rdm-s3 setup` prints: the plan, each step as it completes, the
 * outcome and the checks (text, or one --json object). */
#include "config.h"
#include "cmd_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_hooks.h"
#include "cmd_json.h"
#include "ops/check/report.h"
#include "util/i18n.h"
#include "util/xalloc.h"

void setup_out_init(struct setup_out *o, const struct rdm_globals *g, int dry_run)
{
	memset(o, 0, sizeof *o);
	o->g = g;
	o->as_json = g->json;
	o->dry_run = dry_run;
	o->at_line_start = 1;
}

void setup_out_free(struct setup_out *o)
{
	buf_free(&o->steps_json);
	buf_free(&o->json);
}

static const char *phase_name(enum change_phase p)
{
	return p == CHANGE_PHASE_BEFORE_FILES ? "before-files" : p == CHANGE_PHASE_FILES ? "files"
		: p == CHANGE_PHASE_RESTART ? "restart" : p == CHANGE_PHASE_AFTER_RESTART ? "after-restart" : "verify";
}

static void duration(char *s, size_t n, long ms)
{
	if (ms < 1000)
		snprintf(s, n, "%ld ms", ms);
	else
		snprintf(s, n, "%.1f s", (double)ms / 1000.0);
}

/* Child output, indented under its step: "    | line". */
static void print_output(struct setup_out *o, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (o->at_line_start)
			fputs("    | ", stdout);
		putchar(data[i] == '\r' ? '\n' : data[i]);
		o->at_line_start = data[i] == '\n' || data[i] == '\r';
	}
	fflush(stdout);
}

static void json_event(struct setup_out *o, const struct change_event *ev, const char *state)
{
	struct cmd_json j;
	struct buf one = BUF_INIT;
	cmd_json_init(&j, &one);
	cmd_json_begin_object(&j, NULL);
	cmd_json_string(&j, "step", ev->title);
	cmd_json_string(&j, "state", state);
	cmd_json_int(&j, "duration_ms", ev->duration_ms);
	cmd_json_string(&j, "message", ev->message);
	cmd_json_string(&j, "diagnosis", ev->diagnosis);
	cmd_json_string(&j, "remedy", ev->remedy);
	cmd_json_end_object(&j);
	buf_puts(&o->steps_json, o->n_step_events++ ? ", " : "[");
	buf_append(&o->steps_json, one.data, one.len);
	buf_free(&one);
}

void setup_out_progress(void *ctx, const struct change_event *ev)
{
	struct setup_out *o = ctx;
	static const char *const states[] = { "started", "output", "done", "already-done", "failed", "stopped",
					      "rolling-back", "undone", "undo-failed", "not-undone" };
	if (o->as_json) {
		if (ev->kind != CHANGE_EV_STARTED && ev->kind != CHANGE_EV_OUTPUT && ev->kind != CHANGE_EV_ROLLBACK)
			json_event(o, ev, states[ev->kind]);
		return;
	}
	if (o->g->verbosity < 0 && ev->kind != CHANGE_EV_FAILED && ev->kind != CHANGE_EV_UNDO_FAILED)
		return;
	char d[32];
	duration(d, sizeof d, ev->duration_ms);
	switch (ev->kind) {
	case CHANGE_EV_STARTED:
		printf(_("  ... %s\n"), ev->title);
		o->at_line_start = 1;
		break;
	case CHANGE_EV_OUTPUT:
		print_output(o, ev->output, ev->output_len);
		return;
	case CHANGE_EV_DONE:
		printf(_("  done %s: %s (%s)\n"), ev->title, ev->message ? ev->message : "", d);
		break;
	case CHANGE_EV_ALREADY_DONE:
		printf(_("  done %s (before the interruption)\n"), ev->title);
		break;
	case CHANGE_EV_FAILED:
		printf(_("  FAILED %s: %s\n"), ev->title, ev->message ? ev->message : "");
		if (ev->diagnosis)
			printf(_("    why: %s\n"), ev->diagnosis);
		if (ev->remedy)
			printf(_("    fix: %s\n"), ev->remedy);
		break;
	case CHANGE_EV_STOPPED:
		printf(_("  stopped at %s: %s\n"), ev->title, ev->message ? ev->message : "");
		if (ev->remedy)
			printf(_("    next: %s\n"), ev->remedy);
		break;
	case CHANGE_EV_ROLLBACK:
		printf(_("  rolling back what was done, in reverse order\n"));
		break;
	case CHANGE_EV_UNDONE:
		printf(_("  undone %s: %s\n"), ev->title, ev->message ? ev->message : "");
		break;
	case CHANGE_EV_UNDO_FAILED:
		printf(_("  NOT undone %s: %s\n"), ev->title, ev->message ? ev->message : "");
		if (ev->remedy)
			printf(_("    fix: %s\n"), ev->remedy);
		break;
	case CHANGE_EV_NOT_UNDONE:
		printf(_("  left %s: %s\n"), ev->title, ev->message ? ev->message : "");
		break;
	}
	fflush(stdout);
}

/* A local-storage instance: what was found and what switching means,
 * before the plan (the wizard shows the same words). */
static void local_text(const struct setup_local *l)
{
	printf(_("Found: %s.\n"), l->found);
	printf(_("Switching to S3:\n"));
	for (size_t i = 0; i < l->n_meaning; i++)
		printf("  - %s\n", l->meaning[i]);
}

static void local_json(struct cmd_json *j, const struct setup_local *l)
{
	cmd_json_begin_object(j, "local_storage");
	cmd_json_string(j, "found", l->found);
	cmd_json_string(j, "folder", l->folder);
	if (l->n_files < 0)
		cmd_json_null(j, "files");
	else
		cmd_json_int(j, "files", l->n_files);
	cmd_json_bool(j, "files_more", l->n_files_more);
	cmd_json_string(j, "volume", l->volume);
	cmd_json_string(j, "install_command", l->install_command);
	cmd_json_begin_array(j, "meaning");
	for (size_t i = 0; i < l->n_meaning; i++)
		cmd_json_string(j, NULL, l->meaning[i]);
	cmd_json_end_array(j);
	cmd_json_string(j, "migrate", l->migrate);
	cmd_json_end_object(j);
}

static void plan_text(const struct setup_resolved *res, const struct change_review *rv)
{
	printf(_("Setup: %s at %s, bucket %s%s%s\n"), setup_storage_name(res->storage),
	       res->endpoint ? res->endpoint : "?", res->bucket, res->region ? _(", region ") : "",
	       res->region ? res->region : "");
	if (res->region_given)
		printf(_("note: bucket %s is in region %s, not %s: %s is used\n"), res->bucket, res->region,
		       res->region_given, res->region);
	if (res->secret_generated)
		printf(_("note: a new secret was generated; it is written to the files and not shown\n"));
	if (rv->n_files) {
		fputs(rv->diff, stdout);
	} else {
		printf(_("The files already say so: none changes.\n"));
	}
	printf(_("Steps, in this order:\n"));
	for (size_t i = 0; i < rv->n_steps; i++) {
		const struct change_review_step *s = &rv->steps[i];
		printf("  %zu %s\n", i + 1, s->text.title);
		if (s->text.detail && *s->text.detail)
			printf("      %s\n", s->text.detail);
		if (s->text.undo)
			printf(_("      undo: %s\n"), s->text.undo);
	}
	for (size_t i = 0; i < rv->n_notes; i++)
		printf(_("note: %s\n"), rv->notes[i]);
	fflush(stdout);
}

/* The files and steps of a change's review as JSON arrays, shared by setup
 * and rotate (flags: which optional fields the command has always shown). */
void setup_out_json_review(struct cmd_json *j, const struct change_review *rv, unsigned flags)
{
	cmd_json_begin_array(j, "files");
	for (size_t i = 0; i < rv->n_files; i++) {
		cmd_json_begin_object(j, NULL);
		cmd_json_string(j, "file", rv->files[i].rel);
		if (flags & SETUP_OUT_JSON_CREATED)
			cmd_json_bool(j, "created", rv->files[i].created);
		cmd_json_bool(j, "secret", rv->files[i].secret);
		cmd_json_string(j, "diff", rv->files[i].diff);
		cmd_json_end_object(j);
	}
	cmd_json_end_array(j);
	cmd_json_begin_array(j, "steps");
	long point = 0;
	for (size_t i = 0; i < rv->n_steps; i++) {
		cmd_json_begin_object(j, NULL);
		cmd_json_string(j, "title", rv->steps[i].text.title);
		if (flags & SETUP_OUT_JSON_DETAIL)
			cmd_json_string(j, "detail", rv->steps[i].text.detail);
		cmd_json_string(j, "undo", rv->steps[i].text.undo);
		cmd_json_string(j, "phase", phase_name(rv->steps[i].phase));
		cmd_json_bool(j, "reversible", rv->steps[i].reversible);
		if (cmd_hooks_enabled()) { /* test builds: the RDM_S3_FAULT_AT points of the step */
			long size = 2 + (rv->steps[i].is_files ? 2 * (long)rv->n_files + 3 : 0);
			cmd_json_begin_array(j, "fault_points");
			cmd_json_int(j, NULL, point + 1);
			cmd_json_int(j, NULL, point + size);
			cmd_json_end_array(j);
			point += size;
		}
		cmd_json_end_object(j);
	}
	cmd_json_end_array(j);
}

static void plan_json(struct cmd_json *j, const struct setup_resolved *res, const struct change *c,
		      const struct change_review *rv)
{
	cmd_json_string(j, "instance", c->instance_dir);
	cmd_json_string(j, "storage", setup_storage_name(res->storage));
	cmd_json_string(j, "endpoint", res->endpoint);
	cmd_json_string(j, "region", res->region);
	cmd_json_string(j, "region_given", res->region_given);
	cmd_json_string(j, "bucket", res->bucket);
	if (res->bucket_exists < 0)
		cmd_json_null(j, "bucket_exists");
	else
		cmd_json_bool(j, "bucket_exists", res->bucket_exists);
	cmd_json_string(j, "access_key_id", res->access_key_id);
	cmd_json_bool(j, "secret_generated", res->secret_generated);
	cmd_json_string(j, "cors_origins", res->origins);
	cmd_json_string(j, "restart_command", res->restart_command);
	cmd_json_string(j, "files_location_command", res->location_command);
	setup_out_json_review(j, rv, SETUP_OUT_JSON_CREATED | SETUP_OUT_JSON_DETAIL);
	cmd_json_begin_array(j, "notes");
	for (size_t i = 0; i < rv->n_notes; i++)
		cmd_json_string(j, NULL, rv->notes[i]);
	cmd_json_end_array(j);
}

void setup_out_plan(struct setup_out *o, const struct setup_resolved *res, const struct change *c)
{
	struct change_review rv;
	change_review_build(c, &rv);
	if (o->as_json) {
		cmd_json_init(&o->j, &o->json);
		cmd_json_begin_object(&o->j, NULL);
		cmd_json_bool(&o->j, "dry_run", o->dry_run);
		if (o->local)
			local_json(&o->j, o->local);
		plan_json(&o->j, res, c, &rv);
		/* left open: the outcome follows */
	} else if (o->g->verbosity >= 0) {
		if (o->local)
			local_text(o->local);
		plan_text(res, &rv);
		if (!o->dry_run)
			printf(_("Applying:\n"));
	}
	change_review_free(&rv);
}

void setup_out_dry_end(struct setup_out *o)
{
	if (!o->as_json)
		return;
	cmd_json_int(&o->j, "exit_code", 0);
	cmd_json_end_object(&o->j);
	fwrite(buf_str(&o->json), 1, o->json.len, stdout);
	fflush(stdout);
}

/* Nagios code of the checks, or -1 when they did not run. */
static int checks_code(const struct check_report *rep)
{
	return rep ? check_reports_exit_code(rep, 1) : -1;
}

static int end_code(const struct change_outcome *out, const struct check_report *rep)
{
	switch (out->end) {
	case CHANGE_END_DONE:
	case CHANGE_END_NOTHING:
		return checks_code(rep) >= 0 ? checks_code(rep) : RDM_EXIT_OK;
	case CHANGE_END_STOPPED:
		return RDM_EXIT_TEMPFAIL;
	default:
		return RDM_EXIT_FAILED;
	}
}

static void finish_text(struct setup_out *o, const struct change_outcome *out, const struct check_report *rep)
{
	if (rep) {
		struct buf b = BUF_INIT;
		struct report_text_options ro = { cli_use_color(o->g, 1), o->g->verbosity > 0 };
		report_text(&b, rep, 1, &ro);
		fwrite(buf_str(&b), 1, b.len, stdout);
		buf_free(&b);
	}
	switch (out->end) {
	case CHANGE_END_DONE:
		printf(_("Setup done"));
		if (out->backup_id)
			printf(_("; backup %s (`rdm-s3 undo` restores the files and undoes the server steps)"),
			       out->backup_id);
		printf(".\n");
		break;
	case CHANGE_END_NOTHING:
		printf(_("Nothing to do: the instance is set up so already.\n"));
		break;
	case CHANGE_END_STOPPED:
		printf(_("Setup stopped at \"%s\": %s\n"), out->step_title, out->remedy ? out->remedy : "");
		break;
	case CHANGE_END_ROLLED_BACK:
	case CHANGE_END_CANCELLED:
		printf(_("Setup failed at \"%s\" and was rolled back: every step done before it was undone%s.\n"),
		       out->step_title ? out->step_title : "?",
		       out->n_not_undone ? _(" (except what is listed as left above)") : "");
		break;
	case CHANGE_END_BROKEN:
		printf(_("Setup failed and could not be rolled back completely: %s\n  fix: %s\n"),
		       out->message ? out->message : "?",
		       out->remedy ? out->remedy : _("run `rdm-s3 undo` once the cause is fixed"));
		break;
	}
}

int setup_out_finish(struct setup_out *o, const struct change *c, const struct change_outcome *out)
{
	const struct check_report *rep = setup_verify_report(c);
	int code = end_code(out, rep);
	if (!o->as_json) {
		if (o->g->verbosity >= 0 || code)
			finish_text(o, out, rep);
		fflush(stdout);
		return code;
	}
	struct cmd_json *j = &o->j;
	cmd_json_begin_object(j, "outcome");
	cmd_json_string(j, "end", change_end_name(out->end));
	cmd_json_string(j, "journal", out->journal_id);
	cmd_json_string(j, "backup", out->backup_id);
	cmd_json_string(j, "failed_step", out->step_title);
	cmd_json_string(j, "message", out->message);
	cmd_json_string(j, "diagnosis", out->diagnosis);
	cmd_json_string(j, "remedy", out->remedy);
	buf_puts(&o->steps_json, o->n_step_events ? "]" : "[]");
	cmd_json_raw(j, "steps", buf_str(&o->steps_json));
	cmd_json_end_object(j);
	struct buf cj = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (rep && report_json(&cj, rep, 1, time(NULL), &err) == 0)
		cmd_json_raw(j, "checks", buf_str(&cj));
	else
		cmd_json_null(j, "checks");
	rdm_error_clear(&err);
	buf_free(&cj);
	cmd_json_int(j, "exit_code", code);
	cmd_json_end_object(j);
	fwrite(buf_str(&o->json), 1, o->json.len, stdout);
	fflush(stdout);
	return code;
}
