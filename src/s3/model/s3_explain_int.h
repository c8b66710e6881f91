/* Internal to s3_explain*.c: the context every explainer sees. */
#ifndef RDM_S3_S3_EXPLAIN_INT_H
#define RDM_S3_S3_EXPLAIN_INT_H
#include "s3/model/s3_error.h"

/* What an explainer knows, with defaults filled in so that every text reads
 * well even without context. */
struct why {
	struct s3_status *st;
	enum s3_server_kind server;
	const char *op, *bucket, *host, *region;
	const char *creds_source; /* NULL when not known */
	int have_bucket; /* bucket came from the context, not a placeholder */
};

/* Sets explanation and remedy (taking ownership; remedy may be NULL). */
void s3_explain_say(struct why *w, char *text, char *fix);
/* Transport failures (no HTTP answer). */
void s3_explain_transport(struct why *w);

#endif
