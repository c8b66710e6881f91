/* Reading .env the way docker compose does (compose-go's dotenv rules), and
 * noting where python-dotenv (used by `pipenv run`) would read a value
 * differently. Values are decoded but never interpolated. */
#include "config.h"
#include "instance/dotenv/dotenv_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct scan {
	struct dotenv *env;
	const char *d;
	size_t len, pos, cap;
	unsigned line;
	struct rdm_error *err;
};

/* Blanks as compose trims them around keys and values (never '\n'). */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_key_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c >= 0x80;
}

static bool is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool dotenv_key_valid(const char *key)
{
	if (!key || !is_name_start(*key))
		return false;
	for (const char *p = key; *p; p++)
		if (!is_name_start(*p) && !(*p >= '0' && *p <= '9'))
			return false;
	return true;
}

static int scan_error(struct scan *s, unsigned line, const char *msg, const char *remedy)
{
	rdm_error_set(s->err, "%s: %s", s->env->file, msg);
	rdm_error_where(s->err, "%s:%u", s->env->file, line);
	rdm_error_remedy(s->err, "%s", remedy);
	return -1;
}

/* Double-quoted and bare values: `$$` is a literal '$' for compose (and so
 * is `\$` in double quotes, handled by the caller); `$NAME` / `${NAME}` would
 * be interpolated. */
static void put_dollar(const char *v, size_t n, size_t *i, struct buf *out, struct dotenv_entry *e)
{
	if (*i + 1 < n && v[*i + 1] == '$') {
		buf_putc(out, '$');
		e->ambiguous = true; /* python-dotenv keeps "$$" */
		*i += 2;
		return;
	}
	if (*i + 1 < n && (v[*i + 1] == '{' || is_name_start(v[*i + 1]))) {
		e->interpolated = true;
		if (v[*i + 1] != '{')
			e->ambiguous = true; /* python-dotenv expands only ${NAME} */
	}
	buf_putc(out, '$');
	(*i)++;
}

/* compose-go's expandEscapes for double quotes, then `$$`. */
static void decode_double(const char *v, size_t n, struct buf *out, struct dotenv_entry *e)
{
	static const char from[] = "abfnrtv\\";
	static const char to[] = "\a\b\f\n\r\t\v\\";
	size_t i = 0;
	while (i < n) {
		const char *k = i + 1 < n && v[i] == '\\' && v[i + 1] ? strchr(from, v[i + 1]) : NULL;
		if (k) {
			buf_putc(out, to[k - from]);
			i += 2;
		} else if (i + 1 < n && v[i] == '\\' && v[i + 1] == '$') {
			buf_putc(out, '$');
			i += 2;
		} else if (i + 4 < n && v[i] == '\\' && v[i + 1] == '0' && v[i + 2] >= '0' && v[i + 2] <= '3' &&
			   v[i + 3] >= '0' && v[i + 3] <= '7' && v[i + 4] >= '0' && v[i + 4] <= '7' &&
			   (v[i + 2] != '0' || v[i + 3] != '0' || v[i + 4] != '0')) {
			unsigned c = (unsigned)(v[i + 2] - '0') * 64 + (unsigned)(v[i + 3] - '0') * 8 +
				     (unsigned)(v[i + 4] - '0');
			if (c < 0x80) {
				buf_putc(out, (char)c);
			} else {
				buf_putc(out, (char)(0xC0 | (c >> 6)));
				buf_putc(out, (char)(0x80 | (c & 0x3F)));
			}
			e->ambiguous = true;
			i += 5;
		} else if (v[i] == '$') {
			put_dollar(v, n, &i, out, e);
		} else {
			buf_putc(out, v[i++]);
		}
	}
}

/* python-dotenv's reading of a quoted body, for the ambiguity check. */
static void decode_python(const char *v, size_t n, char q, struct buf *out)
{
	const char *from = q == '\'' ? "\\'" : "\\'\"abfnrtv";
	const char *to = q == '\'' ? "\\'" : "\\'\"\a\b\f\n\r\t\v";
	for (size_t i = 0; i < n; i++) {
		const char *k = v[i] == '\\' && i + 1 < n && v[i + 1] ? strchr(from, v[i + 1]) : NULL;
		if (k) {
			buf_putc(out, to[k - from]);
			i++;
		} else if (!(v[i] == '\r' && i + 1 < n && v[i + 1] == '\n')) {
			buf_putc(out, v[i]);
		}
	}
}

