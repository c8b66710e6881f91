/* The S3 commands' plumbing: credentials file formats and permission
 * check, where settings come from (options, environment, instance), the argument parser, the JSON writer. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cmd_json.h"
#include "cmd_s3.h"
#include "util/xalloc.h"

static char *write_file(const char *name, const char *text, mode_t mode)
{
	const char *base = getenv("RDM_S3_TEST_RUN");
	char *dir = xasprintf("%s", base ? base : "/tmp");
	mkdir(dir, 0700);
	char *path = xasprintf("%s/test_cmd_s3.%ld.%s", dir, (long)getpid(), name);
	free(dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

/* A credentials file through the resolver, as --credentials-file. */
static int read_creds(const char *path, struct conn *c, int *loose, struct rdm_error *err)
{
	struct conn_request rq = { .credentials_file = path, .endpoint = "http://127.0.0.1:1" };
	int rc = conn_resolve(&rq, c, err);
	*loose = c->creds_file_loose;
	return rc;
}

static void creds_ini_default_section(void **state)
{
	(void)state;
	char *p = write_file("ini", "# comment\n[other]\naws_access_key_id = WRONG\n"
				    "aws_secret_access_key = WRONG\n\n[default]\n"
				    "aws_access_key_id = AKID1\r\naws_secret_access_key=  s3cr3t/+x \n"
				    "aws_session_token = TOK\n[later]\naws_access_key_id = LATE\n", 0600);
	struct conn c = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	int loose = -1;
	assert_int_equal(read_creds(p, &c, &loose, &err), 0);
	assert_string_equal(c.access_key_id, "AKID1");
	assert_string_equal(c.secret_access_key, "s3cr3t/+x");
	assert_string_equal(c.session_token, "TOK");
	assert_int_equal(loose, 0);
	assert_non_null(strstr(c.creds_source, p));
	conn_free(&c);
	unlink(p);
	free(p);
}

static void creds_key_value_lines(void **state)
{
	(void)state;
	char *p = write_file("kv", "export AWS_ACCESS_KEY_ID=\"AK2\"\nAWS_SECRET_ACCESS_KEY='with space'\n", 0644);
	struct conn c = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	int loose = 0;
	assert_int_equal(read_creds(p, &c, &loose, &err), 0);
	assert_string_equal(c.access_key_id, "AK2");
	assert_string_equal(c.secret_access_key, "with space");
	assert_null(c.session_token);
	assert_int_equal(loose, 1);
	conn_free(&c);
	unlink(p);
	free(p);
	/* The test servers' secrets files and InvenioRDM's names. */
	p = write_file("kv2", "ACCESS_KEY=AK3\nSECRET_KEY=SK3\n", 0600);
	assert_int_equal(read_creds(p, &c, &loose, &err), 0);
	assert_string_equal(c.access_key_id, "AK3");
	conn_free(&c);
	unlink(p);
	free(p);
	p = write_file("kv3", "S3_ACCESS_KEY_ID=AK4\nS3_SECRET_ACCESS_KEY=SK4\n", 0600);
	assert_int_equal(read_creds(p, &c, &loose, &err), 0);
	assert_string_equal(c.secret_access_key, "SK4");
	conn_free(&c);
	unlink(p);
	free(p);
}

static void creds_file_errors(void **state)
{
	(void)state;
	char *p = write_file("half", "aws_access_key_id = ONLY\n", 0600);
	struct conn c = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	int loose = 0;
	assert_int_equal(read_creds(p, &c, &loose, &err), -1);
	assert_non_null(strstr(err.message, "aws_secret_access_key"));
	assert_string_equal(err.where, p);
	rdm_error_clear(&err);
	conn_free(&c);
	unlink(p);
	assert_int_equal(read_creds(p, &c, &loose, &err), -1);
	assert_non_null(err.message);
	rdm_error_clear(&err);
	conn_free(&c);
	free(p);
}

