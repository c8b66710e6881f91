/* What the app signs with today (rotate.h): the key, where it is written,
 * which server and key API, the key's owner and age, and that it works. */
#include "config.h"
#include "ops/rotate/rotate_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ops/conn/conn.h"
#include "s3/admin/iam.h"
#include "s3/admin/minio_admin.h"
#include "s3/admin/rgw_admin.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

static char *dup0(const char *s) { return s ? xstrdup(s) : NULL; }

void rotate_survey_free(struct rotate_survey *sv)
{
	free(sv->instance_dir);
	free(sv->endpoint);
	free(sv->region);
	free(sv->bucket);
	free(sv->access_key_id);
	free(sv->access_key_source);
	free(sv->owner);
	free(sv->age);
	free(sv->admin_source);
	free(sv->service);
	free(sv->pending_change);
	free(sv->pending_resume);
	secret_free(sv->old_secret);
	free(sv->admin_endpoint);
	free(sv->admin_region);
	memset(sv, 0, sizeof *sv);
}

struct survey_run {
	struct rotate_survey *sv;
	const struct rotate_opts *o;
	struct rotate_env env;
	struct rotate_target t;
	int *usage;
	struct rdm_error *err;
};

static int usage_error(struct survey_run *s, const char *remedy, const char *message)
{
	*s->usage = 1;
	rdm_error_set(s->err, "%s", message);
	if (remedy)
		rdm_error_remedy(s->err, "%s", remedy);
	return -1;
}

static int call_failed(struct survey_run *s, struct s3_status *st, const char *what)
{
	char *sum = s3_status_summary(st);
	rdm_error_set(s->err, "%s: %s%s%s", what, sum, st->explanation ? ": " : "",
		      st->explanation ? st->explanation : "");
	if (st->remedy)
		rdm_error_remedy(s->err, "%s", st->remedy);
	free(sum);
	s3_status_clear(st);
	return -1;
}

static struct s3_client *admin_client(struct survey_run *s)
{
	rotate_target_free(&s->t);
	rotate_target_from_survey(&s->t, s->sv);
	s->t.admin_file = dup0(s->o->admin_file);
	return rotate_admin_client(&s->t, &s->env, s->err);
}

/* MinIO: is the app's key a user's own, or a service account (whose
 * parent is then the owner)? */
static int minio_owner(struct survey_run *s)
{
	struct s3_client *cl = admin_client(s);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	struct minio_user_info ui;
	memset(&ui, 0, sizeof ui);
	int rc = 0;
	if (minio_admin_user_info(cl, s->sv->access_key_id, &ui, &st) == 0) {
		s->sv->old_is_user = 1;
		s->sv->owner = xstrdup(s->sv->access_key_id);
		if (ui.updated_at)
			s->sv->age = xasprintf(_("changed %s"), ui.updated_at);
		minio_user_info_free(&ui);
	} else {
		s3_status_clear(&st);
		if (minio_admin_service_account_parent(cl, s->sv->access_key_id, &s->sv->owner, &st) != 0)
			rc = call_failed(s, &st, _("MinIO does not know the app's key as a user or service account"));
	}
	s3_status_clear(&st);
	s3_client_free(cl);
	return rc;
}

static int rgw_owner(struct survey_run *s)
{
	struct s3_client *cl = admin_client(s);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	struct rgw_user_info ui;
	memset(&ui, 0, sizeof ui);
	int rc = rgw_admin_user_info(cl, NULL, s->sv->access_key_id, &ui, &st);
	if (rc == 0)
		s->sv->owner = dup0(ui.user_id);
	else
		call_failed(s, &st, _("Ceph RGW does not tell whose key this is"));
	rgw_user_info_free(&ui);
	s3_status_clear(&st);
	s3_client_free(cl);
	return rc;
}

/* IAM: the key's user (asked with the key itself), its age, and room for
 * a second key (two per user). */
