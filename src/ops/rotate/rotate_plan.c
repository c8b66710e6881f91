/* The rotation as a change (rotate.h): the new key's steps around the
 * files step, in the order that never locks the app out. */
#include "config.h"
#include "ops/rotate/rotate_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "instance/instance.h"
#include "instance/settings/settings_edit.h"
#include "ops/config/config_change.h"
#include "ops/setup/setup_steps.h"
#include "s3/admin/admin_secret.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

void rotate_resolved_free(struct rotate_resolved *r)
{
	free(r->new_access_key_id);
	free(r->new_owner);
	free(r->restart_command);
	memset(r, 0, sizeof *r);
}

/* One config key into the working copies, as `config set` does. */
static int set_key(struct instance *inst, struct change *c, char *const *envp, const char *key, const char *value,
		   struct rdm_error *err)
{
	struct config_assign a = { settings_key_find(key), xstrdup(value) };
	struct settings_opts so = { envp, 0 };
	int rc = a.key ? config_assign_prepare(&a, err) : rdm_error_set(err, _("internal: no key %s"), key);
	if (rc == 0)
		rc = settings_key_apply(inst, a.key->key, a.value, &so, &c->files, err);
	secret_free(a.value);
	return rc;
}

struct new_key {
	char *ak, *sk;          /* what the plan knows (NULL: the server makes it) */
	char *ak_file, *sk_file; /* what the files get: the value or a fill token */
};

static void new_key_free(struct new_key *k)
{
	free(k->ak);
	secret_free(k->sk);
	free(k->ak_file);
	secret_free(k->sk_file);
}

/* The new key as far as it is made here: MinIO's key pairs are ours; RGW
 * makes the secret, IAM both. */
static int make_key(const struct rotate_survey *sv, struct new_key *k, struct rdm_error *err)
{
	static const char *const prefix[ROTATE__COUNT] = { "R", "RDMAPP", "RDM", "RDM", NULL };
	memset(k, 0, sizeof *k);
	if (sv->kind != ROTATE_IAM && s3_admin_new_key_pair(prefix[sv->kind], &k->ak, &k->sk, err) != 0)
		return -1;
	if (sv->kind == ROTATE_RGW) {
		secret_free(k->sk);
		k->sk = NULL;
	}
	if (sv->kind == ROTATE_ROOT) { /* the root user stays; its password changes */
		free(k->ak);
		k->ak = xstrdup(sv->access_key_id);
	}
	k->ak_file = k->ak ? xstrdup(k->ak) : change_fill_token("access-key");
	k->sk_file = k->sk ? xstrdup(k->sk) : change_fill_token("secret");
	return 0;
}

static int edit_files(const struct rotate_survey *sv, const struct new_key *k, struct change *c, char *const *envp,
		      struct rdm_error *err)
{
	struct instance inst;
	if (inst_load(&inst, sv->instance_dir, err) != 0)
		return -1;
	int rc;
	if (sv->kind == ROTATE_ROOT) {
		rc = set_key(&inst, c, envp, "minio.root-password", k->sk_file, err);
	} else {
		rc = set_key(&inst, c, envp, "storage.access-key-id", k->ak_file, err);
		if (rc == 0)
			rc = set_key(&inst, c, envp, "storage.secret-access-key", k->sk_file, err);
	}
	if (rc == 0) {
		struct settings_opts so = { envp, 0 };
		inst_plan(&inst, &c->files);
		settings_note_tracked_secrets(&inst, &so, &c->files);
	}
	inst_free(&inst);
	return rc;
}

static void add_steps(const struct rotate_survey *sv, const struct rotate_target *t, const struct new_key *k,
		      const struct rotate_opts *o, struct change *c, struct rotate_resolved *res)
{
	if (sv->kind != ROTATE_ROOT)
		change_add_step(c, &rotate_step_create,
				rotate_create_new(t, sv->access_key_id, k->ak, k->sk, sv->old_is_user),
				CHANGE_PHASE_BEFORE_FILES);
	if (sv->kind == ROTATE_ROOT) {
		struct step_conn sc = { sv->endpoint, sv->region, 1 };
		change_add_step(c, &setup_step_restart,
				setup_restart_new(&sc, sv->service, sv->service_kind, o->restart_never),
				CHANGE_PHASE_RESTART);
		const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "up", "-d", sv->service, NULL };
		res->restart_command = spawn_argv_text(argv);
	}
	change_add_step(c, &rotate_step_prove_config, rotate_prove_config_new(t, sv->access_key_id),
			CHANGE_PHASE_AFTER_RESTART);
	if (sv->kind == ROTATE_MINIO_USER)
		change_add_step(c, &rotate_step_revoke, rotate_revoke_new(t, sv->access_key_id, sv->old_is_user),
				CHANGE_PHASE_AFTER_RESTART);
	else if (sv->kind == ROTATE_RGW || sv->kind == ROTATE_IAM)
		change_add_step(c, &rotate_step_delete, rotate_revoke_new(t, sv->access_key_id, 0),
				CHANGE_PHASE_AFTER_RESTART);
	if (sv->kind != ROTATE_APP_USER)
		change_add_step(c, &rotate_step_old_rejected, rotate_old_rejected_new(t, sv->access_key_id),
				CHANGE_PHASE_VERIFY);
}

int rotate_plan_build(const struct rotate_survey *sv, const struct rotate_opts *o, struct change *c,
		      struct rotate_resolved *res, struct rdm_error *err)
{
	char *const *envp = o->envp ? o->envp : environ;
	change_init(c, sv->instance_dir, ROTATE_COMMAND, ROTATE_RESUME_COMMAND);
	memset(res, 0, sizeof *res);
	struct rotate_target t;
	struct new_key k;
	rotate_target_from_survey(&t, sv);
	if (o->admin_file) {
		char abs[PATH_MAX];
		t.admin_file = xstrdup(realpath(o->admin_file, abs) ? abs : o->admin_file);
	}
	int rc = make_key(sv, &k, err);
	if (rc == 0) {
		/* The old secret: the revoke's undo and the last proof need it. */
		change_fields_add_secret(&c->secrets, ROTATE_OLD_SECRET, sv->old_secret);
		plan_add_secret(&c->files, sv->old_secret);
		if (k.sk)
			plan_add_secret(&c->files, k.sk);
		rc = edit_files(sv, &k, c, envp, err);
	}
	if (rc == 0) {
		add_steps(sv, &t, &k, o, c, res);
		res->new_access_key_id = k.ak ? xstrdup(k.ak) : NULL;
		if (sv->kind == ROTATE_APP_USER)
			res->new_owner = xstrdup(k.ak);
	}
	new_key_free(&k);
	rotate_target_free(&t);
	return rc;
}
