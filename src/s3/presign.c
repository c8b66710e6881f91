/* Presigned URLs, the way InvenioRDM hands them to browsers: GET for
 * downloads (invenio-s3 redirects to one, valid S3_URL_EXPIRATION seconds),
 * PUT for the parts of a multipart upload (S3_UPLOAD_URL_EXPIRATION). */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>

#include "s3/client_internal.h"
#include "util/xalloc.h"
#include "util/i18n.h"

int s3_presign(struct s3_client *c, const struct s3_presign_spec *spec, char **url, struct rdm_error *err)
{
	*url = NULL;
	const char *method = spec->method ? spec->method : "GET";
	if (c->anonymous)
		return rdm_error_set(err, _("a presigned URL needs credentials (an access key and its secret)"));
	if (!spec->bucket || !*spec->bucket || !spec->key || !*spec->key)
		return rdm_error_set(err, _("a presigned URL needs a bucket and an object key"));
	if (strcmp(method, "GET") != 0 && strcmp(method, "PUT") != 0)
		return rdm_error_set(err, _("presigned URLs are made for GET and PUT only, not %s"), method);
	struct s3_url u = { 0 };
	if (s3_url_build(&c->ep, c->addressing, spec->bucket, spec->key, &u, err) != 0)
		return -1;
	/* Only host is signed (and Content-Type when asked for), as invenio-s3
	 * signs them: a browser adds its own headers to the request. */
	struct sigv4_header h[2] = { { "host", u.host_header }, { "content-type", spec->content_type } };
	struct sigv4_request r = { .method = method, .path = u.path, .headers = h,
				   .n_headers = spec->content_type ? 2 : 1,
				   .payload_hash = SIGV4_UNSIGNED_PAYLOAD };
	struct sigv4_signing sg = { .creds = &c->creds, .region = c->signing_region,
				    .service = "s3", .now = s3_client_now(c) };
	struct buf query = BUF_INIT, out = BUF_INIT;
	int rc = sigv4_presign(&r, &sg, spec->expires_seconds, &query, err);
	if (rc == 0) {
		s3_url_wire(&u, buf_str(&query), &out);
		*url = buf_detach(&out);
	}
	buf_free(&query);
	s3_url_free(&u);
	return rc;
}

int s3_presign_get(struct s3_client *c, const char *bucket, const char *key, long expires_seconds,
		   char **url, struct rdm_error *err)
{
	struct s3_presign_spec spec = { .method = "GET", .bucket = bucket, .key = key,
					.expires_seconds = expires_seconds };
	return s3_presign(c, &spec, url, err);
}
