/* setup_engine_real: the engine's own functions (ops/setup, ops/change) in
 * the table the wizard uses (see setup_engine.h). */
#include "config.h"
#include "model/setup_engine.h"

#include "ops/fix/fix.h"

const struct setup_engine setup_engine_real = {
	.survey_read = setup_survey_read,
	.survey_free = setup_survey_free,
	.draft_init = setup_draft_init,
	.draft_free = setup_draft_free,
	.draft_set = setup_draft_set,
	.draft_set_secret = setup_draft_set_secret,
	.draft_add_origin = setup_draft_add_origin,
	.draft_clear_origins = setup_draft_clear_origins,
	.draft_generate_secret = setup_draft_generate_secret,
	.draft_defaults = setup_draft_defaults,
	.field_validate = setup_field_validate,
	.field_check_free = setup_field_check_free,
	.storage_summary = setup_storage_summary,
	.storage_is_own_server = setup_storage_is_own_server,
	.live_auth = setup_live_auth,
	.live_buckets = setup_live_buckets,
	.live_region = setup_live_region,
	.live_answer_free = setup_live_answer_free,
	.plan_build = setup_plan_build,
	.resolved_free = setup_resolved_free,
	.review_build = change_review_build,
	.review_free = change_review_free,
	.run = change_run,
	.outcome_free = change_outcome_free,
	.verify_report = setup_verify_report,
	.change_free = change_free,
	.fix_build = fix_plan_build,
};
