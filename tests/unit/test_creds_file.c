/* The admin credentials file of `rotate --admin-credentials-file`:
 * AWS_ACCESS_KEY_ID= / AWS_SECRET_ACCESS_KEY= lines are read from a 0600
 * file; a file others can read or write, a directory, a missing file and
 * a file without a secret are refused with the file named and a fix. */
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

#include "util/creds_file.h"
#include "util/xalloc.h"

static char *write_file(const char *text, mode_t mode)
{
	char *path = xstrdup("/tmp/rdm-creds-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void reads_private_file(void **state)
{
	(void)state;
	char *p = write_file("# RGW admin\nAWS_ACCESS_KEY_ID=ADMINKEY\n"
			     "AWS_SECRET_ACCESS_KEY='admin secret'\n", 0600);
	struct creds_file c;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(creds_file_read_private(p, &c, &err), 0);
	assert_string_equal(c.access_key_id, "ADMINKEY");
	assert_string_equal(c.secret_access_key, "admin secret");
	assert_null(c.session_token);
	creds_file_free(&c);
	assert_null(c.secret_access_key);
	assert_int_equal(chmod(p, 0400), 0); /* read-only for the owner is fine too */
	assert_int_equal(creds_file_read_private(p, &c, &err), 0);
	creds_file_free(&c);
	unlink(p);
	free(p);
}

static void refuses_open_modes(void **state)
{
	(void)state;
	const mode_t modes[] = { 0640, 0604, 0620, 0666 };
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		char *p = write_file("AWS_ACCESS_KEY_ID=A\nAWS_SECRET_ACCESS_KEY=S\n", modes[i]);
		struct creds_file c;
		struct rdm_error err = RDM_ERROR_INIT;
		assert_int_equal(creds_file_read_private(p, &c, &err), -1);
		assert_null(c.secret_access_key);
		assert_non_null(strstr(err.message, "0600"));
		assert_string_equal(err.where, p);
		assert_non_null(strstr(err.remedy, "chmod 600"));
		/* The lenient reader of the S3 commands still reads it (and says so). */
		int loose = 0;
		assert_int_equal(creds_file_read(p, &c, &loose, &err), 0);
		assert_true(loose);
		creds_file_free(&c);
		rdm_error_clear(&err);
		unlink(p);
		free(p);
	}
}

static void refuses_other_files(void **state)
{
	(void)state;
	struct creds_file c;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(creds_file_read_private("/nonexistent/admin.env", &c, &err), -1);
	assert_non_null(strstr(err.message, "cannot open"));
	assert_int_equal(creds_file_read_private("/tmp", &c, &err), -1);
	assert_non_null(strstr(err.message, "regular file"));
	char *p = write_file("AWS_ACCESS_KEY_ID=A\n", 0600);
	assert_int_equal(creds_file_read_private(p, &c, &err), -1);
	assert_non_null(strstr(err.message, "aws_secret_access_key"));
	assert_string_equal(err.where, p);
	rdm_error_clear(&err);
	unlink(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_private_file),
		cmocka_unit_test(refuses_open_modes),
		cmocka_unit_test(refuses_other_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
