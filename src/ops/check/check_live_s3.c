/* The live probe's S3 facts, gathered on a thread of their own so that the
 * network probes (stepped by the caller) and the S3 requests run at once.
 * Three rounds, each sent concurrently (curl multi, s3_op_run_many):
 *   1. ListBuckets (auth), HeadBucket (bucket), GetBucketLocation (region),
 *      the GET and PUT CORS preflights, GetBucketCors when
 *      S3_BUCKET_CORS_RULES is written (to compare), the canary PUT (or,
 *      read-only, the presigned GET of an absent key), and when the app
 *      leaves botocore's checksums on, a second canary PUT sent the way
 *      botocore sends it;
 *   2. the canary GET (with Origin, to see the exposed headers) and the
 *      presigned GET of the canary;
 *   3. the canary DELETE (both canaries).
 * A later round runs only when the canary PUT succeeded. The facts are
 * speculative: the runner reads only those of the checks that run. The
 * latency of a request is its own, as the transport measured it (the
 * round's wall time when the transport could not tell). */
#include "config.h"
#include "ops/check/check_live_int.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ops/check/check_util.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define MAX_OPS 8

enum op_role { R_LIST, R_HEAD, R_LOCATION, R_PRE_GET, R_PRE_PUT, R_PUT, R_GET, R_PRESIGN, R_DELETE,
	       R_CORS_RULES, R_BOTO_PUT, R_BOTO_DELETE };

/* One round of concurrent requests. */
struct round {
	struct s3_op ops[MAX_OPS];
	struct s3_status sts[MAX_OPS];
	enum op_role role[MAX_OPS];
	int prepared[MAX_OPS];
	size_t n;
	double seconds;
};

struct s3_run {
	struct live_s3 *s;
	char *key;
	char *boto_key; /* the canary uploaded the way botocore does */
	struct buf body; /* the canary's bytes */
	char *presigned;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void round_add(struct round *r, struct live_s3 *s, enum op_role role,
		      const struct s3_op_spec *spec)
{
	if (r->n >= MAX_OPS) /* a round holds at most MAX_OPS requests */
		return;
	size_t i = r->n++;
	r->role[i] = role;
	r->prepared[i] = s3_op_prepare(s->in.client, spec, &r->ops[i], &r->sts[i]) == 0;
}

/* Sends the prepared ops together; the unprepared keep their status. */
static void round_run(struct round *r, struct live_s3 *s)
{
	struct s3_op ops[MAX_OPS];
	struct s3_status sts[MAX_OPS];
	size_t map[MAX_OPS], m = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->prepared[i]) {
			map[m] = i;
			ops[m] = r->ops[i];
			memset(&sts[m], 0, sizeof sts[m]);
			m++;
		}
	double t0 = now_seconds();
	s3_op_run_many(s->in.client, ops, m, sts);
	r->seconds = now_seconds() - t0;
	for (size_t j = 0; j < m; j++) {
		size_t i = map[j];
		r->ops[i] = ops[j];
		s3_status_clear(&r->sts[i]);
		r->sts[i] = sts[j];
		enum check_server k = live_server_from_answer(&r->ops[i].resp);
		if (k != CHECK_SERVER_UNKNOWN)
			s->server = k;
	}
}

static void round_free(struct round *r)
{
	for (size_t i = 0; i < r->n; i++) {
		s3_op_free(&r->ops[i]);
		s3_status_clear(&r->sts[i]);
	}
	memset(r, 0, sizeof *r);
}

/* Hands a status over from the round to a fact (the round's copy is
 * zeroed so that round_free leaves it alone). */
static struct s3_status take_status(struct round *r, size_t i)
{
	struct s3_status st = r->sts[i];
	memset(&r->sts[i], 0, sizeof r->sts[i]);
	return st;
}

static char *header_copy(struct live_s3 *s, const struct s3_op *op, const char *name)
{
	const char *v = s3_http_response_header(&op->resp, name);
	return v ? live_keep(&s->strings, xstrdup(v)) : NULL;
}