static void settings_precedence(void **state)
{
	(void)state;
#if !RDM_TEST_HOOKS
	fail_msg("RDM_S3_CLOCK_OFFSET is a test hook: configure with --enable-test-hooks (./bootstrap does)");
#endif
	struct rdm_globals g = { .endpoint = "http://127.0.0.1:9000" };
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	setenv("AWS_ACCESS_KEY_ID", "ENVAK", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "ENVSK", 1);
	setenv("AWS_REGION", "eu-west-3", 1);
	setenv("RDM_S3_CLOCK_OFFSET", "-90", 1);
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.access_key_id, "ENVAK");
	assert_string_equal(c.region, "eu-west-3");
	assert_int_equal(c.clock_offset, -90);
	assert_string_equal(c.endpoint, "http://127.0.0.1:9000");
	conn_free(&c);
	/* --credentials-file and --region win. */
	char *p = write_file("win", "[default]\naws_access_key_id=FILEAK\naws_secret_access_key=FILESK\n", 0600);
	g.credentials_file = p;
	g.region = "ap-south-1";
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.access_key_id, "FILEAK");
	assert_string_equal(c.region, "ap-south-1");
	conn_free(&c);
	/* Half a key pair in the environment is an error, as is a bad offset. */
	g.credentials_file = NULL;
	unsetenv("AWS_SECRET_ACCESS_KEY");
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), -1);
	assert_non_null(strstr(err.message, "AWS_SECRET_ACCESS_KEY"));
	rdm_error_clear(&err);
	setenv("RDM_S3_CLOCK_OFFSET", "soon", 1);
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), -1);
	rdm_error_clear(&err);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_REGION");
	unsetenv("RDM_S3_CLOCK_OFFSET");
	unlink(p);
	free(p);
}

static void args_parser(void **state)
{
	(void)state;
	const char *origin = NULL, *hdrs[2];
	size_t n_hdrs = 0;
	int flag = 0;
	struct cmd_s3_opt opts[] = {
		{ "--origin", CMD_OPT_VALUE, NULL, &origin, NULL, NULL, 0 },
		{ "--xml", CMD_OPT_FLAG, &flag, NULL, NULL, NULL, 0 },
		{ "--header", CMD_OPT_LIST, NULL, NULL, hdrs, &n_hdrs, 2 },
		{ NULL, 0, NULL, NULL, NULL, NULL, 0 },
	};
	char *argv[] = { "cors", "test", "b", "--origin=https://x.org", "--xml", "--header", "range",
			 "--timeout", "5", "--", "--odd", NULL };
	struct cmd_s3_args a;
	assert_int_equal(cmd_s3_args_parse("cors", 11, argv, 2, opts, 1, 2, &a), 0);
	assert_string_equal(origin, "https://x.org");
	assert_true(flag);
	assert_int_equal(n_hdrs, 1);
	assert_string_equal(hdrs[0], "range");
	assert_string_equal(a.timeout, "5");
	assert_int_equal(a.n_pos, 2);
	assert_string_equal(a.pos[1], "--odd");
	char *bad[] = { "cors", "test", "b", "--frob", NULL };
	assert_int_equal(cmd_s3_args_parse("cors", 4, bad, 2, opts, 1, 1, &a), RDM_EXIT_USAGE);
	char *missing[] = { "cors", "test", "b", "--origin", NULL };
	assert_int_equal(cmd_s3_args_parse("cors", 4, missing, 2, opts, 1, 1, &a), RDM_EXIT_USAGE);
	char *few[] = { "cors", "test", NULL };
	assert_int_equal(cmd_s3_args_parse("cors", 2, few, 2, opts, 1, 1, &a), RDM_EXIT_USAGE);
}

