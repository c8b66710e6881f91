/* The S3 commands' settings from an InvenioRDM instance: endpoint, region
 * and credentials as the application itself would use them (the effective
 * values of src/instance/settings.h, with where each one comes from). */
#include "config.h"
#include "cmd_s3.h"
#include "cmd_recover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

/* The value in effect, or NULL when unset or only computable by Python. */
static const char *effective(const struct settings *s, enum setting_id id)
{
	const char *v = settings_value(s, id);
	return v && *v ? v : NULL;
}

static char *where_of(const struct settings *s, enum setting_id id)
{
	const struct setting_source *src = settings_winner(s, id);
	return src ? settings_describe_source(src) : xstrdup(_("not set"));
}

/* "S3_ACCESS_KEY_ID from invenio.cfg:12, S3_SECRET_ACCESS_KEY from .env:4" */
static char *pair_source(const struct settings *s, enum setting_id ak, enum setting_id sk,
			 const char *dir)
{
	char *wa = where_of(s, ak), *ws = where_of(s, sk);
	char *text = xasprintf(_("instance %s: %s from %s, %s from %s"), dir, s->v[ak].name, wa,
			       s->v[sk].name, ws);
	free(wa);
	free(ws);
	return text;
}

/* The application's S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY; when the
 * application sets neither and a MinIO service is defined, its root user
 * (what a local MinIO accepts). Half a pair is an error that names both
 * places. */
static int take_creds(const struct settings *s, const char *dir, struct cmd_s3_conn *conn,
		      struct rdm_error *err)
{
	enum setting_id ak = SET_S3_ACCESS_KEY_ID, sk = SET_S3_SECRET_ACCESS_KEY;
	if (!effective(s, ak) && !effective(s, sk) && s->minio_service) {
		ak = SET_MINIO_ROOT_USER;
		sk = SET_MINIO_ROOT_PASSWORD;
	}
	const char *a = effective(s, ak), *k = effective(s, sk);
	if (!a && !k)
		return 0;
	if (!a || !k) {
		char *src = pair_source(s, ak, sk, dir);
		rdm_error_set(err, _("the instance sets %s but not %s"), s->v[a ? ak : sk].name,
			      s->v[a ? sk : ak].name);
		rdm_error_where(err, "%s", src);
		rdm_error_remedy(err, _("set both in the instance (rdm-s3 config set-secret), or give "
					"the credentials with --credentials-file FILE"));
		free(src);
		return -1;
	}
	conn->access_key_id = xstrdup(a);
	conn->secret_access_key = xstrdup(k);
	free(conn->creds_source);
	conn->creds_source = pair_source(s, ak, sk, dir);
	return 0;
}

static void take_setting(const struct settings *s, enum setting_id id, char **slot, char **source)
{
	const char *v = effective(s, id);
	if (*slot || !v)
		return;
	*slot = xstrdup(v);
	char *w = where_of(s, id);
	free(*source);
	*source = xasprintf("%s (%s)", s->v[id].name, w);
	free(w);
}

static int fill_from(const struct rdm_globals *g, const char *dir, struct cmd_s3_conn *conn,
		     struct rdm_error *err)
{
	struct instance inst;
	struct settings s;
	struct settings_opts o = { environ, 0 };
	memset(&inst, 0, sizeof inst);
	int rc = -1;
	if (cmd_recover_instance(g, dir, 0, err) != 0 || inst_load(&inst, dir, err) != 0)
		goto out_inst;
	if (settings_read(&s, &inst, &o, err) != 0) {
		settings_free(&s);
		goto out_inst;
	}
	take_setting(&s, SET_S3_ENDPOINT_URL, &conn->endpoint, &conn->endpoint_source);
	take_setting(&s, SET_S3_REGION_NAME, &conn->region, &conn->region_source);
	rc = conn->access_key_id ? 0 : take_creds(&s, dir, conn, err);
	free(conn->instance_dir);
	conn->instance_dir = xstrdup(dir);
	settings_free(&s);
out_inst:
	inst_free(&inst);
	return rc;
}

int cmd_s3_conn_from_instance(const struct rdm_globals *g, struct cmd_s3_conn *conn,
			      struct rdm_error *err)
{
	if (g->n_instances > 1)
		return rdm_error_set(err, _("the S3 commands work on one instance: give --instance once"));
	const char *override = g->n_instances ? g->instances[0] : NULL;
	/* Without --instance the folder is only looked for when something is
	 * still missing, so that explicit settings work anywhere, even in a
	 * folder whose instance files are broken. */
	if (!override && conn->endpoint && conn->access_key_id)
		return 0;
	char *dir = NULL;
	if (inst_find(override, &dir, err) != 0) {
		if (override)
			return -1;
		rdm_error_clear(err); /* no instance here: not an error */
		return 0;
	}
	int rc = fill_from(g, dir, conn, err);
	free(dir);
	return rc;
}
