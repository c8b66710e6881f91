/* rdm-s3 cors get B [--xml] | set B FILE|- | delete B | test B --origin URL ... */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_cors.h"
#include "cmd_s3.h"
#include "s3/cors/cors.h"
#include "s3/model/xml.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* A CORS file is small; anything bigger is not one. */
#define CORS_FILE_MAX ((size_t)1 << 20)

static int run_cors(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_cors = {
	.name = "cors",
	.summary = N_("show, set, delete and test the CORS rules of a bucket"),
	.help =
	N_("Usage: rdm-s3 cors get BUCKET [--xml]\n"
	"       rdm-s3 cors set BUCKET FILE|-\n"
	"       rdm-s3 cors delete BUCKET\n"
	"       rdm-s3 cors test BUCKET --origin URL [--method GET|PUT] [--key KEY]\n"
	"                               [--header NAME]... [--preflight-only]\n"
	"\n"
	"Browsers only let InvenioRDM's previewers read files from the S3 endpoint\n"
	"(and upload to it) when the bucket's CORS rules allow the site's origin.\n"
	"\n"
	"  get      print the bucket's CORS rules as JSON (the form the AWS console\n"
	"           and the InvenioRDM docs use), or as S3 XML with --xml\n"
	"  set      replace the rules with those in FILE ('-': standard input), JSON\n"
	"           ([{\"AllowedOrigins\": [...], \"AllowedMethods\": [...], ...}] or\n"
	"           {\"CORSRules\": [...]}) or S3 XML; checked before anything is sent\n"
	"  delete   remove the bucket's CORS rules\n"
	"  test     send the preflight a browser would send (OPTIONS, no credentials),\n"
	"           then, with credentials, the request itself through a presigned URL\n"
	"           (GET of KEY, or PUT of a small new probe object that is deleted at\n"
	"           once; each --header set as InvenioRDM's uploader sets it), and say\n"
	"           whether a page on --origin may send --method (default GET) with\n"
	"           those headers and read the answer, and whether scripts may read\n"
	"           its ETag (browsers read Access-Control-Expose-Headers on that\n"
	"           answer, not on the preflight). InvenioRDM's uploader sends parts as\n"
	"           --method PUT --header content-type --header content-md5. KEY\n"
	"           defaults to a probe name; the object need not exist.\n"
	"           --preflight-only sends the OPTIONS request alone.\n"
	"\n"
	"MinIO has no per-bucket CORS: it answers set/delete with NotImplemented and\n"
	"applies its server-wide MINIO_API_CORS_ALLOW_ORIGIN instead ('test' shows\n"
	"its effect).\n"
	"\n"
	"Options:\n"
	CMD_S3_HELP_TIMEOUT
	"\n"
	"--json: get: {\"ok\", \"bucket\", \"rules\": [...]}; set: {\"ok\", \"bucket\",\n"
	"\"rules\": N}; delete: {\"ok\", \"bucket\", \"deleted\"}; test: {\"ok\", \"allowed\",\n"
	"\"reason\", \"bucket\", \"key\", \"origin\", \"method\", \"request_headers\",\n"
	"\"http_status\", \"allow_origin\", \"allow_methods\", \"allow_headers\",\n"
	"\"expose_headers\", \"max_age\", \"request\": {\"sent\", \"method\", \"http_status\",\n"
	"\"allow_origin\", \"expose_headers\"}, \"etag_exposed\" (null: not verified),\n"
	"\"explanation\", \"remedy\"}.\n"
	"\n"
	CMD_S3_HELP_CLOCK_OFFSET
	"\n"
	"Settings and credentials: as for `rdm-s3 bucket` (see rdm-s3 help bucket).\n"
	"\n"
	"Exit status: 0 done (test: allowed), 1 the S3 request failed (test: not\n"
	"allowed), 64 usage error (also: the CORS file is invalid; nothing is sent),\n"
	"69 the service could not be reached.\n"),
	.run = run_cors,
};

static int cors_get(struct cmd_s3 *c, const char *bucket, int xml)
{
	struct s3_status st = S3_STATUS_INIT;
	struct s3_cors cors = S3_CORS_INIT;
	int rc = RDM_EXIT_OK;
	if (s3_get_bucket_cors(c->client, bucket, &cors, &st) != 0) {
		rc = cmd_s3_report_failure(c, &st);
		goto out;
	}
	struct buf out = BUF_INIT;
	if (c->g->json) {
		struct buf rules = BUF_INIT;
		struct cmd_json j;
		s3_cors_to_json(&cors, S3_CORS_JSON_ARRAY, &rules);
		cmd_s3_json_ok_begin(&j, &out);
		cmd_json_string(&j, "bucket", bucket);
		cmd_json_raw(&j, "rules", buf_str(&rules));
		cmd_json_end_object(&j);
		buf_free(&rules);
	} else if (xml) {
		s3_xml_build_cors(&cors, &out);
		if (out.len && out.data[out.len - 1] != '\n')
			buf_putc(&out, '\n');
	} else {
		s3_cors_to_json(&cors, S3_CORS_JSON_ARRAY, &out);
	}
	cmd_s3_emit(&out);
out:
	s3_cors_free(&cors);
	s3_status_clear(&st);
	return rc;
}

static int read_input(const char *path, struct buf *out)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		fprintf(stderr, _("rdm-s3: cors set: cannot open %s: %s\n"), path, strerror(errno));
		return RDM_EXIT_USAGE;
	}
	char tmp[8192];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0 && out->len <= CORS_FILE_MAX)
		buf_append(out, tmp, n);
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad || out->len > CORS_FILE_MAX) {
		fprintf(stderr, _("rdm-s3: cors set: %s: %s\n"), path,
			bad ? _("read error") : _("too large for a CORS configuration"));
		return RDM_EXIT_USAGE;
	}
	return 0;
}

