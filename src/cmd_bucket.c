/* rdm-s3 bucket list | head B | create B | delete B */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_s3.h"
#include "ops/bucket/bucket_ensure.h"
#include "s3/model/bucket_name.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static int run_bucket(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_bucket = {
	.name = "bucket",
	.summary = N_("list, check, create and delete S3 buckets"),
	.help =
	N_("Usage: rdm-s3 bucket list [--names]\n"
	"       rdm-s3 bucket head BUCKET\n"
	"       rdm-s3 bucket create BUCKET\n"
	"       rdm-s3 bucket delete BUCKET\n"
	"\n"
	"  list     the buckets these credentials own; --names prints only their\n"
	"           names, one per line, after one request without retries (what\n"
	"           shell completion asks; give --timeout to bound the wait)\n"
	"  head     whether BUCKET exists and these credentials may use it; its region\n"
	"  create   create BUCKET (in --region; no LocationConstraint for us-east-1 or\n"
	"           when no region is set, as MinIO expects). The name is checked\n"
	"           against the AWS bucket naming rules first. The region reported is\n"
	"           the one the server says the bucket is in, with a warning when it is\n"
	"           not the configured one. A bucket that already\n"
	"           exists and is yours counts as success.\n"
	"  delete   delete BUCKET (it must be empty)\n"
	"\n"
	"Options:\n"
	CMD_S3_HELP_TIMEOUT
	"\n"
	"Where the settings come from (first found wins; -v shows which was used):\n"
	"  credentials  --credentials-file FILE (should be 0600), the instance named\n"
	"               by --instance DIR, AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY\n"
	"               (+ AWS_SESSION_TOKEN), the instance found here or above (the\n"
	"               folder with .invenio). An instance's credentials are its\n"
	"               S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY as the application gets\n"
	"               them (environment, .env, docker-services.yml, invenio.cfg), or\n"
	"               its MinIO root user when it sets neither. Never the command line.\n"
	"  endpoint     --endpoint, else the instance's S3_ENDPOINT_URL, else Amazon S3\n"
	"  region       --region, --instance's S3_REGION_NAME, AWS_REGION,\n"
	"               AWS_DEFAULT_REGION, the found instance's S3_REGION_NAME\n"
	"\n"
	"--json prints one object: list: {\"ok\", \"buckets\": [{\"name\", \"creation_date\"}],\n"
	"\"owner_id\"}; head: {\"ok\", \"bucket\", \"exists\", \"region\"}; create:\n"
	"{\"ok\", \"bucket\", \"created\", \"region\"}; delete: {\"ok\", \"bucket\", \"deleted\"}.\n"
	"On failure: {\"ok\": false, \"command\", \"http_status\", \"code\", \"message\",\n"
	"\"request_id\", \"bucket_region\", \"transport\", \"transport_detail\",\n"
	"\"explanation\", \"remedy\"}.\n"
	"\n"
	CMD_S3_HELP_CLOCK_OFFSET
	"\n"
	"Exit status: 0 done, 1 the S3 request failed (the reason and a fix are on\n"
	"stderr), 64 usage error, 69 the service could not be reached.\n"),
	.run = run_bucket,
};

