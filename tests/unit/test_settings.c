/* instance + settings: discovery, values with provenance, precedence
 * (process env > .env > app service > invenio.cfg > default), conflicts,
 * git tracking, and the config keys' edits: read-back, idempotence,
 * MinIO/app consistency, refusals. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "instance/settings/settings_edit.h"
#include "test_plan_util.h"
#include "util/xalloc.h"

struct fx {
	char *dir;
	struct instance inst;
	struct settings s;
	int loaded, read;
};

static char *data_path(const char *rel)
{
	const char *d = getenv("RDM_S3_TEST_DATA");
	return xasprintf("%s/instance/sample/%s", d ? d : "tests/data", rel);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	char *src = data_path("instance");
	f->dir = tu_scratch("settings");
	tu_copy_dir(src, f->dir);
	free(src);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->read)
		settings_free(&f->s);
	if (f->loaded)
		inst_free(&f->inst);
	tu_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Replace an instance file by a variant (or by text when text != NULL). */
static void put(struct fx *f, const char *rel, const char *variant, const char *text)
{
	char *dst = tu_join(f->dir, rel);
	if (variant) {
		char *src = xasprintf("variants/%s", variant), *p = data_path(src);
		char *t = tu_read(p);
		assert_non_null(t);
		tu_write(dst, t, 0644);
		free(t), free(p), free(src);
	} else {
		tu_write(dst, text, 0644);
	}
	free(dst);
}

static void load(struct fx *f, char *const *envp)
{
	struct rdm_error err = RDM_ERROR_INIT;
	struct settings_opts o = { envp, 0 };
	if (f->read)
		settings_free(&f->s);
	if (f->loaded)
		inst_free(&f->inst);
	if (inst_load(&f->inst, f->dir, &err) != 0)
		fail_msg("load: %s", err.message);
	f->loaded = 1;
	assert_int_equal(settings_read(&f->s, &f->inst, &o, &err), 0);
	f->read = 1;
}

static char *where(const struct fx *f, enum setting_id id)
{
	const struct setting_source *w = settings_winner(&f->s, id);
	return w ? settings_describe_source(w) : xstrdup("none");
}

static void assert_setting(const struct fx *f, enum setting_id id, const char *value, const char *from)
{
	char *w = where(f, id);
	const char *v = settings_value(&f->s, id);
	if (value)
		assert_string_equal(v, value);
	else
		assert_null(v);
	assert_string_equal(w, from);
	free(w);
}

static size_t count_conflicts(const struct fx *f, enum conflict_level level, const char *part)
{
	size_t n = 0;
	for (size_t i = 0; i < f->s.n_conflicts; i++)
		if (f->s.conflicts[i].level == level && strstr(f->s.conflicts[i].message, part))
			n++;
	return n;
}

static void sample_values_and_origins(void **state)
{
	struct fx *f = *state;
	load(f, NULL);
	assert_setting(f, SET_S3_ENDPOINT_URL, "http://localhost:9000/", "invenio.cfg:73");
	assert_setting(f, SET_S3_REGION_NAME, NULL, "none");
	assert_setting(f, SET_S3_ACCESS_KEY_ID, "CHANGE_ME", "invenio.cfg:74");
	assert_setting(f, SET_S3_SECRET_ACCESS_KEY, "CHANGE_ME", "invenio.cfg:75");
	assert_setting(f, SET_S3_SIGNATURE_VERSION, "s3v4", "default");
	assert_setting(f, SET_FILES_REST_STORAGE_FACTORY, "invenio_s3.s3fs_storage_factory", "invenio.cfg:69");
	assert_setting(f, SET_SITE_UI_URL, "https://127.0.0.1", "invenio.cfg:87");
	assert_setting(f, SET_CSP_APPEND, "yes", "invenio.cfg:78");
	assert_setting(f, SET_MINIO_IMAGE, "minio/minio:RELEASE.2022-10-24T18-35-07Z", "docker-services.yml:58");
	assert_setting(f, SET_MINIO_ROOT_USER, "CHANGE_ME", "docker-services.yml:64");
	assert_setting(f, SET_MINIO_ROOT_PASSWORD, "CHANGE_ME", "docker-services.yml:65");
	assert_setting(f, SET_MINIO_CORS, "*", "default");
	assert_setting(f, SET_FILE_STORAGE, "S3", ".invenio:15");
	assert_setting(f, SET_BUCKET, "default", "default");
	assert_string_equal(f->s.minio_service, "s3");
	assert_string_equal(f->s.app_service, "app");
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "still the placeholder CHANGE_ME"), 4);
	assert_int_equal(f->s.n_conflicts, 4);
	/* secrets are masked for display */
	char *shown = settings_display_value(&f->s.v[SET_MINIO_ROOT_PASSWORD], 0);
	assert_string_equal(shown, "********");
	free(shown);
}