static int cors_set(struct cmd_s3 *c, const char *bucket, const struct s3_cors *cors)
{
	struct s3_status st = S3_STATUS_INIT;
	int rc = RDM_EXIT_OK;
	if (s3_put_bucket_cors(c->client, bucket, cors, &st) != 0)
		rc = cmd_s3_report_failure(c, &st);
	else if (c->g->json) {
		struct buf out = BUF_INIT;
		struct cmd_json j;
		cmd_s3_json_ok_begin(&j, &out);
		cmd_json_string(&j, "bucket", bucket);
		cmd_json_int(&j, "rules", (long long)cors->n_rules);
		cmd_json_end_object(&j);
		cmd_s3_emit(&out);
	} else if (c->g->verbosity >= 0) {
		printf(_("set the CORS configuration of bucket %s (%zu rule%s)\n"), bucket, cors->n_rules,
		       cors->n_rules == 1 ? "" : "s");
	}
	s3_status_clear(&st);
	return rc;
}

/* Reads and checks FILE before any connection is made. */
static int load_cors_file(const char *path, struct s3_cors *cors)
{
	struct buf text = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = read_input(path, &text);
	if (rc == 0 && (s3_cors_parse(buf_str(&text), text.len, cors, &err) != 0 ||
			s3_cors_validate(cors, &err) != 0)) {
		if (!err.where)
			rdm_error_where(&err, "%s", strcmp(path, "-") ? path : "standard input");
		char *msg = rdm_error_format(&err);
		fprintf(stderr, "rdm-s3: cors set: %s\n", msg);
		free(msg);
		rc = RDM_EXIT_USAGE;
	}
	rdm_error_clear(&err);
	buf_free(&text);
	return rc;
}

static int cors_delete(struct cmd_s3 *c, const char *bucket)
{
	struct s3_status st = S3_STATUS_INIT;
	int rc = RDM_EXIT_OK;
	if (s3_delete_bucket_cors(c->client, bucket, &st) != 0) {
		rc = cmd_s3_report_failure(c, &st);
	} else if (c->g->json) {
		struct buf out = BUF_INIT;
		struct cmd_json j;
		cmd_s3_json_ok_begin(&j, &out);
		cmd_json_string(&j, "bucket", bucket);
		cmd_json_bool(&j, "deleted", 1);
		cmd_json_end_object(&j);
		cmd_s3_emit(&out);
	} else if (c->g->verbosity >= 0) {
		printf(_("deleted the CORS configuration of bucket %s\n"), bucket);
	}
	s3_status_clear(&st);
	return rc;
}

static int run_simple(const struct rdm_globals *g, const char *sub, int argc, char **argv)
{
	int xml = 0, is_get = !strcmp(sub, "get"), is_set = !strcmp(sub, "set");
	struct cmd_s3_opt get_opts[] = { { "--xml", CMD_OPT_FLAG, &xml, NULL, NULL, NULL, 0 },
					 { NULL, 0, NULL, NULL, NULL, NULL, 0 } };
	struct cmd_s3_args a;
	size_t npos = is_set ? 2 : 1;
	int rc = cmd_s3_args_parse("cors", argc, argv, 2, is_get ? get_opts : NULL, npos, npos, &a);
	if (rc)
		return rc;
	struct s3_cors cors = S3_CORS_INIT;
	if (is_set && (rc = load_cors_file(a.pos[1], &cors)) != 0) {
		s3_cors_free(&cors);
		return rc;
	}
	char *name = xasprintf("cors %s", sub);
	struct cmd_s3 c;
	rc = cmd_s3_open(&c, g, name, a.timeout, CMD_S3_NEED_CREDS);
	if (rc == 0)
		rc = is_get ? cors_get(&c, a.pos[0], xml)
		     : is_set ? cors_set(&c, a.pos[0], &cors) : cors_delete(&c, a.pos[0]);
	cmd_s3_close(&c);
	s3_cors_free(&cors);
	free(name);
	return rc;
}

static int run_cors(const struct rdm_globals *g, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("cors", _("cors needs a subcommand: get, set, delete or test"));
	const char *sub = argv[1];
	if (!strcmp(sub, "test"))
		return cmd_cors_test(g, argc, argv);
	if (strcmp(sub, "get") && strcmp(sub, "set") && strcmp(sub, "delete"))
		return cli_usage_error("cors", _("unknown subcommand '%s'"), sub);
	return run_simple(g, sub, argc, argv);
}