static int bucket_list(struct cmd_s3 *c, int names_only)
{
	struct s3_status st = S3_STATUS_INIT;
	struct s3_bucket_list l = { 0 };
	int rc = RDM_EXIT_OK;
	if (s3_list_buckets(c->client, &l, &st) != 0) {
		rc = cmd_s3_report_failure(c, &st);
		goto out;
	}
	struct buf out = BUF_INIT;
	if (c->g->json) {
		struct cmd_json j;
		cmd_s3_json_ok_begin(&j, &out);
		cmd_json_begin_array(&j, "buckets");
		for (size_t i = 0; i < l.n; i++) {
			cmd_json_begin_object(&j, NULL);
			cmd_json_string(&j, "name", l.buckets[i].name);
			cmd_json_string(&j, "creation_date", l.buckets[i].creation_date);
			cmd_json_end_object(&j);
		}
		cmd_json_end_array(&j);
		cmd_json_string(&j, "owner_id", l.owner_id);
		cmd_json_end_object(&j);
	} else if (names_only) {
		for (size_t i = 0; i < l.n; i++)
			buf_printf(&out, "%s\n", l.buckets[i].name);
	} else {
		for (size_t i = 0; i < l.n; i++)
			buf_printf(&out, "%-40s %s\n", l.buckets[i].name,
				   l.buckets[i].creation_date ? l.buckets[i].creation_date : "");
	}
	cmd_s3_emit(&out);
out:
	s3_bucket_list_free(&l);
	s3_status_clear(&st);
	return rc;
}

static void json_result(const char *bucket, const char *flag, int value, const char *region,
			int with_region)
{
	struct buf out = BUF_INIT;
	struct cmd_json j;
	cmd_s3_json_ok_begin(&j, &out);
	cmd_json_string(&j, "bucket", bucket);
	cmd_json_bool(&j, flag, value);
	if (with_region)
		cmd_json_string(&j, "region", region);
	cmd_json_end_object(&j);
	cmd_s3_emit(&out);
}

static int bucket_head(struct cmd_s3 *c, const char *bucket)
{
	struct s3_status st = S3_STATUS_INIT;
	char *region = NULL;
	int rc = RDM_EXIT_OK;
	if (s3_head_bucket(c->client, bucket, &region, &st) != 0)
		rc = cmd_s3_report_failure(c, &st);
	else if (c->g->json)
		json_result(bucket, "exists", 1, region, 1);
	else if (c->g->verbosity >= 0)
		printf(_("bucket %s exists and is accessible%s%s%s\n"), bucket,
		       region ? " (region " : "", region ? region : "", region ? ")" : "");
	free(region);
	s3_status_clear(&st);
	return rc;
}

/* Where the bucket really is: HeadBucket's x-amz-bucket-region (Amazon S3,
 * MinIO with a region, moto send it, also on a wrong-region answer), else,
 * on Amazon S3, GetBucketLocation. NULL when the server does not say. */
static char *real_region(struct cmd_s3 *c, const char *bucket)
{
	struct s3_status st = S3_STATUS_INIT;
	char *region = NULL;
	(void)s3_head_bucket(c->client, bucket, &region, &st);
	if (!region && st.bucket_region && *st.bucket_region)
		region = xstrdup(st.bucket_region);
	s3_status_clear(&st);
	if (!region && s3_client_server_kind(c->client) == S3_SERVER_AWS &&
	    s3_get_bucket_location(c->client, bucket, &region, &st) != 0) {
		free(region);
		region = NULL;
	}
	s3_status_clear(&st);
	return region;
}

/* The bucket is elsewhere than the region the commands sign for: every
 * later request (and the app's, with the same settings) is refused. */
static void warn_region(const struct cmd_s3 *c, const char *bucket, const char *real, const char *configured)
{
	fprintf(stderr, _("rdm-s3: bucket create: warning: bucket %s is in region %s, not in %s (the region "
			  "configured%s%s)\n"), bucket, real, configured, c->conn.region_source ? " by " : "",
		c->conn.region_source ? c->conn.region_source : "");
	if (c->conn.instance_dir)
		fprintf(stderr, _("  fix: `rdm-s3 config set storage.region=%s`\n"), real);
	else
		fprintf(stderr, _("  fix: use --region %s\n"), real);
}

