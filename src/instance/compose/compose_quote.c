/* YAML scalar quoting for values written into compose files. Conservative on
 * purpose: a value is left plain only when no YAML reader (libyaml, Go's
 * yaml.v3 used by docker compose, PyYAML) could read it as anything else. */
#include "config.h"
#include "instance/compose/compose_quote.h"

#include <string.h>
#include <strings.h>

/* Decode one UTF-8 character at s[*i]; false when the bytes are not UTF-8. */
static bool next_cp(const unsigned char *s, size_t *i, unsigned *cp)
{
	unsigned c = s[*i];
	int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
	      : (c & 0xF8) == 0xF0 ? 3 : -1;
	if (n < 0)
		return false;
	unsigned v = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
	for (int k = 1; k <= n; k++) {
		unsigned cc = s[*i + (size_t)k];
		if ((cc & 0xC0) != 0x80)
			return false;
		v = (v << 6) | (cc & 0x3F);
	}
	static const unsigned min[] = { 0, 0x80, 0x800, 0x10000 };
	if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return false;
	*i += (size_t)n + 1;
	*cp = v;
	return true;
}

bool cq_valid_utf8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	for (size_t i = 0; u[i];)
		if (!next_cp(u, &i, &cp))
			return false;
	return true;
}

/* Characters that may appear as themselves outside double quotes. */
static bool printable(unsigned cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
		return false;
	return cp != 0x2028 && cp != 0x2029 && cp != 0xFEFF && cp != 0xFFFE && cp != 0xFFFF;
}

static bool all_printable(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	for (size_t i = 0; u[i];)
		if (!next_cp(u, &i, &cp) || !printable(cp))
			return false;
	return true;
}

bool cq_single_ok(const char *s) { return all_printable(s); }

/* Words that some YAML reader turns into null, a boolean or a merge key. */
static bool typed_word(const char *s)
{
	static const char *const words[] = { "null", "~", "true", "false", "yes", "no", "on",
		                             "off", "y", "n", "<<", "=" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcasecmp(s, words[i]))
			return true;
	return false;
}

bool cq_plain_ok(const char *s, bool flow)
{
	size_t n = strlen(s);
	if (n == 0 || !all_printable(s) || typed_word(s))
		return false;
	/* Indicators, and starts of numbers, dates, .inf/.nan (conservative). */
	if (strchr("-?:,[]{}#&*!|>'\"%@` +.0123456789", s[0]))
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	if (flow && strpbrk(s, ",[]{}:"))
		return false;
	return true;
}

static void emit_double(struct buf *out, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	buf_putc(out, '"');
	for (size_t i = 0; u[i];) {
		size_t at = i;
		unsigned cp;
		if (!next_cp(u, &i, &cp)) { /* callers validate; never drop bytes silently */
			buf_printf(out, "\\x%02X", u[at]);
			i = at + 1;
			continue;
		}
		switch (cp) {
		case '"': buf_puts(out, "\\\""); continue;
		case '\\': buf_puts(out, "\\\\"); continue;
		case '\n': buf_puts(out, "\\n"); continue;
		case '\t': buf_puts(out, "\\t"); continue;
		case '\r': buf_puts(out, "\\r"); continue;
		case 0x2028: buf_puts(out, "\\L"); continue;
		case 0x2029: buf_puts(out, "\\P"); continue;
		default: break;
		}
		if (printable(cp))
			buf_append(out, s + at, i - at);
		else if (cp <= 0xFF)
			buf_printf(out, "\\x%02X", cp);
		else
			buf_printf(out, "\\u%04X", cp);
	}
	buf_putc(out, '"');
}

enum cq_style cq_emit(struct buf *out, const char *s, enum cq_style preferred, bool flow)
{
	if (preferred == CQ_PLAIN && cq_plain_ok(s, flow)) {
		buf_puts(out, s);
		return CQ_PLAIN;
	}
	if (preferred == CQ_SINGLE && cq_single_ok(s)) {
		buf_putc(out, '\'');
		for (const char *p = s; *p; p++) {
			if (*p == '\'')
				buf_putc(out, '\'');
			buf_putc(out, *p);
		}
		buf_putc(out, '\'');
		return CQ_SINGLE;
	}
	emit_double(out, s);
	return CQ_DOUBLE;
}
