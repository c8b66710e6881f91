/* Python literals: decoding string bodies as Python does, and writing str,
 * int, float, bool and None values as Python source. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"

#include <string.h>

#include "instance/lines_text.h"
#include "util/i18n.h"

static void put_utf8(struct buf *out, unsigned long cp)
{
	char b[4];
	size_t n;
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
	buf_append(out, b, n);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \x, \u, \U: exactly n hex digits. Returns the code point or -1. */
static long read_hex(const char *s, size_t avail, size_t n)
{
	if (avail < n)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		int h = hex_digit(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* One escape after a backslash at s[0] (s[1] is the escaped char).
 * Returns bytes consumed (>= 2), or 0 when the value cannot be decoded. */
static size_t decode_escape(const char *s, size_t avail, struct buf *out)
{
	static const char simple_from[] = "\\'\"abfnrtv";
	static const char simple_to[] = "\\'\"\a\b\f\n\r\t\v";
	char c = s[1];
	const char *k = c ? strchr(simple_from, c) : NULL;
	if (k) {
		buf_putc(out, simple_to[k - simple_from]);
		return 2;
	}
	if (c == '\n')
		return 2;
	if (c == '\r' && avail > 2 && s[2] == '\n')
		return 3;
	if (c >= '0' && c <= '7') {
		size_t n = 1;
		unsigned long v = (unsigned long)(c - '0');
		while (n < 3 && 1 + n < avail && s[1 + n] >= '0' && s[1 + n] <= '7')
			v = v * 8 + (unsigned long)(s[1 + n++] - '0');
		if (v == 0)
			return 0; /* a NUL character cannot live in a C string */
		put_utf8(out, v);
		return 1 + n;
	}
	size_t n = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	if (n) {
		long v = read_hex(s + 2, avail - 2, n);
		if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		put_utf8(out, (unsigned long)v);
		return 2 + n;
	}
	if (c == 'N')
		return 0; /* \N{NAME}: needs Python's Unicode name table */
	/* Unknown escapes keep their backslash (Python only warns). */
	buf_append(out, s, 2);
	return 2;
}

int pystr_decode(const char *data, const struct pytok *t, struct buf *out)
{
	const char *s = data + t->body_start;
	size_t n = t->body_end - t->body_start;
	bool raw = t->str_flags & PYSTR_RAW;
	size_t i = 0;
	while (i < n) {
		/* Python reads source with universal newlines: CRLF is "\n". */
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (s[i] != '\\' || raw || i + 1 >= n) {
			if (raw && s[i] == '\\' && i + 1 < n) {
				buf_putc(out, '\\');
				i++;
			}
			buf_putc(out, s[i++]);
			continue;
		}
		size_t used = decode_escape(s + i, n - i, out);
		if (!used)
			return -1;
		i += used;
	}
	return 0;
}

int pycfg_quote_str(struct buf *out, const char *value, char quote, struct rdm_error *err)
{
	size_t n = strlen(value);
	if (lines_utf8_invalid_at(value, n) < n)
		return rdm_error_set(err, _("the value is not valid UTF-8 text"));
	char q = quote == '"' ? '"' : '\'';
	char other = q == '"' ? '\'' : '"';
	if (strchr(value, q) && !strchr(value, other))
		q = other;
	buf_putc(out, q);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c == '\\' || c == (unsigned char)q) {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\r')
			buf_puts(out, "\\r");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7F)
			buf_printf(out, "\\x%02x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, q);
	return 0;
}

static bool digits_ok(const char *s, size_t *i, int base)
{
	size_t start = *i;
	bool prev_digit = false;
	for (;; (*i)++) {
		char c = s[*i];
		int h = hex_digit(c);
		if (h >= 0 && h < base) {
			prev_digit = true;
			continue;
		}
		if (c == '_' && prev_digit && hex_digit(s[*i + 1]) >= 0 && hex_digit(s[*i + 1]) < base) {
			prev_digit = false;
			continue;
		}
		break;
	}
	return *i > start && prev_digit;
}

static bool int_text_ok(const char *s)
{
	size_t i = s[0] == '-' ? 1 : 0;
	if (s[i] == '0' && s[i + 1] && strchr("xXoObB", s[i + 1])) {
		int base = strchr("xX", s[i + 1]) ? 16 : strchr("oO", s[i + 1]) ? 8 : 2;
		i += 2;
		if (s[i] == '_')
			i++;
		return digits_ok(s, &i, base) && s[i] == '\0';
	}
	if (s[i] == '0') {
		while (s[i] == '0' || (s[i] == '_' && s[i + 1] == '0'))
			i++;
		return s[i] == '\0';
	}
	return digits_ok(s, &i, 10) && s[i] == '\0';
}

static bool float_text_ok(const char *s)
{
	size_t i = s[0] == '-' ? 1 : 0;
	bool mant = false;
	if (s[i] >= '0' && s[i] <= '9')
		mant = digits_ok(s, &i, 10);
	bool dot = s[i] == '.';
	if (dot) {
		i++;
		if (s[i] >= '0' && s[i] <= '9')
			mant = digits_ok(s, &i, 10) || mant;
	}
	if (!mant)
		return false;
	bool exp = s[i] == 'e' || s[i] == 'E';
	if (exp) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!digits_ok(s, &i, 10))
			return false;
	}
	return s[i] == '\0' && (dot || exp);
}

int pycfg_literal(struct buf *out, const struct pycfg_value *v, char q, struct rdm_error *err)
{
	const char *t = v->text ? v->text : "";
	switch (v->type) {
	case PYCFG_STR:
		return pycfg_quote_str(out, t, q, err);
	case PYCFG_INT:
		if (!int_text_ok(t))
			return rdm_error_set(err, _("'%s' is not a Python integer"), t);
		buf_puts(out, t);
		return 0;
	case PYCFG_FLOAT:
		if (!float_text_ok(t))
			return rdm_error_set(err, _("'%s' is not a Python float"), t);
		buf_puts(out, t);
		return 0;
	case PYCFG_BOOL:
		if (strcmp(t, "True") != 0 && strcmp(t, "False") != 0)
			return rdm_error_set(err, _("'%s' is not True or False"), t);
		buf_puts(out, t);
		return 0;
	case PYCFG_NONE:
		buf_puts(out, "None");
		return 0;
	case PYCFG_OTHER:
		break;
	}
	return rdm_error_set(err, _("only str, int, float, bool and None values can be written"));
}