/* The PUT preflight asks for the uploader's headers, as Chromium does. */
static void add_preflight(struct round *r, struct live_s3 *s, enum op_role role, const char *key,
			  const char *method)
{
	struct s3_http_header h[3] = { { "Origin", s->in.origin },
				       { "Access-Control-Request-Method", method },
				       { "Access-Control-Request-Headers", CHECK_UPLOAD_HEADERS } };
	struct s3_op_spec spec = { .operation = _("CORS preflight"), .method = "OPTIONS",
				   .bucket = s->in.bucket, .key = key, .headers = h,
				   .n_headers = strcmp(method, "PUT") ? 2 : 3, .anonymous = 1 };
	round_add(r, s, role, &spec);
}

static void add_presigned_get(struct round *r, struct s3_run *run, const char *key)
{
	struct live_s3 *s = run->s;
	struct rdm_error err = RDM_ERROR_INIT;
	free(run->presigned);
	run->presigned = NULL;
	if (s3_presign_get(s->in.client, s->in.bucket, key, s->in.url_expiry, &run->presigned,
			   &err) != 0) {
		/* Not signable: report it as the presign fact's failure. */
		size_t i = r->n++;
		r->role[i] = R_PRESIGN;
		r->sts[i].transport = S3_TRANSPORT_OTHER;
		r->sts[i].transport_detail = xstrdup(err.message ? err.message : _("cannot presign"));
		rdm_error_clear(&err);
		return;
	}
	struct check_url u;
	if (check_url_split(run->presigned, &u) == 0) {
		s->presign.url_host = live_keep(&s->strings, u.host);
		u.host = NULL;
		check_url_clear(&u);
	}
	struct s3_op_spec spec = { .operation = "presigned GET", .method = "GET",
				   .bucket = s->in.bucket, .key = key, .raw_url = run->presigned };
	round_add(r, s, R_PRESIGN, &spec);
}

/* Round 1: everything that does not depend on another answer. */
static void round_one(struct round *r, struct s3_run *run)
{
	struct live_s3 *s = run->s;
	unsigned needs = s->in.needs;
	static const struct sigv4_param location = { "location", "" };
	int creds = s->in.have_creds, bucket = s->in.bucket != NULL;
	if (creds && (needs & CHECK_NEED_AUTH)) {
		struct s3_op_spec spec = { .operation = "ListBuckets", .method = "GET" };
		round_add(r, s, R_LIST, &spec);
	}
	if (creds && bucket && (needs & CHECK_NEED_BUCKET)) {
		struct s3_op_spec spec = { .operation = "HeadBucket", .method = "HEAD",
					   .bucket = s->in.bucket };
		round_add(r, s, R_HEAD, &spec);
	}
	if (creds && bucket && (needs & CHECK_NEED_REGION)) {
		struct s3_op_spec spec = { .operation = "GetBucketLocation", .method = "GET",
					   .bucket = s->in.bucket, .params = &location, .n_params = 1 };
		round_add(r, s, R_LOCATION, &spec);
	}
	if (bucket && s->in.origin && (needs & CHECK_NEED_CORS)) {
		add_preflight(r, s, R_PRE_GET, run->key, "GET");
		add_preflight(r, s, R_PRE_PUT, run->key, "PUT");
	}
	if (creds && bucket && s->in.cors_rules && (needs & CHECK_NEED_CORS)) {
		static const struct sigv4_param cors = { "cors", "" };
		struct s3_op_spec spec = { .operation = "GetBucketCors", .method = "GET",
					   .bucket = s->in.bucket, .params = &cors, .n_params = 1 };
		round_add(r, s, R_CORS_RULES, &spec);
	}
	if (creds && bucket && (needs & CHECK_NEED_CANARY)) {
		/* With Origin, as a browser's part upload: the answer carries the
		 * CORS headers browsers read (MinIO sends ExposeHeaders only there). */
		struct s3_http_header h[2] = { { "Content-Type", "text/plain" }, { "Origin", s->in.origin } };
		struct s3_op_spec spec = { .operation = "PutObject", .method = "PUT",
					   .bucket = s->in.bucket, .key = run->key, .headers = h,
					   .n_headers = s->in.origin ? 2 : 1, .body = run->body.data,
					   .body_len = run->body.len };
		round_add(r, s, R_PUT, &spec);
	} else if (creds && bucket && (needs & CHECK_NEED_PRESIGN)) {
		add_presigned_get(r, run, run->key); /* absent: NoSuchKey proves the signature */
	}
	if (creds && bucket && (needs & CHECK_NEED_CANARY) && s->in.boto_canary) {
		struct s3_op_spec spec = { .operation = _("PutObject (as botocore sends it)"), .method = "PUT",
					   .bucket = s->in.bucket, .key = run->boto_key, .body = run->body.data,
					   .body_len = run->body.len, .boto_checksum = 1 };
		s->canary.boto_style = s->in.https ? _("Content-Encoding: aws-chunked with an x-amz-checksum-crc32 "
						     "trailer, chunked transfer, over https")
						   : _("an x-amz-checksum-crc32 header, over http");
		round_add(r, s, R_BOTO_PUT, &spec);
	}
}

