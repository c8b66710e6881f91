#include "config.h"
#include "cmd_json.h"

#include <string.h>

void cmd_json_init(struct cmd_json *j, struct buf *out)
{
	memset(j, 0, sizeof *j);
	j->out = out;
}

/* Length of a valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void cmd_json_quote(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		if (*p == '"' || *p == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)*p++);
		} else if (*p == '\n') {
			buf_puts(out, "\\n");
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_printf(out, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			buf_putc(out, (char)*p++);
		} else {
			size_t n = utf8_len(p);
			if (n) {
				buf_append(out, p, n);
				p += n;
			} else {
				buf_puts(out, "\\ufffd");
				p++;
			}
		}
	}
	buf_putc(out, '"');
}

static void indent(struct cmd_json *j)
{
	buf_putc(j->out, '\n');
	for (int i = 0; i < j->depth; i++)
		buf_puts(j->out, "  ");
}

static void member(struct cmd_json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			buf_putc(j->out, ',');
		indent(j);
	}
	j->need_comma[j->depth] = 1;
	if (key) {
		cmd_json_quote(j->out, key);
		buf_puts(j->out, ": ");
	}
}

static void open_(struct cmd_json *j, const char *key, char c)
{
	member(j, key);
	buf_putc(j->out, c);
	if (j->depth < CMD_JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = 0;
}

static void close_(struct cmd_json *j, char c)
{
	int had = j->need_comma[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	buf_putc(j->out, c);
	if (j->depth == 0)
		buf_putc(j->out, '\n');
}

void cmd_json_begin_object(struct cmd_json *j, const char *key) { open_(j, key, '{'); }
void cmd_json_end_object(struct cmd_json *j) { close_(j, '}'); }
void cmd_json_begin_array(struct cmd_json *j, const char *key) { open_(j, key, '['); }
void cmd_json_end_array(struct cmd_json *j) { close_(j, ']'); }

void cmd_json_string(struct cmd_json *j, const char *key, const char *value)
{
	member(j, key);
	if (value)
		cmd_json_quote(j->out, value);
	else
		buf_puts(j->out, "null");
}

void cmd_json_int(struct cmd_json *j, const char *key, long long value)
{
	member(j, key);
	buf_printf(j->out, "%lld", value);
}

void cmd_json_bool(struct cmd_json *j, const char *key, int value)
{
	member(j, key);
	buf_puts(j->out, value ? "true" : "false");
}

void cmd_json_null(struct cmd_json *j, const char *key)
{
	member(j, key);
	buf_puts(j->out, "null");
}

void cmd_json_raw(struct cmd_json *j, const char *key, const char *json)
{
	member(j, key);
	size_t n = strlen(json);
	while (n && (json[n - 1] == '\n' || json[n - 1] == ' '))
		n--;
	buf_append(j->out, json, n);
}
