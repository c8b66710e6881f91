/* rdm-s3 cors test: the preflight a browser sends, then (with credentials)
 * the request itself through a presigned URL, and a browser's verdict on
 * both: a script reads an answer only when that answer allows its origin,
 * and only the headers that answer exposes. */
#include "config.h"
#include "cmd_cors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_s3.h"
#include "s3/cors/cors.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define MAX_HEADERS 16
#define PROBE_KEY "rdm-s3-cors-probe"

struct test_args {
	const char *bucket, *origin, *method, *key;
	const char *headers[MAX_HEADERS];
	size_t n_headers;
	int preflight_only;
};

/* What was asked and answered. */
struct test_run {
	struct s3_preflight_answer pre;
	struct s3_cors_actual act;
	int act_sent;
	struct s3_actual_view view;
	struct s3_preflight_verdict v;
	struct s3_status st, act_st;
};

static enum s3_server_kind server_kind(struct cmd_s3 *c, const char *bucket);
static const char *denied_remedy(enum s3_server_kind kind);

static void json_request(struct cmd_json *j, const struct test_args *t, const struct test_run *r)
{
	cmd_json_begin_object(j, "request");
	cmd_json_bool(j, "sent", r->act_sent);
	cmd_json_string(j, "method", t->method);
	if (r->act_sent) {
		cmd_json_int(j, "http_status", r->act.http_status);
		cmd_json_string(j, "allow_origin", r->act.allow_origin);
		cmd_json_string(j, "expose_headers", r->act.expose_headers);
	}
	cmd_json_end_object(j);
}

static void print_json(struct cmd_s3 *c, const struct test_args *t, const struct test_run *r)
{
	const struct s3_preflight *p = &r->pre.view;
	struct buf out = BUF_INIT;
	struct cmd_json j;
	cmd_json_init(&j, &out);
	cmd_json_begin_object(&j, NULL);
	cmd_json_bool(&j, "ok", r->v.allowed);
	cmd_json_bool(&j, "allowed", r->v.allowed);
	cmd_json_string(&j, "reason", r->v.reason);
	cmd_json_string(&j, "bucket", t->bucket);
	cmd_json_string(&j, "key", t->key);
	cmd_json_string(&j, "origin", t->origin);
	cmd_json_string(&j, "method", t->method);
	cmd_json_begin_array(&j, "request_headers");
	for (size_t i = 0; i < t->n_headers; i++)
		cmd_json_string(&j, NULL, t->headers[i]);
	cmd_json_end_array(&j);
	cmd_json_int(&j, "http_status", p->http_status);
	cmd_json_string(&j, "allow_origin", p->allow_origin);
	cmd_json_string(&j, "allow_methods", p->allow_methods);
	cmd_json_string(&j, "allow_headers", p->allow_headers);
	cmd_json_string(&j, "expose_headers", p->expose_headers);
	cmd_json_string(&j, "max_age", p->max_age);
	json_request(&j, t, r);
	if (r->v.etag_known)
		cmd_json_bool(&j, "etag_exposed", r->v.etag_exposed);
	else
		cmd_json_null(&j, "etag_exposed");
	cmd_json_string(&j, "explanation", r->v.allowed ? NULL : r->st.explanation);
	cmd_json_string(&j, "remedy", r->v.allowed ? NULL : denied_remedy(server_kind(c, t->bucket)));
	cmd_json_end_object(&j);
	cmd_s3_emit(&out);
}

static void print_header(const char *name, const char *value)
{
	if (value)
		printf("          %s: %s\n", name, value);
}

/* Which server refused decides the fix (bucket rules, or MinIO's
 * server-wide setting). A refused preflight often has no Server header
 * (MinIO's has none), so ask once more with a HEAD of the bucket, whose
 * answer names the server whatever its status. */
