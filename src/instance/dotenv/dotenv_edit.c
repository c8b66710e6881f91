/* Editing .env: values are written so that docker compose and python-dotenv
 * read the same string; edits are spliced into a copy of the text, read back
 * and checked before the document changes. */
#include "config.h"
#include "instance/dotenv/dotenv_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* What the value contains, for choosing a quoting style. */
struct traits {
	bool plain;    /* printable ASCII without blanks, # ' " $ \ */
	bool squote, dollar, backslash;
	bool ctl;      /* control characters other than \n \r \t */
	bool newline;  /* \n, \r or \t (double quotes can escape them) */
};

static void value_traits(const char *v, struct traits *t)
{
	memset(t, 0, sizeof(*t));
	t->plain = true;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		unsigned char c = *p;
		if (c == '\n' || c == '\r' || c == '\t')
			t->newline = true;
		else if (c < 0x20 || c == 0x7F)
			t->ctl = true;
		t->squote |= c == '\'';
		t->dollar |= c == '$';
		t->backslash |= c == '\\';
		if (c <= 0x20 || c >= 0x7F || strchr("#'\"$\\", c))
			t->plain = false;
	}
}

static void put_double(struct buf *out, const char *v)
{
	buf_putc(out, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '\\' || *p == '"') {
			buf_putc(out, '\\');
			buf_putc(out, *p);
		} else if (*p == '\n')
			buf_puts(out, "\\n");
		else if (*p == '\r')
			buf_puts(out, "\\r");
		else if (*p == '\t')
			buf_puts(out, "\\t");
		else
			buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

/* Single quotes: literal for both readers except \' (and "\\", which only
 * python-dotenv unescapes, so values with a backslash never go here). */
static void put_single(struct buf *out, const char *v)
{
	buf_putc(out, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '\'')
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	buf_putc(out, '\'');
}

int dotenv_quote_value(struct buf *out, const char *value, enum dotenv_quote prefer,
		       struct rdm_error *err)
{
	size_t n = strlen(value);
	struct traits t;
	if (lines_utf8_invalid_at(value, n) < n)
		return rdm_error_set(err, _("the value is not valid UTF-8 text"));
	value_traits(value, &t);
	if (t.ctl)
		return rdm_error_set(err, _("the value contains control characters, which a .env file "
					  "cannot carry reliably"));
	bool single_ok = !t.backslash && !t.newline; /* with \' for quotes */
	bool double_ok = !t.dollar;                  /* '$' would be interpolated */
	if (prefer == DOTENV_BARE && t.plain)
		buf_append(out, value, n);
	else if (prefer == DOTENV_DOUBLE && double_ok)
		put_double(out, value);
	else if (single_ok && (!t.squote || !double_ok))
		put_single(out, value);
	else if (double_ok)
		put_double(out, value);
	else
		return rdm_error_set(err, _("the value mixes '$' with a backslash or a line break; docker "
					  "compose and python-dotenv would read it differently"));
	return 0;
}

int dotenv_reread(const struct dotenv *env, struct buf *nb, struct dotenv *out,
		  struct rdm_error *err)
{
	int rc = dotenv_parse(out, env->file, buf_str(nb), nb->len, err);
	buf_free_secret(nb);
	if (rc < 0)
		rdm_error_prefix(err, _("internal error: the edited %s does not read back"), env->file);
	return rc;
}

void dotenv_replace(struct dotenv *env, struct dotenv *with)
{
	dotenv_free(env);
	*env = *with;
	memset(with, 0, sizeof(*with));
}

/* Offset of the '=' (or ':') of entry e: after the indentation, an
 * `export ` prefix and the key. */
static size_t sep_offset(const char *d, const struct dotenv_entry *e)
{
	size_t p = e->line_start;
	while (d[p] == ' ' || d[p] == '\t' || d[p] == '\v' || d[p] == '\f')
		p++;
	if (e->exported) {
		p += 6;
		while (d[p] == ' ' || d[p] == '\t')
			p++;
	}
	p += strlen(e->key);
	while (d[p] != '=' && d[p] != ':')
		p++;
	return p;
}

/* New bytes with key set: in place on the entry e (a YAML-style ':' becomes
 * '=', which both readers accept), or appended. */
static void build_set(const struct dotenv *env, const struct dotenv_entry *e, const char *key,
		      const struct buf *lit, struct buf *nb)
{
	const char *d = buf_str(&env->text);
	size_t len = env->text.len;
	if (e) {
		struct buf r = BUF_INIT;
		size_t from = e->quote == DOTENV_INHERITED ? e->value_start : sep_offset(d, e);
		size_t to = e->quote == DOTENV_INHERITED ? e->line_end : e->value_end;
		buf_putc(&r, '=');
		if (e->quote != DOTENV_INHERITED && d[from] == '=') /* keep `KEY= value` spacing */
			buf_append(&r, d + from + 1, e->value_start - from - 1);
		buf_append(&r, buf_str(lit), lit->len);
		lines_splice(nb, d, len, from, to, r.data, r.len);
		buf_free_secret(&r);
	} else {
		buf_append(nb, d, len);
		if (len > (env->bom ? (size_t)LINES_BOM_LEN : 0) && !env->final_eol)
			buf_puts(nb, env->eol);
		buf_printf(nb, "%s=%s%s", key, buf_str(lit), env->eol);
	}
}

int dotenv_set(struct dotenv *env, const char *key, const char *value, struct rdm_error *err)
{
	if (!dotenv_key_valid(key))
		return rdm_error_set(err, _("'%s' is not a valid variable name for %s"), key, env->file);
	const struct dotenv_entry *e = dotenv_get(env, key);
	if (e && e->value && strcmp(e->value, value) == 0 && !e->interpolated && !e->ambiguous)
		return 0;
	struct buf lit = BUF_INIT_SECRET, nb = BUF_INIT_SECRET;
	enum dotenv_quote prefer = e && e->quote != DOTENV_INHERITED ? e->quote : DOTENV_BARE;
	if (dotenv_quote_value(&lit, value, prefer, err) < 0) {
		rdm_error_prefix(err, _("cannot write %s to %s"), key, env->file);
		rdm_error_where(err, "%s", env->file);
		rdm_error_remedy(err, _("choose a value without control characters, or without '$' "
				      "together with '\\' or line breaks"));
		buf_free_secret(&lit);
		return -1;
	}
	build_set(env, e, key, &lit, &nb);
	buf_free_secret(&lit);
	struct dotenv tmp;
	if (dotenv_reread(env, &nb, &tmp, err) < 0)
		return -1;
	const struct dotenv_entry *b = dotenv_get(&tmp, key);
	if (!b || !b->value || strcmp(b->value, value) != 0 || b->ambiguous || b->interpolated ||
	    tmp.n_entries != env->n_entries + (e ? 0 : 1)) {
		dotenv_free(&tmp);
		return rdm_error_set(err, _("internal error: %s did not read back after editing %s"), key,
				     env->file);
	}
	dotenv_replace(env, &tmp);
	return 1;
}

int dotenv_remove(struct dotenv *env, const char *key, struct rdm_error *err)
{
	if (!dotenv_count(env, key))
		return 0;
	const char *d = buf_str(&env->text);
	size_t len = env->text.len, done = 0;
	struct buf nb = BUF_INIT_SECRET;
	for (size_t i = 0; i < env->n_entries; i++) {
		const struct dotenv_entry *e = &env->entries[i];
		if (strcmp(e->key, key) != 0)
			continue;
		size_t end = lines_line_next(d, len, e->line_end);
		size_t start = lines_cut_start(d, len, e->line_start, end, done);
		buf_append(&nb, d + done, start - done);
		done = end;
	}
	buf_append(&nb, d + done, len - done);
	struct dotenv tmp;
	if (dotenv_reread(env, &nb, &tmp, err) < 0)
		return -1;
	if (dotenv_count(&tmp, key)) {
		dotenv_free(&tmp);
		return rdm_error_set(err, _("internal error: %s is still set after removing it from %s"), key,
				     env->file);
	}
	dotenv_replace(env, &tmp);
	return 1;
}
