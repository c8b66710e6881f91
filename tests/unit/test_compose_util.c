#include "config.h"
#include "test_compose_util.h"
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

/* instance/compose/<rel> as a path under instance/ for the tl_ helpers. */
static char *compose_rel(const char *rel)
{
	return xasprintf("compose/%s", rel);
}

char *tc_read(const char *rel, size_t *len)
{
	char *r = compose_rel(rel);
	char *s = tl_read(r, len);
	free(r);
	return s;
}

void tc_fail_error(const char *what, struct rdm_error *err)
{
	tl_fail_error(what, err);
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

void tc_assert_golden(const char *rel, const char *got, size_t len)
{
	char *r = compose_rel(rel);
	tl_assert_golden(r, got, len);
	free(r);
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