static void process_env_beats_dotenv_beats_cfg(void **state)
{
	struct fx *f = *state;
	char *envp[] = { "INVENIO_S3_ENDPOINT_URL=http://from-env:9000", "INVENIO_S3_REGION_NAME=", NULL };
	put(f, ".env", NULL, "INVENIO_S3_ENDPOINT_URL=http://from-dotenv:9000\nINVENIO_S3_REGION_NAME='eu-west-1'\n");
	load(f, envp);
	assert_setting(f, SET_S3_ENDPOINT_URL, "http://from-env:9000", "environment variable INVENIO_S3_ENDPOINT_URL");
	assert_int_equal(f->s.v[SET_S3_ENDPOINT_URL].n_sources, 3); /* env, .env, invenio.cfg */
	assert_int_equal(count_conflicts(f, CONFLICT_WARNING, "S3_ENDPOINT_URL is set to different values"), 1);
	/* an empty INVENIO_* variable is ignored, as invenio-config does */
	assert_setting(f, SET_S3_REGION_NAME, "eu-west-1", ".env:2");
	load(f, NULL);
	assert_setting(f, SET_S3_ENDPOINT_URL, "http://from-dotenv:9000", ".env:1");
}

static void app_service_and_references(void **state)
{
	struct fx *f = *state;
	put(f, "docker-services.yml", "docker-services.map-env.yml", NULL);
	load(f, NULL);
	assert_setting(f, SET_S3_ENDPOINT_URL, "http://s3:9000/", "docker-services.yml:7");
	assert_setting(f, SET_MINIO_CORS, "https://127.0.0.1,https://localhost", "docker-services.yml:24");
	/* a ${VAR} reference is followed to .env */
	put(f, "docker-services.yml", NULL,
	    "services:\n  s3:\n    image: minio/minio\n    environment:\n"
	    "      MINIO_ROOT_USER: ${MINIO_ROOT_USER}\n      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-fallback-pw}\n");
	put(f, ".env", NULL, "# creds\nMINIO_ROOT_USER=minio-admin\n");
	load(f, NULL);
	assert_setting(f, SET_MINIO_ROOT_USER, "minio-admin", ".env:2 (via ${MINIO_ROOT_USER} at docker-services.yml:5)");
	assert_setting(f, SET_MINIO_ROOT_PASSWORD, "fallback-pw",
		       "docker-services.yml:6 (via ${MINIO_ROOT_PASSWORD} at docker-services.yml:6)");
}

static void overlay_overrides_minio(void **state)
{
	struct fx *f = *state;
	char *p = tu_join(f->dir, "docker-compose.yml"), *t = tu_read(p);
	struct buf b = BUF_INIT;
	buf_puts(&b, t);
	/* give the s3 service of docker-compose.yml its own environment */
	char *at = strstr(b.data, "      service: s3\n");
	assert_non_null(at);
	size_t off = (size_t)(at - b.data) + strlen("      service: s3\n");
	struct buf nb = BUF_INIT;
	buf_append(&nb, b.data, off);
	buf_puts(&nb, "    environment:\n      MINIO_ROOT_USER: overlay-user\n");
	buf_puts(&nb, b.data + off);
	tu_write(p, nb.data, 0644);
	load(f, NULL);
	assert_setting(f, SET_MINIO_ROOT_USER, "overlay-user", "docker-compose.yml:28");
	assert_int_equal(count_conflicts(f, CONFLICT_INFO, "MINIO_ROOT_USER is set to different values"), 1);
	buf_free(&b), buf_free(&nb), free(t), free(p);
}

