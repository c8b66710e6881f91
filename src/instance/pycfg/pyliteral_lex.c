/* The tokenizer of the literal evaluator (pyliteral.h): lines, brackets,
 * numbers and strings as CPython 3.11 reads them. A token that is a
 * SyntaxError wherever it stands is PT_ERROR; one that needs more of
 * Python than a literal can hold is PT_STOP. */
#include "config.h"
#include "instance/pycfg/pyliteral_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_ident(char c) { return is_alpha(c) || is_digit(c) || (unsigned char)c >= 0x80; }

static int hex_val(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int digit_in_base(char c, int base)
{
	int v = hex_val(c);
	return v >= 0 && v < base;
}

int plex_init(struct plex *lx, const char *src)
{
	size_t n = strlen(src);
	memset(lx, 0, sizeof *lx);
	if (lines_utf8_invalid_at(src, n) < n)
		return -1;
	/* literal_eval strips leading spaces and tabs; Python reads CRLF and
	 * a lone CR as a newline. */
	while (*src == ' ' || *src == '\t')
		src++, n--;
	lx->text = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		if (src[i] == '\r' && src[i + 1] == '\n')
			continue;
		lx->text[lx->n++] = src[i] == '\r' ? '\n' : src[i];
	}
	lx->text[lx->n] = '\0';
	lx->bol = 1;
	return 0;
}

void plex_free(struct plex *lx)
{
	if (lx->text) {
		secure_wipe(lx->text, lx->n);
		free(lx->text);
	}
	memset(lx, 0, sizeof *lx);
}

void ptok_init(struct ptok *t)
{
	memset(t, 0, sizeof *t);
}

void ptok_free(struct ptok *t)
{
	buf_free_secret(&t->value);
	memset(t, 0, sizeof *t);
}

static void set_kind(struct ptok *t, enum ptok_kind k, const char *why)
{
	t->kind = k;
	t->why = why;
}

/* ---- numbers ------------------------------------------------------------ */

/* digit (["_"] digit)*: 1 read, 0 none there, -1 a misplaced '_'. */
static int digitpart(struct plex *lx, size_t *ndigits)
{
	const char *s = lx->text;
	if (!is_digit(s[lx->pos]))
		return 0;
	for (;;) {
		if (is_digit(s[lx->pos])) {
			lx->pos++;
			(*ndigits)++;
		} else if (s[lx->pos] == '_') {
			if (!is_digit(s[lx->pos + 1]))
				return -1;
			lx->pos++;
		} else {
			return 1;
		}
	}
}

static void lex_based_int(struct plex *lx, struct ptok *t, int base)
{
	const char *s = lx->text;
	size_t n = 0;
	lx->pos += 2;
	t->digits_start = lx->pos;
	for (;;) { /* (["_"] digit)+ */
		size_t at = lx->pos;
		if (s[at] == '_')
			at++;
		if (!digit_in_base(s[at], base))
			break;
		lx->pos = at + 1;
		n++;
	}
	t->num = PNUM_INT;
	t->base = base;
	if (!n || s[lx->pos] == '_' || (base < 10 && is_digit(s[lx->pos])))
		set_kind(t, PT_ERROR, _("an invalid digit in a 0x/0o/0b integer"));
	else if (is_ident(s[lx->pos]))
		set_kind(t, PT_STOP, _("a number followed by a word"));
}

static void lex_number(struct plex *lx, struct ptok *t)
{
	const char *s = lx->text;
	size_t start = lx->pos, ndigits = 0;
	char x = s[start + 1];
	t->kind = PT_NUMBER;
	if (s[start] == '0' && x && strchr("xXoObB", x)) {
		lex_based_int(lx, t, strchr("xX", x) ? 16 : strchr("oO", x) ? 8 : 2);
		return;
	}
	int rc = digitpart(lx, &ndigits), fl = 0;
	if (rc >= 0 && s[lx->pos] == '.') {
		lx->pos++;
		fl = 1;
		size_t frac = 0;
		rc = s[lx->pos] == '_' ? -1 : digitpart(lx, &frac);
	}
	if (rc >= 0 && (s[lx->pos] == 'e' || s[lx->pos] == 'E')) {
		size_t at = lx->pos + 1, exp = 0;
		if (s[at] == '+' || s[at] == '-')
			at++;
		if (is_digit(s[at])) {
			lx->pos = at;
			rc = digitpart(lx, &exp);
			fl = 1;
		}
	}
	if (rc < 0) {
		set_kind(t, PT_ERROR, "a misplaced '_' in a number");
		return;
	}
	t->digits_start = start;
	t->base = 10;
	if (s[lx->pos] == 'j' || s[lx->pos] == 'J') {
		lx->pos++;
		t->num = PNUM_IMAG;
	} else if (fl) {
		t->num = PNUM_FLOAT;
	} else {
		t->num = PNUM_INT;
		for (size_t i = start; i < lx->pos && s[start] == '0'; i++)
			if (s[i] != '0' && s[i] != '_') {
				set_kind(t, PT_ERROR, _("leading zeros in a decimal integer"));
				return;
			}
		if (ndigits > PYLIT_INT_MAX_DIGITS) {
			set_kind(t, PT_ERROR, _("an integer of more than 4300 digits"));
			return;
		}
	}
	if (is_ident(s[lx->pos]))
		set_kind(t, PT_STOP, "a number followed by a word");
}

