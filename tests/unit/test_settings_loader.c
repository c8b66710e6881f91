/* The settings as InvenioRDM's own loader sees them (issue 14): INVENIO_*
 * values evaluated as Python literals (invenio-config runs
 * ast.literal_eval on them), the editors writing string values so that the
 * loader yields exactly that string, how a literal in invenio.cfg is
 * shown, and the MinIO service of docker-services.yml compared only when
 * the app uses it. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/instance.h"
#include "instance/plan/plan.h"
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

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	const char *d = getenv("RDM_S3_TEST_DATA");
	char *src = xasprintf("%s/instance/sample/instance", d ? d : "tests/data");
	f->dir = tu_scratch("settings-loader");
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

static void put(struct fx *f, const char *rel, const char *text)
{
	char *dst = tu_join(f->dir, rel);
	tu_write(dst, text, 0600);
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

static const struct setting_conflict *conflict(const struct fx *f, enum conflict_level level, const char *part)
{
	for (size_t i = 0; i < f->s.n_conflicts; i++)
		if (f->s.conflicts[i].level == level && strstr(f->s.conflicts[i].message, part))
			return &f->s.conflicts[i];
	return NULL;
}

/* Apply keys, then read the instance again. */
static void apply(struct fx *f, const enum config_key *keys, const char *const *values, size_t n)
{
	struct plan p;
	struct rdm_error err = RDM_ERROR_INIT;
	load(f, NULL);
	plan_init(&p, f->dir);
	for (size_t i = 0; i < n; i++)
		if (settings_key_apply(&f->inst, keys[i], values[i], NULL, &p, &err) != 0)
			fail_msg("key %zu: %s", i, err.message);
	inst_plan(&f->inst, &p);
	struct plan_result r;
	struct plan_apply_opts ao = { .now = 1735787045, .command = "test" };
	assert_int_equal(plan_apply(&p, &ao, &r, &err), 0);
	plan_result_free(&r);
	plan_free(&p);
	load(f, NULL);
}

static void env_values_are_python_literals(void **state)
{
	struct fx *f = *state;
	put(f, ".env",
	    "INVENIO_S3_SECRET_ACCESS_KEY=0x1F2E3D4C5B6A\n"
	    "INVENIO_S3_ACCESS_KEY_ID=\"'0x99'\"\n"
	    "INVENIO_S3_REGION_NAME=True\n"
	    "INVENIO_S3_URL_EXPIRATION=300\n"
	    "INVENIO_S3_CONFIG_EXTRA={\"request_checksum_calculation\": \"when_required\"}\n"
	    "INVENIO_SITE_UI_URL=https://rdm.example.org\n");
	load(f, NULL);
	const struct setting_source *sk = settings_winner(&f->s, SET_S3_SECRET_ACCESS_KEY);
	assert_string_equal(sk->pytype, "int");
	assert_string_equal(sk->value, "34283457370986"); /* what the app signs with */
	assert_string_equal(settings_value(&f->s, SET_S3_ACCESS_KEY_ID), "0x99");
	assert_string_equal(settings_winner(&f->s, SET_S3_ACCESS_KEY_ID)->pytype, "str");
	assert_string_equal(settings_winner(&f->s, SET_S3_REGION_NAME)->pytype, "bool");
	assert_string_equal(settings_winner(&f->s, SET_S3_URL_EXPIRATION)->pytype, "int");
	assert_string_equal(settings_winner(&f->s, SET_S3_CONFIG_EXTRA)->pytype, "dict");
	assert_null(settings_winner(&f->s, SET_SITE_UI_URL)->pytype); /* not a literal: text */
	const struct setting_conflict *c = conflict(f, CONFLICT_ERROR, "S3_SECRET_ACCESS_KEY is read by InvenioRDM "
							       "as a Python int");
	assert_non_null(c);
	assert_non_null(c->remedy);
	assert_non_null(strstr(c->remedy, "rdm-s3 config set-secret storage.secret-access-key"));
	assert_non_null(conflict(f, CONFLICT_ERROR, "S3_REGION_NAME is read by InvenioRDM as the Python bool True"));
	assert_null(conflict(f, CONFLICT_ERROR, "S3_ACCESS_KEY_ID is read"));
	assert_null(conflict(f, CONFLICT_ERROR, "S3_URL_EXPIRATION"));
	assert_null(conflict(f, CONFLICT_ERROR, "S3_CONFIG_EXTRA"));
	for (size_t i = 0; i < f->s.n_conflicts; i++) { /* never the secret, in any form */
		assert_null(strstr(f->s.conflicts[i].message, "1F2E3D4C5B6A"));
		assert_null(strstr(f->s.conflicts[i].message, "34283457370986"));
	}
	char *shown = settings_display_value(&f->s.v[SET_S3_REGION_NAME], 0);
	assert_non_null(strstr(shown, "Python bool"));
	free(shown);
}

