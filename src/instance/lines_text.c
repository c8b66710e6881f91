#include "config.h"
#include "instance/lines_text.h"
#include "util/i18n.h"

#include <string.h>

void lines_form_detect(const char *data, size_t len, struct lines_form *form)
{
	form->bom = len >= LINES_BOM_LEN && memcmp(data, LINES_BOM, LINES_BOM_LEN) == 0;
	form->eol = "\n";
	const char *nl = len ? memchr(data, '\n', len) : NULL;
	if (nl && nl > data && nl[-1] == '\r')
		form->eol = "\r\n";
	form->final_eol = len == 0 || data[len - 1] == '\n';
}

/* Length of the UTF-8 sequence at s (n bytes left), 0 when invalid. Refuses
 * overlong forms, surrogates and code points above U+10FFFF, as Python's
 * decoder does. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0)
			lo = 0xA0;
		if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return need;
}

size_t lines_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq_len(u + i, n - i);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

int lines_text_check(const char *file, const char *kind, const char *data, size_t len,
		     struct rdm_error *err)
{
	const char *nul = len ? memchr(data, '\0', len) : NULL;
	if (nul) {
		rdm_error_set(err, _("%s is not a text file (NUL byte)"), file);
		rdm_error_where(err, "%s:%u", file, lines_line_of(data, (size_t)(nul - data)));
		rdm_error_remedy(err, _("restore %s from a backup or version control; it should be a %s"),
				 file, kind);
		return -1;
	}
	size_t bad = lines_utf8_invalid_at(data, len);
	if (bad < len) {
		rdm_error_set(err, _("%s is not valid UTF-8 (byte 0x%02X at offset %zu)"), file,
			      (unsigned)(unsigned char)data[bad], bad);
		rdm_error_where(err, "%s:%u", file, lines_line_of(data, bad));
		rdm_error_remedy(err, _("re-save %s as UTF-8 (it should be a %s)"), file, kind);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n')) {
			rdm_error_set(err, _("%s has a carriage return that does not end a line"), file);
			rdm_error_where(err, "%s:%u", file, lines_line_of(data, i));
			rdm_error_remedy(err, _("convert %s to LF or CRLF line endings (e.g. with dos2unix)"),
					 file);
			return -1;
		}
	}
	return 0;
}

unsigned lines_line_of(const char *data, size_t off)
{
	unsigned line = 1;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

size_t lines_line_start(const char *data, size_t off)
{
	while (off > 0 && data[off - 1] != '\n')
		off--;
	return off;
}

size_t lines_line_end(const char *data, size_t len, size_t off)
{
	const char *nl = off < len ? memchr(data + off, '\n', len - off) : NULL;
	if (!nl)
		return len;
	size_t e = (size_t)(nl - data);
	if (e > off && data[e - 1] == '\r')
		e--;
	return e;
}

size_t lines_line_next(const char *data, size_t len, size_t off)
{
	const char *nl = off < len ? memchr(data + off, '\n', len - off) : NULL;
	return nl ? (size_t)(nl - data) + 1 : len;
}

size_t lines_cut_start(const char *data, size_t len, size_t start, size_t end, size_t lo)
{
	if (end == len && len && data[len - 1] != '\n' && start > lo && data[start - 1] == '\n') {
		start--;
		if (start > lo && data[start - 1] == '\r')
			start--;
	}
	return start;
}

bool lines_blank(const char *data, size_t start, size_t end)
{
	for (size_t i = start; i < end; i++)
		if (data[i] != ' ' && data[i] != '\t')
			return false;
	return true;
}

void lines_splice(struct buf *out, const char *data, size_t len, size_t start, size_t end,
		  const char *repl, size_t rlen)
{
	buf_truncate(out, 0);
	buf_append(out, data, start);
	buf_append(out, repl, rlen);
	buf_append(out, data + end, len - end);
}
