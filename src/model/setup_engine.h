/* The setup engine as the wizard sees it: every call of ops/setup/setup.h
 * and the change engine (ops/change/change.h) the wizard model and its
 * screens make, as one table of functions (like struct check_probe for
 * the checks). The front end passes setup_engine_real (the engine itself,
 * tui/wizard/wizard_engine.c); tests pass a fake that answers from memory,
 * so every step of the wizard is tested without a server or a terminal.
 *
 * Threads: the calls marked (worker) may block on the network and are only
 * made by jobs on the worker, with copies of the draft and survey they own;
 * the others only read memory or the instance's files and are made by the
 * screen's thread. Ownership is the engine's: every out-parameter is freed
 * with the matching *_free of this table. */
#ifndef RDM_MODEL_SETUP_ENGINE_H
#define RDM_MODEL_SETUP_ENGINE_H

#include "ops/change/change.h"
#include "ops/setup/setup.h"

struct setup_engine {
	/* the survey (files only) */
	int (*survey_read)(const char *instance_dir, char *const *envp, struct setup_survey *out,
			   struct rdm_error *err);
	void (*survey_free)(struct setup_survey *sv);
	/* the draft (memory) */
	void (*draft_init)(struct setup_draft *d);
	void (*draft_free)(struct setup_draft *d);
	void (*draft_set)(char **field, const char *value);
	void (*draft_set_secret)(struct setup_draft *d, const char *secret);
	void (*draft_add_origin)(struct setup_draft *d, const char *origin);
	void (*draft_clear_origins)(struct setup_draft *d);
	int (*draft_generate_secret)(struct setup_draft *d, struct rdm_error *err);
	void (*draft_defaults)(struct setup_draft *d, const struct setup_survey *sv);
	enum setup_level (*field_validate)(const struct setup_draft *d, const struct setup_survey *sv,
					   enum setup_field f, struct setup_field_check *fc);
	void (*field_check_free)(struct setup_field_check *fc);
	const char *(*storage_summary)(enum setup_storage s);
	int (*storage_is_own_server)(enum setup_storage s);
	/* live questions (worker) */
	int (*live_auth)(const struct setup_draft *d, const struct setup_survey *sv,
			 const struct setup_live_opts *o, struct setup_live_answer *out);
	int (*live_buckets)(const struct setup_draft *d, const struct setup_survey *sv,
			    const struct setup_live_opts *o, struct setup_live_answer *out);
	int (*live_region)(const struct setup_draft *d, const struct setup_survey *sv, const char *bucket,
			   const struct setup_live_opts *o, struct setup_live_answer *out);
	void (*live_answer_free)(struct setup_live_answer *a);
	/* the plan (worker: it asks the server), its review (memory) */
	int (*plan_build)(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
			  struct change *c, struct setup_resolved *res, struct rdm_error *err);
	void (*resolved_free)(struct setup_resolved *r);
	void (*review_build)(const struct change *c, struct change_review *out);
	void (*review_free)(struct change_review *r);
	/* applying it (worker) */
	int (*run)(struct change *c, const struct change_run_opts *o, struct change_outcome *out,
		   struct rdm_error *err);
	void (*outcome_free)(struct change_outcome *o);
	const struct check_report *(*verify_report)(const struct change *c);
	void (*change_free)(struct change *c);
	/* the dashboard's fixes (worker: it asks the server): ops/fix/fix.h's
	 * fix_plan_build. 0 the change; 1 no automatic fix (err says why);
	 * -1 err. NULL: the engine has none (the dashboard offers no fix). */
	int (*fix_build)(const char *check_id, unsigned fixes, const struct setup_survey *sv,
			 const struct setup_opts *o, struct change *c, struct rdm_error *err);
};

/* The engine itself (ops/setup, ops/change). */
extern const struct setup_engine setup_engine_real;

#endif