static enum s3_server_kind server_kind(struct cmd_s3 *c, const char *bucket)
{
	enum s3_server_kind k = s3_client_server_kind(c->client);
	if (k == S3_SERVER_UNKNOWN) {
		struct s3_status st = S3_STATUS_INIT;
		(void)s3_head_bucket(c->client, bucket, NULL, &st);
		s3_status_clear(&st);
		k = s3_client_server_kind(c->client);
	}
	return k;
}

/* A refusal of CORS, whatever error code the server answers it with
 * (AWS: 403 AccessForbidden), has this remedy, the one `check` gives. */
static const char *denied_remedy(enum s3_server_kind kind)
{
	if (kind == S3_SERVER_MINIO)
		return _("MinIO decides CORS server-wide (it has no per-bucket CORS): add the origin to "
			 "MINIO_API_CORS_ALLOW_ORIGIN (comma-separated) in the environment of the s3 service "
			 "in docker-services.yml (`rdm-s3 config set minio.cors-allow-origin=LIST` with the "
			 "origins already there and this one) and restart it");
	if (kind == S3_SERVER_UNKNOWN)
		return _("add a rule for this origin, method and headers to the bucket's CORS configuration "
			 "(`rdm-s3 cors set BUCKET FILE`); if the server is MinIO, which has no per-bucket "
			 "CORS, add the origin to its MINIO_API_CORS_ALLOW_ORIGIN setting instead");
	return _("add a rule for this origin, method and headers to the bucket's CORS configuration "
		 "(`rdm-s3 cors set BUCKET FILE`)");
}

static void print_request(const struct test_args *t, const struct test_run *r)
{
	if (!r->act_sent)
		return;
	printf(_("Request:   %s %s/%s through a presigned URL, from origin %s\n"), t->method, t->bucket,
	       r->act.probe_key ? r->act.probe_key : t->key, t->origin);
	printf(_("Answer:    HTTP %ld\n"), r->act.http_status);
	print_header("Access-Control-Allow-Origin", r->act.allow_origin);
	print_header("Access-Control-Expose-Headers", r->act.expose_headers);
	if (r->act.cleanup_failed)
		printf(_("Warning:   the probe object %s could not be deleted; delete it by hand\n"),
		       r->act.probe_key);
}

static void print_etag_note(const struct test_args *t, const struct test_run *r)
{
	if (!r->v.allowed || strcmp(t->method, "PUT") != 0)
		return;
	if (!r->v.etag_known)
		printf(_("Note:      whether scripts may read ETag was not verified (the request itself "
			 "needs credentials).\n"));
	else if (!r->v.etag_exposed)
		printf(_("Note:      scripts cannot read ETag (not in Access-Control-Expose-Headers). "
			 "InvenioRDM's uploader does not need it (the server lists the parts); other "
			 "multipart uploaders do.\n"));
}

static void print_text(struct cmd_s3 *c, const struct test_args *t, const struct test_run *r)
{
	const struct s3_preflight *p = &r->pre.view;
	printf(_("Preflight: OPTIONS %s/%s from origin %s, method %s\n"), t->bucket, t->key, t->origin,
	       t->method);
	printf(_("Answer:    HTTP %ld\n"), p->http_status);
	print_header("Access-Control-Allow-Origin", p->allow_origin);
	print_header("Access-Control-Allow-Methods", p->allow_methods);
	print_header("Access-Control-Allow-Headers", p->allow_headers);
	print_header("Access-Control-Expose-Headers", p->expose_headers);
	print_header("Access-Control-Max-Age", p->max_age);
	print_request(t, r);
	if (r->v.allowed)
		printf(_("Verdict:   YES: a browser page on %s may %s files in bucket %s.\n"), t->origin,
		       t->method, t->bucket);
	else
		printf(_("Verdict:   NO: a browser page on %s may NOT %s files in bucket %s.\n"), t->origin,
		       t->method, t->bucket);
	if (r->v.reason)
		printf("           %s\n", r->v.reason);
	if (!r->v.allowed)
		printf(_("  fix: %s\n"), denied_remedy(server_kind(c, t->bucket)));
	print_etag_note(t, r);
}

