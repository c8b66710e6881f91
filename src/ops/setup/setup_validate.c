/* Judging the draft field by field, as a screen shows it under the field
 * and as --non-interactive refuses a flag (setup.h). No network. */
#include "config.h"
#include "ops/setup/setup.h"
#include "ops/setup/setup_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings_edit.h"
#include "ops/check/check_util.h"
#include "s3/model/bucket_name.h"
#include "s3/model/endpoint.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static const char *const flags[SETUP_F__COUNT] = {
	"--storage", "--endpoint", "--region", "--bucket", "--access-key-id", "--secret-file",
	"--credentials-in", "--cors-origin", "--site-url", "--restart", "--files-location",
};
static const char *const labels[SETUP_F__COUNT] = {
	N_("Storage"), N_("Endpoint"), N_("Region"), N_("Bucket"), N_("Access key"), N_("Secret"),
	N_("Credentials in"), N_("CORS origins"), N_("Site URL"), N_("Restart"), N_("Files location"),
};

const char *setup_field_flag(enum setup_field f) { return (unsigned)f < SETUP_F__COUNT ? flags[f] : "?"; }
const char *setup_field_label(enum setup_field f) { return (unsigned)f < SETUP_F__COUNT ? _(labels[f]) : "?"; }

void setup_field_check_free(struct setup_field_check *fc)
{
	free(fc->message);
	memset(fc, 0, sizeof *fc);
}

