/* A setup engine that answers from memory (model/setup_engine.h), for the
 * wizard's tests: no server, nothing written unless a test runs the real
 * change. The survey, the buckets, the regions and the failures are set in
 * struct fake_setup before use; the draft functions and the validation
 * follow the engine's documented rules closely enough for the screens
 * (URL scheme, bucket-name rules, password length, loopback endpoint with
 * a public site). The plan is a real struct change (change_init, the file
 * plan with one edit of invenio.cfg, and named fake server steps), so the
 * review is the real change_review_build; the run reports progress through
 * the callback as the engine does and ends as the test asks. */
#ifndef RDM_TESTS_FAKE_SETUP_ENGINE_H
#define RDM_TESTS_FAKE_SETUP_ENGINE_H

#include "model/setup_engine.h"

enum fake_survey_kind {
	FAKE_FRESH_MINIO = 0, /* sample instance: MinIO with CHANGE_ME */
	FAKE_CEPH,            /* an instance on another server (Ceph RGW) */
	FAKE_AWS,             /* an instance on Amazon S3 */
};

enum fake_run_end {
	FAKE_RUN_DONE = 0,
	FAKE_RUN_FAIL_AT_RESTART, /* the restart step fails: rolled back */
};

struct fake_setup {
	enum fake_survey_kind kind;
	const char *instance_dir;
	const char *wrong_secret;  /* live_auth refuses this secret */
	const char *const *buckets; /* NULL-terminated, for live_buckets */
	const char *bucket_region; /* live_region's answer */
	int plan_fails;            /* plan_build fails with a message */
	enum fake_run_end run_end;
	int survey_fails;
	/* What the fake saw (for assertions): */
	int auth_calls, bucket_calls, region_calls, plan_calls, run_calls;
	char *last_auth_secret;    /* the secret live_auth was given */
	int fix_calls;             /* fix_build: a bucket fix is a change
	                              (create the bucket, verify); any other
	                              check has no automatic fix */
	char *last_fix_check;
	unsigned last_fix_kinds;
};

/* The table; its functions use the one struct fake_setup set here. */
extern const struct setup_engine fake_setup_engine;
void fake_setup_use(struct fake_setup *f);
void fake_setup_done(struct fake_setup *f);

#endif
