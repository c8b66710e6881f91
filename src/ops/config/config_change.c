/* The config-change recipe (config_change.h), moved here from `config set`
 * so that setup and the wizard write the files the same way. */
#include "config.h"
#include "ops/config/config_change.h"

#include <stdlib.h>
#include <string.h>

#include "s3/model/bucket_name.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int prepare_cors(struct config_assign *a, struct rdm_error *err)
{
	struct s3_cors c = S3_CORS_INIT;
	int rc = s3_cors_from_json(a->value, strlen(a->value), &c, err);
	if (rc == 0)
		rc = s3_cors_validate(&c, err);
	if (rc == 0) {
		free(a->value);
		a->value = config_cors_python(&c);
	} else {
		rdm_error_prefix(err, _("invalid value for %s: "), a->key->name);
	}
	s3_cors_free(&c);
	return rc;
}

int config_assign_prepare(struct config_assign *a, struct rdm_error *err)
{
	if (a->key->key == KEY_STORAGE_BUCKET_CORS_RULES) /* JSON in, Python out */
		return prepare_cors(a, err);
	if (settings_key_validate(a->key->key, a->value, err) != 0)
		return -1;
	if (a->key->key == KEY_STORAGE_BUCKET && s3_bucket_name_check(a->value, err) != S3_BUCKET_NAME_OK)
		return -1;
	return 0;
}

/* Key `bad` failed after earlier keys had edited the working copies, which
 * may have moved lines: apply it alone to the files as read, and when it
 * fails the same way, report that error instead, whose lines are the lines
 * on disk. (Keys may depend on the ones before them, so an error of the
 * key alone is only used when it is the same error.) */
static void locate_on_disk(const struct instance *inst, const struct config_assign *a, size_t bad,
			   const struct settings_opts *o, struct rdm_error *err)
{
	struct instance t;
	struct plan tp;
	struct rdm_error alone = RDM_ERROR_INIT;
	if (bad == 0 || inst_load(&t, inst->dir, &alone) != 0) {
		rdm_error_clear(&alone);
		return;
	}
	plan_init(&tp, t.dir);
	if (settings_key_apply(&t, a[bad].key->key, a[bad].value, o, &tp, &alone) != 0 && alone.message &&
	    err->message && !strcmp(alone.message, err->message)) {
		rdm_error_clear(err);
		*err = alone;
	} else {
		rdm_error_clear(&alone);
	}
	plan_free(&tp);
	inst_free(&t);
}

int config_change_build(struct instance *inst, const struct config_assign *a, size_t n,
			const struct settings_opts *o, struct plan *p, struct rdm_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (settings_key_apply(inst, a[i].key->key, a[i].value, o, p, err) != 0) {
			locate_on_disk(inst, a, i, o, err);
			return -1;
		}
	inst_plan(inst, p);
	for (size_t i = 0; i < n; i++)
		if (a[i].key->secret || a[i].key->key == KEY_STORAGE_CREDENTIALS_IN) {
			settings_note_tracked_secrets(inst, o, p);
			break;
		}
	return 0;
}
