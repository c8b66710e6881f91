/* What setup asks the server before it plans (ops/setup, internal): do the
 * credentials work, is the bucket there, in which region, with which CORS
 * rules. Refused credentials and unreachable servers fail the plan, so
 * nothing is written for a key that does not work. */
#ifndef RDM_OPS_SETUP_PROBE_H
#define RDM_OPS_SETUP_PROBE_H

#include "ops/setup/setup.h"
#include "s3/model/s3_error.h"

struct setup_probe {
	int asked;              /* 0: planned offline (nothing known) */
	int today_ok;           /* own server: its root credentials as the files
	                           say today are accepted at the endpoint */
	int given_ok;           /* the draft's key is accepted */
	int bucket_exists;      /* 1, 0, -1 unknown */
	char *bucket_region;    /* the bucket's real region, or NULL */
	char *cors_previous;    /* its CORS rules (JSON) before, NULL: none */
	enum s3_server_kind server;
};

/* Ask. d is the draft as planned (its region may be replaced by the
 * bucket's real one afterwards). Returns 0, or -1 with err (the draft's key
 * refused, the server unreachable): the plan stops there. */
int setup_probe_run(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		    struct setup_probe *p, struct rdm_error *err);
void setup_probe_free(struct setup_probe *p);

#endif
