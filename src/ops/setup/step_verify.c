/* setup-verify: the health checks on the instance as the change left it
 * (the same live probe as `rdm-s3 check`). Advisory: what the checks find
 * is reported, the change stays (they say how to fix it). */
#include "config.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check_live.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct verify_step {
	char *bucket;
	struct check_report report; /* of the last run; not journaled */
	int have_report;
};

void *setup_verify_new(const char *bucket)
{
	struct verify_step *p = xcalloc(1, sizeof *p);
	p->bucket = bucket ? xstrdup(bucket) : NULL;
	return p;
}

static void verify_free(void *data)
{
	struct verify_step *p = data;
	if (p->have_report)
		check_report_clear(&p->report);
	free(p->bucket);
	free(p);
}

const struct check_report *setup_verify_data_report(const void *data)
{
	const struct verify_step *p = data;
	return p && p->have_report ? &p->report : NULL;
}

/* "bucket: ...; cors: ..." for the checks that are not fine. */
static char *findings(const struct check_report *rep)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < rep->n; i++) {
		const struct check_result *c = &rep->results[i];
		if (c->status == CHECK_CRIT || c->status == CHECK_WARN || c->status == CHECK_UNKNOWN)
			buf_printf(&b, "%s%s %s: %s", b.len ? "; " : "", check_status_label(c->status), c->id, c->message);
	}
	return b.data ? buf_detach(&b) : NULL;
}

static int verify_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct verify_step *p = s->data;
	struct check_live_options o = { .instance_dir = ctx->instance_dir, .path_style = -1, .ca_file = ctx->ca_file,
					.timeout_ms = ctx->timeout_ms };
	struct rdm_error err = RDM_ERROR_INIT;
	struct check_probe *probe = check_live_probe_new(&o, &err);
	struct check_selection sel = { 0 };
	if (p->have_report)
		check_report_clear(&p->report);
	p->have_report = 0;
	if (probe) {
		check_live_probe_set_clock_offset(probe, ctx->clock_offset);
		p->have_report = check_run(check_table, &sel, probe, ctx->instance_dir, &p->report, &err) == 0;
		check_live_probe_free(probe);
	}
	if (!p->have_report) {
		change_step_result_fail(r, err.message, err.remedy, _("the health checks could not run"));
		rdm_error_clear(&err);
		return -1;
	}
	size_t counts[CHECK_STATUS_COUNT];
	check_report_count(&p->report, counts);
	enum check_status worst = check_report_worst(&p->report);
	char *what = findings(&p->report);
	if (worst == CHECK_CRIT || worst == CHECK_UNKNOWN) {
		change_step_result_fail(r, what, _("see the checks below (`rdm-s3 check` shows them again)"),
					_("checks: %zu ok, %zu warning, %zu critical, %zu unknown"), counts[CHECK_OK],
					counts[CHECK_WARN], counts[CHECK_CRIT], counts[CHECK_UNKNOWN]);
		free(what);
		return -1;
	}
	if (what)
		change_step_result_set(r, _("checks: %zu ok, %zu warning (%s)"), counts[CHECK_OK], counts[CHECK_WARN], what);
	else
		change_step_result_set(r, _("checks: %zu ok, %zu info, %zu skipped"), counts[CHECK_OK],
				       counts[CHECK_INFO], counts[CHECK_SKIPPED]);
	free(what);
	return 0;
}

static void verify_describe(const struct change_step *s, struct change_step_text *t)
{
	(void)s;
	t->title = xstrdup(_("verify with the health checks"));
	t->detail = xstrdup(_("what `rdm-s3 check` runs: authentication, bucket, region, CORS, presigned GET, "
			      "canary upload ..."));
	t->undo = xstrdup(_("changes nothing"));
}

static void verify_save(const struct change_step *s, struct change_fields *f)
{
	const struct verify_step *p = s->data;
	change_fields_add(f, "bucket", p->bucket);
}

static int verify_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	(void)err;
	s->data = setup_verify_new(change_fields_get(f, "bucket"));
	return 0;
}

const struct change_step_type setup_step_verify = {
	.kind = "setup-verify",
	.flags = CHANGE_STEP_ADVISORY,
	.run = verify_run,
	.verify = NULL,
	.undo = NULL,
	.describe = verify_describe,
	.save = verify_save,
	.load = verify_load,
	.free_data = verify_free,
};
