/* What an instance contributes to a connection: the app's settings as it
 * gets them (src/instance/settings), with where each one comes from. */
#include "config.h"
#include "ops/conn/conn_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ops/check/check_util.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* The value in effect, or NULL when unset or only computable by Python. */
static const char *effective(const struct settings *s, enum setting_id id)
{
	const char *v = settings_value(s, id);
	return v && *v ? v : NULL;
}

static char *where_of(const struct settings *s, enum setting_id id)
{
	const struct setting_source *src = settings_winner(s, id);
	char *w = src ? settings_describe_source(src) : xstrdup(_("not set"));
	char *text = xasprintf("%s (%s)", s->v[id].name, w);
	free(w);
	return text;
}

/* "instance DIR: S3_ACCESS_KEY_ID from invenio.cfg:12, S3_SECRET_ACCESS_KEY from .env:4" */
static char *pair_source(const struct settings *s, enum setting_id ak, enum setting_id sk, const char *dir)
{
	const struct setting_source *a = settings_winner(s, ak), *k = settings_winner(s, sk);
	char *wa = a ? settings_describe_source(a) : xstrdup(_("not set"));
	char *wk = k ? settings_describe_source(k) : xstrdup(_("not set"));
	char *text = xasprintf(_("instance %s: %s from %s, %s from %s"), dir ? dir : ".", s->v[ak].name, wa,
			       s->v[sk].name, wk);
	free(wa);
	free(wk);
	return text;
}

static void take(const struct settings *s, enum setting_id id, char **slot, char **source, enum conn_from *from)
{
	const char *v = effective(s, id);
	if (*slot || !v)
		return;
	conn_set(slot, source, v, where_of(s, id));
	if (from)
		*from = CONN_FROM_INSTANCE;
}

/* Which pair of keys: the app's, or the server's root credentials. */
static int pick_pair(const struct conn_request *rq, const struct settings *s, enum setting_id *ak,
		     enum setting_id *sk)
{
	*ak = SET_S3_ACCESS_KEY_ID;
	*sk = SET_S3_SECRET_ACCESS_KEY;
	int root = rq->creds_from == CONN_CREDS_SERVER_ROOT ||
		   (rq->creds_from == CONN_CREDS_AUTO && !effective(s, *ak) && !effective(s, *sk) && s->minio_service);
	if (root) {
		if (!s->minio_service)
			return 0;
		*ak = SET_MINIO_ROOT_USER;
		*sk = SET_MINIO_ROOT_PASSWORD;
	}
	return 1;
}

static int take_creds(const struct conn_request *rq, const struct settings *s, struct conn *c,
		      struct rdm_error *err)
{
	enum setting_id ak, sk;
	if (c->access_key_id || rq->creds_from == CONN_CREDS_GIVEN || rq->creds_from == CONN_CREDS_NONE ||
	    !pick_pair(rq, s, &ak, &sk))
		return 0;
	const char *a = effective(s, ak), *k = effective(s, sk);
	if (!a && !k)
		return 0;
	if (!a || !k) {
		char *src = pair_source(s, ak, sk, rq->instance_dir);
		rdm_error_set(err, _("the instance sets %s but not %s"), s->v[a ? ak : sk].name, s->v[a ? sk : ak].name);
		rdm_error_where(err, "%s", src);
		rdm_error_remedy(err, _("set both in the instance (rdm-s3 config set-secret), or give "
					"the credentials with --credentials-file FILE"));
		free(src);
		return -1;
	}
	conn_set_creds(c, a, k, NULL, pair_source(s, ak, sk, rq->instance_dir), CONN_FROM_INSTANCE);
	return 0;
}

/* S3_CA_BUNDLE as the app reads it: a path, relative ones from the
 * instance folder (where invenio-cli runs the app). */
static void take_ca(const struct conn_request *rq, const struct settings *s, struct conn *c)
{
	const char *v = effective(s, SET_S3_CA_BUNDLE);
	if (c->ca_file || !v)
		return;
	char *path = v[0] == '/' || !rq->instance_dir ? xstrdup(v) : xasprintf("%s/%s", rq->instance_dir, v);
	conn_set(&c->ca_file, &c->ca_source, path, where_of(s, SET_S3_CA_BUNDLE));
	c->ca_from = CONN_FROM_INSTANCE;
	free(path);
}

int conn_from_settings(const struct conn_request *rq, const struct settings *s, struct conn *c,
		       struct rdm_error *err)
{
	take(s, SET_S3_ENDPOINT_URL, &c->endpoint, &c->endpoint_source, &c->endpoint_from);
	take(s, SET_S3_REGION_NAME, &c->region, &c->region_source, &c->region_from);
	take_ca(rq, s, c);
	if (take_creds(rq, s, c, err) != 0)
		return -1;
	take(s, SET_BUCKET, &c->bucket, &c->bucket_source, NULL);
	const char *site = effective(s, SET_SITE_UI_URL);
	char *origin = site ? check_url_origin(site) : NULL;
	if (!c->origin && origin)
		conn_set(&c->origin, &c->origin_source, origin, where_of(s, SET_SITE_UI_URL));
	free(origin);
	if (rq->instance_dir && !c->instance_dir)
		c->instance_dir = xstrdup(rq->instance_dir);
	return 0;
}

int conn_endpoint_is_service(const struct settings *s, const char *endpoint)
{
	if (!s->minio_service || !endpoint)
		return 0;
	const char *host = strstr(endpoint, "://");
	host = host ? host + 3 : endpoint;
	size_t n = strcspn(host, ":/");
	const char *local[] = { "localhost", "127.0.0.1", "minio", s->minio_service };
	for (size_t i = 0; i < sizeof local / sizeof *local; i++)
		if (strlen(local[i]) == n && !strncasecmp(host, local[i], n))
			return 1;
	return host[0] == '[' || !strncmp(host, "127.", 4);
}