/* The request's own time; the round's when the transport did not say. */
static double op_seconds(const struct round *r, size_t i)
{
	double t = r->ops[i].resp.seconds;
	return r->prepared[i] && t >= 0 ? t : r->seconds;
}

static void note_call(struct check_s3_call *call, struct round *r, size_t i)
{
	call->done = 1;
	call->latency = op_seconds(r, i);
	call->status = take_status(r, i);
}

static void take_list(struct live_s3 *s, struct round *r, size_t i)
{
	s->auth.present = 1;
	s->auth.latency = op_seconds(r, i);
	s->auth.operation = "ListBuckets";
	if (s3_status_ok(&r->sts[i]) && s->in.bucket) {
		struct s3_bucket_list l;
		struct rdm_error err = RDM_ERROR_INIT;
		const struct buf *b = &r->ops[i].resp.body;
		if (s3_xml_parse_bucket_list(b->data ? b->data : "", b->len, &l, &err) == 0) {
			s->bucket.owned = 0;
			for (size_t k = 0; k < l.n; k++)
				if (l.buckets[k].name && strcmp(l.buckets[k].name, s->in.bucket) == 0)
					s->bucket.owned = 1;
			s3_bucket_list_free(&l);
		}
		rdm_error_clear(&err);
	}
	s->auth.status = take_status(r, i);
}

static void take_location(struct live_s3 *s, struct round *r, size_t i)
{
	s->region.present = 1;
	s->region.latency = op_seconds(r, i);
	if (s3_status_ok(&r->sts[i])) {
		char *region = NULL;
		struct rdm_error err = RDM_ERROR_INIT;
		const struct buf *b = &r->ops[i].resp.body;
		const char *text = b->data ? b->data : "";
		if (s3_xml_parse_location(text, b->len, &region, &err) == 0) {
			/* The facts want the LocationConstraint as sent: the parser
			 * maps an empty one to us-east-1, which the text then lacks. */
			if (strcmp(region, "us-east-1") == 0 && !strstr(text, "us-east-1"))
				region[0] = '\0';
			s->region.location = live_keep(&s->strings, region);
		}
		rdm_error_clear(&err);
	}
	s->region.status = take_status(r, i);
}

static void take_preflight(struct live_s3 *s, struct round *r, size_t i, struct check_preflight *p)
{
	const struct s3_op *op = &r->ops[i];
	/* both preflights: the check took as long as the slower one */
	double t = op_seconds(r, i);
	if (!s->cors.present || t > s->cors.latency)
		s->cors.latency = t;
	s->cors.present = 1;
	if (!s->cors.url && op->url.data)
		s->cors.url = live_keep(&s->strings, xstrdup(op->url.data));
	p->done = 1;
	p->allow_origin = header_copy(s, op, "Access-Control-Allow-Origin");
	p->allow_methods = header_copy(s, op, "Access-Control-Allow-Methods");
	p->allow_headers = header_copy(s, op, "Access-Control-Allow-Headers");
	p->expose_headers = header_copy(s, op, "Access-Control-Expose-Headers");
	p->expose_known = p->expose_headers != NULL;
	p->status = take_status(r, i);
}

