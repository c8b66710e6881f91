/* Setup's live questions (setup.h): prove a key held in memory, list the
 * buckets it sees, find a bucket's real region. Also the connections the
 * plan's probes use. */
#include "config.h"
#include "ops/setup/setup_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define LIVE_TIMEOUT_MS 10000L

int setup_conn(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_live_opts *o,
	       int given, enum conn_creds_from creds_from, struct conn *out, struct rdm_error *err)
{
	static const struct setup_live_opts none = { 0 };
	if (!o)
		o = &none;
	char *endpoint = setup_draft_endpoint(d, sv);
	memset(out, 0, sizeof *out);
	if (!endpoint) {
		rdm_error_set(err, _("no endpoint: another S3 server needs its address"));
		rdm_error_remedy(err, _("give the endpoint, e.g. --endpoint https://s3.example.org"));
		return -1;
	}
	struct s3_credentials cr = { d->access_key_id, d->secret, NULL };
	/* No secret in the draft means "keep the app's": its keys as the
	 * instance's files hold them. */
	if (given && !d->secret) {
		given = 0;
		creds_from = CONN_CREDS_APP;
	}
	struct conn_request rq = {
		.instance_dir = sv->instance_dir,
		.instance_explicit = 1,
		.endpoint = endpoint,
		.region = d->region,
		.ca_file = o->ca_file,
		.creds = given ? &cr : NULL,
		.creds_label = _("the key given to setup"),
		.creds_from = given ? CONN_CREDS_GIVEN : creds_from,
		.envp = o->envp,
		.clock_offset = o->clock_offset,
	};
	int rc = conn_resolve(&rq, out, err);
	free(endpoint);
	return rc;
}

struct s3_client *setup_client(const struct conn *c, const struct setup_live_opts *o, struct rdm_error *err)
{
	long t = o && o->timeout_ms ? o->timeout_ms : LIVE_TIMEOUT_MS;
	struct conn_client_opts co = { .connect_timeout_ms = t, .timeout_ms = t, .retry = { .max_attempts = 2 } };
	return conn_client_new(c, &co, err);
}

void setup_live_answer_free(struct setup_live_answer *a)
{
	free(a->summary);
	free(a->diagnosis);
	free(a->remedy);
	for (size_t i = 0; i < a->n_buckets; i++)
		free(a->buckets[i]);
	free(a->buckets);
	free(a->region);
	memset(a, 0, sizeof *a);
}

void setup_answer_fail(struct setup_live_answer *a, const struct s3_status *st, const char *what)
{
	char *summary = s3_status_summary(st);
	a->ok = 0;
	free(a->summary);
	a->summary = xasprintf("%s: %s", what, summary);
	free(summary);
	free(a->diagnosis);
	free(a->remedy);
	a->diagnosis = st->explanation ? xstrdup(st->explanation) : NULL;
	a->remedy = st->remedy ? xstrdup(st->remedy) : NULL;
}

static const char *server_name(enum s3_server_kind k)
{
	return k == S3_SERVER_AWS ? "Amazon S3" : k == S3_SERVER_MINIO ? "MinIO" : k == S3_SERVER_CEPH ? "Ceph RGW"
										      : _("the server");
}

/* Connection and client for the draft's in-memory key; on failure the
 * answer says why. */
static struct s3_client *live_client(const struct setup_draft *d, const struct setup_survey *sv,
				     const struct setup_live_opts *o, struct conn *c, struct setup_live_answer *a)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *cl = NULL;
	memset(a, 0, sizeof *a);
	/* No secret typed for the key the app has now: keep (and try) the
	 * app's, as the files hold it (setup_conn). */
	int keep = !d->secret && d->access_key_id && sv->access_key_id && !sv->secret_placeholder &&
		   !setup_storage_is_own_server(d->storage) && !strcmp(d->access_key_id, sv->access_key_id);
	if (!d->access_key_id || (!d->secret && !keep)) {
		a->summary = xstrdup(_("no key to try: give the access key and the secret"));
		return NULL;
	}
	if (setup_conn(d, sv, o, 1, CONN_CREDS_GIVEN, c, &err) == 0)
		cl = setup_client(c, o, &err);
	if (!cl) {
		a->summary = xstrdup(err.message ? err.message : "?");
		a->remedy = err.remedy ? xstrdup(err.remedy) : NULL;
	}
	rdm_error_clear(&err);
	return cl;
}

