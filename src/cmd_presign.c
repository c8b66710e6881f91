/* rdm-s3 presign BUCKET KEY [--expires SECONDS] [--method GET|PUT] [--content-type TYPE] */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_s3.h"
#include "util/i18n.h"

#define DEFAULT_EXPIRES 3600L
#define MAX_EXPIRES 604800L /* SigV4: 7 days */

static int run_presign(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_presign = {
	.name = "presign",
	.summary = N_("print a presigned download (or upload) URL for an object"),
	.help =
	N_("Usage: rdm-s3 presign BUCKET KEY [--expires SECONDS] [--method GET|PUT]\n"
	"                      [--content-type TYPE]\n"
	"\n"
	"Print a presigned GET URL for object KEY in BUCKET, like the ones InvenioRDM\n"
	"hands to browsers for downloads (invenio-s3 signs them with S3_URL_EXPIRATION,\n"
	"60 s by default). Anyone holding the URL can download the object until it\n"
	"expires. Nothing is sent to the server: the object need not exist, and the\n"
	"URL only works if the endpoint's host is reachable from where it is used.\n"
	"\n"
	"With --method PUT the URL uploads KEY instead, signed like the part upload\n"
	"URLs InvenioRDM's uploader gets (only the host is signed), to try an upload\n"
	"from a browser or with curl exactly as the uploader sends it (a PUT with\n"
	"Content-Type: application/octet-stream and Content-MD5; see the manual page\n"
	"for a curl command). Anyone holding that URL can write the object until it\n"
	"expires.\n"
	"\n"
	"Options:\n"
	"  --expires SECONDS    validity, 1 to 604800 (7 days); default 3600\n"
	"  --method GET|PUT     download (default) or upload URL\n"
	"  --content-type TYPE  PUT: also sign Content-Type, so the upload must send\n"
	"                       exactly TYPE\n"
	"\n"
	"--json: {\"ok\", \"url\", \"method\", \"bucket\", \"key\", \"expires_seconds\",\n"
	"\"expires_at\"}.\n"
	"\n"
	CMD_S3_HELP_CLOCK_OFFSET
	"\n"
	"Settings and credentials: as for `rdm-s3 bucket` (see rdm-s3 help bucket).\n"
	"\n"
	"Exit status: 0 done, 1 the URL could not be made, 64 usage error.\n"),
	.run = run_presign,
};

static int parse_expires(const char *text, long *out)
{
	*out = DEFAULT_EXPIRES;
	if (!text)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(text, &end, 10);
	if (errno || end == text || *end || n < 1 || n > MAX_EXPIRES)
		return cli_usage_error("presign", _("--expires wants whole seconds from 1 to %ld "
						    "(7 days), not '%s'"), MAX_EXPIRES, text);
	*out = n;
	return 0;
}

static void print_json(const char *url, const char *method, const char *bucket, const char *key, long expires,
		       time_t signed_at)
{
	char when[32] = "";
	time_t end = signed_at + expires;
	struct tm tm;
	if (gmtime_r(&end, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct buf out = BUF_INIT;
	struct cmd_json j;
	cmd_s3_json_ok_begin(&j, &out);
	cmd_json_string(&j, "url", url);
	cmd_json_string(&j, "method", method);
	cmd_json_string(&j, "bucket", bucket);
	cmd_json_string(&j, "key", key);
	cmd_json_int(&j, "expires_seconds", expires);
	cmd_json_string(&j, "expires_at", when);
	cmd_json_end_object(&j);
	cmd_s3_emit(&out);
}

static int parse_method(const char *method, const char *content_type)
{
	if (strcmp(method, "GET") != 0 && strcmp(method, "PUT") != 0)
		return cli_usage_error("presign", _("--method must be GET or PUT, not '%s'"), method);
	if (content_type && strcmp(method, "PUT") != 0)
		return cli_usage_error("presign", _("--content-type goes with --method PUT"));
	if (content_type && (!*content_type || strpbrk(content_type, "\r\n")))
		return cli_usage_error("presign", _("--content-type wants a media type such as "
						    "application/octet-stream"));
	return 0;
}

static int run_presign(const struct rdm_globals *g, int argc, char **argv)
{
	const char *expires_text = NULL, *method = NULL, *content_type = NULL;
	struct cmd_s3_opt opts[] = { { "--expires", CMD_OPT_VALUE, NULL, &expires_text, NULL, NULL, 0 },
				     { "--method", CMD_OPT_VALUE, NULL, &method, NULL, NULL, 0 },
				     { "--content-type", CMD_OPT_VALUE, NULL, &content_type, NULL, NULL, 0 },
				     { NULL, 0, NULL, NULL, NULL, NULL, 0 } };
	struct cmd_s3_args a;
	long expires;
	int rc = cmd_s3_args_parse("presign", argc, argv, 1, opts, 2, 2, &a);
	if (rc || (rc = parse_expires(expires_text, &expires)) != 0)
		return rc;
	if (!method)
		method = "GET";
	if ((rc = parse_method(method, content_type)) != 0)
		return rc;
	if (!*a.pos[1])
		return cli_usage_error("presign", _("KEY must not be empty"));
	struct cmd_s3 c;
	rc = cmd_s3_open(&c, g, "presign", a.timeout, CMD_S3_NEED_CREDS);
	if (rc == 0) {
		char *url = NULL;
		struct rdm_error err = RDM_ERROR_INIT;
		time_t now = s3_client_now(c.client);
		struct s3_presign_spec spec = { .method = method, .bucket = a.pos[0], .key = a.pos[1],
						.expires_seconds = expires, .content_type = content_type };
		if (s3_presign(c.client, &spec, &url, &err) != 0) {
			char *msg = rdm_error_format(&err);
			fprintf(stderr, "rdm-s3: presign: %s\n", msg);
			free(msg);
			rc = RDM_EXIT_FAILED;
		} else if (g->json) {
			print_json(url, method, a.pos[0], a.pos[1], expires, now);
		} else {
			printf("%s\n", url);
		}
		rdm_error_clear(&err);
		free(url);
	}
	cmd_s3_close(&c);
	return rc;
}
