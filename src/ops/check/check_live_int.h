/* Internal to check_live*.c: the state of one run of the live probe and
 * the three fact gatherers (instance, network probes, S3 requests). */
#ifndef RDM_OPS_CHECK_LIVE_INT_H
#define RDM_OPS_CHECK_LIVE_INT_H
#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "ops/check/check_facts.h"
#include "s3/client.h"
#include "s3/probe/probe.h"

/* Strings the facts point to, freed together at the end of a run. */
struct live_strings {
	char **v;
	size_t n, cap;
};
/* Keeps s (may be NULL) and returns it. */
char *live_keep(struct live_strings *ls, char *s);
void live_strings_free(struct live_strings *ls);

/* --- the instance (check_live_instance.c) ----------------------------- */
struct live_instance {
	int loaded;                 /* settings valid */
	struct instance inst;
	struct settings settings;
	struct check_config_problem *problems;
	struct check_file_mode *files;
	struct live_strings strings;
};

/* Reads dir (NULL: no instance, found = 0) into out, which points into li.
 * Never fails: a file that cannot be read is out->load_error. */
void live_instance_read(struct live_instance *li, const char *dir,
			struct check_instance_facts *out);
void live_instance_free(struct live_instance *li);
/* A setting of the loaded instance as check facts carry it (value NULL
 * when unset; where allocated into li's strings). */
struct check_setting live_instance_setting(struct live_instance *li, enum setting_id id);

/* --- the network probes (check_live_net.c) ---------------------------- */
struct live_net {
	struct probe_run *run;        /* NULL: nothing started */
	unsigned kinds;               /* PROBE_* asked for */
	long clock_offset;
	struct s3_status live, ready; /* MinIO health as statuses */
};

/* Starts the probes the needs ask for against ep. Returns 0; -1 (err set)
 * only when the probe machinery cannot start at all. */
int live_net_start(struct live_net *n, const struct s3_endpoint *ep, unsigned needs,
		   const char *ca_file, long timeout_ms, struct rdm_error *err);
/* Waits for the probes behind needs and fills their facts. */
void live_net_gather(struct live_net *n, unsigned needs, struct check_facts *f);
void live_net_free(struct live_net *n);

/* --- the S3 requests (check_live_s3.c) -------------------------------- */
struct live_s3_input {
	struct s3_client *client; /* borrowed; used only by the thread until joined */
	const char *bucket;       /* NULL: no bucket-level request */
	const char *origin;       /* NULL: no CORS preflight */
	int have_creds;           /* 0: only the anonymous preflights */
	unsigned needs;
	long url_expiry;          /* presigned URL lifetime, seconds */
	const char *cors_rules;   /* S3_BUCKET_CORS_RULES as written, or NULL */
};

struct live_s3 {
	struct live_s3_input in;
	pthread_t thread;
	int started, joined;
	/* Results, owned here; the facts borrow them. */
	struct check_auth_facts auth;
	struct check_bucket_facts bucket;
	struct check_region_facts region;
	struct check_cors_facts cors;
	struct check_presign_facts presign;
	struct check_canary_facts canary;
	enum check_server server; /* what the answers say; UNKNOWN if nothing */
	struct live_strings strings;
};

/* Starts the requests on a thread. Returns 0, or -1 with err set when the
 * thread cannot start. */
int live_s3_start(struct live_s3 *s, const struct live_s3_input *in, struct rdm_error *err);
/* Waits for the thread (once) and copies the facts behind needs. */
void live_s3_gather(struct live_s3 *s, unsigned needs, struct check_facts *f);
void live_s3_free(struct live_s3 *s); /* joins first when still running */

/* S3_BUCKET_CORS_RULES (setting, a Python literal) against the bucket's
 * GetBucketCors answer: a sentence saying how they differ (allocated), or
 * NULL when they agree or the answer tells nothing (check_cors_drift.c). */
char *check_cors_rules_drift(const char *setting, const struct s3_status *st, const char *body, size_t len);

#endif
