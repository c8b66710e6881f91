/* client-compat: what boto3 (through invenio-s3) needs from the settings:
 * S3_ENDPOINT_URL with a scheme and without a bucket in its path (or, on
 * AWS, in its host);
 * S3_SIGNATURE_VERSION s3v4 when set; and for a non-AWS endpoint, an INFO
 * when S3_CONFIG_EXTRA leaves the botocore >= 1.36 default checksums on
 * (whether the server takes such uploads is measured by the canary check).
 * botocore lower-cases these two values before validating them, so
 * "WHEN_REQUIRED" works too. */
#include "config.h"
#include "ops/check/check_list.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const client_compat_deps[] = { "instance", NULL };

static const char checksum_line[] =
	"S3_CONFIG_EXTRA = {\"request_checksum_calculation\": \"when_required\", "
	"\"response_checksum_validation\": \"when_required\"}";

/* "mybucket.s3.eu-west-1.amazonaws.com": a virtual-hosted bucket URL used
 * as the endpoint. Returns the length of the bucket label, or 0. */
static size_t aws_host_bucket(const char *host)
{
	const char *dot = strchr(host, '.');
	if (!check_host_is_aws(host) || !dot || strncmp(host, "s3", 2) == 0)
		return 0;
	return strncmp(dot, ".s3.", 4) == 0 || strncmp(dot, ".s3-", 4) == 0 ? (size_t)(dot - host) : 0;
}

static void note_endpoint(const struct check_instance_facts *in, struct check_result *r,
			  const struct check_url *u, int parsed)
{
	const char *ep = in->s3_endpoint_url.value;
	if (!parsed || !u->scheme) {
		check_result_note(r, CHECK_CRIT, _("write it as http://HOST:PORT/ or https://HOST/"),
				  _("S3_ENDPOINT_URL '%s' has no scheme: botocore refuses it (Invalid "
				  "endpoint) and the app cannot store files"), ep);
		return;
	}
	if (strcmp(u->scheme, "http") != 0 && strcmp(u->scheme, "https") != 0) {
		check_result_note(r, CHECK_CRIT, _("use http:// or https://"),
				  _("S3_ENDPOINT_URL uses the scheme '%s'"), u->scheme);
		return;
	}
	size_t blen = aws_host_bucket(u->host);
	if (blen)
		check_result_note(r, CHECK_WARN, _("use the regional endpoint, e.g. "
				  "https://s3.<region>.amazonaws.com, and name the bucket in the files "
				  "location (s3://BUCKET)"), _("S3_ENDPOINT_URL names the bucket %.*s in its "
				  "host: invenio-s3 adds the bucket itself"), (int)blen, u->host);
	if (*u->path && strcmp(u->path, "/") != 0) {
		char *remedy = xasprintf(_("set S3_ENDPOINT_URL to the server root (%s://%s/) and name "
					 "the bucket in the files location (s3://BUCKET)"), u->scheme,
					 u->host);
		check_result_note(r, CHECK_WARN, remedy, _("S3_ENDPOINT_URL has a path (%s): invenio-s3 "
				  "uses path-style addressing and adds the bucket itself"), u->path);
		free(remedy);
	}
}

static char *checksum_remedy(const struct check_instance_facts *in)
{
	if (in->s3_config_extra.value)
		return xasprintf(_("S3_CONFIG_EXTRA is set (%s): make it contain both keys, e.g.\n%s"),
				 in->s3_config_extra.where ? in->s3_config_extra.where : "invenio.cfg", checksum_line);
	return xasprintf(_("add to invenio.cfg:\n%s"), checksum_line);
}

/* botocore >= 1.36 (boto3 1.36, which invenio-s3 uses through s3fs and
 * aiobotocore) adds a CRC32 checksum to every upload unless
 * request_checksum_calculation is "when_required". Whether the server
 * takes that is measured by the canary check (it uploads a second canary
 * that way), not guessed from the server's name here. */
static void note_request_checksums(const struct check_facts *f, struct check_result *r)
{
	char *remedy = checksum_remedy(&f->instance);
	check_result_note(r, CHECK_INFO, remedy, _("S3_CONFIG_EXTRA does not set request_checksum_calculation to "
			  "\"when_required\": botocore >= 1.36 (invenio-s3, through s3fs) then sends every upload "
			  "with a CRC32 checksum, over https as aws-chunked with a trailer, over http in a header; "
			  "the canary check tries such an upload on this server"));
	free(remedy);
}

static void note_checksums(const struct check_facts *f, struct check_result *r)
{
	const char *extra = f->instance.s3_config_extra.value;
	int req = check_extra_sets(extra, "request_checksum_calculation", "when_required");
	int resp = check_extra_sets(extra, "response_checksum_validation", "when_required");
	if (!req)
		note_request_checksums(f, r);
	if (!resp)
		check_result_note(r, CHECK_INFO, NULL, _("S3_CONFIG_EXTRA does not set response_checksum_validation "
				  "to \"when_required\": botocore >= 1.36 checks the checksums a server sends with "
				  "downloads (harmless when it sends none or correct ones)"));
	/* rdm-s3's preset sets both entries of the dict (config set
	 * storage.client-compat=on), keeping its other keys. */
	if (!req || !resp)
		r->fixes |= CHECK_FIX_CLIENT_COMPAT;
}

static void client_compat_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_instance_facts *in = &f->instance;
	struct check_url u = { 0 };
	if (!check_instance_usable(in, r))
		return;
	check_result_setting(r, "S3_ENDPOINT_URL", &in->s3_endpoint_url);
	check_result_setting(r, "S3_SIGNATURE_VERSION", &in->s3_signature_version);
	check_result_setting(r, "S3_CONFIG_EXTRA", &in->s3_config_extra);
	const char *sig = in->s3_signature_version.value;
	if (!in->s3_endpoint_url.value && !sig) {
		check_result_skip(r, 0, _("skipped: S3_ENDPOINT_URL is not set"));
		return;
	}
	int parsed = in->s3_endpoint_url.value && check_url_split(in->s3_endpoint_url.value, &u) == 0;
	if (in->s3_endpoint_url.value)
		note_endpoint(in, r, &u, parsed);
	if (sig && strcasecmp(sig, "s3v4") != 0)
		check_result_note(r, CHECK_WARN, _("remove S3_SIGNATURE_VERSION or set it to 's3v4'"),
				  _("S3_SIGNATURE_VERSION is '%s': signature version 2 is deprecated, and "
				  "MinIO and newer AWS regions accept only s3v4"), sig);
	if (parsed && u.scheme && !check_host_is_aws(u.host))
		note_checksums(f, r);
	if (parsed)
		check_url_clear(&u);
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, _("endpoint URL, signature version and checksum "
				  "settings suit boto3"));
}

const struct check check_client_compat = {
	.id = "client-compat",
	.title = N_("boto3 compatibility of the settings"),
	.depends_on = client_compat_deps,
	.needs = CHECK_NEED_INSTANCE,
	.verdict = client_compat_verdict,
};
