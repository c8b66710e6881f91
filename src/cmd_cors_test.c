/* rdm-s3 cors test: a real preflight and a browser's verdict on it. */
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
};

static enum s3_server_kind server_kind(struct cmd_s3 *c, const char *bucket);
static const char *denied_remedy(enum s3_server_kind kind);

static void print_json(struct cmd_s3 *c, const struct test_args *t,
		       const struct s3_preflight_answer *a, const struct s3_preflight_verdict *v,
		       const struct s3_status *st)
{
	struct buf out = BUF_INIT;
	struct cmd_json j;
	cmd_json_init(&j, &out);
	cmd_json_begin_object(&j, NULL);
	cmd_json_bool(&j, "ok", v->allowed);
	cmd_json_bool(&j, "allowed", v->allowed);
	cmd_json_string(&j, "reason", v->reason);
	cmd_json_string(&j, "bucket", t->bucket);
	cmd_json_string(&j, "key", t->key);
	cmd_json_string(&j, "origin", t->origin);
	cmd_json_string(&j, "method", t->method);
	cmd_json_begin_array(&j, "request_headers");
	for (size_t i = 0; i < t->n_headers; i++)
		cmd_json_string(&j, NULL, t->headers[i]);
	cmd_json_end_array(&j);
	cmd_json_int(&j, "http_status", a->view.http_status);
	cmd_json_string(&j, "allow_origin", a->view.allow_origin);
	cmd_json_string(&j, "allow_methods", a->view.allow_methods);
	cmd_json_string(&j, "allow_headers", a->view.allow_headers);
	cmd_json_string(&j, "expose_headers", a->view.expose_headers);
	cmd_json_string(&j, "max_age", a->view.max_age);
	cmd_json_bool(&j, "etag_exposed", v->etag_exposed);
	cmd_json_string(&j, "explanation", st->explanation);
	cmd_json_string(&j, "remedy", st->remedy ? st->remedy
			: v->allowed ? NULL : denied_remedy(server_kind(c, t->bucket)));
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

static const char *denied_remedy(enum s3_server_kind kind)
{
	if (kind == S3_SERVER_MINIO)
		return _("MinIO decides CORS server-wide (it has no per-bucket CORS): add the origin to "
			 "MINIO_API_CORS_ALLOW_ORIGIN (comma-separated) in the environment of the s3 service "
			 "in docker-services.yml and restart it.");
	if (kind == S3_SERVER_UNKNOWN)
		return _("Add a rule for this origin and method to the bucket's CORS configuration "
			 "(rdm-s3 cors set BUCKET FILE); if the server is MinIO, which has no per-bucket "
			 "CORS, add the origin to its MINIO_API_CORS_ALLOW_ORIGIN setting instead.");
	return _("Add a rule for this origin and method to the bucket's CORS configuration "
		 "(rdm-s3 cors set BUCKET FILE).");
}

static void print_text(struct cmd_s3 *c, const struct test_args *t,
		       const struct s3_preflight_answer *a, const struct s3_preflight_verdict *v,
		       const struct s3_status *st)
{
	printf(_("Preflight: OPTIONS %s/%s from origin %s, method %s\n"), t->bucket, t->key,
	       t->origin, t->method);
	printf(_("Answer:    HTTP %ld\n"), a->view.http_status);
	print_header("Access-Control-Allow-Origin", a->view.allow_origin);
	print_header("Access-Control-Allow-Methods", a->view.allow_methods);
	print_header("Access-Control-Allow-Headers", a->view.allow_headers);
	print_header("Access-Control-Expose-Headers", a->view.expose_headers);
	print_header("Access-Control-Max-Age", a->view.max_age);
	if (v->allowed) {
		printf(_("Verdict:   YES: a browser page on %s may %s files in bucket %s.\n"), t->origin,
		       t->method, t->bucket);
	} else {
		printf(_("Verdict:   NO: a browser page on %s may NOT %s files in bucket %s.\n"),
		       t->origin, t->method, t->bucket);
	}
	if (v->reason)
		printf("           %s\n", v->reason);
	if (!v->allowed) {
		if (st->explanation)
			printf("           %s\n", st->explanation);
		printf(_("  fix: %s\n"), st->remedy ? st->remedy : denied_remedy(server_kind(c, t->bucket)));
	} else if (!strcmp(t->method, "PUT") && !v->etag_exposed) {
		printf(_("Warning:   ETag is not exposed: browser uploads in several parts (multipart) "
			 "need ExposeHeaders ETag.\n"));
	}
}

static int preflight(struct cmd_s3 *c, const struct test_args *t)
{
	struct s3_status st = S3_STATUS_INIT;
	struct s3_preflight_answer a;
	struct s3_preflight_verdict v = { 0 };
	int rc;
	if (s3_cors_preflight(c->client, t->bucket, t->key, t->origin, t->method, t->headers,
			      t->n_headers, &a, &st) != 0) {
		rc = cmd_s3_report_failure(c, &st);
		goto out;
	}
	s3_cors_preflight_judge(&a.view, t->origin, t->method, t->headers, t->n_headers, &v);
	if (c->g->json)
		print_json(c, t, &a, &v, &st);
	else
		print_text(c, t, &a, &v, &st);
	rc = v.allowed ? RDM_EXIT_OK : RDM_EXIT_FAILED;
out:
	s3_preflight_verdict_free(&v);
	s3_preflight_answer_free(&a);
	s3_status_clear(&st);
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
	/* A preflight carries no credentials, so none are needed. */
	rc = cmd_s3_open(&c, g, "cors test", a.timeout, CMD_S3_ANONYMOUS_OK);
	if (rc == 0)
		rc = preflight(&c, &t);
	cmd_s3_close(&c);
	return rc;
}