static void take_presign(struct s3_run *run, struct round *r, size_t i)
{
	struct live_s3 *s = run->s;
	s->presign.present = 1;
	s->presign.latency = op_seconds(r, i);
	s->presign.object_expected = s->canary.put.done && s3_status_ok(&s->canary.put.status);
	s->presign.body_matches = -1;
	if (s3_status_ok(&r->sts[i]) && s->presign.object_expected) {
		const struct buf *b = &r->ops[i].resp.body;
		s->presign.body_matches = b->len == run->body.len &&
					  memcmp(b->data, run->body.data, b->len) == 0;
	}
	s->presign.status = take_status(r, i);
}

/* The CORS headers of the answer to a request sent with Origin. */
static void take_actual(struct live_s3 *s, const struct s3_op *op, struct check_preflight *p)
{
	if (!s->in.origin || op->resp.transport != S3_TRANSPORT_OK)
		return;
	p->actual_done = 1;
	p->actual_status = op->resp.status;
	p->actual_allow_origin = header_copy(s, op, "Access-Control-Allow-Origin");
	p->actual_expose_headers = header_copy(s, op, "Access-Control-Expose-Headers");
}

/* The canary GET was sent with Origin: a CORS-enabled answer lists the
 * headers browsers may read (ETag, for the multipart uploader). */
static void take_get(struct s3_run *run, struct round *r, size_t i)
{
	struct live_s3 *s = run->s;
	const struct s3_op *op = &r->ops[i];
	const struct buf *b = &op->resp.body;
	if (s3_status_ok(&r->sts[i])) {
		s->canary.bytes_match = b->len == run->body.len &&
					memcmp(b->data, run->body.data, b->len) == 0;
		if (s->in.origin && s3_http_response_header(&op->resp, "Access-Control-Allow-Origin")) {
			s->cors.get.expose_headers =
				header_copy(s, op, "Access-Control-Expose-Headers");
			s->cors.get.expose_known = 1;
		}
	}
	take_actual(s, op, &s->cors.get);
	note_call(&s->canary.get, r, i);
}

static void take_round(struct s3_run *run, struct round *r)
{
	struct live_s3 *s = run->s;
	for (size_t i = 0; i < r->n; i++) {
		switch (r->role[i]) {
		case R_LIST: take_list(s, r, i); break;
		case R_HEAD:
			s->bucket.present = 1;
			s->bucket.latency = op_seconds(r, i);
			s->bucket.status = take_status(r, i);
			break;
		case R_LOCATION: take_location(s, r, i); break;
		case R_PRE_GET: take_preflight(s, r, i, &s->cors.get); break;
		case R_PRE_PUT: take_preflight(s, r, i, &s->cors.put); break;
		case R_PUT:
			take_actual(s, &r->ops[i], &s->cors.put);
			note_call(&s->canary.put, r, i);
			break;
		case R_GET: take_get(run, r, i); break;
		case R_PRESIGN: take_presign(run, r, i); break;
		case R_DELETE: note_call(&s->canary.del, r, i); break;
		case R_CORS_RULES:
			s->cors.rules_drift = live_keep(&s->strings, check_cors_rules_drift(
				s->in.cors_rules, &r->sts[i], r->ops[i].resp.body.data, r->ops[i].resp.body.len));
			break;
		case R_BOTO_PUT: note_call(&s->canary.boto_put, r, i); break;
		case R_BOTO_DELETE: note_call(&s->canary.boto_del, r, i); break;
		}
	}
}

