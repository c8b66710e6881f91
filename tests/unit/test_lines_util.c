#include "config.h"
#include "test_lines_util.h"

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
	return xasprintf("%s/instance/%s", dir, rel);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

char *tl_read(const char *rel, size_t *len)
{
	char *path = data_path(rel);
	char *s = slurp(path, len);
	if (!s)
		fail_msg("cannot read test data %s", path);
	free(path);
	return s;
}

static void save_actual(const char *rel, const char *got, size_t len)
{
	const char *run = getenv("RDM_S3_TEST_RUN");
	if (!run)
		return;
	struct buf name = BUF_INIT;
	buf_printf(&name, "%s/", run);
	for (const char *p = rel; *p; p++)
		buf_putc(&name, *p == '/' ? '_' : *p);
	buf_puts(&name, ".actual");
	FILE *f = fopen(name.data, "wb");
	if (f) {
		fwrite(got, 1, len, f);
		fclose(f);
		print_message("# actual bytes written to %s\n", name.data);
	}
	buf_free(&name);
}

static void write_file(const char *path, const char *got, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	fwrite(got, 1, len, f);
	fclose(f);
}

void tl_assert_golden(const char *rel_expected, const char *got, size_t len)
{
	size_t elen;
	char *path = data_path(rel_expected);
	const char *regen = getenv("RDM_S3_REGEN_GOLDEN");
	if (regen && !strcmp(regen, "1")) {
		write_file(path, got, len);
		print_message("# regenerated %s: review it before committing\n", path);
		free(path);
		return;
	}
	char *exp = slurp(path, &elen);
	free(path);
	if (!exp) {
		save_actual(rel_expected, got, len);
		fail_msg("golden file instance/%s is missing", rel_expected);
	}
	size_t i = 0;
	while (i < elen && i < len && exp[i] == got[i])
		i++;
	if (i != elen || i != len) {
		save_actual(rel_expected, got, len);
		free(exp);
		fail_msg("%s: output differs from the golden file at byte %zu (expected %zu bytes, got %zu)",
			 rel_expected, i, elen, len);
	}
	free(exp);
}

void tl_fail_error(const char *what, struct rdm_error *err)
{
	char *msg = rdm_error_format(err);
	print_message("# %s: %s\n", what, msg);
	free(msg);
	rdm_error_clear(err);
	fail_msg("%s failed", what);
}

unsigned tl_line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	if (!at)
		return 0;
	unsigned line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}
