/* Scratch copies of the sample instance (see sample_instance.h). */
#include "config.h"
#include "sample_instance.h"

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

#include "util/buf.h"
#include "util/xalloc.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	int c;
	if (!f)
		fail_msg("cannot read %s", path);
	while ((c = getc(f)) != EOF)
		buf_putc(&b, (char)c);
	fclose(f);
	return buf_detach(&b);
}

/* Every occurrence of from replaced by to (the sample has each once). */
static char *replace(char *text, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	const char *p = text, *hit;
	size_t n = strlen(from);
	int found = 0;
	while ((hit = strstr(p, from))) {
		buf_append(&b, p, (size_t)(hit - p));
		buf_puts(&b, to);
		p = hit + n;
		found = 1;
	}
	buf_puts(&b, p);
	if (!found)
		fail_msg("the sample instance lacks '%s'", from);
	free(text);
	return buf_detach(&b);
}

static void spit(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	chmod(path, 0600); /* they hold secrets: the instance check wants 0600 */
	free(path);
}

/* A copy of data/sample-instance pointing at the server, with strong keys,
 * the boto3 checksum setting and the bucket recorded in .invenio. */
char *sample_instance_make(const char *name, const struct sample_instance_spec *s)
{
	static unsigned seq;
	const char *run = getenv("RDM_S3_TEST_RUN"), *src = getenv("top_srcdir");
	assert_non_null(run);
	assert_non_null(src);
	char *dir = xasprintf("%s/check-live/%s-%ld-%u", run, name, (long)getpid(), ++seq);
	char *parent = xasprintf("%s/check-live", run);
	mkdir(run, 0755);
	mkdir(parent, 0755);
	free(parent);
	assert_int_equal(mkdir(dir, 0700), 0);
	const char *plain[] = { ".invenio.private", "docker-compose.yml" };
	for (size_t i = 0; i < 2; i++) {
		char *p = xasprintf("%s/data/sample-instance/%s", src, plain[i]);
		char *t = slurp(p);
		spit(dir, plain[i], t);
		free(t);
		free(p);
	}
	char *p = xasprintf("%s/data/sample-instance/invenio.cfg", src);
	char *t = slurp(p), *ep = xasprintf("S3_ENDPOINT_URL='%s/'", s->endpoint);
	char *ak = xasprintf("S3_ACCESS_KEY_ID='%s'", s->access_key);
	char *sk = xasprintf("S3_SECRET_ACCESS_KEY='%s'", s->secret_key);
	t = replace(t, "S3_ENDPOINT_URL='http://localhost:9000/'", ep);
	t = replace(t, "S3_ACCESS_KEY_ID='CHANGE_ME'", ak);
	t = replace(t, "S3_SECRET_ACCESS_KEY='CHANGE_ME'", sk);
	char *cfg = xasprintf("%sS3_CONFIG_EXTRA = {\"request_checksum_calculation\": \"when_required\", "
			      "\"response_checksum_validation\": \"when_required\"}\n", t);
	spit(dir, "invenio.cfg", cfg);
	free(cfg); free(t); free(p); free(ep); free(ak); free(sk);
	/* The compose MinIO's root user is the server's, as the keys are. */
	p = xasprintf("%s/data/sample-instance/docker-services.yml", src);
	t = slurp(p);
	ak = xasprintf("MINIO_ROOT_USER: %s", s->access_key);
	sk = xasprintf("MINIO_ROOT_PASSWORD: %s", s->secret_key);
	t = replace(t, "MINIO_ROOT_USER: CHANGE_ME", ak);
	t = replace(t, "MINIO_ROOT_PASSWORD: CHANGE_ME", sk);
	/* ... and it publishes its API on the server's port, so that the app's
	 * endpoint is that MinIO service (rdm-s3 compares the two only then). */
	const char *colon = strrchr(s->endpoint, ':');
	char *port = xasprintf(":%s:9000\"", colon && colon[1] != '/' ? colon + 1 : "9000");
	t = replace(t, ":9000:9000\"", port);
	spit(dir, "docker-services.yml", t);
	free(t); free(p); free(ak); free(sk); free(port);
	p = xasprintf("%s/data/sample-instance/.invenio", src);
	t = slurp(p);
	char *ini = xasprintf("%s\n[rdm-s3]\nbucket = %s\n", t, s->bucket);
	spit(dir, ".invenio", ini);
	free(ini); free(t); free(p);
	return dir;
}

void sample_instance_edit(const char *dir, const char *file, const char *from, const char *to)
{
	char *p = xasprintf("%s/%s", dir, file);
	char *t = replace(slurp(p), from, to);
	spit(dir, file, t);
	free(t);
	free(p);
}