static int iam_owner(struct survey_run *s)
{
	s->t.admin_endpoint = dup0(s->sv->admin_endpoint);
	struct rotate_target self;
	rotate_target_from_survey(&self, s->sv);
	struct s3_client *cl = rotate_admin_client(&self, &s->env, s->err);
	rotate_target_free(&self);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	struct iam_user u;
	memset(&u, 0, sizeof u);
	int rc = iam_get_user(cl, NULL, &u, &st);
	s3_client_free(cl);
	if (rc != 0)
		return call_failed(s, &st, _("IAM does not tell whose key this is (GetUser with the app's key)"));
	s3_status_clear(&st);
	s->sv->owner = dup0(u.user_name);
	iam_user_free(&u);
	if (!(cl = admin_client(s)))
		return -1;
	struct iam_access_keys keys;
	memset(&keys, 0, sizeof keys);
	rc = iam_list_access_keys(cl, s->sv->owner, &keys, &st);
	s3_client_free(cl);
	if (rc != 0)
		return call_failed(s, &st, _("IAM does not list the user's keys"));
	s3_status_clear(&st);
	for (size_t i = 0; i < keys.n; i++)
		if (keys.items[i].access_key_id && !strcmp(keys.items[i].access_key_id, s->sv->access_key_id) &&
		    keys.items[i].create_date)
			s->sv->age = xasprintf(_("created %s"), keys.items[i].create_date);
	if (keys.n >= 2) {
		rdm_error_set(s->err, _("IAM user %s has two access keys already, the most IAM allows: there is no room "
					"for the second key a rotation makes"), s->sv->owner);
		rdm_error_remedy(s->err, "%s", _("delete the key the app does not use (IAM console, or "
						     "`aws iam delete-access-key`), then rotate"));
		rc = -1;
	}
	iam_access_keys_free(&keys);
	return rc;
}

/* Another server than the instance's own: which key API it has. */
static int other_server(struct survey_run *s, const struct conn *c)
{
	struct rotate_survey *sv = s->sv;
	if (s->o->app_user)
		return usage_error(s, _("leave out --app-user"),
				   _("--app-user moves the app off the root user of the instance's own MinIO; "
				     "this instance's app uses another server"));
	struct s3_client *cl = rotate_key_client(&s->t, &s->env, NULL, NULL, s->err);
	if (!cl)
		return -1;
	struct s3_status st = S3_STATUS_INIT;
	int rc = s3_head_bucket(cl, sv->bucket, NULL, &st);
	enum s3_server_kind guess = s3_client_server_kind(cl);
	s3_client_free(cl);
	if (rc != 0)
		return call_failed(s, &st, _("the app's key does not work today (fix that first: `rdm-s3 check`)"));
	s3_status_clear(&st);
	if (c->server == S3_SERVER_AWS) {
		sv->kind = ROTATE_IAM;
		sv->admin_endpoint = xstrdup(IAM_ENDPOINT);
		sv->admin_region = xstrdup(IAM_SIGNING_REGION);
		return iam_owner(s);
	}
	if (guess == S3_SERVER_MINIO) {
		if (!s->o->admin_file)
			return usage_error(s, _("give --admin-credentials-file FILE with a MinIO admin's keys (0600)"),
					   _("this MinIO is not the instance's own: its admin keys are needed"));
		sv->kind = ROTATE_MINIO_USER;
		sv->server = S3_SERVER_MINIO;
		sv->server_name = "MinIO";
		return minio_owner(s);
	}
	if (s->o->admin_file && rgw_owner(s) == 0) {
		sv->kind = ROTATE_RGW;
		sv->server = S3_SERVER_CEPH;
		sv->server_name = "Ceph RGW";
		return 0;
	}
	rdm_error_clear(s->err);
	sv->kind = ROTATE_IAM;
	sv->server_name = "IAM";
	sv->admin_endpoint = dup0(sv->endpoint);
	sv->admin_region = xstrdup(IAM_SIGNING_REGION);
	if (iam_owner(s) == 0)
		return 0;
	if (sv->owner)
		return -1; /* IAM answered: what it said is the error */
	rdm_error_clear(s->err);
	char *msg = xasprintf(_("%s answers neither IAM nor (without admin keys) Ceph RGW's admin API"), sv->endpoint);
	usage_error(s, _("for Ceph RGW give --admin-credentials-file FILE with the keys of a user with the "
			 "\"users\" capability (0600)"), msg);
	free(msg);
	return -1;
}

