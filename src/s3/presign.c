/* Presigned GET URLs, the way InvenioRDM hands file downloads to browsers
 * (invenio-s3 redirects to one, valid S3_URL_EXPIRATION seconds). */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>

#include "s3/client_internal.h"
#include "util/xalloc.h"

int s3_presign_get(struct s3_client *c, const char *bucket, const char *key, long expires_seconds,
		   char **url, struct rdm_error *err)
{
	*url = NULL;
	if (c->anonymous)
		return rdm_error_set(err, "a presigned URL needs credentials (an access key and its secret)");
	if (!bucket || !*bucket || !key || !*key)
		return rdm_error_set(err, "a presigned URL needs a bucket and an object key");
	struct s3_url u = { 0 };
	if (s3_url_build(&c->ep, c->addressing, bucket, key, &u, err) != 0)
		return -1;
	/* Only host is signed: a browser adds its own headers to the GET. */
	struct sigv4_header host = { "host", u.host_header };
	struct sigv4_request r = { .method = "GET", .path = u.path, .headers = &host, .n_headers = 1,
				   .payload_hash = SIGV4_UNSIGNED_PAYLOAD };
	struct sigv4_signing sg = { .creds = &c->creds, .region = c->signing_region,
				    .service = "s3", .now = s3_client_now(c) };
	struct buf query = BUF_INIT, out = BUF_INIT;
	int rc = sigv4_presign(&r, &sg, expires_seconds, &query, err);
	if (rc == 0) {
		s3_url_wire(&u, buf_str(&query), &out);
		*url = buf_detach(&out);
	}
	buf_free(&query);
	s3_url_free(&u);
	return rc;
}