static struct dotenv_entry *new_entry(struct scan *s)
{
	struct dotenv *env = s->env;
	env->entries = xgrow(env->entries, &s->cap, env->n_entries + 1, sizeof(*env->entries));
	struct dotenv_entry *e = &env->entries[env->n_entries++];
	memset(e, 0, sizeof(*e));
	return e;
}

static int scan_quoted(struct scan *s, size_t p, struct dotenv_entry *e)
{
	const char *d = s->d;
	char q = d[p];
	struct buf body = BUF_INIT, val = BUF_INIT, py = BUF_INIT;
	size_t i = p + 1;
	bool esc = false;
	for (; i < s->len; i++) {
		char c = d[i];
		if (c == '\n')
			s->line++;
		if (esc) {
			/* an escaped quote drops its backslash, anything else keeps it */
			if (c != q)
				buf_putc(&body, '\\');
			buf_putc(&body, c);
			esc = false;
		} else if (c == '\\') {
			esc = true;
		} else if (c == q) {
			break;
		} else {
			buf_putc(&body, c);
		}
	}
	if (i >= s->len) {
		buf_free_secret(&body);
		return scan_error(s, e->line, _("a quoted value is never closed"),
				  _("add the closing quote at the end of the value"));
	}
	e->quote = q == '\'' ? DOTENV_SINGLE : DOTENV_DOUBLE;
	if (q == '"')
		decode_double(buf_str(&body), body.len, &val, e);
	else
		buf_append(&val, buf_str(&body), body.len);
	decode_python(d + p + 1, i - p - 1, q, &py);
	if (strcmp(buf_str(&py), buf_str(&val)) != 0)
		e->ambiguous = true;
	e->value = buf_detach(&val);
	buf_free_secret(&body);
	buf_free_secret(&py);
	e->value_start = p;
	e->value_end = i + 1;
	size_t r = i + 1;
	while (r < s->len && is_blank(d[r]))
		r++;
	if (r < s->len && d[r] != '\n' && d[r] != '#')
		return scan_error(s, s->line, _("text follows the closing quote of a value"),
				  _("remove it, or put a '#' before it to make it a comment"));
	e->line_end = lines_line_end(d, s->len, i + 1);
	return 0;
}

static void scan_bare(struct scan *s, size_t p, struct dotenv_entry *e)
{
	const char *d = s->d;
	size_t eol = lines_line_end(d, s->len, p), end = p, py_end = p;
	for (size_t i = p; i + 1 < eol && end == p; i++)
		if (d[i] == ' ' && d[i + 1] == '#')
			end = i;
	if (end == p)
		end = eol;
	for (size_t i = p; i + 1 < eol && py_end == p; i++)
		if ((d[i] == ' ' || d[i] == '\t') && d[i + 1] == '#')
			py_end = i;
	if (py_end == p)
		py_end = eol;
	while (end > p && is_blank(d[end - 1]))
		end--;
	while (py_end > p && is_blank(d[py_end - 1]))
		py_end--;
	struct buf val = BUF_INIT;
	for (size_t i = p; i < end;) {
		if (d[i] == '$')
			put_dollar(d, end, &i, &val, e);
		else
			buf_putc(&val, d[i++]);
	}
	e->quote = DOTENV_BARE;
	e->value = buf_detach(&val);
	e->value_start = p;
	e->value_end = end;
	e->ambiguous = e->ambiguous || py_end != end;
	e->hash_value = end > p && d[p] == '#';
	e->line_end = eol;
}

/* Key part of a statement at p: sets *key_end, *sep_at (index of '=' or ':'
 * or of the line end for an inherited key). */
static int scan_key(struct scan *s, size_t p, size_t *key_end, size_t *sep_at)
{
	const char *d = s->d;
	size_t i = p;
	while (i < s->len && d[i] != '=' && d[i] != ':' && d[i] != '\n') {
		if (!is_blank(d[i]) && !is_key_char((unsigned char)d[i]))
			return scan_error(s, s->line, _("unexpected character in a variable name"),
					  _("names may hold letters, digits, '_', '.' and '-'; "
					  "write NAME=value, or start the line with '#' to make it a comment"));
		i++;
	}
	size_t e = i;
	while (e > p && is_blank(d[e - 1]))
		e--;
	for (size_t k = p; k < e; k++)
		if (is_blank(d[k]))
			return scan_error(s, s->line, _("a variable name contains a space"),
					  _("remove the space from the name (NAME=value)"));
	if (e == p)
		return scan_error(s, s->line, _("a line has a value but no variable name"),
				  _("write NAME=value, or start the line with '#' to make it a comment"));
	*key_end = e;
	*sep_at = i;
	return 0;
}

