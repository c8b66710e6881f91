/* Changing the storage configuration: a small vocabulary of keys, each
 * mapped onto every file that must change, so the files stay consistent.
 *
 *   storage.endpoint           S3_ENDPOINT_URL (http:// or https:// URL)
 *   storage.region             S3_REGION_NAME
 *   storage.bucket             .invenio [rdm-s3] bucket (rdm-s3's own record)
 *   storage.access-key-id      S3_ACCESS_KEY_ID
 *   storage.secret-access-key  S3_SECRET_ACCESS_KEY              (secret)
 *   storage.credentials-in     env | cfg: where the app's credentials live
 *   minio.root-user            MINIO_ROOT_USER of the MinIO service (>= 3 chars)
 *   minio.root-password        MINIO_ROOT_PASSWORD                (secret, >= 8)
 *   minio.cors-allow-origin    MINIO_API_CORS_ALLOW_ORIGIN (comma list, no empty entry)
 *   rustfs.access-key, rustfs.secret-key: the minio.root-* keys by their
 *                              RustFS names; both edit RUSTFS_ACCESS_KEY /
 *                              RUSTFS_SECRET_KEY when the service runs RustFS
 *   storage.client-compat      on | off: S3_CONFIG_EXTRA's request_checksum_calculation
 *                              and response_checksum_validation "when_required"
 *                              (entries merged into the dict, the others kept)
 *   storage.ca-bundle          S3_CA_BUNDLE: the CA file boto verifies TLS with
 *   storage.bucket-cors-rules  S3_BUCKET_CORS_RULES: the value is the Python
 *                              expression to write (ops/config renders it
 *                              from the JSON the operator gives)
 *   site.ui-url                SITE_UI_URL, and SITE_API_URL = SITE_UI_URL + "/api"
 *
 * Where a value is written: every file that already sets it (invenio.cfg,
 * .env, the app service of docker-services.yml; a ${VAR} reference is
 * followed to .env), so no stale copy is left behind; when no file sets it,
 * invenio.cfg's marked rdm-s3 block (credentials: .env when the instance
 * keeps them there). A value exported in the process environment cannot be
 * edited: a note says it still overrides the files.
 *
 * MinIO and the app stay consistent: when the app uses MinIO's root user
 * (its endpoint is this instance's MinIO and S3_ACCESS_KEY_ID equals
 * MINIO_ROOT_USER), minio.root-user also sets S3_ACCESS_KEY_ID, and
 * minio.root-password / storage.secret-access-key set both the password
 * and the app's secret key. storage.access-key-id changes the app only
 * (switching the app to another MinIO user is a normal step); a note says
 * so.
 *
 * storage.credentials-in=env moves S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY
 * out of invenio.cfg into .env as INVENIO_S3_*, makes the app service
 * reference them (${INVENIO_S3_…}) so containers get them too, moves MinIO's
 * root credentials from docker-services.yml into .env the same way, and
 * adds .env to .gitignore (.env is written 0600). cfg does the reverse.
 *
 * All edits happen on the instance's working copies in memory; the caller
 * turns them into a plan with inst_plan(). Values are validated before
 * anything changes; on error the working copies may be partly edited, so
 * the caller drops the instance. Bucket names are not checked here (that
 * rule lives in src/s3): the command layer checks them first. */
#ifndef RDM_INSTANCE_SETTINGS_EDIT_H
#define RDM_INSTANCE_SETTINGS_EDIT_H
#include <stddef.h>

#include "instance/instance.h"
#include "instance/plan/plan.h"
#include "instance/settings/settings.h"
#include "util/error.h"

enum config_key {
	KEY_STORAGE_ENDPOINT = 0,
	KEY_STORAGE_REGION,
	KEY_STORAGE_BUCKET,
	KEY_STORAGE_ACCESS_KEY_ID,
	KEY_STORAGE_SECRET_ACCESS_KEY,
	KEY_STORAGE_CREDENTIALS_IN,
	KEY_MINIO_ROOT_USER,
	KEY_MINIO_ROOT_PASSWORD,
	KEY_MINIO_CORS_ALLOW_ORIGIN,
	KEY_STORAGE_CLIENT_COMPAT,
	KEY_STORAGE_CA_BUNDLE,
	KEY_STORAGE_BUCKET_CORS_RULES,
	KEY_SITE_UI_URL,
	KEY__COUNT
};

struct config_key_info {
	enum config_key key;
	const char *name;  /* "storage.endpoint" */
	int secret;        /* set only with `config set-secret` (stdin) */
	const char *help;  /* one line */
};

/* The key called name, or NULL. */
const struct config_key_info *settings_key_find(const char *name);
/* The i-th key (0 <= i < KEY__COUNT). */
const struct config_key_info *settings_key_at(size_t i);

/* The two S3_CONFIG_EXTRA entries storage.client-compat manages. */
#define CLIENT_COMPAT_KEY1 "request_checksum_calculation"
#define CLIENT_COMPAT_KEY2 "response_checksum_validation"
#define CLIENT_COMPAT_VALUE "when_required"

/* Check a value before anything is changed; err names the key and the fix. */
int settings_key_validate(enum config_key key, const char *value, struct rdm_error *err);

/* Apply one key to the instance's working copies. Secret values (new and
 * old) are added to p's mask list and notes to p's notes; the files are
 * added to p by the caller (inst_plan) after the last key. */
int settings_key_apply(struct instance *inst, enum config_key key, const char *value, const struct settings_opts *o,
		       struct plan *p, struct rdm_error *err);

/* After the keys were applied: a note in p for every real secret (not the
 * placeholder) that the working copies leave in a file git tracks, with
 * what to do (the goal is secrets out of version control). Runs git; adds
 * nothing when git is missing or the folder is not in a work tree. */
void settings_note_tracked_secrets(const struct instance *inst, const struct settings_opts *o, struct plan *p);

#endif