static void type_error_and_empty_variable(void **state)
{
	struct fx *f = *state;
	put(f, ".env", "INVENIO_S3_ENDPOINT_URL={[1]: 2}\n");
	load(f, NULL);
	assert_string_equal(settings_winner(&f->s, SET_S3_ENDPOINT_URL)->pytype, "TypeError");
	assert_non_null(conflict(f, CONFLICT_ERROR, "the app does not start"));
	/* An empty INVENIO_ variable: invenio-config takes invenio.cfg's value
	 * and evaluates that. */
	put(f, ".env", "INVENIO_S3_ACCESS_KEY_ID=\n");
	char *cfg = tu_join(f->dir, "invenio.cfg"), *text = tu_read(cfg);
	char *at = strstr(text, "S3_ACCESS_KEY_ID='CHANGE_ME'");
	assert_non_null(at);
	memcpy(at + strlen("S3_ACCESS_KEY_ID='"), "0x1F_0000", 9);
	tu_write(cfg, text, 0644);
	load(f, NULL);
	const struct setting_source *ak = settings_winner(&f->s, SET_S3_ACCESS_KEY_ID);
	assert_int_equal(ak->kind, SRC_CFG);
	assert_string_equal(ak->pytype, "int");
	assert_string_equal(ak->value, "2031616");
	assert_non_null(conflict(f, CONFLICT_ERROR, "set but empty"));
	put(f, ".env", "# nothing\n");
	load(f, NULL);
	assert_string_equal(settings_value(&f->s, SET_S3_ACCESS_KEY_ID), "0x1F_0000"); /* invenio.cfg's str */
	assert_null(conflict(f, CONFLICT_ERROR, "S3_ACCESS_KEY_ID is read"));
	free(cfg);
	free(text);
}

/* Credentials in .env: a secret that looks like a number is written as a
 * Python string literal, one that does not is written as it is. */
static void editors_write_what_the_loader_reads(void **state)
{
	struct fx *f = *state;
	const enum config_key move[] = { KEY_STORAGE_CREDENTIALS_IN };
	const char *const to_env[] = { "env" };
	apply(f, move, to_env, 1);
	const enum config_key keys[] = { KEY_STORAGE_SECRET_ACCESS_KEY, KEY_STORAGE_ACCESS_KEY_ID };
	const char *const values[] = { "0x1F2E3D4C5B6A", "rdm-app-key" };
	apply(f, keys, values, 2);
	char *env = tu_join(f->dir, ".env"), *text = tu_read(env);
	assert_non_null(strstr(text, "INVENIO_S3_SECRET_ACCESS_KEY=\"'0x1F2E3D4C5B6A'\""));
	assert_non_null(strstr(text, "INVENIO_S3_ACCESS_KEY_ID=rdm-app-key\n"));
	free(text);
	assert_string_equal(settings_value(&f->s, SET_S3_SECRET_ACCESS_KEY), "0x1F2E3D4C5B6A");
	assert_string_equal(settings_winner(&f->s, SET_S3_SECRET_ACCESS_KEY)->pytype, "str");
	assert_null(conflict(f, CONFLICT_ERROR, "is read by InvenioRDM"));
	/* the same value again changes nothing; a plain one loses its quotes */
	const char *const plain[] = { "s3cr3t-plain-text", "rdm-app-key" };
	apply(f, keys, plain, 2);
	text = tu_read(env);
	assert_non_null(strstr(text, "s3cr3t-plain-text"));
	assert_null(strstr(text, "'s3cr3t-plain-text'"));
	free(text);
	const char *const words[] = { "None", "True" };
	apply(f, keys, words, 2);
	assert_string_equal(settings_value(&f->s, SET_S3_SECRET_ACCESS_KEY), "None");
	assert_string_equal(settings_value(&f->s, SET_S3_ACCESS_KEY_ID), "True");
	assert_null(conflict(f, CONFLICT_ERROR, "is read by InvenioRDM"));
	free(env);
}

/* The app reads its secret through ${MINIO_ROOT_PASSWORD}, which MinIO
 * reads too: a literal-looking password cannot be quoted for the app
 * alone, so the change is refused before anything is written. */
