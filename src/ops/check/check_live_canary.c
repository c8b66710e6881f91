/* The live probe's small helpers around the S3 requests: the canary
 * object's name and bytes, and which server an answer names. */
#include "config.h"
#include "ops/check/check_live_int.h"

#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The kind of server an answer names (Server header, Ceph's request ids). */
enum check_server live_server_from_answer(const struct s3_http_response *resp)
{
	const char *server = s3_http_response_header(resp, "Server");
	const char *rid = s3_http_response_header(resp, "x-amz-request-id");
	if (server && strncasecmp(server, "MinIO", 5) == 0)
		return CHECK_SERVER_MINIO;
	if (server && strncasecmp(server, "AmazonS3", 8) == 0)
		return CHECK_SERVER_AWS;
	if ((server && (strstr(server, "Ceph") || strstr(server, "RGW"))) ||
	    (rid && strncmp(rid, "tx0", 3) == 0 && strchr(rid, '-')))
		return CHECK_SERVER_CEPH;
	return CHECK_SERVER_UNKNOWN;
}

/* 16 hex digits that differ between runs and processes. */
char *live_canary_key(void)
{
	unsigned char r[8] = { 0 };
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, r, sizeof r) : -1;
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)sizeof r) {
		unsigned long long x = (unsigned long long)now_seconds() * 1000003ULL ^ (unsigned long long)getpid();
		memcpy(r, &x, sizeof r < sizeof x ? sizeof r : sizeof x);
	}
	struct buf b = BUF_INIT;
	buf_puts(&b, "rdm-s3-check/canary-");
	for (size_t i = 0; i < sizeof r; i++)
		buf_printf(&b, "%02x", r[i]);
	return buf_detach(&b);
}

void live_canary_body(struct buf *body, const char *key)
{
	buf_printf(body, "rdm-s3 health check canary %s; safe to delete\n", key);
	while (body->len < LIVE_CANARY_SIZE)
		buf_putc(body, (char)('a' + body->len % 26));
	buf_truncate(body, LIVE_CANARY_SIZE);
}
