/* Asking the server before planning (setup_probe.h). */
#include "config.h"
#include "ops/setup/setup_probe.h"
#include "ops/setup/setup_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

void setup_probe_free(struct setup_probe *p)
{
	free(p->bucket_region);
	free(p->cors_previous);
	memset(p, 0, sizeof *p);
}

/* A refusal that only means "not allowed to list every bucket" (an IAM key
 * limited to the instance's bucket): the key itself was accepted. */
static int only_not_allowed(const struct s3_status *st)
{
	return st->http_status == 403 && st->code && !strcmp(st->code, "AccessDenied");
}

static int refused(const struct s3_status *st, const char *what, struct rdm_error *err)
{
	char *summary = s3_status_summary(st);
	rdm_error_set(err, "%s: %s", what, st->explanation ? st->explanation : summary);
	if (st->remedy)
		rdm_error_remedy(err, "%s", st->remedy);
	free(summary);
	return -1;
}

static void previous_cors(struct s3_client *cl, const char *bucket, struct setup_probe *p)
{
	struct s3_cors c = S3_CORS_INIT;
	struct s3_status st = S3_STATUS_INIT;
	if (s3_get_bucket_cors(cl, bucket, &c, &st) == 0) {
		struct buf b = BUF_INIT;
		s3_cors_to_json(&c, S3_CORS_JSON_ARRAY, &b);
		p->cors_previous = buf_detach(&b);
	}
	s3_cors_free(&c);
	s3_status_clear(&st);
}

/* The bucket on a client that works: there? where? its rules? */
static void bucket_facts(struct s3_client *cl, const struct setup_draft *d, struct setup_probe *p, int want_cors)
{
	struct setup_live_answer a;
	memset(&a, 0, sizeof a);
	setup_bucket_region(cl, d->bucket, &a);
	p->bucket_exists = a.ok ? a.bucket_exists : -1;
	p->bucket_region = a.region;
	a.region = NULL;
	setup_live_answer_free(&a);
	if (want_cors && p->bucket_exists == 1)
		previous_cors(cl, d->bucket, p);
}

/* The instance's own server: today's root credentials; the new ones only
 * work after the restart. Nothing here fails the plan: MinIO may be down. */
static int probe_own(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		     struct setup_probe *p)
{
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *cl = NULL;
	p->bucket_exists = -1;
	if (setup_conn(d, sv, &o->live, 0, CONN_CREDS_SERVER_ROOT, &c, &err) == 0 && c.access_key_id)
		cl = setup_client(&c, &o->live, &err);
	if (cl) {
		struct s3_status st = S3_STATUS_INIT;
		struct s3_bucket_list l = { 0 };
		p->today_ok = s3_list_buckets(cl, &l, &st) == 0;
		p->server = s3_client_server_kind(cl);
		s3_bucket_list_free(&l);
		s3_status_clear(&st);
		if (p->today_ok)
			bucket_facts(cl, d, p, 0);
	}
	s3_client_free(cl);
	conn_free(&c);
	rdm_error_clear(&err);
	return 0;
}

static int probe_given(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		       struct setup_probe *p, struct rdm_error *err)
{
	struct conn c;
	struct s3_client *cl = NULL;
	if (setup_conn(d, sv, &o->live, 1, CONN_CREDS_GIVEN, &c, err) != 0)
		return -1;
	cl = setup_client(&c, &o->live, err);
	conn_free(&c);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	struct s3_bucket_list l = { 0 };
	int rc = 0;
	if (s3_list_buckets(cl, &l, &st) == 0 || only_not_allowed(&st)) {
		p->given_ok = 1;
		p->server = s3_client_server_kind(cl);
		bucket_facts(cl, d, p, 1);
	} else {
		rc = refused(&st, _("the key was not accepted, so nothing was written"), err);
	}
	s3_bucket_list_free(&l);
	s3_status_clear(&st);
	s3_client_free(cl);
	return rc;
}

int setup_probe_run(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_opts *o,
		    struct setup_probe *p, struct rdm_error *err)
{
	memset(p, 0, sizeof *p);
	p->bucket_exists = -1;
	if (!o->probe)
		return 0;
	p->asked = 1;
	if (setup_storage_is_own_server(d->storage))
		return probe_own(d, sv, o, p);
	return probe_given(d, sv, o, p, err);
}