static void shared_reference_refused(void **state)
{
	struct fx *f = *state;
	char *p = tu_join(f->dir, "docker-services.yml"), *t = tu_read(p);
	char *at = strstr(t, "      MINIO_ROOT_PASSWORD: CHANGE_ME\n");
	assert_non_null(at);
	struct buf b = BUF_INIT;
	buf_append(&b, t, (size_t)(at - t));
	buf_puts(&b, "      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD}\n");
	buf_puts(&b, at + strlen("      MINIO_ROOT_PASSWORD: CHANGE_ME\n"));
	char *app = strstr(b.data, "  app:\n");
	assert_non_null(app);
	tu_write(p, b.data, 0644);
	buf_free(&b);
	put(f, ".env", "MINIO_ROOT_PASSWORD=CHANGE_ME\nINVENIO_S3_ACCESS_KEY_ID=CHANGE_ME\n");
	free(t);
	/* the app service takes its secret from MinIO's variable */
	t = tu_read(p);
	at = strstr(t, "  app:\n");
	char *env_at = strstr(at, "    environment:\n");
	assert_non_null(env_at);
	env_at += strlen("    environment:\n");
	buf_append(&b, t, (size_t)(env_at - t));
	buf_puts(&b, "      - \"INVENIO_S3_SECRET_ACCESS_KEY=${MINIO_ROOT_PASSWORD}\"\n");
	buf_puts(&b, env_at);
	tu_write(p, b.data, 0644);
	buf_free(&b);
	free(t);
	load(f, NULL);
	struct plan pl;
	struct rdm_error err = RDM_ERROR_INIT;
	plan_init(&pl, f->dir);
	assert_int_equal(settings_key_apply(&f->inst, KEY_STORAGE_SECRET_ACCESS_KEY, "12345678", NULL, &pl, &err),
			 -1);
	assert_non_null(strstr(err.message, "Python int"));
	assert_non_null(err.remedy);
	assert_null(strstr(err.message, "12345678"));
	rdm_error_clear(&err);
	plan_free(&pl);
	free(p);
}

/* A dict literal in invenio.cfg is a value, not a computation. */
static void literal_shown_as_written(void **state)
{
	struct fx *f = *state;
	char *cfg = tu_join(f->dir, "invenio.cfg"), *text = tu_read(cfg);
	struct buf b = BUF_INIT;
	buf_puts(&b, text);
	buf_puts(&b, "S3_CONFIG_EXTRA = {\"request_checksum_calculation\": \"when_required\"}\n"
		     "S3_URL_EXPIRATION = 60 * 5\n");
	tu_write(cfg, b.data, 0644);
	load(f, NULL);
	char *shown = settings_display_value(&f->s.v[SET_S3_CONFIG_EXTRA], 0);
	assert_string_equal(shown, "{\"request_checksum_calculation\": \"when_required\"}");
	free(shown);
	shown = settings_display_value(&f->s.v[SET_S3_URL_EXPIRATION], 0);
	assert_string_equal(shown, "(computed: 60 * 5)");
	free(shown);
	buf_free(&b);
	free(text);
	free(cfg);
}

/* Is the app's endpoint the instance's MinIO? Its service name, or the
 * port it publishes for the API on this machine (the sample publishes
 * "${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:9000:9000"). */
static void endpoint_is_minio_or_not(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *url;
		int uses;
	} cases[] = {
		{ "http://localhost:9000/", 1 }, { "http://127.0.0.1:9000", 1 }, { "http://[::1]:9000/", 1 },
		{ "http://s3:9000", 1 }, { "http://minio:9000/", 1 }, { "http://127.0.0.1:8080/", 0 },
		{ "http://localhost/", 0 }, { "https://s3.eu-west-1.amazonaws.com", 0 },
		{ "https://rgw.example.org:9000/", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *env = xasprintf("INVENIO_S3_ENDPOINT_URL=%s\n", cases[i].url);
		put(f, ".env", env);
		free(env);
		load(f, NULL);
		if (settings_app_uses_minio(&f->s) != cases[i].uses)
			fail_msg("%s: uses MinIO %d, wanted %d", cases[i].url, !cases[i].uses, cases[i].uses);
		/* the app's key vs MinIO's root user is compared only for MinIO */
		int compared = conflict(f, CONFLICT_INFO, "is not MinIO's root user") != NULL ||
			       conflict(f, CONFLICT_ERROR, "differs from MINIO_ROOT_PASSWORD") != NULL;
		if (!cases[i].uses && compared)
			fail_msg("%s: compared with MinIO's root user", cases[i].url);
	}
	/* another published port */
	char *p = tu_join(f->dir, "docker-services.yml"), *t = tu_read(p);
	char *at = strstr(t, ":9000:9000");
	assert_non_null(at);
	memcpy(at, ":9100", 5);
	tu_write(p, t, 0644);
	put(f, ".env", "INVENIO_S3_ENDPOINT_URL=http://localhost:9100\n");
	load(f, NULL);
	assert_int_equal(settings_app_uses_minio(&f->s), 1);
	put(f, ".env", "INVENIO_S3_ENDPOINT_URL=http://localhost:9000\n");
	load(f, NULL);
	assert_int_equal(settings_app_uses_minio(&f->s), 0);
	free(p);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(env_values_are_python_literals, setup, teardown),
		cmocka_unit_test_setup_teardown(type_error_and_empty_variable, setup, teardown),
		cmocka_unit_test_setup_teardown(editors_write_what_the_loader_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(shared_reference_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(literal_shown_as_written, setup, teardown),
		cmocka_unit_test_setup_teardown(endpoint_is_minio_or_not, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
