/* Read-back of every config key on the sample instance and on every stress
 * variant: after the change is written, reading the instance again gives
 * the new value for the settings the key changes (and for the one the
 * engine keeps consistent with it), while every other setting keeps its
 * value, its kind of source and its file. A second application changes
 * nothing (idempotence through the reader, not through the bytes). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "instance/instance.h"
#include "instance/plan/plan.h"
#include "instance/settings/settings.h"
#include "instance/settings/settings_edit.h"
#include "test_plan_util.h"
#include "util/xalloc.h"

/* One instance: the sample with one file replaced by a variant. */
struct setup_def {
	const char *name;
	const char *dest;    /* file replaced (NULL: the plain sample) */
	const char *variant; /* file of variants/ */
	const char *remove;  /* file removed first, or NULL */
};

static const struct setup_def setups[] = {
	{ "sample", NULL, NULL, NULL },
	{ "map-env", "docker-services.yml", "docker-services.map-env.yml", NULL },
	{ "list-env-quoted", "docker-services.yml", "docker-services.list-env-quoted.yml", NULL },
	{ "crlf", "docker-services.yml", "docker-services.crlf.yml", NULL },
	{ "bom", "docker-services.yml", "docker-services.bom.yml", NULL },
	{ "anchors-merge", "docker-services.yml", "docker-services.anchors-merge.yml", NULL },
	{ "yaml", "docker-services.yaml", "docker-services.yaml", "docker-services.yml" },
	{ "s3-commented", "invenio.cfg", "invenio.s3-commented.cfg", NULL },
	{ "multiline", "invenio.cfg", "invenio.multiline-s3-present.cfg", NULL },
	{ "dotenv-export", ".env", "dotenv.export-quotes.env", NULL },
	{ "dotenv-crlf", ".env", "dotenv.crlf-bom.env", NULL },
};

/* One key, its new value, the setting it sets and the one kept consistent
 * with it (SET__COUNT: none). */
struct key_def {
	enum config_key key;
	const char *value;
	enum setting_id target, coupled, also;
};

static const struct key_def keys[] = {
	{ KEY_STORAGE_ENDPOINT, "https://s3.example.org", SET_S3_ENDPOINT_URL, SET__COUNT, SET_CSP_APPEND },
	{ KEY_STORAGE_REGION, "eu-north-1", SET_S3_REGION_NAME, SET__COUNT, SET__COUNT },
	{ KEY_STORAGE_BUCKET, "demo-repo-files", SET_BUCKET, SET__COUNT, SET__COUNT },
	{ KEY_STORAGE_ACCESS_KEY_ID, "rdm-app", SET_S3_ACCESS_KEY_ID, SET__COUNT, SET__COUNT },
	{ KEY_STORAGE_SECRET_ACCESS_KEY, "App-Secret-Key-0042", SET_S3_SECRET_ACCESS_KEY, SET_MINIO_ROOT_PASSWORD,
	  SET__COUNT },
	{ KEY_MINIO_ROOT_USER, "minio-admin", SET_MINIO_ROOT_USER, SET_S3_ACCESS_KEY_ID, SET__COUNT },
	{ KEY_MINIO_ROOT_PASSWORD, "Correct-Horse-Battery-42", SET_MINIO_ROOT_PASSWORD, SET_S3_SECRET_ACCESS_KEY,
	  SET__COUNT },
	{ KEY_MINIO_CORS_ALLOW_ORIGIN, "https://127.0.0.1,https://demo-repo.example.org", SET_MINIO_CORS, SET__COUNT,
	  SET__COUNT },
};

/* What is compared of a setting: the value in effect, its kind of source
 * and its file (lines may move when lines are added or removed above). */
struct snap {
	char *value[SET__COUNT];
	int kind[SET__COUNT];
	char *file[SET__COUNT];
	int app_uses_root; /* S3_ACCESS_KEY_ID equals MINIO_ROOT_USER */
};

static char *data_path(const char *rel)
{
	const char *d = getenv("RDM_S3_TEST_DATA");
	return xasprintf("%s/instance/sample/%s", d ? d : "tests/data", rel);
}