static enum setup_level say(struct setup_field_check *fc, enum setup_level l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum setup_level say(struct setup_field_check *fc, enum setup_level l, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(fc->message);
	fc->message = buf_detach(&b);
	fc->level = l;
	return l;
}

/* An error from the key rules of the instance layer, as the field's text:
 * "why (remedy)". */
static enum setup_level key_rule(struct setup_field_check *fc, enum config_key k, const char *v)
{
	struct rdm_error err = RDM_ERROR_INIT;
	enum setup_level l = SETUP_OK;
	if (settings_key_validate(k, v, &err) != 0) {
		const char *why = strstr(err.message, ": ");
		why = why ? why + 2 : err.message;
		if (err.remedy)
			l = say(fc, SETUP_ERROR, "%s (%s)", why, err.remedy);
		else
			l = say(fc, SETUP_ERROR, "%s", why);
	}
	rdm_error_clear(&err);
	return l;
}

static enum setup_level check_storage(const struct setup_draft *d, const struct setup_survey *sv,
				      struct setup_field_check *fc)
{
	if (d->storage >= SETUP_STORAGE__COUNT)
		return say(fc, SETUP_ERROR, _("choose MinIO, RustFS, Amazon S3 or another S3 server"));
	if (!setup_storage_is_own_server(d->storage))
		return SETUP_OK;
	if (!sv->service)
		return say(fc, SETUP_ERROR, _("docker-services.yml has no s3 service for %s: choose Amazon S3 or "
					      "another S3 server, or add the service first"),
			   d->storage == SETUP_STORAGE_MINIO ? "MinIO" : "RustFS");
	if (sv->service_kind != d->storage)
		return say(fc, SETUP_ERROR, _("the %s service runs %s, not %s"), sv->service,
			   sv->service_kind == SETUP_STORAGE_MINIO ? "MinIO" : "RustFS",
			   d->storage == SETUP_STORAGE_MINIO ? "MinIO" : "RustFS");
	return SETUP_OK;
}

/* Browsers fetch files from the endpoint (presigned URLs carry its host). */
static enum setup_level browser_reach(const char *endpoint, const struct setup_survey *sv,
				      struct setup_field_check *fc)
{
	struct check_url e = { 0 }, s = { 0 };
	enum setup_level l = SETUP_OK;
	if (sv->site_url && check_url_split(endpoint, &e) == 0 && check_url_split(sv->site_url, &s) == 0) {
		enum check_host_class ec = check_host_classify(e.host), sc = check_host_classify(s.host);
		if ((ec == CHECK_HOST_LOOPBACK || ec == CHECK_HOST_INTERNAL) && sc == CHECK_HOST_PUBLIC)
			l = say(fc, SETUP_WARN, _("browsers get presigned URLs for %s, which they cannot reach while "
						  "the site is %s: use an address browsers reach"), e.host, sv->site_url);
	}
	check_url_clear(&e);
	check_url_clear(&s);
	return l;
}

static enum setup_level check_endpoint(const struct setup_draft *d, const struct setup_survey *sv,
				       struct setup_field_check *fc)
{
	if (d->endpoint) {
		struct s3_endpoint ep;
		struct rdm_error err = RDM_ERROR_INIT;
		if (key_rule(fc, KEY_STORAGE_ENDPOINT, d->endpoint) == SETUP_ERROR)
			return SETUP_ERROR;
		int bad = s3_endpoint_parse(d->endpoint, &ep, &err) != 0;
		if (bad)
			say(fc, SETUP_ERROR, "%s", err.message);
		else
			s3_endpoint_free(&ep);
		rdm_error_clear(&err);
		if (bad)
			return SETUP_ERROR;
	} else if (d->storage == SETUP_STORAGE_OTHER) {
		return say(fc, SETUP_ERROR, _("another S3 server needs its endpoint, e.g. https://s3.example.org"));
	} else if (setup_storage_is_own_server(d->storage) && sv->service && !sv->service_endpoint) {
		return say(fc, SETUP_ERROR, _("the %s service publishes no API port (9000): give the endpoint"),
			   sv->service);
	}
	char *ep = setup_draft_endpoint(d, sv);
	enum setup_level l = ep ? browser_reach(ep, sv, fc) : SETUP_OK;
	free(ep);
	return l;
}

static enum setup_level check_secret(const struct setup_draft *d, const struct setup_survey *sv,
				     struct setup_field_check *fc)
{
	int own = setup_storage_is_own_server(d->storage);
	if (d->secret && *d->secret)
		return key_rule(fc, own ? KEY_MINIO_ROOT_PASSWORD : KEY_STORAGE_SECRET_ACCESS_KEY, d->secret);
	if (own && sv->root_password_placeholder)
		return say(fc, SETUP_ERROR, _("the root password is still the placeholder: generate one (--generate) "
					      "or give one"));
	if (!own && (!d->access_key_id || !sv->access_key_id || strcmp(d->access_key_id, sv->access_key_id) ||
		     sv->secret_placeholder))
		return say(fc, SETUP_ERROR, _("give the secret key of this access key (on standard input or "
					      "--secret-file; never on the command line)"));
	return SETUP_OK;
}

static enum setup_level check_origins(const struct setup_draft *d, struct setup_field_check *fc)
{
	if (!d->n_cors_origins)
		return say(fc, SETUP_WARN, _("no origin: browsers on the site cannot preview or upload files "
					     "(give the site URL or an origin)"));
	for (size_t i = 0; i < d->n_cors_origins; i++) {
		const char *o = d->cors_origins[i];
		char *norm = strcmp(o, "*") ? check_url_origin(o) : xstrdup("*");
		int ok = norm && !strcmp(norm, o);
		free(norm);
		if (!ok)
			return say(fc, SETUP_ERROR, _("'%s' is not an origin: scheme://host[:port] without a path, "
						      "e.g. https://repo.example.org"), o);
		if (!strcmp(o, "*"))
			say(fc, SETUP_WARN, _("'*' lets every web site read and upload files with the site's links"));
	}
	return fc->level;
}

static enum setup_level check_location(const struct setup_draft *d, struct setup_field_check *fc)
{
	const char *n = d->location_name ? d->location_name : SETUP_DEFAULT_LOCATION;
	size_t len = strlen(n);
	if (len < 2 || len > 20 || n[0] < 'a' || n[0] > 'z' || strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
		return say(fc, SETUP_ERROR, _("a location name has 2 to 20 characters a-z, 0-9 and '-', starting "
					      "with a letter (invenio-files-rest's rule)"));
	return SETUP_OK;
}

enum setup_level setup_field_validate(const struct setup_draft *d, const struct setup_survey *sv,
				      enum setup_field f, struct setup_field_check *fc)
{
	struct rdm_error err = RDM_ERROR_INIT;
	memset(fc, 0, sizeof *fc);
	switch (f) {
	case SETUP_F_STORAGE:
		return check_storage(d, sv, fc);
	case SETUP_F_ENDPOINT:
		return check_endpoint(d, sv, fc);
	case SETUP_F_REGION:
		if (d->region)
			return key_rule(fc, KEY_STORAGE_REGION, d->region);
		if (d->storage == SETUP_STORAGE_AWS)
			return say(fc, SETUP_WARN, _("no region: the bucket's own region is used when it exists, "
						     "else us-east-1"));
		return SETUP_OK;
	case SETUP_F_BUCKET:
		if (s3_bucket_name_check(d->bucket ? d->bucket : SETUP_DEFAULT_BUCKET, &err) != S3_BUCKET_NAME_OK) {
			say(fc, SETUP_ERROR, "%s", err.message);
			rdm_error_clear(&err);
		}
		return fc->level;
	case SETUP_F_ACCESS_KEY_ID:
		if (!d->access_key_id || !*d->access_key_id)
			return say(fc, SETUP_ERROR, _("give the access key"));
		if (setup_storage_is_own_server(d->storage) && check_is_placeholder(d->access_key_id))
			return say(fc, SETUP_ERROR, _("CHANGE_ME is the template's placeholder: choose a user name"));
		return key_rule(fc, setup_storage_is_own_server(d->storage) ? KEY_MINIO_ROOT_USER
									     : KEY_STORAGE_ACCESS_KEY_ID, d->access_key_id);
	case SETUP_F_SECRET:
		return check_secret(d, sv, fc);
	case SETUP_F_CORS_ORIGINS:
		return check_origins(d, fc);
	case SETUP_F_SITE_URL:
		return d->site_url ? key_rule(fc, KEY_SITE_UI_URL, d->site_url) : SETUP_OK;
	case SETUP_F_FILES_LOCATION:
		return check_location(d, fc);
	case SETUP_F_CREDS_IN:
	case SETUP_F_RESTART:
	case SETUP_F__COUNT:
		break;
	}
	return SETUP_OK;
}

int setup_draft_validate(const struct setup_draft *d, const struct setup_survey *sv, enum setup_field *bad,
			 struct rdm_error *err)
{
	for (int f = 0; f < SETUP_F__COUNT; f++) {
		struct setup_field_check fc;
		if (setup_field_validate(d, sv, (enum setup_field)f, &fc) == SETUP_ERROR) {
			if (bad)
				*bad = (enum setup_field)f;
			rdm_error_set(err, "%s: %s", setup_field_flag((enum setup_field)f), fc.message);
			setup_field_check_free(&fc);
			return -1;
		}
		setup_field_check_free(&fc);
	}
	return 0;
}
