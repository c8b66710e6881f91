/* The ast.literal_eval evaluator (instance/pycfg/pyliteral.h) against the
 * table of results CPython 3.11 gave (tests/data/instance/pyliteral/
 * cases.txt; the same table is checked against the real Python by
 * tests/integration/test_invenio_loader.sh), plus the values rdm-s3
 * needs exactly and robustness on every prefix of every case. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "instance/pycfg/pyliteral.h"
#include "test_lines_util.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The table's escapes: \n \r \t \f \\ \xHH and \*N{TEXT}. */
static void decode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			buf_putc(out, s[i]);
			continue;
		}
		char c = s[++i];
		if (c == '*') {
			char *end;
			unsigned long times = strtoul(s + i + 1, &end, 10);
			const char *close = strchr(end, '}');
			if (*end != '{' || !close)
				fail_msg("bad repeat in the table: %.*s", (int)n, s);
			for (unsigned long k = 0; k < times; k++)
				buf_append(out, end + 1, (size_t)(close - end - 1));
			i = (size_t)(close - s);
		} else if (c == 'x') {
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			buf_putc(out, (char)strtoul(hex, NULL, 16));
			i += 2;
		} else {
			buf_putc(out, c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == 'f' ? '\f' : c);
		}
	}
}

/* The table's RESULT for what the evaluator said. */
static char *describe(const struct pylit *l)
{
	switch (l->outcome) {
	case PYLIT_NOT_LITERAL:
		return xstrdup("raw");
	case PYLIT_TYPE_ERROR:
		return xstrdup("TypeError");
	case PYLIT_UNKNOWN:
		return xstrdup("?");
	case PYLIT_VALUE:
		break;
	}
	if (l->type == PYLIT_STR && !l->text)
		return xstrdup("str?");
	if (l->type == PYLIT_INT && (!l->text || strlen(l->text) > 60))
		return xstrdup("int");
	if (l->type == PYLIT_STR || l->type == PYLIT_INT || l->type == PYLIT_BOOL) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s:", pylit_type_name(l->type));
		for (const unsigned char *p = (const unsigned char *)l->text; *p; p++) {
			if (*p == '\\')
				buf_puts(&b, "\\\\");
			else if (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\f')
				buf_printf(&b, "\\%c", *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p == '\t' ? 't' : 'f');
			else if (*p < 0x20 || *p == 0x7f)
				buf_printf(&b, "\\x%02x", *p);
			else
				buf_putc(&b, (char)*p);
		}
		return buf_detach(&b);
	}
	return xstrdup(pylit_type_name(l->type));
}

static void table(void **state)
{
	(void)state;
	size_t len, n = 0, bad = 0;
	char *data = tl_read("pyliteral/cases.txt", &len);
	for (char *line = data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *tab = strchr(line, '\t');
		if (!*line || *line == '#' || !tab)
			continue;
		*tab = '\0';
		struct buf in = BUF_INIT;
		decode(tab + 1, strlen(tab + 1), &in);
		struct pylit l;
		pyliteral_eval(buf_str(&in), &l);
		char *got = describe(&l);
		const char *want = line[0] == '?' ? "?" : line;
		n++;
		if (strcmp(got, want) != 0) {
			bad++;
			print_message("# input %s: got %s, wanted %s (%s)\n", tab + 1, got, line,
				      l.why ? l.why : "");
		}
		free(got);
		pylit_free(&l);
		buf_free(&in);
	}
	free(data);
	print_message("# %zu cases\n", n);
	assert_true(n > 300);
	assert_int_equal(bad, 0);
}

static void values(void **state)
{
	(void)state;
	struct pylit l;
	pyliteral_eval("0x1F2E3D4C5B6A", &l);
	assert_int_equal(l.outcome, PYLIT_VALUE);
	assert_int_equal(l.type, PYLIT_INT);
	assert_string_equal(l.text, "34283457370986");
	pylit_free(&l);
	pyliteral_eval("-0x_ff_ff", &l);
	assert_string_equal(l.text, "-65535");
	pylit_free(&l);
	pyliteral_eval("-0", &l);
	assert_string_equal(l.text, "0");
	pylit_free(&l);
	pyliteral_eval("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", &l);
	assert_string_equal(l.text, "340282366920938463463374607431768211455");
	pylit_free(&l);
	pyliteral_eval("'s3cr\\x65t' \"\\u00e9\"", &l);
	assert_int_equal(l.type, PYLIT_STR);
	assert_string_equal(l.text, "s3cret\xc3\xa9");
	pylit_free(&l);
	pyliteral_eval("CHANGE_ME", &l);
	assert_int_equal(l.outcome, PYLIT_NOT_LITERAL);
	assert_non_null(l.why);
	assert_null(l.text);
	pylit_free(&l);
	pyliteral_eval("{'request_checksum_calculation': 'when_required'}", &l);
	assert_int_equal(l.outcome, PYLIT_VALUE);
	assert_int_equal(l.type, PYLIT_DICT);
	assert_string_equal(pylit_type_name(l.type), "dict");
	pylit_free(&l);
}

/* Every prefix of every case (unterminated strings, open brackets, cut
 * escapes) ends in a verdict; the sanitizer build checks the memory. */
static void prefixes(void **state)
{
	(void)state;
	size_t len;
	char *data = tl_read("pyliteral/cases.txt", &len);
	for (char *line = data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *tab = strchr(line, '\t');
		if (!tab || *line == '#')
			continue;
		struct buf in = BUF_INIT;
		decode(tab + 1, strlen(tab + 1), &in);
		for (size_t k = 0; k <= in.len && k < 400; k++) {
			char *cut = xstrndup(buf_str(&in), k);
			struct pylit l;
			pyliteral_eval(cut, &l);
			assert_true(l.outcome <= PYLIT_UNKNOWN);
			pylit_free(&l);
			free(cut);
		}
		buf_free(&in);
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(values),
		cmocka_unit_test(prefixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
