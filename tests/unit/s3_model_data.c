#include "config.h"
#include "s3_model_data.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"

char *tdata_read(const char *rel, size_t *len)
{
	const char *dir = getenv("RDM_S3_TEST_DATA");
	if (!dir)
		fail_msg("RDM_S3_TEST_DATA is not set (run the tests with make check)");
	struct buf path = BUF_INIT, data = BUF_INIT;
	buf_printf(&path, "%s/s3/%s", dir, rel);
	FILE *f = fopen(buf_str(&path), "rb");
	if (!f)
		fail_msg("cannot open %s", buf_str(&path));
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&data, chunk, n);
	fclose(f);
	buf_free(&path);
	buf_puts(&data, ""); /* data is never NULL, even for an empty file */
	*len = data.len;
	return buf_detach(&data);
}

/* Cuts raw at the end of the line that starts at *p; returns that line. */
static char *next_line(char **p)
{
	char *line = *p, *nl = strchr(line, '\n');
	if (!nl) {
		*p = line + strlen(line);
		return line;
	}
	*nl = '\0';
	if (nl > line && nl[-1] == '\r')
		nl[-1] = '\0';
	*p = nl + 1;
	return line;
}

void canned_load(const char *rel, struct canned *c)
{
	size_t len;
	memset(c, 0, sizeof *c);
	c->raw = tdata_read(rel, &len);
	char *p = c->raw, *end = c->raw + len;
	char *status = next_line(&p);
	if (sscanf(status, "HTTP/%*s %ld", &c->status) != 1)
		fail_msg("%s: no status line", rel);
	for (;;) {
		if (p >= end)
			break;
		char *line = next_line(&p);
		if (!*line)
			break;
		char *colon = strchr(line, ':');
		assert_non_null(colon);
		assert_true(c->n_headers < sizeof c->headers / sizeof *c->headers);
		*colon = '\0';
		c->headers[c->n_headers].name = line;
		c->headers[c->n_headers++].value = colon + 1 + strspn(colon + 1, " ");
	}
	c->body = p < end ? p : end;
	c->body_len = (size_t)(end - c->body);
}

void canned_free(struct canned *c)
{
	free(c->raw);
	memset(c, 0, sizeof *c);
}