static void run_free(struct test_run *r)
{
	s3_preflight_verdict_free(&r->v);
	s3_preflight_answer_free(&r->pre);
	s3_cors_actual_free(&r->act);
	s3_status_clear(&r->st);
	s3_status_clear(&r->act_st);
}

static int run_test(struct cmd_s3 *c, const struct test_args *t)
{
	struct test_run r;
	memset(&r, 0, sizeof r);
	int rc;
	if (s3_cors_preflight(c->client, t->bucket, t->key, t->origin, t->method, t->headers, t->n_headers,
			      &r.pre, &r.st) != 0) {
		rc = cmd_s3_report_failure(c, &r.st);
		run_free(&r);
		return rc;
	}
	/* The request itself goes out only where a browser would send it: no
	 * upload after a refused preflight. */
	struct s3_preflight_verdict pv;
	s3_cors_preflight_judge(&r.pre.view, t->origin, t->method, t->headers, t->n_headers, &pv);
	int simple = !strcmp(t->method, "GET") && t->n_headers == 0;
	if (!t->preflight_only && s3_client_has_credentials(c->client) && (pv.allowed || simple))
		r.act_sent = s3_cors_actual(c->client, t->bucket, t->key, t->origin, t->method, t->headers,
					    t->n_headers, &r.act, &r.act_st) == 0;
	s3_preflight_verdict_free(&pv);
	r.view = (struct s3_actual_view){ r.act.http_status, r.act.allow_origin, r.act.expose_headers };
	s3_cors_browser_judge(&r.pre.view, r.act_sent ? &r.view : NULL, t->origin, t->method, t->headers,
			      t->n_headers, &r.v);
	if (c->g->json)
		print_json(c, t, &r);
	else
		print_text(c, t, &r);
	rc = r.v.allowed ? RDM_EXIT_OK : RDM_EXIT_FAILED;
	run_free(&r);
	return rc;
}

static int origin_ok(const char *o)
{
	/* What a browser sends: scheme://host[:port], nothing after. */
	const char *p = strstr(o, "://");
	return p && p > o && p[3] && !strchr(p + 3, '/') && !strchr(p + 3, '?') && !strchr(o, ' ');
}

int cmd_cors_test(const struct rdm_globals *g, int argc, char **argv)
{
	struct test_args t = { .method = "GET", .key = PROBE_KEY };
	const char *method = NULL, *key = NULL;
	struct cmd_s3_opt opts[] = {
		{ "--origin", CMD_OPT_VALUE, NULL, &t.origin, NULL, NULL, 0 },
		{ "--method", CMD_OPT_VALUE, NULL, &method, NULL, NULL, 0 },
		{ "--key", CMD_OPT_VALUE, NULL, &key, NULL, NULL, 0 },
		{ "--header", CMD_OPT_LIST, NULL, NULL, t.headers, &t.n_headers, MAX_HEADERS },
		{ "--preflight-only", CMD_OPT_FLAG, &t.preflight_only, NULL, NULL, NULL, 0 },
		{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
	};
	struct cmd_s3_args a;
	int rc = cmd_s3_args_parse("cors", argc, argv, 2, opts, 1, 1, &a);
	if (rc)
		return rc;
	t.bucket = a.pos[0];
	if (method)
		t.method = method;
	if (key && *key)
		t.key = key;
	if (!t.origin)
		return cli_usage_error("cors", _("cors test needs --origin URL (e.g. --origin https://rdm.example.org)"));
	if (!origin_ok(t.origin))
		return cli_usage_error("cors", _("--origin must look like https://host[:port] "
						 "(what a browser sends), not '%s'"), t.origin);
	struct cmd_s3 c;
	/* A preflight carries no credentials; the request itself needs them. */
	rc = cmd_s3_open(&c, g, "cors test", a.timeout, CMD_S3_ANONYMOUS_OK);
	if (rc == 0)
		rc = run_test(&c, &t);
	cmd_s3_close(&c);
	return rc;
}