static void dotenv_traps_and_limits(void **state)
{
	struct fx *f = *state;
	put(f, ".env", "dotenv.export-quotes.env", NULL);
	put(f, "docker-services.yml", NULL,
	    "services:\n  s3:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_USER: ab\n"
	    "      MINIO_ROOT_PASSWORD: tiny-pw\n      MINIO_API_CORS_ALLOW_ORIGIN: \"https://a.example,\"\n"
	    "      MINIO_SITE_REGION: eu-central-1\n");
	load(f, NULL);
	assert_setting(f, SET_S3_URL_EXPIRATION, "300", ".env:6");
	assert_setting(f, SET_S3_REGION_NAME, "# empty value, inline comment", ".env:5");
	assert_int_equal(count_conflicts(f, CONFLICT_WARNING, "text starting with '#'"), 1);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "shorter than 3 characters"), 1);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "shorter than 8 characters"), 1);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "has an empty entry"), 1);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "MinIO's region is eu-central-1"), 1);
	/* no conflict message ever carries a secret */
	for (size_t i = 0; i < f->s.n_conflicts; i++)
		assert_null(strstr(f->s.conflicts[i].message, "tiny-pw"));
}

static void app_key_vs_root_user(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct rdm_error err = RDM_ERROR_INIT;
	load(f, NULL);
	plan_init(&p, f->dir);
	/* the app switches to another MinIO user: only the app changes */
	assert_int_equal(settings_key_apply(&f->inst, KEY_STORAGE_ACCESS_KEY_ID, "rdm-app", NULL, &p, &err), 0);
	struct settings s2;
	struct settings_opts o = { NULL, 0 };
	assert_int_equal(settings_read(&s2, &f->inst, &o, &err), 0);
	assert_string_equal(settings_value(&s2, SET_S3_ACCESS_KEY_ID), "rdm-app");
	assert_string_equal(settings_value(&s2, SET_MINIO_ROOT_USER), "CHANGE_ME");
	size_t n = 0;
	for (size_t i = 0; i < s2.n_conflicts; i++)
		n += strstr(s2.conflicts[i].message, "is not MinIO's root user") != NULL;
	assert_int_equal(n, 1);
	int noted = 0;
	for (size_t i = 0; i < p.n_notes; i++)
		noted |= strstr(p.notes[i], "no longer uses MinIO's root user") != NULL;
	assert_true(noted);
	settings_free(&s2);
	plan_free(&p);
}

/* After an edit, reading gives the new value, and provenance elsewhere is
 * unchanged; applying the same key again changes nothing. */
static void read_back_and_idempotence(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct rdm_error err = RDM_ERROR_INIT;
	load(f, NULL);
	plan_init(&p, f->dir);
	assert_int_equal(settings_key_apply(&f->inst, KEY_MINIO_ROOT_USER, "minio-admin", NULL, &p, &err), 0);
	assert_int_equal(settings_key_apply(&f->inst, KEY_MINIO_ROOT_PASSWORD, "Correct-Horse-42", NULL, &p, &err), 0);
	inst_plan(&f->inst, &p);
	assert_int_equal(plan_changed(&p), 2); /* docker-services.yml and invenio.cfg */
	struct plan_result r;
	struct plan_apply_opts ao = { .now = 1735787045, .command = "test" };
	assert_int_equal(plan_apply(&p, &ao, &r, &err), 0);
	plan_result_free(&r);
	plan_free(&p);
	load(f, NULL);
	assert_setting(f, SET_MINIO_ROOT_USER, "minio-admin", "docker-services.yml:64");
	assert_setting(f, SET_S3_ACCESS_KEY_ID, "minio-admin", "invenio.cfg:74"); /* followed the root user */
	assert_setting(f, SET_S3_SECRET_ACCESS_KEY, "Correct-Horse-42", "invenio.cfg:75");
	assert_setting(f, SET_MINIO_ROOT_PASSWORD, "Correct-Horse-42", "docker-services.yml:65");
	assert_setting(f, SET_S3_ENDPOINT_URL, "http://localhost:9000/", "invenio.cfg:73");
	assert_setting(f, SET_FILE_STORAGE, "S3", ".invenio:15");
	assert_int_equal(f->s.n_conflicts, 0);
	plan_init(&p, f->dir);
	assert_int_equal(settings_key_apply(&f->inst, KEY_MINIO_ROOT_USER, "minio-admin", NULL, &p, &err), 0);
	assert_int_equal(settings_key_apply(&f->inst, KEY_MINIO_ROOT_PASSWORD, "Correct-Horse-42", NULL, &p, &err), 0);
	inst_plan(&f->inst, &p);
	assert_int_equal(plan_changed(&p), 0);
	plan_free(&p);
}

