/* The C test helper (tests/helpers/test_server.c): it parses what ensure.sh
 * prints (quoted values, secrets file), reports failures with the exit
 * status, and for every kind of local server gives an endpoint on 127.0.0.1
 * that answers HTTP (plain socket, no curl: curl belongs to src/s3). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "../helpers/test_server.h"

/* A scratch dir with a space in its name (quoting is part of the test). */
static char *scratch_dir(void)
{
	const char *run = getenv("RDM_S3_TEST_RUN");
	assert_non_null(run);
	(void)mkdir(run, 0755); /* the shared run folder: other tests drop privileges in it */
	char *d = xasprintf("%s/test server reach %ld", run, (long)getpid());
	assert_true(mkdir(d, 0700) == 0 || errno == EEXIST);
	return d;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void helper_parses_output(void **state)
{
	(void)state;
	char *dir = scratch_dir();
	char *script = xasprintf("%s/fake-ensure.sh", dir);
	char *secrets = xasprintf("%s/secrets.env", dir);
	struct buf text = BUF_INIT;
	buf_printf(&text, "#!/bin/sh\n[ \"$1\" = ceph ] || exit 64\ncat <<'EOF'\n"
		   "KIND=ceph\nENDPOINT=http://127.0.0.1:4242\nPORT=4242\nREGION=us-east-1\n"
		   "ACCESS_KEY='AK '\\''quoted'\\'''\nADMIN_ACCESS_KEY=ADMINAK\n"
		   "SECRETS_FILE='%s'\nSTATE_DIR='%s'\nFUTURE_KEY=ignored\nEOF\n",
		   secrets, dir);
	write_file(script, buf_str(&text), 0700);
	write_file(secrets, "SECRET_KEY='s3cr=t x'\nADMIN_SECRET_KEY=adminsecret\n", 0600);

	struct ts_server srv;
	assert_int_equal(ts_server_get_with(script, "ceph", &srv), 0);
	assert_int_equal(srv.status, 0);
	assert_string_equal(srv.endpoint, "http://127.0.0.1:4242");
	assert_int_equal(srv.port, 4242);
	assert_string_equal(srv.region, "us-east-1");
	assert_string_equal(srv.access_key, "AK 'quoted'");
	assert_string_equal(srv.secret_key, "s3cr=t x");
	assert_string_equal(srv.admin_access_key, "ADMINAK");
	assert_string_equal(srv.admin_secret_key, "adminsecret");
	assert_string_equal(srv.state_dir, dir);
	assert_null(srv.ca_file);
	ts_server_free(&srv);
	assert_null(srv.endpoint);

	/* the kind is passed on: the fake refuses others with 64 */
	assert_int_equal(ts_server_get_with(script, "minio", &srv), -1);
	assert_int_equal(srv.status, 64);
	ts_server_free(&srv);

	unlink(script);
	unlink(secrets);
	rmdir(dir);
	buf_free(&text);
	free(script);
	free(secrets);
	free(dir);
}

static void helper_reports_failure(void **state)
{
	(void)state;
	char *dir = scratch_dir();
	char *script = xasprintf("%s/fake-ensure-busy.sh", dir);
	write_file(script, "#!/bin/sh\necho '[fake] port in use' >&2\nexit 3\n", 0700);
	struct ts_server srv;
	assert_int_equal(ts_server_get_with(script, "s3rver", &srv), -1);
	assert_int_equal(srv.status, 3);
	assert_non_null(strstr(srv.error, "port is in use"));
	assert_null(srv.endpoint);
	ts_server_free(&srv);

	char *missing = xasprintf("%s/no-such-ensure.sh", dir);
	assert_int_equal(ts_server_get_with(missing, "s3rver", &srv), -1);
	assert_int_equal(srv.status, 127);
	ts_server_free(&srv);

	unlink(script);
	rmdir(dir);
	free(missing);
	free(script);
	free(dir);
}

/* Connect to 127.0.0.1:port; returns the socket or -1. */
static int connect_loopback(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = { 10, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The start of the server's answer to an anonymous GET / over plain HTTP. */
static char *http_status_line(int port)
{
	int fd = connect_loopback(port);
	assert_true(fd >= 0);
	static const char req[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
	assert_int_equal(write(fd, req, sizeof req - 1), (ssize_t)(sizeof req - 1));
	struct buf b = BUF_INIT;
	while (b.len < 12) {
		char *p = buf_reserve(&b, 256);
		ssize_t n = read(fd, p, 256);
		if (n <= 0)
			break;
		b.len += (size_t)n;
		b.data[b.len] = '\0';
	}
	close(fd);
	return b.data ? buf_detach(&b) : xstrdup("");
}

static void reach_plain(const char *kind)
{
	struct ts_server srv;
	ts_server_require(kind, &srv);
	char *want = xasprintf("http://127.0.0.1:%d", srv.port);
	assert_true(srv.port > 0);
	assert_string_equal(srv.endpoint, want);
	assert_string_equal(srv.kind, kind);
	assert_true(strlen(srv.access_key) > 0);
	assert_true(strlen(srv.secret_key) > 0);
	char *status = http_status_line(srv.port);
	assert_true(strncmp(status, "HTTP/1.", 7) == 0);
	if (strcmp(kind, "ceph") == 0) {
		assert_non_null(srv.admin_access_key);
		assert_non_null(srv.admin_secret_key);
	}
	free(status);
	free(want);
	ts_server_free(&srv);
}

static void reach_minio(void **state) { (void)state; reach_plain("minio"); }
static void reach_ceph(void **state) { (void)state; reach_plain("ceph"); }
static void reach_s3rver(void **state) { (void)state; reach_plain("s3rver"); }

static void reach_s3rver_tls(void **state)
{
	(void)state;
	struct ts_server srv;
	ts_server_require("s3rver-tls", &srv);
	char *want = xasprintf("https://127.0.0.1:%d", srv.port);
	assert_string_equal(srv.endpoint, want);
	int fd = connect_loopback(srv.port);
	assert_true(fd >= 0);
	close(fd);
	assert_non_null(srv.ca_file);
	FILE *f = fopen(srv.ca_file, "r");
	assert_non_null(f);
	struct buf pem = BUF_INIT;
	size_t n;
	do {
		n = fread(buf_reserve(&pem, 1024), 1, 1024, f);
		pem.len += n;
		pem.data[pem.len] = '\0';
	} while (n > 0);
	fclose(f);
	assert_true(strncmp(buf_str(&pem), "-----BEGIN CERTIFICATE-----\n", 28) == 0);
	buf_free(&pem);
	free(want);
	ts_server_free(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(helper_parses_output),
		cmocka_unit_test(helper_reports_failure),
		cmocka_unit_test(reach_s3rver),
		cmocka_unit_test(reach_s3rver_tls),
		cmocka_unit_test(reach_minio),
		cmocka_unit_test(reach_ceph),
	};
	return cmocka_run_group_tests_name("test_server_reach", tests, NULL, NULL);
}
