/* A Python tokenizer reduced to what finding top-level statements needs:
 * strings of every kind (prefixes, triple quotes, escapes, line joins),
 * comments, names, numbers, operators, bracket depth and logical lines.
 * It does not build an AST and never evaluates anything. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/xalloc.h"
#include "util/i18n.h"

void pylex_init(struct pylex *lx, const char *file, const char *data, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->file = file;
	lx->data = data;
	lx->len = len;
	lx->line = 1;
	if (len >= LINES_BOM_LEN && memcmp(data, LINES_BOM, LINES_BOM_LEN) == 0)
		lx->pos = LINES_BOM_LEN;
}

void pylex_free(struct pylex *lx)
{
	free(lx->open_ch);
	free(lx->open_line);
	lx->open_ch = NULL;
	lx->open_line = NULL;
	lx->n_open = 0;
}

static int lex_error(const struct pylex *lx, struct rdm_error *err, unsigned line,
		     const char *what, const char *remedy)
{
	rdm_error_set(err, _("%s cannot be read as Python: %s"), lx->file, what);
	rdm_error_where(err, "%s:%u", lx->file, line);
	rdm_error_remedy(err, "%s", remedy);
	return -1;
}

static bool is_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

static bool is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Length of a string prefix (r, b, u, f, t and two-letter mixes) at p that
 * is directly followed by a quote, or 0. */
static size_t string_prefix_len(const char *d, size_t len, size_t p, unsigned *flags)
{
	*flags = 0;
	size_t n = 0;
	while (n < 3 && p + n < len) {
		char c = d[p + n];
		if (c == '\'' || c == '"')
			return n;
		switch (c) {
		case 'r': case 'R': *flags |= PYSTR_RAW; break;
		case 'b': case 'B': *flags |= PYSTR_BYTES; break;
		case 'u': case 'U': *flags |= PYSTR_UNICODE; break;
		case 'f': case 'F': case 't': case 'T': *flags |= PYSTR_FMT; break;
		default: return 0;
		}
		n++;
	}
	return 0;
}

static int lex_string(struct pylex *lx, struct pytok *t, size_t prefix, struct rdm_error *err)
{
	const char *d = lx->data;
	size_t p = lx->pos + prefix;
	char q = d[p];
	bool triple = p + 2 < lx->len && d[p + 1] == q && d[p + 2] == q;
	unsigned start_line = lx->line;
	size_t i = p + (triple ? 3 : 1);
	t->kind = PYTOK_STRING;
	t->quote = q;
	t->triple = triple;
	t->body_start = i;
	while (i < lx->len) {
		char c = d[i];
		if (c == '\\') {
			/* Even in raw strings a backslash keeps the next character
			 * (a quote or a line break) inside the string. */
			if (i + 1 >= lx->len)
				break;
			if (d[i + 1] == '\r' && i + 2 < lx->len && d[i + 2] == '\n')
				i++;
			if (d[i + 1] == '\n')
				lx->line++;
			i += 2;
			continue;
		}
		if (c == '\n') {
			if (!triple)
				break;
			lx->line++;
		} else if (c == q && (!triple || (i + 2 < lx->len && d[i + 1] == q && d[i + 2] == q))) {
			t->body_end = i;
			lx->pos = i + (triple ? 3 : 1);
			return 0;
		}
		i++;
	}
	return lex_error(lx, err, start_line,
			 triple ? _("a triple-quoted string is never closed")
				: _("a string is not closed on its line"),
			 triple ? _("add the missing closing quotes (''' or \"\"\") of the string that starts here")
				: _("add the missing closing quote (or use a triple-quoted string for text over several lines)"));
}

static void lex_number(struct pylex *lx)
{
	const char *d = lx->data;
	size_t i = lx->pos;
	bool hex = i + 1 < lx->len && d[i] == '0' && (d[i + 1] == 'x' || d[i + 1] == 'X');
	while (i < lx->len) {
		char c = d[i];
		if (is_name_char((unsigned char)c) || c == '.')
			i++;
		else if ((c == '+' || c == '-') && !hex && i > lx->pos &&
			 (d[i - 1] == 'e' || d[i - 1] == 'E'))
			i++;
		else
			break;
	}
	lx->pos = i;
}

static size_t op_len(const char *d, size_t len, size_t p)
{
	static const char *const ops3[] = { "**=", "//=", ">>=", "<<=", "..." };
	static const char *const ops2[] = { "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
					    "%=", "&=", "|=", "^=", "@=", ":=", "->", "**",
					    "//", "<<", ">>" };
	for (size_t k = 0; k < sizeof(ops3) / sizeof(ops3[0]); k++)
		if (p + 3 <= len && memcmp(d + p, ops3[k], 3) == 0)
			return 3;
	for (size_t k = 0; k < sizeof(ops2) / sizeof(ops2[0]); k++)
		if (p + 2 <= len && memcmp(d + p, ops2[k], 2) == 0)
			return 2;
	return 1;
}