static void refuses_computed_cfg_value(void **state)
{
	struct fx *f = *state;
	struct plan p;
	struct rdm_error err = RDM_ERROR_INIT;
	put(f, "invenio.cfg", "invenio.multiline-s3-present.cfg", NULL);
	load(f, NULL);
	const struct setting_source *w = settings_winner(&f->s, SET_S3_SECRET_ACCESS_KEY);
	assert_non_null(w);
	assert_int_equal(w->editable, 0);
	plan_init(&p, f->dir);
	assert_int_equal(settings_key_apply(&f->inst, KEY_STORAGE_SECRET_ACCESS_KEY, "new-secret-value", NULL, &p, &err),
			 -1);
	if (!err.where || !strstr(err.where, "invenio.cfg:44"))
		fail_msg("where=%s message=%s", err.where ? err.where : "(null)", err.message);
	assert_non_null(err.remedy);
	rdm_error_clear(&err);
	plan_free(&p);
}

static void validation(void **state)
{
	(void)state;
	struct rdm_error err = RDM_ERROR_INIT;
	const struct {
		enum config_key k;
		const char *v;
		int ok;
	} cases[] = {
		{ KEY_STORAGE_ENDPOINT, "localhost:9000", 0 },   { KEY_STORAGE_ENDPOINT, "https://", 0 },
		{ KEY_STORAGE_ENDPOINT, "http://127.0.0.1:9000", 1 }, { KEY_MINIO_ROOT_USER, "ab", 0 },
		{ KEY_MINIO_ROOT_USER, "abc", 1 },             { KEY_MINIO_ROOT_PASSWORD, "1234567", 0 },
		{ KEY_MINIO_ROOT_PASSWORD, "12345678", 1 },     { KEY_MINIO_CORS_ALLOW_ORIGIN, "https://a,", 0 },
		{ KEY_MINIO_CORS_ALLOW_ORIGIN, ",https://a", 0 }, { KEY_MINIO_CORS_ALLOW_ORIGIN, "https://a,,https://b", 0 },
		{ KEY_MINIO_CORS_ALLOW_ORIGIN, "https://a,https://b", 1 }, { KEY_MINIO_CORS_ALLOW_ORIGIN, "*", 1 },
		{ KEY_STORAGE_CREDENTIALS_IN, "env", 1 },       { KEY_STORAGE_CREDENTIALS_IN, "file", 0 },
		{ KEY_STORAGE_REGION, "eu-west-1", 1 },         { KEY_STORAGE_REGION, "eu west", 0 },
		{ KEY_STORAGE_ACCESS_KEY_ID, "", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int rc = settings_key_validate(cases[i].k, cases[i].v, &err);
		if (rc != (cases[i].ok ? 0 : -1))
			fail_msg("%s=%s: got %d", settings_key_at(cases[i].k)->name, cases[i].v, rc);
		if (rc) {
			assert_non_null(err.remedy);
			assert_non_null(strstr(err.message, settings_key_at(cases[i].k)->name));
		}
		rdm_error_clear(&err);
	}
	assert_null(settings_key_find("storage.nope"));
	assert_int_equal(settings_key_find("minio.root-password")->secret, 1);
}

static int have_git(void)
{
	char *argv[] = { "git", "--version", NULL };
	return tu_run(NULL, argv) == 0;
}

static void git_tracked_secrets(void **state)
{
	struct fx *f = *state;
	if (!have_git()) {
		if (tu_ci())
			fail_msg("git is not installed and CI=true");
		skip();
	}
	put(f, "invenio.cfg", "invenio.multiline-s3-present.cfg", NULL);
	put(f, ".env", NULL, "MINIO_ROOT_PASSWORD=a-real-secret-pw\n");
	put(f, "docker-services.yml", NULL,
	    "services:\n  s3:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_USER: minio-admin\n"
	    "      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD}\n");
	char *init[] = { "git", "init", "-q", ".", NULL };
	char *add[] = { "git", "add", "invenio.cfg", "docker-services.yml", NULL };
	char *commit[] = { "git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "init", NULL };
	assert_int_equal(tu_run(f->dir, init), 0);
	assert_int_equal(tu_run(f->dir, add), 0);
	assert_int_equal(tu_run(f->dir, commit), 0);
	struct rdm_error err = RDM_ERROR_INIT;
	struct settings_opts o = { NULL, 1 };
	assert_int_equal(inst_load(&f->inst, f->dir, &err), 0);
	f->loaded = 1;
	assert_int_equal(settings_read(&f->s, &f->inst, &o, &err), 0);
	f->read = 1;
	assert_int_equal(f->s.git_state, 1);
	/* .env is not tracked but not ignored either; the (parenthesised,
	 * still literal) secret in invenio.cfg is tracked */
	assert_int_equal(count_conflicts(f, CONFLICT_WARNING, ".gitignore does not list it"), 1);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "S3_SECRET_ACCESS_KEY is written in invenio.cfg, which git tracks"), 1);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "which git tracks"), 1); /* not .env */
	/* a plain secret in a tracked invenio.cfg */
	settings_free(&f->s);
	inst_free(&f->inst);
	f->read = f->loaded = 0;
	put(f, "invenio.cfg", NULL, "S3_ENDPOINT_URL = 'http://localhost:9000/'\nS3_SECRET_ACCESS_KEY = 'tracked-secret'\n");
	load(f, NULL);
	settings_free(&f->s);
	assert_int_equal(settings_read(&f->s, &f->inst, &o, &err), 0);
	assert_int_equal(count_conflicts(f, CONFLICT_ERROR, "S3_SECRET_ACCESS_KEY is written in invenio.cfg, which git tracks"), 1);
}