static int scan_statement(struct scan *s, size_t ls)
{
	const char *d = s->d;
	size_t p = s->pos, key_end, sep;
	bool exported = false;
	if (s->len - p > 6 && memcmp(d + p, "export", 6) == 0 && (d[p + 6] == ' ' || d[p + 6] == '\t')) {
		exported = true;
		p += 6;
		while (p < s->len && is_blank(d[p]))
			p++;
	}
	if (scan_key(s, p, &key_end, &sep) < 0)
		return -1;
	struct dotenv_entry *e = new_entry(s);
	e->key = xstrndup(d + p, key_end - p);
	e->exported = exported;
	e->line = s->line;
	e->line_start = ls;
	inst_origin_set_file(&e->origin, s->env->file, e->line);
	if (sep >= s->len || d[sep] == '\n') {
		e->quote = DOTENV_INHERITED;
		e->value_start = e->value_end = key_end;
		e->line_end = lines_line_end(d, s->len, key_end);
	} else {
		e->ambiguous = d[sep] == ':'; /* YAML style: compose only */
		size_t v = sep + 1;
		while (v < s->len && is_blank(d[v]) && d[v] != '\r')
			v++;
		if (v < s->len && (d[v] == '\'' || d[v] == '"')) {
			if (scan_quoted(s, v, e) < 0)
				return -1;
		} else {
			scan_bare(s, v, e);
		}
	}
	e->end_line = s->line;
	s->pos = lines_line_next(d, s->len, e->line_end);
	s->line++;
	return 0;
}

int dotenv_scan(struct dotenv *env, struct rdm_error *err)
{
	struct scan s = { env, buf_str(&env->text), env->text.len, 0, 0, 1, err };
	if (env->bom)
		s.pos = LINES_BOM_LEN;
	while (s.pos < s.len) {
		size_t ls = s.pos;
		while (s.pos < s.len && is_blank(s.d[s.pos]))
			s.pos++;
		if (s.pos >= s.len)
			break;
		if (s.d[s.pos] == '\n' || s.d[s.pos] == '#') {
			s.pos = lines_line_next(s.d, s.len, s.pos);
			s.line++;
			continue;
		}
		if (scan_statement(&s, ls) < 0)
			return -1;
	}
	for (size_t i = 0; i < env->n_entries; i++)
		for (size_t j = i + 1; j < env->n_entries && !env->entries[i].overridden; j++)
			env->entries[i].overridden = strcmp(env->entries[i].key, env->entries[j].key) == 0;
	return 0;
}

static void entries_free(struct dotenv *env)
{
	for (size_t i = 0; i < env->n_entries; i++) {
		free(env->entries[i].key);
		secret_free(env->entries[i].value);
		inst_origin_clear(&env->entries[i].origin);
	}
	free(env->entries);
	env->entries = NULL;
	env->n_entries = 0;
}

void dotenv_free(struct dotenv *env)
{
	entries_free(env);
	buf_free_secret(&env->text);
	free(env->file);
	memset(env, 0, sizeof(*env));
	env->eol = "\n";
}

void dotenv_init_empty(struct dotenv *env, const char *file)
{
	memset(env, 0, sizeof(*env));
	env->file = xstrdup(file);
	env->eol = "\n";
	env->final_eol = true;
}

int dotenv_parse(struct dotenv *env, const char *file, const char *data, size_t len,
		 struct rdm_error *err)
{
	dotenv_init_empty(env, file);
	if (lines_text_check(file, _("KEY=value environment file"), data, len, err) < 0) {
		dotenv_free(env);
		return -1;
	}
	env->text.secret = 1; /* may hold secrets: wiped when it grows */
	buf_append(&env->text, data, len);
	struct lines_form form;
	lines_form_detect(data, len, &form);
	env->bom = form.bom;
	env->eol = form.eol;
	env->final_eol = form.final_eol;
	if (dotenv_scan(env, err) < 0) {
		dotenv_free(env);
		return -1;
	}
	return 0;
}

const struct dotenv_entry *dotenv_get(const struct dotenv *env, const char *key)
{
	for (size_t i = env->n_entries; i-- > 0;)
		if (strcmp(env->entries[i].key, key) == 0)
			return &env->entries[i];
	return NULL;
}

size_t dotenv_count(const struct dotenv *env, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < env->n_entries; i++)
		n += strcmp(env->entries[i].key, key) == 0;
	return n;
}