static int lex_bracket(struct pylex *lx, char c, struct rdm_error *err)
{
	if (c == '(' || c == '[' || c == '{') {
		lx->open_ch = xgrow(lx->open_ch, &lx->cap_open, lx->n_open + 1, 1);
		lx->open_line = xgrow(lx->open_line, &lx->cap_open_line, lx->n_open + 1,
				      sizeof(unsigned));
		lx->open_ch[lx->n_open] = c;
		lx->open_line[lx->n_open] = lx->line;
		lx->n_open++;
		return 0;
	}
	if (c != ')' && c != ']' && c != '}')
		return 0;
	char want = c == ')' ? '(' : c == ']' ? '[' : '{';
	if (lx->n_open == 0)
		return lex_error(lx, err, lx->line, _("a closing bracket has no opening bracket"),
				 _("remove the extra bracket or add the opening one"));
	if (lx->open_ch[lx->n_open - 1] != want) {
		unsigned ol = lx->open_line[lx->n_open - 1];
		rdm_error_set(err, _("%s cannot be read as Python: '%c' closes the '%c' opened at line %u"),
			      lx->file, c, lx->open_ch[lx->n_open - 1], ol);
		rdm_error_where(err, "%s:%u", lx->file, lx->line);
		rdm_error_remedy(err, _("make the brackets match"));
		return -1;
	}
	lx->n_open--;
	return 0;
}

/* Whitespace, line breaks and explicit line joins. Returns 1 when a token
 * (NEWLINE) was produced, 0 to go on lexing, -1 on error. */
static int lex_space(struct pylex *lx, struct pytok *t, bool *skipped, struct rdm_error *err)
{
	const char *d = lx->data;
	char c = d[lx->pos];
	*skipped = true;
	if (c == ' ' || c == '\t' || c == '\f' || (c == '\r' && lx->pos + 1 < lx->len && d[lx->pos + 1] == '\n')) {
		lx->pos++;
		return 0;
	}
	if (c == '\n') {
		if (lx->n_open == 0 && lx->logical_open) {
			memset(t, 0, sizeof(*t));
			t->kind = PYTOK_NEWLINE;
			t->start = t->end = lx->pos;
			t->line = t->end_line = lx->line;
			lx->logical_open = false;
			lx->pos++;
			lx->line++;
			return 1;
		}
		lx->pos++;
		lx->line++;
		return 0;
	}
	if (c == '\\') {
		size_t n = lx->pos + 1;
		if (n < lx->len && d[n] == '\r')
			n++;
		if (n < lx->len && d[n] == '\n') {
			lx->pos = n + 1;
			lx->line++;
			return 0;
		}
		return lex_error(lx, err, lx->line, _("a backslash outside a string is not at the end of its line"),
				 _("remove the backslash or put the line break right after it"));
	}
	*skipped = false;
	return 0;
}

static int lex_end(struct pylex *lx, struct pytok *t, struct rdm_error *err)
{
	if (lx->n_open) {
		unsigned ol = lx->open_line[lx->n_open - 1];
		rdm_error_set(err, _("%s cannot be read as Python: '%c' is never closed"), lx->file,
			      lx->open_ch[lx->n_open - 1]);
		rdm_error_where(err, "%s:%u", lx->file, ol);
		rdm_error_remedy(err, _("add the missing closing bracket"));
		return -1;
	}
	memset(t, 0, sizeof(*t));
	t->kind = lx->logical_open ? PYTOK_NEWLINE : PYTOK_EOF;
	t->start = t->end = lx->len;
	t->line = t->end_line = lx->line;
	lx->logical_open = false;
	return 0;
}

static void tok_begin(struct pylex *lx, struct pytok *t)
{
	memset(t, 0, sizeof(*t));
	t->start = lx->pos;
	t->line = lx->line;
	if (lx->ls_line != lx->line) {
		size_t ls = lines_line_start(lx->data, lx->pos);
		if (ls == 0 && lx->len >= LINES_BOM_LEN && memcmp(lx->data, LINES_BOM, LINES_BOM_LEN) == 0)
			ls = LINES_BOM_LEN;
		lx->ls_line = lx->line;
		lx->ls_pos = ls;
	}
	t->col = lx->pos - lx->ls_pos;
	t->depth = (int)lx->n_open;
}

int pylex_next(struct pylex *lx, struct pytok *t, struct rdm_error *err)
{
	for (;;) {
		if (lx->pos >= lx->len)
			return lex_end(lx, t, err);
		bool skipped;
		int r = lex_space(lx, t, &skipped, err);
		if (r < 0)
			return -1;
		if (r > 0)
			return 0;
		if (!skipped)
			break;
	}
	const char *d = lx->data;
	unsigned char c = (unsigned char)d[lx->pos];
	tok_begin(lx, t);
	if (c == '#') {
		t->kind = PYTOK_COMMENT;
		t->first = !lx->logical_open;
		lx->pos = lines_line_end(d, lx->len, lx->pos);
		t->end = lx->pos;
		t->end_line = lx->line;
		return 0;
	}
	t->first = !lx->logical_open;
	lx->logical_open = true;
	unsigned flags = 0;
	size_t pre = is_name_start(c) ? string_prefix_len(d, lx->len, lx->pos, &flags) : 0;
	if (c == '\'' || c == '"' || pre) {
		t->str_flags = flags;
		if (lex_string(lx, t, pre, err) < 0)
			return -1;
	} else if (is_name_start(c)) {
		t->kind = PYTOK_NAME;
		while (lx->pos < lx->len && is_name_char((unsigned char)d[lx->pos]))
			lx->pos++;
	} else if ((c >= '0' && c <= '9') ||
		   (c == '.' && lx->pos + 1 < lx->len && d[lx->pos + 1] >= '0' && d[lx->pos + 1] <= '9')) {
		t->kind = PYTOK_NUMBER;
		lex_number(lx);
	} else {
		t->kind = PYTOK_OP;
		if (lex_bracket(lx, (char)c, err) < 0)
			return -1;
		lx->pos += op_len(d, lx->len, lx->pos);
	}
	t->end = lx->pos;
	t->end_line = lx->line;
	return 0;
}