static void discovery(void **state)
{
	struct fx *f = *state;
	struct rdm_error err = RDM_ERROR_INIT;
	char *dir = NULL, *old = getcwd(NULL, 0), *sub = tu_join(f->dir, "site/assets");
	char *site = tu_join(f->dir, "site");
	assert_int_equal(mkdir(site, 0755), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(inst_find(NULL, &dir, &err), 0);
	char *real = realpath(f->dir, NULL);
	assert_string_equal(dir, real);
	free(dir);
	/* --instance pointing at a folder without .invenio */
	assert_int_equal(inst_find(sub, &dir, &err), -1);
	assert_non_null(strstr(err.message, "there is no .invenio in it"));
	rdm_error_clear(&err);
	/* nothing above: the error says what was looked for and where */
	assert_int_equal(chdir("/proc/self"), 0);
	assert_int_equal(inst_find(NULL, &dir, &err), -1);
	assert_non_null(strstr(err.message, "looked for .invenio in /proc/"));
	assert_non_null(strstr(err.remedy, "--instance DIR"));
	rdm_error_clear(&err);
	assert_int_equal(chdir(old), 0);
	free(old), free(sub), free(site), free(real);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sample_values_and_origins, setup, teardown),
		cmocka_unit_test_setup_teardown(process_env_beats_dotenv_beats_cfg, setup, teardown),
		cmocka_unit_test_setup_teardown(app_service_and_references, setup, teardown),
		cmocka_unit_test_setup_teardown(overlay_overrides_minio, setup, teardown),
		cmocka_unit_test_setup_teardown(dotenv_traps_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(app_key_vs_root_user, setup, teardown),
		cmocka_unit_test_setup_teardown(read_back_and_idempotence, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_computed_cfg_value, setup, teardown),
		cmocka_unit_test(validation),
		cmocka_unit_test_setup_teardown(git_tracked_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(discovery, setup, teardown),
	};
	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
