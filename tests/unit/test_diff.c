/* util/diff: exact unified output, hunk grouping, /dev/null sides, missing
 * final newline, CRLF, secret masking, and a randomised round trip that
 * applies each diff and checks the edit script is minimal. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/diff.h"
#include "util/xalloc.h"

static struct diff_text T(const char *s) { return (struct diff_text){ s, strlen(s), 1 }; }
static const struct diff_text ABSENT = { NULL, 0, 0 };

static char *run(const char *name, struct diff_text a, struct diff_text b, const struct diff_opts *o,
		 int *hunks)
{
	struct buf out = BUF_INIT;
	int h = diff_unified(&out, name, &a, &b, o);
	if (hunks)
		*hunks = h;
	return buf_detach(&out);
}

static void equal_is_empty(void **state)
{
	(void)state;
	int h = -1;
	char *d = run("x", T("a\nb\n"), T("a\nb\n"), NULL, &h);
	assert_string_equal(d, "");
	assert_int_equal(h, 0);
	free(d);
}

static const char ten[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

static void one_change_in_middle(void **state)
{
	(void)state;
	char *d = run("invenio.cfg", T(ten), T("1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n10\n"), NULL, NULL);
	assert_string_equal(d, "--- a/invenio.cfg\n+++ b/invenio.cfg\n"
			       "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
	free(d);
}

static void far_changes_two_hunks(void **state)
{
	(void)state;
	int h;
	/* 1 and 10 changed: 8 equal lines between > 2*3 → two hunks */
	char *d = run("f", T(ten), T("one\n2\n3\n4\n5\n6\n7\n8\n9\nten\n"), NULL, &h);
	assert_int_equal(h, 2);
	assert_string_equal(d, "--- a/f\n+++ b/f\n"
			       "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"
			       "@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n");
	free(d);
	/* 2 and 9 changed: 6 equal lines between → one hunk */
	d = run("f", T(ten), T("1\ntwo\n3\n4\n5\n6\n7\n8\nnine\n10\n"), NULL, &h);
	assert_int_equal(h, 1);
	assert_non_null(strstr(d, "@@ -1,10 +1,10 @@\n"));
	free(d);
}

static void new_and_deleted_files(void **state)
{
	(void)state;
	char *d = run(".env", ABSENT, T("A=1\nB=2\n"), NULL, NULL);
	assert_string_equal(d, "--- /dev/null\n+++ b/.env\n@@ -0,0 +1,2 @@\n+A=1\n+B=2\n");
	free(d);
	d = run(".env", T("A=1\n"), ABSENT, NULL, NULL);
	assert_string_equal(d, "--- a/.env\n+++ /dev/null\n@@ -1 +0,0 @@\n-A=1\n");
	free(d);
	/* an empty new file is still a change */
	d = run(".env", ABSENT, T(""), NULL, NULL);
	assert_string_equal(d, "--- /dev/null\n+++ b/.env\n");
	free(d);
}

static void insertion_at_end(void **state)
{
	(void)state;
	char *d = run("g", T("a\nb\n"), T("a\nb\nc\n"), NULL, NULL);
	assert_string_equal(d, "--- a/g\n+++ b/g\n@@ -1,2 +1,3 @@\n a\n b\n+c\n");
	free(d);
}

static void no_newline_at_end(void **state)
{
	(void)state;
	char *d = run("g", T("a\nb"), T("a\nb\n"), NULL, NULL);
	assert_string_equal(d, "--- a/g\n+++ b/g\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
	free(d);
}

static void crlf_kept(void **state)
{
	(void)state;
	char *d = run("c", T("a\r\nb\r\n"), T("a\r\nB\r\n"), NULL, NULL);
	assert_string_equal(d, "--- a/c\n+++ b/c\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n");
	free(d);
}

static void secrets_masked(void **state)
{
	(void)state;
	const char *secrets[] = { "hunter2", "hunter2-longer", "" };
	struct diff_opts o = { secrets, 3, 0 };
	char *d = run("docker-services.yml", T("USER: admin\nPASS: CHANGE_ME\nOTHER: hunter2\n"),
		      T("USER: admin\nPASS: hunter2-longer\nOTHER: hunter2\n"), &o, NULL);
	assert_null(strstr(d, "hunter2"));
	assert_string_equal(d, "--- a/docker-services.yml\n+++ b/docker-services.yml\n"
			       "@@ -1,3 +1,3 @@\n USER: admin\n-PASS: CHANGE_ME\n+PASS: ********\n OTHER: ********\n");
	free(d);
	/* a change only inside the secret is still shown as a change */
	d = run("x", T("K=hunter2\n"), T("K=hunter2-longer\n"), &o, NULL);
	assert_string_equal(d, "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-K=********\n+K=********\n");
	free(d);
}

/* --- randomised round trip ------------------------------------------------ */

struct text {
	char **line;
	size_t n;
};

static char *join(const struct text *t)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < t->n; i++)
		buf_printf(&b, "%s\n", t->line[i]);
	return buf_detach(&b);
}