static int bucket_create(struct cmd_s3 *c, const char *bucket)
{
	struct s3_status st = S3_STATUS_INIT;
	int rc = RDM_EXIT_OK, created;
	const char *asked = s3_client_region(c->client);
	struct bucket_ensure_result ensured;
	if (ops_bucket_ensure(c->client, bucket, &ensured, &st) != 0) {
		rc = cmd_s3_report_failure(c, &st);
		goto out;
	}
	created = ensured.created; /* asking twice for the same bucket is not an error */
	/* Report the region the bucket is in, not the one asked for: an
	 * existing bucket can be anywhere. */
	char *real = real_region(c, bucket);
	const char *region = real ? real : asked;
	const char *configured = asked ? asked : "us-east-1";
	/* Ceph RGW names its zonegroup here and accepts any signing region. */
	int differs = real && strcmp(real, configured) != 0 && s3_client_server_kind(c->client) != S3_SERVER_CEPH;
	if (c->g->json)
		json_result(bucket, "created", created, region, 1);
	else if (c->g->verbosity >= 0 && created)
		printf(_("created bucket %s%s%s\n"), bucket, region ? " in region " : "",
		       region ? region : "");
	else if (c->g->verbosity >= 0)
		printf(_("bucket %s already exists and these credentials can use it%s%s%s\n"), bucket,
		       region ? " (region " : "", region ? region : "", region ? ")" : "");
	if (differs)
		warn_region(c, bucket, real, configured);
	free(real);
out:
	s3_status_clear(&st);
	return rc;
}

static int bucket_delete(struct cmd_s3 *c, const char *bucket)
{
	struct s3_status st = S3_STATUS_INIT;
	int rc = RDM_EXIT_OK;
	if (s3_delete_bucket(c->client, bucket, &st) != 0)
		rc = cmd_s3_report_failure(c, &st);
	else if (c->g->json)
		json_result(bucket, "deleted", 1, NULL, 0);
	else if (c->g->verbosity >= 0)
		printf(_("deleted bucket %s\n"), bucket);
	s3_status_clear(&st);
	return rc;
}

static int run_bucket(const struct rdm_globals *g, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("bucket", _("bucket needs a subcommand: list, head, create or delete"));
	const char *sub = argv[1];
	int is_list = !strcmp(sub, "list");
	if (!is_list && strcmp(sub, "head") && strcmp(sub, "create") && strcmp(sub, "delete"))
		return cli_usage_error("bucket", _("unknown subcommand '%s'"), sub);
	struct cmd_s3_args a;
	int names_only = 0;
	struct cmd_s3_opt list_opts[] = {
		{ "--names", CMD_OPT_FLAG, &names_only, NULL, NULL, NULL, 0 },
		{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
	};
	size_t npos = is_list ? 0 : 1;
	int rc = cmd_s3_args_parse("bucket", argc, argv, 2, is_list ? list_opts : NULL, npos, npos, &a);
	if (rc)
		return rc;
	struct rdm_error err = RDM_ERROR_INIT;
	if (!strcmp(sub, "create") && s3_bucket_name_check(a.pos[0], &err) != S3_BUCKET_NAME_OK) {
		/* The message names the bucket already; no "bucket name:" prefix. */
		fprintf(stderr, "rdm-s3: bucket create: %s\n", err.message);
		if (err.remedy)
			fprintf(stderr, _("  fix: %s\n"), err.remedy);
		rdm_error_clear(&err);
		return RDM_EXIT_USAGE;
	}
	char *name = xasprintf("bucket %s", sub);
	struct cmd_s3 c;
	rc = cmd_s3_open(&c, g, name, a.timeout,
			 CMD_S3_NEED_CREDS | (names_only ? CMD_S3_ONE_ATTEMPT : 0));
	if (rc == 0) {
		if (is_list)
			rc = bucket_list(&c, names_only);
		else if (!strcmp(sub, "head"))
			rc = bucket_head(&c, a.pos[0]);
		else if (!strcmp(sub, "create"))
			rc = bucket_create(&c, a.pos[0]);
		else
			rc = bucket_delete(&c, a.pos[0]);
	}
	cmd_s3_close(&c);
	free(name);
	return rc;
}