static void json_writer(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct cmd_json j;
	cmd_json_init(&j, &out);
	cmd_json_begin_object(&j, NULL);
	cmd_json_string(&j, "s", "a\"b\\c\n\x01\xc3\xbc\xff");
	cmd_json_int(&j, "n", -5);
	cmd_json_bool(&j, "t", 1);
	cmd_json_string(&j, "z", NULL);
	cmd_json_begin_array(&j, "a");
	cmd_json_string(&j, NULL, "x");
	cmd_json_int(&j, NULL, 2);
	cmd_json_end_array(&j);
	cmd_json_begin_array(&j, "e");
	cmd_json_end_array(&j);
	cmd_json_end_object(&j);
	assert_string_equal(buf_str(&out),
			    "{\n  \"s\": \"a\\\"b\\\\c\\n\\u0001\xc3\xbc\\ufffd\",\n  \"n\": -5,\n"
			    "  \"t\": true,\n  \"z\": null,\n  \"a\": [\n    \"x\",\n    2\n  ],\n"
			    "  \"e\": []\n}\n");
	buf_free(&out);
}


/* An instance folder under the scratch dir: .invenio, invenio.cfg and a
 * 0600 .env (the secret). Returns the folder (allocated). */
static char *make_instance(const char *name, const char *cfg, const char *env)
{
	const char *base = getenv("RDM_S3_TEST_RUN");
	char *dir = xasprintf("%s/test_cmd_s3.%ld.%s", base ? base : "/tmp", (long)getpid(), name);
	assert_int_equal(mkdir(dir, 0700), 0);
	char *sub = xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	const char *files[][2] = { { ".invenio", "[cli]\nflavour = RDM\n" }, { "invenio.cfg", cfg },
				   { ".env", env } };
	for (size_t i = 0; i < 3; i++) {
		if (!files[i][1])
			continue;
		char *path = xasprintf("%s/%s", dir, files[i][0]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(files[i][1], f);
		fclose(f);
		chmod(path, 0600);
		free(path);
	}
	return dir;
}

static void remove_instance(char *dir)
{
	const char *names[] = { ".invenio", "invenio.cfg", ".env", "docker-services.yml" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		unlink(path);
		free(path);
	}
	char *sub = xasprintf("%s/sub", dir);
	rmdir(sub);
	free(sub);
	rmdir(dir);
	free(dir);
}

static void instance_settings(void **state)
{
	(void)state;
	char *dir = make_instance("inst", "S3_ENDPOINT_URL = 'http://127.0.0.1:9000/'\n"
				  "S3_REGION_NAME = 'eu-north-1'\nS3_ACCESS_KEY_ID = 'CFGAK'\n",
				  "INVENIO_S3_SECRET_ACCESS_KEY=ENVFILESK\n");
	const char *inst[] = { dir, NULL };
	struct rdm_globals g = { .instances = inst, .n_instances = 1 };
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	/* --instance: everything from the instance, with where it came from. */
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.endpoint, "http://127.0.0.1:9000/");
	assert_string_equal(c.region, "eu-north-1");
	assert_string_equal(c.access_key_id, "CFGAK");
	assert_string_equal(c.secret_access_key, "ENVFILESK");
	assert_non_null(strstr(c.creds_source, "S3_ACCESS_KEY_ID from invenio.cfg:3"));
	assert_non_null(strstr(c.creds_source, "S3_SECRET_ACCESS_KEY from .env:1"));
	assert_null(strstr(c.creds_source, "ENVFILESK"));
	assert_non_null(strstr(c.endpoint_source, "invenio.cfg:1"));
	assert_non_null(strstr(c.region_source, "invenio.cfg:2"));
	conn_free(&c);
	/* --instance beats the environment; options and the file beat both. */
	setenv("AWS_ACCESS_KEY_ID", "ENVAK", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "ENVSK", 1);
	setenv("AWS_REGION", "us-west-2", 1);
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.access_key_id, "CFGAK");
	assert_string_equal(c.region, "eu-north-1");
	conn_free(&c);
	char *p = write_file("inst-creds", "[default]\naws_access_key_id=FILEAK\naws_secret_access_key=FILESK\n", 0600);
	g.credentials_file = p;
	g.endpoint = "http://127.0.0.1:1";
	g.region = "ap-east-1";
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.access_key_id, "FILEAK");
	assert_string_equal(c.endpoint, "http://127.0.0.1:1");
	assert_string_equal(c.region, "ap-east-1");
	assert_string_equal(c.endpoint_source, "--endpoint");
	conn_free(&c);
	/* Found by looking around (from a subfolder): below the environment. */
	char *cwd = getcwd(NULL, 0), *sub = xasprintf("%s/sub", dir);
	assert_int_equal(chdir(sub), 0);
	struct rdm_globals found = { 0 };
	assert_int_equal(cmd_s3_conn_resolve(&found, &c, &err), 0);
	assert_string_equal(c.access_key_id, "ENVAK");
	assert_string_equal(c.region, "us-west-2");
	assert_string_equal(c.endpoint, "http://127.0.0.1:9000/"); /* only the instance has one */
	conn_free(&c);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_REGION");
	assert_int_equal(cmd_s3_conn_resolve(&found, &c, &err), 0);
	assert_string_equal(c.access_key_id, "CFGAK");
	assert_string_equal(c.region, "eu-north-1");
	conn_free(&c);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(sub);
	unlink(p);
	free(p);
	remove_instance(dir);
}