static void rounds_after_put(struct s3_run *run)
{
	struct live_s3 *s = run->s;
	struct round r;
	memset(&r, 0, sizeof r);
	struct s3_http_header origin[1] = { { "Origin", s->in.origin } };
	struct s3_op_spec get = { .operation = "GetObject", .method = "GET", .bucket = s->in.bucket,
				  .key = run->key, .headers = origin, .n_headers = s->in.origin ? 1 : 0 };
	round_add(&r, s, R_GET, &get);
	if (s->in.needs & CHECK_NEED_PRESIGN)
		add_presigned_get(&r, run, run->key);
	round_run(&r, s);
	take_round(run, &r);
	round_free(&r);
	struct s3_op_spec del = { .operation = "DeleteObject", .method = "DELETE",
				  .bucket = s->in.bucket, .key = run->key };
	round_add(&r, s, R_DELETE, &del);
	if (s->canary.boto_put.done && s3_status_ok(&s->canary.boto_put.status)) {
		del.key = run->boto_key;
		round_add(&r, s, R_BOTO_DELETE, &del);
	}
	round_run(&r, s);
	take_round(run, &r);
	round_free(&r);
}

static void *s3_thread_main(void *arg)
{
	struct s3_run run = { .s = arg, .body = BUF_INIT };
	struct live_s3 *s = run.s;
	struct round r;
	memset(&r, 0, sizeof r);
	run.key = live_canary_key();
	run.boto_key = xasprintf("%s-boto", run.key);
	s->canary.key = live_keep(&s->strings, xstrdup(run.key));
	live_canary_body(&run.body, run.key);
	s->canary.size = run.body.len;
	s->canary.bytes_match = -1;
	s->bucket.owned = -1;
	round_one(&r, &run);
	round_run(&r, s);
	take_round(&run, &r);
	round_free(&r);
	s->canary.present = s->canary.put.done;
	if (s->canary.put.done && s3_status_ok(&s->canary.put.status))
		rounds_after_put(&run);
	else if (s->canary.put.done && (s->in.needs & CHECK_NEED_PRESIGN) &&
		 s->canary.put.status.transport == S3_TRANSPORT_OK) {
		/* The PUT was refused (e.g. AccessDenied): the presigned URL
		 * is still worth trying on the absent key. */
		add_presigned_get(&r, &run, run.key);
		round_run(&r, s);
		take_round(&run, &r);
		round_free(&r);
	}
	free(run.key);
	free(run.boto_key);
	free(run.presigned);
	buf_free(&run.body);
	return NULL;
}

int live_s3_start(struct live_s3 *s, const struct live_s3_input *in, struct rdm_error *err)
{
	s->in = *in;
	if (pthread_create(&s->thread, NULL, s3_thread_main, s) != 0)
		return rdm_error_set(err, _("cannot start a thread for the S3 requests"));
	s->started = 1;
	return 0;
}

static void live_s3_join(struct live_s3 *s)
{
	if (s->started && !s->joined) {
		pthread_join(s->thread, NULL);
		s->joined = 1;
	}
}

void live_s3_gather(struct live_s3 *s, unsigned needs, struct check_facts *f)
{
	live_s3_join(s);
	if (s->server != CHECK_SERVER_UNKNOWN)
		f->target.server = s->server;
	if (needs & CHECK_NEED_AUTH)
		f->auth = s->auth;
	if (needs & CHECK_NEED_BUCKET)
		f->bucket = s->bucket;
	if (needs & CHECK_NEED_REGION)
		f->region = s->region;
	if (needs & CHECK_NEED_CORS)
		f->cors = s->cors;
	if (needs & CHECK_NEED_PRESIGN)
		f->presign = s->presign;
	if (needs & CHECK_NEED_CANARY)
		f->canary = s->canary;
}

void live_s3_free(struct live_s3 *s)
{
	live_s3_join(s);
	s3_status_clear(&s->auth.status);
	s3_status_clear(&s->bucket.status);
	s3_status_clear(&s->region.status);
	s3_status_clear(&s->cors.get.status);
	s3_status_clear(&s->cors.put.status);
	s3_status_clear(&s->presign.status);
	s3_status_clear(&s->canary.put.status);
	s3_status_clear(&s->canary.get.status);
	s3_status_clear(&s->canary.del.status);
	s3_status_clear(&s->canary.boto_put.status);
	s3_status_clear(&s->canary.boto_del.status);
	live_strings_free(&s->strings);
	memset(s, 0, sizeof *s);
}
