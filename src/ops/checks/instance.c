/* instance: the instance files were found and parse; no CHANGE_ME or weak
 * secret; the app's keys match what docker-services.yml gives MinIO (when
 * the app uses that MinIO: else an INFO says it is unused); no
 * setting defined twice with different values (the instance engine's
 * conflict report, or duplicates); secrets files not readable by everybody.
 * Never quotes a secret, nor its length. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char rotate_remedy[] =
	N_("generate a strong MinIO root password with `rdm-s3 config set-secret "
	"minio.root-password --generate` and pick a root user with `rdm-s3 config set "
	"minio.root-user=NAME`: docker-services.yml and the app's keys are updated "
	"together when the app uses MinIO's root user; then restart the services");

/* A copy that is masked whatever the probe said. */
static struct check_setting as_secret(const struct check_setting *s)
{
	struct check_setting c = *s;
	c.secret = 1;
	return c;
}

static void note_pending(const struct check_instance_facts *in, struct check_result *r)
{
	if (in->state_error)
		check_result_note(r, CHECK_CRIT, in->state_remedy ? in->state_remedy : _("make .rdm-s3 belong to the "
				  "instance's owner and writable by nobody else"), _("rdm-s3's state folder .rdm-s3 cannot "
				  "be used: %s"), in->state_error);
	if (in->pending_change) {
		char *remedy = xasprintf(_("run `%s`"), in->pending_repair);
		check_result_note(r, CHECK_CRIT, remedy, _("an interrupted change is still pending: %s"),
				  in->pending_change);
		free(remedy);
	}
}

static void note_placeholders(const struct check_instance_facts *in, struct check_result *r)
{
	if (in->minio_unused)
		; /* MinIO's own placeholders do not concern the app (note_unused_minio) */
	else if (check_is_placeholder(in->minio_root_password.value)) {
		check_result_note(r, CHECK_CRIT, _(rotate_remedy),
				  _("MINIO_ROOT_PASSWORD is still the placeholder CHANGE_ME"));
		r->fixes |= CHECK_FIX_PLACEHOLDERS;
	}
	if (check_is_placeholder(in->s3_secret_access_key.value))
		check_result_note(r, CHECK_CRIT, _("set S3_SECRET_ACCESS_KEY to the real secret: `rdm-s3 "
				  "config set-secret storage.secret-access-key` (reads standard input)"), _("S3_SECRET_ACCESS_KEY is still the placeholder "
				  "CHANGE_ME"));
	if (!in->minio_unused && check_is_placeholder(in->minio_root_user.value)) {
		check_result_note(r, CHECK_WARN, _(rotate_remedy),
				  _("MINIO_ROOT_USER is still the placeholder CHANGE_ME"));
		r->fixes |= CHECK_FIX_PLACEHOLDERS;
	}
	if (check_is_placeholder(in->s3_access_key_id.value))
		check_result_note(r, CHECK_WARN, _("set S3_ACCESS_KEY_ID to the real access key: `rdm-s3 "
				  "config set storage.access-key-id=KEY`"),
				  _("S3_ACCESS_KEY_ID is still the placeholder CHANGE_ME"));
}

static void note_weak(const struct check_instance_facts *in, struct check_result *r)
{
	const char *pw = in->minio_unused ? NULL : in->minio_root_password.value;
	const char *sk = in->s3_secret_access_key.value;
	const char *why;
	if (pw && !check_is_placeholder(pw) && (why = check_secret_weakness(pw)))
		check_result_note(r, CHECK_WARN, _(rotate_remedy), _("MINIO_ROOT_PASSWORD %s"), why);
	/* The app's secret is usually the same value: report it once. */
	if (sk && !check_is_placeholder(sk) && !(pw && strcmp(pw, sk) == 0) &&
	    (why = check_secret_weakness(sk)))
		check_result_note(r, CHECK_WARN, _("use a long random secret key"),
				  _("S3_SECRET_ACCESS_KEY %s"), why);
}

/* The app stores its files elsewhere (Amazon S3, Ceph...), yet the
 * cookiecutter's MinIO service is still in docker-services.yml. */
static void note_unused_minio(const struct check_instance_facts *in, struct check_result *r)
{
	if (!in->minio_unused)
		return;
	check_result_note(r, CHECK_INFO, NULL, _("the MinIO service %s of docker-services.yml is not used by the app "
			  "(S3_ENDPOINT_URL is %s): its settings are not checked"),
			  in->minio_service ? in->minio_service : "s3", in->s3_endpoint_url.value);
}

/* Compared only when the app talks to the compose MinIO (its service name,
 * or its published port on this machine): another server has its own keys. */
