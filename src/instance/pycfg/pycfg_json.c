/* A Python literal (strings, numbers, True/False/None, lists, dicts,
 * trailing commas) read as JSON, so that settings rdm-s3 writes as Python
 * (S3_BUCKET_CORS_RULES) can be read back by the JSON readers. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"
#include "util/i18n.h"

#include <string.h>

static void json_string(struct buf *out, const char *s, size_t n)
{
	buf_putc(out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, '"');
}

/* Drop a ',' (and blanks) just written: JSON has no trailing commas. */
static void drop_trailing_comma(struct buf *out)
{
	size_t n = out->len;
	while (n > 0 && (out->data[n - 1] == ' '))
		n--;
	if (n > 0 && out->data[n - 1] == ',')
		buf_truncate(out, n - 1);
}

static int token(const char *text, const struct pytok *t, struct buf *out)
{
	const char *s = text + t->start;
	size_t n = t->end - t->start;
	if (t->kind == PYTOK_STRING) {
		struct buf v = BUF_INIT;
		if (t->str_flags & (PYSTR_BYTES | PYSTR_FMT) || pystr_decode(text, t, &v) != 0) {
			buf_free(&v);
			return -1;
		}
		json_string(out, buf_str(&v), v.len);
		buf_free(&v);
		return 0;
	}
	if (t->kind == PYTOK_NUMBER) {
		buf_append(out, s, n);
		return 0;
	}
	if (t->kind == PYTOK_NAME) {
		const char *w = n == 4 && !memcmp(s, "True", 4) ? "true" : n == 5 && !memcmp(s, "False", 5) ? "false"
				: n == 4 && !memcmp(s, "None", 4) ? "null" : NULL;
		if (!w)
			return -1;
		buf_puts(out, w);
		return 0;
	}
	if (t->kind == PYTOK_OP && n == 1 && strchr("[]{}:,", s[0])) {
		if (s[0] == ']' || s[0] == '}')
			drop_trailing_comma(out);
		buf_putc(out, s[0]);
		if (s[0] == ',' || s[0] == ':')
			buf_putc(out, ' ');
		return 0;
	}
	return -1;
}

int pycfg_literal_json(const char *file, const char *expr, struct buf *out, struct rdm_error *err)
{
	struct pylex lx;
	struct pytok t;
	int rc = 0;
	pylex_init(&lx, file, expr, strlen(expr));
	while (rc == 0) {
		if (pylex_next(&lx, &t, err) < 0) {
			rc = -1;
			break;
		}
		if (t.kind == PYTOK_EOF)
			break;
		if (t.kind == PYTOK_COMMENT || t.kind == PYTOK_NEWLINE)
			continue;
		if (token(expr, &t, out) != 0)
			rc = rdm_error_set(err, _("%s: '%.*s' is not part of a plain Python literal (str, number, True, "
					   "False, None, list, dict)"), file, (int)(t.end - t.start), expr + t.start);
	}
	pylex_free(&lx);
	return rc;
}
