#include "config.h"
#include "test_compose_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/xalloc.h"

static char *data_path(const char *rel)
{
	const char *dir = getenv("RDM_S3_TEST_DATA");
	if (!dir)
		fail_msg("RDM_S3_TEST_DATA is not set (run the tests with make check)");
	return xasprintf("%s/instance/compose/%s", dir, rel);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

char *tc_read(const char *rel, size_t *len)
{
	char *path = data_path(rel);
	char *s = slurp(path, len);
	if (!s)
		fail_msg("cannot read test data %s", path);
	free(path);
	return s;
}

void tc_fail_error(const char *what, struct rdm_error *err)
{
	char *s = rdm_error_format(err);
	print_error("%s: %s\n", what, s);
	free(s);
	rdm_error_clear(err);
	fail();
}

struct compose_doc *tc_parse(const char *name, const char *text)
{
	struct compose_doc *doc = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	if (compose_doc_parse(&doc, name, text, strlen(text), &err))
		tc_fail_error(name, &err);
	return doc;
}

struct compose_doc *tc_load(const char *rel)
{
	size_t len;
	char *text = tc_read(rel, &len);
	struct compose_doc *doc = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	if (compose_doc_parse(&doc, rel, text, len, &err))
		tc_fail_error(rel, &err);
	free(text);
	return doc;
}

static void write_file(const char *path, const char *got, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	fwrite(got, 1, len, f);
	fclose(f);
}

static void save_actual(const char *rel, const char *got, size_t len)
{
	const char *run = getenv("RDM_S3_TEST_RUN");
	if (!run)
		return;
	struct buf name = BUF_INIT;
	buf_printf(&name, "%s/compose_", run);
	for (const char *p = rel; *p; p++)
		buf_putc(&name, *p == '/' ? '_' : *p);
	buf_puts(&name, ".actual");
	FILE *f = fopen(name.data, "wb");
	if (f) {
		fwrite(got, 1, len, f);
		fclose(f);
		print_message("# actual bytes saved to %s\n", name.data);
	}
	buf_free(&name);
}

void tc_assert_golden(const char *rel, const char *got, size_t len)
{
	const char *regen = getenv("RDM_S3_REGEN_GOLDEN");
	if (regen && !strcmp(regen, "1")) {
		char *path = data_path(rel);
		write_file(path, got, len);
		print_message("# regenerated %s: review it before committing\n", path);
		free(path);
		return;
	}
	size_t want_len;
	char *want = tc_read(rel, &want_len);
	bool same = want_len == len && !memcmp(want, got, len);
	free(want);
	if (!same) {
		save_actual(rel, got, len);
		fail_msg("output differs from golden file %s", rel);
	}
}

void tc_assert_error(struct rdm_error *err, const char *where, const char *needle)
{
	assert_non_null(err->message);
	if (!err->where || strcmp(err->where, where) || !strstr(err->message, needle) ||
	    !err->remedy || !*err->remedy) {
		char *s = rdm_error_format(err);
		print_error("expected error at %s containing \"%s\", got:\n%s\n", where, needle, s);
		free(s);
		fail();
	}
	rdm_error_clear(err);
}

char *tc_line(const char *text, size_t len, unsigned line)
{
	size_t i = 0;
	for (unsigned l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	size_t e = i;
	while (e < len && text[e] != '\n' && text[e] != '\r')
		e++;
	return xstrndup(text + i, e - i);
}