/* Apply our own unified output to `old` (line arrays); returns the result. */
static char *apply(const struct text *old, const char *diff, size_t *changed)
{
	struct buf out = BUF_INIT;
	size_t pos = 0; /* next old line to copy */
	const char *p = strstr(diff, "@@");
	*changed = 0;
	while (p && *p) {
		unsigned long a1 = 0, na = 1;
		if (sscanf(p, "@@ -%lu,%lu", &a1, &na) < 1)
			fail();
		size_t start = na == 0 ? a1 : a1 - 1;
		while (pos < start)
			buf_printf(&out, "%s\n", old->line[pos++]);
		p = strchr(p, '\n') + 1;
		while (*p && strncmp(p, "@@", 2) != 0) {
			const char *nl = strchr(p, '\n');
			if (*p == ' ' || *p == '+')
				buf_append(&out, p + 1, (size_t)(nl - p));
			if (*p == ' ' || *p == '-')
				pos++;
			if (*p != ' ')
				(*changed)++;
			p = nl + 1;
		}
	}
	while (pos < old->n)
		buf_printf(&out, "%s\n", old->line[pos++]);
	return buf_detach(&out);
}

static size_t lcs(const struct text *a, const struct text *b)
{
	size_t *row = xcalloc((a->n + 1) * (b->n + 1), sizeof *row), w = b->n + 1, r;
	for (size_t i = 1; i <= a->n; i++)
		for (size_t j = 1; j <= b->n; j++)
			row[i * w + j] = !strcmp(a->line[i - 1], b->line[j - 1])
						 ? row[(i - 1) * w + j - 1] + 1
						 : (row[(i - 1) * w + j] > row[i * w + j - 1] ? row[(i - 1) * w + j]
											       : row[i * w + j - 1]);
	r = row[a->n * w + b->n];
	free(row);
	return r;
}

static const char *const words[] = { "a", "b", "c", "d", "e" };

static void random_text(struct text *t, unsigned *seed)
{
	t->n = (size_t)(rand_r(seed) % 25);
	t->line = xcalloc(t->n + 1, sizeof *t->line);
	for (size_t i = 0; i < t->n; i++)
		t->line[i] = (char *)words[rand_r(seed) % 5];
}

static void random_round_trip(void **state)
{
	(void)state;
	unsigned seed = 12345;
	for (int iter = 0; iter < 2000; iter++) {
		struct text a, b;
		random_text(&a, &seed);
		random_text(&b, &seed);
		char *sa = join(&a), *sb = join(&b);
		struct diff_opts o = { NULL, 0, (unsigned)(iter % 4) };
		char *d = run("r", T(sa), T(sb), &o, NULL);
		size_t changed;
		char *applied = apply(&a, d, &changed);
		assert_string_equal(applied, sb);
		assert_int_equal(changed, a.n + b.n - 2 * lcs(&a, &b));
		free(applied);
		free(d);
		free(sa);
		free(sb);
		free(a.line);
		free(b.line);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_is_empty),
		cmocka_unit_test(one_change_in_middle),
		cmocka_unit_test(far_changes_two_hunks),
		cmocka_unit_test(new_and_deleted_files),
		cmocka_unit_test(insertion_at_end),
		cmocka_unit_test(no_newline_at_end),
		cmocka_unit_test(crlf_kept),
		cmocka_unit_test(secrets_masked),
		cmocka_unit_test(random_round_trip),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