static void note_key_mismatch(const struct check_instance_facts *in, struct check_result *r)
{
	struct check_url u;
	int local = 0;
	if (!in->minio_root_user.value || !in->s3_endpoint_url.value || in->minio_unused)
		return;
	if (check_url_split(in->s3_endpoint_url.value, &u) == 0) {
		enum check_host_class c = check_host_classify(u.host);
		local = c == CHECK_HOST_LOOPBACK || c == CHECK_HOST_INTERNAL;
		check_url_clear(&u);
	}
	if (!local)
		return;
	if (in->pending_change && in->pending_mixed) {
		/* Not a choice of the operator: a change was cut half way. */
		char *remedy = xasprintf(_("run `%s`: it puts every file of that change back in step"),
					 in->pending_repair);
		if ((in->s3_access_key_id.value && strcmp(in->s3_access_key_id.value, in->minio_root_user.value)) ||
		    (in->s3_secret_access_key.value && in->minio_root_password.value &&
		     strcmp(in->s3_secret_access_key.value, in->minio_root_password.value)))
			check_result_note(r, CHECK_CRIT, remedy, _("the app's keys and MinIO's root user disagree "
					  "because an interrupted change was applied to some files only"));
		free(remedy);
		return;
	}
	const char *fine = _("fine only if that MinIO user exists (mc admin user add); otherwise "
			   "make the app's keys equal to the MinIO root credentials (`rdm-s3 config set "
			   "storage.access-key-id=USER`, `rdm-s3 config set-secret storage.secret-access-key`)");
	/* A MinIO user of the app's own is what `rdm-s3 rotate --app-user`
	 * makes (least privilege): the auth check proves that it exists. */
	if (in->s3_access_key_id.value && strcmp(in->s3_access_key_id.value, in->minio_root_user.value))
		check_result_note(r, CHECK_INFO, fine, _("S3_ACCESS_KEY_ID differs from MINIO_ROOT_USER: the app "
				  "uses a MinIO user of its own (the auth check proves it exists)"));
	else if (in->s3_secret_access_key.value && in->minio_root_password.value &&
		 strcmp(in->s3_secret_access_key.value, in->minio_root_password.value))
		check_result_note(r, CHECK_WARN, fine, _("S3_SECRET_ACCESS_KEY differs from "
				  "MINIO_ROOT_PASSWORD while S3_ACCESS_KEY_ID is the root user"));
}

static void note_problems(const struct check_instance_facts *in, struct check_result *r)
{
	for (size_t i = 0; i < in->n_problems; i++) {
		const struct check_config_problem *p = &in->problems[i];
		enum check_status st = p->status == CHECK_CRIT || p->status == CHECK_WARN
					       ? p->status : CHECK_INFO;
		if (p->where)
			check_result_note(r, st, p->remedy, "%s: %s", p->where, p->message);
		else
			check_result_note(r, st, p->remedy, "%s", p->message);
	}
}

static void note_files(const struct check_instance_facts *in, struct check_result *r)
{
	for (size_t i = 0; i < in->n_duplicates; i++) {
		const struct check_duplicate *d = &in->duplicates[i];
		if (!d->differ)
			continue;
		char *remedy = xasprintf(_("keep one definition of %s: remove the one at %s"), d->name,
					 d->other_where ? d->other_where : _("the other place"));
		check_result_note(r, CHECK_WARN, remedy, _("%s is defined twice with different values; "
				  "the app uses %s, not %s"), d->name,
				  d->effective_where ? d->effective_where : "one",
				  d->other_where ? d->other_where : _("the other"));
		free(remedy);
	}
	for (size_t i = 0; i < in->n_files; i++) {
		const struct check_file_mode *m = &in->files[i];
		if (!m->holds_secrets || !(m->mode & 0004))
			continue;
		char *remedy = xasprintf("chmod 600 %s", m->path);
		check_result_note(r, CHECK_WARN, remedy, _("%s holds secrets and every user may read it "
				  "(mode %04o)"), m->path, m->mode & 07777);
		r->fixes |= CHECK_FIX_FILE_MODES;
		free(remedy);
	}
}

static void instance_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_instance_facts *in = &f->instance;
	if (!in->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the instance configuration was not read"));
		return;
	}
	if (!in->found) {
		check_result_skip(r, 1, _("skipped: no instance folder, checking the endpoint only"));
		return;
	}
	if (in->load_error) {
		check_result_note(r, CHECK_CRIT, _("fix the file at the place named, then check again"),
				  _("cannot read the instance configuration: %s"), in->load_error);
		r->blocks = 1;
		return;
	}
	struct check_setting pw = as_secret(&in->minio_root_password);
	struct check_setting sk = as_secret(&in->s3_secret_access_key);
	if (!in->minio_unused) {
		check_result_setting(r, "MINIO_ROOT_USER", &in->minio_root_user);
		check_result_setting(r, "MINIO_ROOT_PASSWORD", &pw);
	}
	check_result_setting(r, "S3_ACCESS_KEY_ID", &in->s3_access_key_id);
	check_result_setting(r, "S3_SECRET_ACCESS_KEY", &sk);
	note_pending(in, r);
	note_placeholders(in, r);
	note_weak(in, r);
	note_key_mismatch(in, r);
	note_unused_minio(in, r);
	note_problems(in, r);
	note_files(in, r);
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, _("%s: files parse, no placeholder or weak secret, "
				  "no conflicting settings"), in->path ? in->path : "instance");
}

const struct check check_instance = {
	.id = "instance",
	.title = N_("Instance configuration"),
	.depends_on = NULL,
	.needs = CHECK_NEED_INSTANCE,
	.verdict = instance_verdict,
};