static char *make_instance(const struct setup_def *sd)
{
	char *dir = tu_scratch("readback"), *src = data_path("instance");
	tu_copy_dir(src, dir);
	free(src);
	if (sd->remove) {
		char *p = tu_join(dir, sd->remove);
		assert_int_equal(unlink(p), 0);
		free(p);
	}
	if (sd->dest) {
		char *rel = xasprintf("variants/%s", sd->variant), *from = data_path(rel), *to = tu_join(dir, sd->dest);
		char *text = tu_read(from);
		assert_non_null(text);
		tu_write(to, text, 0644);
		free(text), free(to), free(from), free(rel);
	}
	return dir;
}

static int take(struct snap *sn, const char *dir)
{
	struct instance inst;
	struct settings s;
	struct rdm_error err = RDM_ERROR_INIT;
	struct settings_opts o = { NULL, 0 };
	memset(sn, 0, sizeof *sn);
	if (inst_load(&inst, dir, &err) != 0 || settings_read(&s, &inst, &o, &err) != 0)
		fail_msg("%s: %s", dir, err.message);
	for (int i = 0; i < SET__COUNT; i++) {
		const struct setting_source *w = settings_winner(&s, (enum setting_id)i);
		sn->value[i] = w && w->value ? xstrdup(w->value) : NULL;
		sn->kind[i] = w ? (int)w->kind : -1;
		sn->file[i] = w && w->origin.kind == INST_ORIGIN_FILE ? xstrdup(w->origin.file) : NULL;
	}
	const char *k = settings_value(&s, SET_S3_ACCESS_KEY_ID), *u = settings_value(&s, SET_MINIO_ROOT_USER);
	sn->app_uses_root = k && u && !strcmp(k, u);
	settings_free(&s);
	inst_free(&inst);
	return 0;
}

static void snap_free(struct snap *sn)
{
	for (int i = 0; i < SET__COUNT; i++) {
		free(sn->value[i]);
		free(sn->file[i]);
	}
}

static int same_str(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* Apply one key (or credentials-in) and write it; returns the files changed. */
static size_t apply(const char *dir, enum config_key key, const char *value, const char *what)
{
	struct instance inst;
	struct plan p;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(inst_load(&inst, dir, &err), 0);
	plan_init(&p, inst.dir);
	if (settings_key_apply(&inst, key, value, NULL, &p, &err) != 0)
		fail_msg("%s: %s (%s)", what, err.message, err.where ? err.where : "");
	inst_plan(&inst, &p);
	size_t changed = plan_changed(&p);
	struct plan_result r;
	struct plan_apply_opts ao = { .now = 1735787045, .command = "test" };
	if (plan_apply(&p, &ao, &r, &err) != 0)
		fail_msg("%s: apply: %s", what, err.message);
	plan_result_free(&r);
	plan_free(&p);
	inst_free(&inst);
	return changed;
}

static void check_others(const struct snap *a, const struct snap *b, const struct key_def *kd, const char *what)
{
	for (int i = 0; i < SET__COUNT; i++) {
		if (kd && ((int)kd->target == i || (int)kd->coupled == i || (int)kd->also == i))
			continue;
		if (!same_str(a->value[i], b->value[i]) || a->kind[i] != b->kind[i] || !same_str(a->file[i], b->file[i]))
			fail_msg("%s: setting %d changed: '%s' (%s) -> '%s' (%s)", what, i,
				 a->value[i] ? a->value[i] : "(none)", a->file[i] ? a->file[i] : "-",
				 b->value[i] ? b->value[i] : "(none)", b->file[i] ? b->file[i] : "-");
	}
}

static void one_key(const struct setup_def *sd, const struct key_def *kd)
{
	char *dir = make_instance(sd);
	char *what = xasprintf("%s / key %d", sd->name, (int)kd->key);
	struct snap before, after;
	take(&before, dir);
	int skip_it = sd->dest && !strcmp(sd->name, "multiline") && kd->key == KEY_STORAGE_SECRET_ACCESS_KEY;
	if (!skip_it) { /* (that one is refused: a parenthesised multi-line value) */
		assert_true(apply(dir, kd->key, kd->value, what) > 0);
		take(&after, dir);
		if (!same_str(after.value[kd->target], kd->value))
			fail_msg("%s: read back '%s', wrote '%s'", what,
				 after.value[kd->target] ? after.value[kd->target] : "(none)", kd->value);
		if (kd->coupled != SET__COUNT) {
			/* the engine keeps the app on MinIO's root user when it was on it */
			const char *want = before.app_uses_root ? kd->value : before.value[kd->coupled];
			if (!same_str(after.value[kd->coupled], want))
				fail_msg("%s: the consistent setting reads '%s', expected '%s'", what,
					 after.value[kd->coupled] ? after.value[kd->coupled] : "(none)",
					 want ? want : "(none)");
		}
		check_others(&before, &after, kd, what);
		assert_int_equal(apply(dir, kd->key, kd->value, what), 0); /* idempotent */
		snap_free(&after);
	}
	snap_free(&before);
	tu_remove_tree(dir);
	free(dir);
	free(what);
}

static void every_key_every_setup(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof setups / sizeof *setups; s++)
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			one_key(&setups[s], &keys[k]);
}