static int list(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_live_opts *o,
		struct setup_live_answer *out, int keep_names)
{
	struct conn c;
	struct s3_client *cl = live_client(d, sv, o, &c, out);
	if (!cl) {
		conn_free(&c);
		return 0;
	}
	struct s3_status st = S3_STATUS_INIT;
	struct s3_bucket_list l = { 0 };
	if (s3_list_buckets(cl, &l, &st) == 0) {
		out->ok = 1;
		out->server = s3_client_server_kind(cl);
		out->summary = xasprintf(l.n == 1 ? _("the key is accepted by %s; it sees %zu bucket")
					 : _("the key is accepted by %s; it sees %zu buckets"),
					 server_name(out->server), l.n);
		if (keep_names) {
			out->buckets = xcalloc(l.n + 1, sizeof *out->buckets);
			for (size_t i = 0; i < l.n; i++)
				out->buckets[out->n_buckets++] = xstrdup(l.buckets[i].name);
		}
	} else {
		out->server = s3_client_server_kind(cl);
		setup_answer_fail(out, &st, _("the key was refused"));
	}
	s3_bucket_list_free(&l);
	s3_status_clear(&st);
	s3_client_free(cl);
	conn_free(&c);
	return 0;
}

int setup_live_auth(const struct setup_draft *d, const struct setup_survey *sv, const struct setup_live_opts *o,
		    struct setup_live_answer *out)
{
	return list(d, sv, o, out, 0);
}

int setup_live_buckets(const struct setup_draft *d, const struct setup_survey *sv,
		       const struct setup_live_opts *o, struct setup_live_answer *out)
{
	return list(d, sv, o, out, 1);
}

/* HeadBucket names the region (x-amz-bucket-region) on Amazon S3, also on
 * a wrong-region 301/400; else GetBucketLocation. */
void setup_bucket_region(struct s3_client *cl, const char *bucket, struct setup_live_answer *out)
{
	struct s3_status st = S3_STATUS_INIT;
	char *region = NULL;
	if (s3_head_bucket(cl, bucket, &region, &st) == 0) {
		out->ok = 1;
		out->bucket_exists = 1;
	} else if (st.http_status == 404) {
		out->ok = 1;
		out->bucket_exists = 0;
	} else if (st.bucket_region) {
		out->ok = 1;
		out->bucket_exists = 1;
		region = xstrdup(st.bucket_region);
	} else {
		out->bucket_exists = st.http_status == 403 ? 1 : -1;
		setup_answer_fail(out, &st, _("cannot tell whether the bucket exists"));
	}
	s3_status_clear(&st);
	if (out->ok && out->bucket_exists && !region &&
	    s3_get_bucket_location(cl, bucket, &region, &st) != 0) {
		free(region);
		region = NULL;
	}
	s3_status_clear(&st);
	out->region = region;
	if (out->ok)
		out->summary = out->bucket_exists ? xasprintf(_("bucket %s exists%s%s"), bucket,
							      region ? _(" in region ") : "", region ? region : "")
						  : xasprintf(_("bucket %s does not exist yet"), bucket);
}

int setup_live_region(const struct setup_draft *d, const struct setup_survey *sv, const char *bucket,
		      const struct setup_live_opts *o, struct setup_live_answer *out)
{
	struct conn c;
	struct s3_client *cl = live_client(d, sv, o, &c, out);
	if (cl) {
		setup_bucket_region(cl, bucket, out);
		out->server = s3_client_server_kind(cl);
	}
	s3_client_free(cl);
	conn_free(&c);
	return 0;
}

int setup_live_today(const struct setup_survey *sv, const struct setup_live_opts *o, struct setup_live_answer *out)
{
	struct setup_draft d;
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *cl = NULL;
	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	if (!sv->service) {
		out->summary = xstrdup(_("the instance has no S3 server of its own"));
		return 0;
	}
	setup_draft_init(&d);
	d.storage = sv->service_kind;
	if (setup_conn(&d, sv, o, 0, CONN_CREDS_SERVER_ROOT, &c, &err) == 0)
		cl = setup_client(&c, o, &err);
	if (!cl) {
		out->summary = xstrdup(err.message ? err.message : "?");
		out->remedy = err.remedy ? xstrdup(err.remedy) : NULL;
	} else {
		struct s3_status st = S3_STATUS_INIT;
		struct s3_bucket_list l = { 0 };
		out->ok = s3_list_buckets(cl, &l, &st) == 0;
		out->server = s3_client_server_kind(cl);
		if (out->ok)
			out->summary = xasprintf(_("%s accepts the root user %s that the instance's files hold"),
						 server_name(out->server), sv->root_user ? sv->root_user : "?");
		else
			setup_answer_fail(out, &st, _("the root credentials in the instance's files were refused"));
		s3_bucket_list_free(&l);
		s3_status_clear(&st);
	}
	s3_client_free(cl);
	conn_free(&c);
	setup_draft_free(&d);
	rdm_error_clear(&err);
	return 0;
}