static void instance_problems(void **state)
{
	(void)state;
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	/* Half a key pair names both settings. */
	char *dir = make_instance("half", "S3_ACCESS_KEY_ID = 'ONLYAK'\n", NULL);
	const char *inst[] = { dir, NULL };
	struct rdm_globals g = { .instances = inst, .n_instances = 1 };
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), -1);
	assert_non_null(strstr(err.message, "S3_SECRET_ACCESS_KEY"));
	assert_non_null(err.remedy);
	rdm_error_clear(&err);
	/* No S3_* key: the MinIO service's root user. */
	char *ds = xasprintf("%s/docker-services.yml", dir);
	FILE *f = fopen(ds, "w");
	assert_non_null(f);
	fputs("services:\n  s3:\n    image: minio/minio:latest\n    environment:\n"
	      "      MINIO_ROOT_USER: rootuser\n      MINIO_ROOT_PASSWORD: rootpass99\n", f);
	fclose(f);
	char *cfg = xasprintf("%s/invenio.cfg", dir);
	f = fopen(cfg, "w");
	assert_non_null(f);
	fputs("S3_ENDPOINT_URL = 'http://127.0.0.1:9000'\n", f);
	fclose(f);
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.access_key_id, "rootuser");
	assert_string_equal(c.secret_access_key, "rootpass99");
	assert_non_null(strstr(c.creds_source, "MINIO_ROOT_PASSWORD from docker-services.yml:6"));
	conn_free(&c);
	free(ds);
	free(cfg);
	remove_instance(dir);
	/* --instance of a folder without .invenio, and two of them. */
	const char *none[] = { "/", NULL };
	struct rdm_globals g2 = { .instances = none, .n_instances = 1 };
	assert_int_equal(cmd_s3_conn_resolve(&g2, &c, &err), -1);
	assert_non_null(strstr(err.message, ".invenio"));
	rdm_error_clear(&err);
	const char *two[] = { "/", "/tmp", NULL };
	struct rdm_globals g3 = { .instances = two, .n_instances = 2 };
	assert_int_equal(cmd_s3_conn_resolve(&g3, &c, &err), -1);
	assert_non_null(strstr(err.message, "--instance once"));
	rdm_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(creds_ini_default_section),
		cmocka_unit_test(creds_key_value_lines),
		cmocka_unit_test(creds_file_errors),
		cmocka_unit_test(settings_precedence),
		cmocka_unit_test(instance_settings),
		cmocka_unit_test(instance_problems),
		cmocka_unit_test(args_parser),
		cmocka_unit_test(json_writer),
	};
	return cmocka_run_group_tests_name("cmd_s3", tests, NULL, NULL);
}
