/* What `rdm-s3 rotate` prints: the key today, the plan, each step as it
 * completes (setup's progress lines), the outcome; or one --json object. */
#include "config.h"
#include "cmd_rotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_json.h"
#include "util/i18n.h"

static void plan_text(const struct rotate_survey *sv, const struct rotate_resolved *res,
		      const struct change_review *rv)
{
	struct buf b = BUF_INIT;
	rotate_review_text(sv, res, rv, &b);
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
}

static void plan_json(struct cmd_json *j, const struct rotate_survey *sv, const struct rotate_resolved *res,
		      const struct change_review *rv)
{
	cmd_json_string(j, "instance", sv->instance_dir);
	cmd_json_string(j, "kind", rotate_kind_name(sv->kind));
	cmd_json_string(j, "server", sv->server_name);
	cmd_json_string(j, "endpoint", sv->endpoint);
	cmd_json_string(j, "bucket", sv->bucket);
	cmd_json_string(j, "access_key_id", sv->access_key_id);
	cmd_json_string(j, "access_key_source", sv->access_key_source);
	cmd_json_string(j, "owner", sv->owner);
	cmd_json_string(j, "age", sv->age);
	cmd_json_string(j, "admin_credentials", sv->admin_source);
	cmd_json_string(j, "new_access_key_id", res->new_access_key_id);
	cmd_json_string(j, "restart_command", res->restart_command);
	setup_out_json_review(j, rv, 0);
}

void rotate_out_plan(struct setup_out *o, const struct rotate_survey *sv, const struct rotate_resolved *res,
		     const struct change *c)
{
	struct change_review rv;
	change_review_build(c, &rv);
	if (o->as_json) {
		cmd_json_init(&o->j, &o->json);
		cmd_json_begin_object(&o->j, NULL);
		cmd_json_bool(&o->j, "dry_run", o->dry_run);
		plan_json(&o->j, sv, res, &rv);
	} else if (o->g->verbosity >= 0) {
		plan_text(sv, res, &rv);
		if (!o->dry_run)
			printf(_("Applying:\n"));
	}
	fflush(stdout);
	change_review_free(&rv);
}

static int end_code(const struct change_outcome *out)
{
	switch (out->end) {
	case CHANGE_END_DONE:
		return out->n_advisory_failed ? RDM_EXIT_FAILED : RDM_EXIT_OK;
	case CHANGE_END_NOTHING:
		return RDM_EXIT_OK;
	case CHANGE_END_STOPPED:
		return RDM_EXIT_TEMPFAIL;
	default:
		return RDM_EXIT_FAILED;
	}
}

static void finish_text(const struct change_outcome *out)
{
	switch (out->end) {
	case CHANGE_END_DONE:
		if (out->n_advisory_failed)
			printf(_("Rotation written, but the old key is not proven refused (see above): the app works with "
				 "the new key; revoke the old one on the server.\n"));
		else
			printf(_("Rotation done: the new key is proven and written, the old one is revoked and refused"));
		if (!out->n_advisory_failed && out->backup_id)
			printf(_("; backup %s"), out->backup_id);
		if (!out->n_advisory_failed)
			printf(".\n");
		break;
	case CHANGE_END_NOTHING:
		printf(_("Nothing to do.\n"));
		break;
	case CHANGE_END_STOPPED:
		printf(_("Rotation stopped at \"%s\": %s\n"), out->step_title, out->remedy ? out->remedy : "");
		break;
	case CHANGE_END_ROLLED_BACK:
	case CHANGE_END_CANCELLED:
		printf(_("Rotation failed at \"%s\" and was rolled back: every step done before it was undone%s; the "
			 "old key works as before.\n"),
		       out->step_title ? out->step_title : "?",
		       out->n_not_undone ? _(" (except what is listed as left above)") : "");
		break;
	case CHANGE_END_BROKEN:
		printf(_("Rotation failed and could not be rolled back completely: %s\n  fix: %s\n"),
		       out->message ? out->message : "?",
		       out->remedy ? out->remedy : _("run `rdm-s3 undo` once the cause is fixed"));
		break;
	}
}

int rotate_out_finish(struct setup_out *o, const struct change_outcome *out)
{
	int code = end_code(out);
	if (!o->as_json) {
		if (o->g->verbosity >= 0 || code)
			finish_text(out);
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
	cmd_json_int(j, "advisory_failed", (long long)out->n_advisory_failed);
	buf_puts(&o->steps_json, o->n_step_events ? "]" : "[]");
	cmd_json_raw(j, "steps", buf_str(&o->steps_json));
	cmd_json_end_object(j);
	cmd_json_int(j, "exit_code", code);
	cmd_json_end_object(j);
	fwrite(buf_str(&o->json), 1, o->json.len, stdout);
	fflush(stdout);
	return code;
}
