/* The S3 commands' plumbing: credentials file formats and permission
 * check, where settings come from, the argument parser, the JSON writer. */
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

static void creds_ini_default_section(void **state)
{
	(void)state;
	char *p = write_file("ini", "# comment\n[other]\naws_access_key_id = WRONG\n"
				    "aws_secret_access_key = WRONG\n\n[default]\n"
				    "aws_access_key_id = AKID1\r\naws_secret_access_key=  s3cr3t/+x \n"
				    "aws_session_token = TOK\n[later]\naws_access_key_id = LATE\n", 0600);
	struct cmd_s3_conn c = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	int loose = -1;
	assert_int_equal(cmd_s3_creds_file_read(p, &c, &loose, &err), 0);
	assert_string_equal(c.access_key_id, "AKID1");
	assert_string_equal(c.secret_access_key, "s3cr3t/+x");
	assert_string_equal(c.session_token, "TOK");
	assert_int_equal(loose, 0);
	assert_non_null(strstr(c.creds_source, p));
	cmd_s3_conn_free(&c);
	unlink(p);
	free(p);
}

static void creds_key_value_lines(void **state)
{
	(void)state;
	char *p = write_file("kv", "export AWS_ACCESS_KEY_ID=\"AK2\"\nAWS_SECRET_ACCESS_KEY='with space'\n", 0644);
	struct cmd_s3_conn c = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	int loose = 0;
	assert_int_equal(cmd_s3_creds_file_read(p, &c, &loose, &err), 0);
	assert_string_equal(c.access_key_id, "AK2");
	assert_string_equal(c.secret_access_key, "with space");
	assert_null(c.session_token);
	assert_int_equal(loose, 1);
	cmd_s3_conn_free(&c);
	unlink(p);
	free(p);
	/* The test servers' secrets files and InvenioRDM's names. */
	p = write_file("kv2", "ACCESS_KEY=AK3\nSECRET_KEY=SK3\n", 0600);
	assert_int_equal(cmd_s3_creds_file_read(p, &c, &loose, &err), 0);
	assert_string_equal(c.access_key_id, "AK3");
	cmd_s3_conn_free(&c);
	unlink(p);
	free(p);
	p = write_file("kv3", "S3_ACCESS_KEY_ID=AK4\nS3_SECRET_ACCESS_KEY=SK4\n", 0600);
	assert_int_equal(cmd_s3_creds_file_read(p, &c, &loose, &err), 0);
	assert_string_equal(c.secret_access_key, "SK4");
	cmd_s3_conn_free(&c);
	unlink(p);
	free(p);
}

static void creds_file_errors(void **state)
{
	(void)state;
	char *p = write_file("half", "aws_access_key_id = ONLY\n", 0600);
	struct cmd_s3_conn c = { 0 };
	struct rdm_error err = RDM_ERROR_INIT;
	int loose = 0;
	assert_int_equal(cmd_s3_creds_file_read(p, &c, &loose, &err), -1);
	assert_non_null(strstr(err.message, "aws_secret_access_key"));
	assert_string_equal(err.where, p);
	rdm_error_clear(&err);
	cmd_s3_conn_free(&c);
	unlink(p);
	assert_int_equal(cmd_s3_creds_file_read(p, &c, &loose, &err), -1);
	assert_non_null(err.message);
	rdm_error_clear(&err);
	cmd_s3_conn_free(&c);
	free(p);
}

static void settings_precedence(void **state)
{
	(void)state;
	struct rdm_globals g = { .endpoint = "http://127.0.0.1:9000" };
	struct cmd_s3_conn c;
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
	cmd_s3_conn_free(&c);
	/* --credentials-file and --region win. */
	char *p = write_file("win", "[default]\naws_access_key_id=FILEAK\naws_secret_access_key=FILESK\n", 0600);
	g.credentials_file = p;
	g.region = "ap-south-1";
	assert_int_equal(cmd_s3_conn_resolve(&g, &c, &err), 0);
	assert_string_equal(c.access_key_id, "FILEAK");
	assert_string_equal(c.region, "ap-south-1");
	cmd_s3_conn_free(&c);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(creds_ini_default_section),
		cmocka_unit_test(creds_key_value_lines),
		cmocka_unit_test(creds_file_errors),
		cmocka_unit_test(settings_precedence),
		cmocka_unit_test(args_parser),
		cmocka_unit_test(json_writer),
	};
	return cmocka_run_group_tests_name("cmd_s3", tests, NULL, NULL);
}