/* storage.credentials-in=env moves the credentials: every value reads the
 * same afterwards, the app's keys now come from .env, and =cfg brings them
 * back to invenio.cfg with the same values. */
static void credentials_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof setups / sizeof *setups; i++) {
		const struct setup_def *sd = &setups[i];
		if (!strcmp(sd->name, "dotenv-export") || !strcmp(sd->name, "multiline"))
			continue; /* refused (another MINIO_ROOT_PASSWORD in .env; a multi-line secret) */
		char *dir = make_instance(sd);
		char *what = xasprintf("%s / credentials-in", sd->name);
		struct snap before, env, cfg;
		take(&before, dir);
		apply(dir, KEY_STORAGE_CREDENTIALS_IN, "env", what);
		take(&env, dir);
		for (int id = 0; id < SET__COUNT; id++)
			if (!same_str(before.value[id], env.value[id]))
				fail_msg("%s: setting %d reads '%s' after the move, '%s' before", what, id,
					 env.value[id] ? env.value[id] : "(none)", before.value[id] ? before.value[id] : "(none)");
		/* (s3-commented is a local-storage instance: no app keys to move) */
		if (before.value[SET_S3_ACCESS_KEY_ID]) {
			assert_int_equal(env.kind[SET_S3_ACCESS_KEY_ID], SRC_DOTENV);
			assert_int_equal(env.kind[SET_S3_SECRET_ACCESS_KEY], SRC_DOTENV);
		}
		assert_string_equal(env.file[SET_MINIO_ROOT_PASSWORD], ".env"); /* via ${MINIO_ROOT_PASSWORD} */
		assert_int_equal(apply(dir, KEY_STORAGE_CREDENTIALS_IN, "env", what), 0);
		apply(dir, KEY_STORAGE_CREDENTIALS_IN, "cfg", what);
		take(&cfg, dir);
		for (int id = 0; id < SET__COUNT; id++)
			if (!same_str(before.value[id], cfg.value[id]))
				fail_msg("%s: setting %d reads '%s' after moving back, '%s' before", what, id,
					 cfg.value[id] ? cfg.value[id] : "(none)", before.value[id] ? before.value[id] : "(none)");
		if (before.value[SET_S3_ACCESS_KEY_ID]) {
			assert_int_equal(cfg.kind[SET_S3_ACCESS_KEY_ID], SRC_CFG);
			assert_int_equal(cfg.kind[SET_S3_SECRET_ACCESS_KEY], SRC_CFG);
		}
		assert_int_equal(cfg.kind[SET_MINIO_ROOT_PASSWORD], SRC_MINIO_SERVICE);
		assert_non_null(cfg.file[SET_MINIO_ROOT_PASSWORD]);
		assert_true(strncmp(cfg.file[SET_MINIO_ROOT_PASSWORD], "docker-services.y", 17) == 0);
		snap_free(&before), snap_free(&env), snap_free(&cfg);
		tu_remove_tree(dir);
		free(dir);
		free(what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_key_every_setup),
		cmocka_unit_test(credentials_round_trip),
	};
	return cmocka_run_group_tests_name("settings_readback", tests, NULL, NULL);
}