static int own_server(struct survey_run *s, const struct setup_survey *ss)
{
	struct rotate_survey *sv = s->sv;
	int rustfs = ss->service_kind == SETUP_STORAGE_RUSTFS;
	sv->server = rustfs ? S3_SERVER_RUSTFS : S3_SERVER_MINIO;
	sv->server_name = rustfs ? "RustFS" : "MinIO";
	sv->service_kind = ss->service_kind;
	sv->admin_root = !s->o->admin_file;
	int on_root = ss->app_uses_root || (ss->root_user && !strcmp(ss->root_user, sv->access_key_id));
	if (on_root && !s->o->app_user) {
		sv->kind = ROTATE_ROOT;
		sv->owner = dup0(ss->root_user);
		return 0;
	}
	if (rustfs)
		return usage_error(s, _("leave out --app-user: rdm-s3 rotates RustFS's root key only"),
				   _("RustFS has no MinIO admin API for users of its own"));
	if (on_root) {
		sv->kind = ROTATE_APP_USER;
		sv->owner = dup0(ss->root_user);
		return 0;
	}
	if (s->o->app_user)
		return usage_error(s, _("leave out --app-user"),
				   _("--app-user moves the app off MinIO's root user; it has its own user already"));
	sv->kind = ROTATE_MINIO_USER;
	return minio_owner(s);
}

static int from_conn(struct rotate_survey *sv, const struct conn *c, struct rdm_error *err)
{
	if (!c->access_key_id || !c->secret_access_key)
		return rdm_error_set(err, _("the instance gives the app no S3 key to rotate (set one up first: "
					    "`rdm-s3 setup`)"));
	sv->endpoint = dup0(c->endpoint);
	sv->region = dup0(c->region);
	sv->bucket = dup0(c->bucket ? c->bucket : SETUP_DEFAULT_BUCKET);
	sv->access_key_id = xstrdup(c->access_key_id);
	sv->access_key_source = dup0(c->creds_source);
	sv->old_secret = xstrdup(c->secret_access_key);
	sv->server = c->server;
	return 0;
}

static void admin_words(struct rotate_survey *sv, const struct rotate_opts *o)
{
	if (o->admin_file)
		sv->admin_source = xasprintf("--admin-credentials-file %s", o->admin_file);
	else if (sv->kind == ROTATE_ROOT)
		sv->admin_source = xstrdup(_("none needed: the new root password takes effect at the restart"));
	else if (sv->admin_root)
		sv->admin_source = xasprintf(_("%s's root credentials from the instance's files"), sv->server_name);
	else
		sv->admin_source = xstrdup(_("the app's own key (IAM access keys of its own user)"));
}

int rotate_survey_read(const char *instance_dir, const struct rotate_opts *o, struct rotate_survey *out,
		       int *usage, struct rdm_error *err)
{
	char *const *envp = o->envp ? o->envp : environ;
	struct setup_survey ss;
	memset(out, 0, sizeof *out);
	*usage = 0;
	if (setup_survey_read(instance_dir, envp, &ss, err) != 0)
		return -1;
	if (ss.access_key_placeholder || ss.secret_placeholder) {
		rdm_error_set(err, _("the app's S3 key is still a placeholder (CHANGE_ME): there is no key to rotate"));
		rdm_error_remedy(err, "%s", _("set up the storage first: `rdm-s3 setup`"));
		setup_survey_free(&ss);
		return -1;
	}
	out->instance_dir = xstrdup(ss.instance_dir ? ss.instance_dir : instance_dir);
	out->pending_change = dup0(ss.pending_change);
	out->pending_resume = dup0(ss.pending_resume);
	out->service = dup0(ss.service);
	struct survey_run s = { .sv = out, .o = o, .usage = usage, .err = err };
	s.env = (struct rotate_env){ out->instance_dir, envp, o->ca_file, o->timeout_ms, o->clock_offset };
	struct conn_request rq = { .instance_dir = out->instance_dir, .instance_explicit = 1, .ca_file = o->ca_file,
				   .creds_from = CONN_CREDS_APP, .envp = envp, .clock_offset = o->clock_offset };
	struct conn c;
	int rc = conn_resolve(&rq, &c, err);
	if (rc == 0) {
		rc = from_conn(out, &c, err);
		rotate_target_from_survey(&s.t, out);
		if (rc == 0 && ss.service && c.service && (c.server == S3_SERVER_MINIO || c.server == S3_SERVER_RUSTFS))
			rc = own_server(&s, &ss);
		else if (rc == 0)
			rc = other_server(&s, &c);
		conn_free(&c);
	}
	if (rc == 0)
		admin_words(out, o);
	rotate_target_free(&s.t);
	setup_survey_free(&ss);
	return rc;
}