/* ---- strings ------------------------------------------------------------ */

static void put_cp(struct ptok *t, unsigned long cp)
{
	char b[4];
	size_t n;
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
		t->unrepresentable = 1; /* a NUL or a lone surrogate */
		return;
	}
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_append(&t->value, b, n);
}

/* Exactly n hex digits at s: the value, or -1. */
static long hex_n(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		int h = hex_val(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* One escape of a str literal at s (s[0] is the backslash, s[1] exists;
 * the body ends at e).
 * Returns the bytes used, or 0 for a SyntaxError. */
static size_t str_escape(const char *s, const char *e, struct ptok *t)
{
	static const char from[] = "\\'\"abfnrtv", to[] = "\\'\"\a\b\f\n\r\t\v";
	const char *k = strchr(from, s[1]);
	if (k) {
		buf_putc(&t->value, to[k - from]);
		return 2;
	}
	if (s[1] == '\n')
		return 2;
	if (s[1] >= '0' && s[1] <= '7') {
		size_t n = 1;
		unsigned long v = (unsigned long)(s[1] - '0');
		while (n < 3 && s[1 + n] >= '0' && s[1 + n] <= '7')
			v = v * 8 + (unsigned long)(s[1 + n++] - '0');
		put_cp(t, v);
		return 1 + n;
	}
	size_t n = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : s[1] == 'U' ? 8 : 0;
	if (n) {
		long v = hex_n(s + 2, n); /* hex_n stops at the NUL: no overrun */
		if (v < 0 || v > 0x10FFFF)
			return 0;
		put_cp(t, (unsigned long)v);
		return 2 + n;
	}
	if (s[1] == 'N') { /* \N{NAME}: needs Python's Unicode name table */
		const char *close = s + 3 <= e && s[2] == '{' ? memchr(s + 3, '}', (size_t)(e - s - 3)) : NULL;
		if (!close || close == s + 3)
			return 0;
		t->unknown = 1;
		return (size_t)(close - s) + 1;
	}
	buf_putc(&t->value, '\\'); /* unknown escapes keep their backslash */
	return 1;
}

/* The body of a non-raw str literal (b..e, NUL-terminated at e or later). */
static int decode_str(const char *b, const char *e, struct ptok *t)
{
	while (b < e) {
		if (*b != '\\') {
			buf_putc(&t->value, *b++);
			continue;
		}
		size_t used = str_escape(b, e, t);
		if (!used)
			return -1;
		b += used;
	}
	return 0;
}

/* A bytes body: ASCII only, and a \x escape needs two hex digits. */
static int check_bytes(const char *b, const char *e, int raw)
{
	for (; b < e; b++) {
		if ((unsigned char)*b >= 0x80)
			return -1;
		if (*b == '\\' && !raw) {
			if (b[1] == 'x' && hex_n(b + 2, 2) < 0)
				return -1;
			b++;
		}
	}
	return 0;
}

/* prefix: the letters before the quote (lower-cased flags). */
static void lex_string(struct plex *lx, struct ptok *t, int raw, int bytes)
{
	const char *s = lx->text;
	char q = s[lx->pos];
	int triple = s[lx->pos + 1] == q && s[lx->pos + 2] == q;
	size_t body = lx->pos + (triple ? 3 : 1), i = body;
	for (;;) {
		if (i >= lx->n) {
			set_kind(t, PT_ERROR, "an unterminated string");
			lx->pos = lx->n;
			return;
		}
		if (s[i] == '\\' && i + 1 < lx->n) {
			i += 2;
			continue;
		}
		if (s[i] == '\n' && !triple) {
			set_kind(t, PT_ERROR, "an unterminated string");
			lx->pos = lx->n;
			return;
		}
		if (s[i] == q && (!triple || (s[i + 1] == q && s[i + 2] == q)))
			break;
		i++;
	}
	lx->pos = i + (triple ? 3 : 1);
	t->kind = PT_STRING;
	t->bytes = bytes;
	if (bytes) {
		if (check_bytes(s + body, s + i, raw))
			set_kind(t, PT_ERROR, _("a bad bytes literal"));
	} else if (raw) {
		buf_append(&t->value, s + body, i - body);
	} else if (decode_str(s + body, s + i, t)) {
		set_kind(t, PT_ERROR, _("a bad escape in a string"));
	}
}

/* A name, or the prefix of a string. */
static void lex_word(struct plex *lx, struct ptok *t)
{
	const char *s = lx->text;
	size_t start = lx->pos, i = start;
	while (is_ident(s[i]) && (unsigned char)s[i] < 0x80)
		i++;
	if ((unsigned char)s[i] >= 0x80 || (unsigned char)s[start] >= 0x80) {
		set_kind(t, PT_STOP, _("a non-ASCII name"));
		return;
	}
	if ((s[i] == '\'' || s[i] == '"') && i - start <= 2) {
		int r = 0, b = 0, u = 0, f = 0;
		for (size_t k = start; k < i; k++) {
			char c = (char)(s[k] | 0x20);
			r += c == 'r', b += c == 'b', u += c == 'u', f += c == 'f' || c == 't';
		}
		size_t len = i - start;
		int valid = (size_t)(r + b + u + f) == len && r <= 1 && b <= 1 && f <= 1 &&
			    (u == 0 || len == 1) && !(b && f);
		if (valid && f) {
			set_kind(t, PT_STOP, "an f-string");
			return;
		}
		if (valid) {
			lx->pos = i;
			lex_string(lx, t, r, b);
			return;
		}
	}
	lx->pos = i;
	t->kind = PT_NAME;
}

/* ---- brackets and operators --------------------------------------------- */

static void lex_op(struct plex *lx, struct ptok *t, char c)
{
	const char *close = strchr(")]}", c);
	lx->pos++;
	t->kind = PT_OP;
	t->op = c;
	if (strchr("([{", c)) {
		if (lx->depth >= PYLIT_MAX_DEPTH)
			set_kind(t, PT_ERROR, _("more than 200 nested brackets"));
		else
			lx->stack[lx->depth++] = c;
	} else if (close) {
		char want = "([{"[close - ")]}"];
		if (lx->depth == 0 || lx->stack[lx->depth - 1] != want)
			set_kind(t, PT_ERROR, _("an unmatched bracket"));
		else
			lx->depth--;
	} else if (!strchr(",:+-", c)) {
		t->op = '?';
		if (!strchr("*/%&|^~<>=!@;.", c))
			set_kind(t, PT_ERROR, _("a character Python does not allow here"));
	}
}

/* ---- lines ---------------------------------------------------------------- */

/* At the start of a physical line with no token yet: blank and comment
 * lines are skipped; the first token's line must not be indented (eval
 * mode). Returns 1 to go on reading tokens, 0 when t was set. */
static int line_start(struct plex *lx, struct ptok *t)
{
	const char *s = lx->text;
	for (;;) {
		size_t col = 0;
		while (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\f')
			col = s[lx->pos++] == '\f' ? 0 : col + 1;
		if (s[lx->pos] == '#')
			while (lx->pos < lx->n && s[lx->pos] != '\n')
				lx->pos++;
		if (s[lx->pos] == '\n') {
			lx->pos++;
			continue;
		}
		if (s[lx->pos] == '\\' && s[lx->pos + 1] == '\n' && lx->pos + 2 < lx->n) {
			lx->pos += 2; /* still at the start of a line (CPython) */
			continue;
		}
		if (lx->pos >= lx->n) {
			t->kind = PT_END;
			return 0;
		}
		lx->bol = 0;
		if (col > 0) {
			set_kind(t, PT_ERROR, _("an unexpected indent"));
			return 0;
		}
		return 1;
	}
}

void plex_next(struct plex *lx, struct ptok *t)
{
	const char *s = lx->text;
	buf_free_secret(&t->value);
	memset(t, 0, sizeof *t);
	for (;;) {
		if (lx->bol && lx->depth == 0 && !lx->line_has_tokens && !line_start(lx, t))
			return;
		char c = s[lx->pos];
		t->start = lx->pos;
		if (c == ' ' || c == '\t' || c == '\f') {
			lx->pos++;
			continue;
		}
		if (c == '#') {
			while (lx->pos < lx->n && s[lx->pos] != '\n')
				lx->pos++;
			continue;
		}
		if (c == '\\') {
			if (s[lx->pos + 1] != '\n' || lx->pos + 2 >= lx->n) {
				set_kind(t, PT_ERROR, _("a stray backslash"));
				lx->pos = lx->n;
				return;
			}
			lx->pos += 2;
			continue;
		}
		if (c == '\n' || lx->pos >= lx->n) {
			if (c == '\n')
				lx->pos++;
			else if (lx->depth > 0) {
				set_kind(t, PT_ERROR, _("an unclosed bracket"));
				return;
			}
			if (lx->depth > 0)
				continue;
			lx->bol = 1;
			if (lx->line_has_tokens) {
				lx->line_has_tokens = 0;
				t->kind = PT_NEWLINE;
				return;
			}
			if (lx->pos >= lx->n) {
				t->kind = PT_END;
				return;
			}
			continue;
		}
		lx->line_has_tokens = 1;
		if (is_digit(c) || (c == '.' && is_digit(s[lx->pos + 1])))
			lex_number(lx, t);
		else if (c == '.' && s[lx->pos + 1] == '.' && s[lx->pos + 2] == '.') {
			lx->pos += 3;
			t->kind = PT_ELLIPSIS;
		} else if (is_ident(c))
			lex_word(lx, t);
		else if (c == '\'' || c == '"')
			lex_string(lx, t, 0, 0);
		else if ((unsigned char)c < 0x20 || c == 0x7f || c == '$' || c == '?' || c == '`') {
			lx->pos++;
			set_kind(t, PT_ERROR, "a character Python does not allow here");
		} else
			lex_op(lx, t, c);
		t->end = lx->pos;
		return;
	}
}
