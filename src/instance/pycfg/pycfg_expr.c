/* Editing values that are not plain literals: a whole expression written
 * by rdm-s3 (a list of CORS rules), and one entry of a dict display
 * (S3_CONFIG_EXTRA's checksum settings), every other entry of the dict kept
 * byte-identical. Like every pycfg edit: new bytes, read back, checked. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Replace cfg's text by nb after checking that name reads back with the
 * raw value want (NULL: that name is gone). */
static int commit(struct pycfg *cfg, struct buf *nb, const char *name, const char *want, size_t n_assigns,
		  struct rdm_error *err)
{
	struct pycfg tmp;
	if (pycfg_reread(cfg, nb, &tmp, err) < 0)
		return -1;
	const struct pycfg_assign *b = pycfg_get(&tmp, name);
	int ok = tmp.n_assigns == n_assigns &&
		 (want ? b && b->value_end - b->value_start == strlen(want) &&
				 !memcmp(buf_str(&tmp.text) + b->value_start, want, strlen(want))
		       : !b);
	if (!ok) {
		pycfg_free(&tmp);
		return rdm_error_set(err, _("internal error: %s did not read back after editing %s"), name, cfg->file);
	}
	pycfg_replace(cfg, &tmp);
	return 1;
}

int pycfg_set_expr(struct pycfg *cfg, const char *name, const char *expr, struct rdm_error *err)
{
	if (!pycfg_name_valid(name))
		return rdm_error_set(err, _("'%s' is not an upper-case setting name"), name);
	const struct pycfg_assign *a = pycfg_get(cfg, name);
	const char *d = buf_str(&cfg->text);
	if (a && a->value_end - a->value_start == strlen(expr) && !memcmp(d + a->value_start, expr, strlen(expr)))
		return 0;
	struct buf nb = BUF_INIT;
	if (a) {
		lines_splice(&nb, d, cfg->text.len, a->value_start, a->value_end, expr, strlen(expr));
		return commit(cfg, &nb, name, expr, cfg->n_assigns, err);
	}
	char *stmt = xasprintf("%s = %s", name, expr);
	int rc = pycfg_block_insert(cfg, stmt, true, &nb, err);
	free(stmt);
	if (rc < 0) {
		buf_free(&nb);
		return -1;
	}
	return commit(cfg, &nb, name, expr, cfg->n_assigns + 1, err);
}

/* --- dict displays ----------------------------------------------------- */
struct dict_entry {
	char *key;          /* decoded; NULL when the key is not a plain string */
	char quote;         /* the key's quote character */
	size_t start;       /* first byte of the key (relative to the value) */
	size_t value_end;   /* after the value's last token */
	size_t next;        /* after the entry's comma, or value_end */
	unsigned line;      /* relative line (0 = the line of '{') */
};

struct dict_view {
	struct dict_entry *e;
	size_t n, cap;
	size_t close;       /* offset of the closing '}' */
	int multiline;      /* the last entry is on another line than '{' */
};

static void dict_view_free(struct dict_view *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->e[i].key);
	free(v->e);
	memset(v, 0, sizeof *v);
}

static int not_a_dict(const struct pycfg *cfg, const struct pycfg_assign *a, struct rdm_error *err)
{
	rdm_error_set(err, _("cannot change %s: its value in %s is not a dict written as {...}"), a->name, cfg->file);
	rdm_error_where(err, "%s:%u", cfg->file, a->line);
	rdm_error_remedy(err, _("write it as a {'name': value, ...} display, or set the entries by hand"));
	return -1;
}

/* Entries of the dict display text[0..len) (the value of an assignment). */
static int dict_scan(const char *file, const char *text, size_t len, struct dict_view *v)
{
	struct pylex lx;
	struct pytok t;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = -1, state = 0; /* 0 want key, 1 want ':', 2 in value */
	memset(v, 0, sizeof *v);
	pylex_init(&lx, file, text, len);
	if (pylex_next(&lx, &t, &err) < 0 || t.kind != PYTOK_OP || text[t.start] != '{')
		goto out;
	unsigned line0 = t.line;
	for (;;) {
		if (pylex_next(&lx, &t, &err) < 0 || t.kind == PYTOK_EOF)
			goto out;
		if (t.kind == PYTOK_COMMENT)
			continue;
		int top = t.depth == 1, op = t.kind == PYTOK_OP;
		if (top && op && text[t.start] == '}') {
			v->close = t.start;
			while (pylex_next(&lx, &t, &err) == 0 && (t.kind == PYTOK_NEWLINE || t.kind == PYTOK_COMMENT))
				;
			rc = t.kind == PYTOK_EOF ? 0 : -1; /* {...} and nothing after it */
			goto out;
		}
		if (state == 0) {
			v->e = xgrow(v->e, &v->cap, v->n + 1, sizeof *v->e);
			struct dict_entry *e = &v->e[v->n++];
			memset(e, 0, sizeof *e);
			e->start = t.start;
			e->line = t.line - line0;
			if (t.kind == PYTOK_STRING && !t.triple && !(t.str_flags & (PYSTR_BYTES | PYSTR_FMT))) {
				struct buf k = BUF_INIT;
				if (pystr_decode(text, &t, &k) == 0)
					e->key = buf_detach(&k);
				buf_free(&k);
				e->quote = t.quote;
			}
			state = 1;
		} else if (state == 1) {
			if (!(top && op && text[t.start] == ':'))
				goto out; /* a ** spread or a computed key: not for us */
			state = 2;
		} else if (top && op && text[t.start] == ',') {
			v->e[v->n - 1].next = t.end;
			state = 0;
		} else {
			v->e[v->n - 1].value_end = t.end;
			v->e[v->n - 1].next = t.end;
		}
	}
out:
	if (rc == 0 && v->n)
		v->multiline = v->e[v->n - 1].line > 0;
	pylex_free(&lx);
	rdm_error_clear(&err);
	if (rc != 0)
		dict_view_free(v);
	return rc;
}

static const struct dict_entry *dict_find(const struct dict_view *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->e[i].key && !strcmp(v->e[i].key, key))
			return &v->e[i];
	return NULL;
}

/* The indentation of the line holding offset off in text. */
static size_t indent_at(const char *text, size_t off, size_t *start)
{
	size_t s = off;
	while (s > 0 && text[s - 1] != '\n')
		s--;
	size_t i = s;
	while (text[i] == ' ' || text[i] == '\t')
		i++;
	*start = s;
	return i - s;
}

/* Where entry e's value starts (after the ':' and blanks). */
static size_t value_start(const char *val, const struct dict_entry *e)
{
	const char *colon = memchr(val + e->start, ':', e->value_end - e->start);
	size_t vs = (size_t)(colon - val) + 1;
	while (val[vs] == ' ' || val[vs] == '\t' || val[vs] == '\n' || val[vs] == '\r')
		vs++;
	return vs;
}

/* The new value text of the dict with key set to lit (a literal). */
static void dict_with(const struct pycfg *cfg, const char *val, const struct dict_view *v, const char *key,
		      const char *lit, struct buf *out)
{
	const struct dict_entry *e = dict_find(v, key);
	char q = v->n && v->e[0].quote ? v->e[0].quote : '\'';
	struct buf k = BUF_INIT;
	struct rdm_error ignored = RDM_ERROR_INIT;
	pycfg_quote_str(&k, key, q, &ignored);
	rdm_error_clear(&ignored);
	if (e) { /* replace the value after the key's ':' */
		buf_append(out, val, value_start(val, e));
		buf_puts(out, lit);
		buf_puts(out, val + e->value_end);
	} else if (!v->n) {
		buf_printf(out, "{%s: %s}", buf_str(&k), lit);
	} else if (v->multiline) {
		const struct dict_entry *last = &v->e[v->n - 1];
		size_t ls, ind = indent_at(val, last->start, &ls);
		int comma = last->next > last->value_end;
		size_t at = comma ? last->next : last->value_end;
		buf_append(out, val, at);
		buf_printf(out, "%s%s%.*s%s: %s%s", comma ? "" : ",", cfg->eol, (int)ind, val + ls, buf_str(&k), lit,
			   comma ? "," : "");
		buf_puts(out, val + at);
	} else {
		const struct dict_entry *last = &v->e[v->n - 1];
		buf_append(out, val, last->value_end);
		buf_printf(out, ", %s: %s", buf_str(&k), lit);
		buf_puts(out, val + last->value_end);
	}
	buf_free(&k);
}

/* Without key: the entry and its comma go (a line of its own goes whole). */
static void dict_without(const char *val, const struct dict_view *v, const char *key, struct buf *out)
{
	const struct dict_entry *e = dict_find(v, key);
	size_t i = (size_t)(e - v->e), from = e->start, to = e->next;
	if (i + 1 == v->n && i > 0 && e->next == e->value_end)
		from = v->e[i - 1].value_end; /* the last entry: drop the comma before it */
	else if (i + 1 < v->n)
		to = v->e[i + 1].start;
	if (v->multiline && i + 1 < v->n) {
		size_t ls;
		indent_at(val, e->start, &ls);
		size_t ns;
		indent_at(val, v->e[i + 1].start, &ns);
		if (ns > ls) /* the next entry starts a line: cut whole lines */
			from = ls, to = ns;
	}
	if (i + 1 == v->n && v->multiline && e->next > e->value_end) {
		size_t ls;
		indent_at(val, e->start, &ls);
		size_t end = e->next;
		while (val[end] == ' ' || val[end] == '\t')
			end++;
		if (val[end] == '\n' || (val[end] == '\r' && val[end + 1] == '\n'))
			from = ls, to = end + (val[end] == '\r' ? 2 : 1);
	}
	buf_append(out, val, from);
	buf_puts(out, val + to);
}

static int dict_edit(struct pycfg *cfg, const char *name, const char *key, const char *lit,
		     struct rdm_error *err)
{
	const struct pycfg_assign *a = pycfg_get(cfg, name);
	if (!a) {
		if (!lit)
			return 0;
		struct buf e = BUF_INIT, k = BUF_INIT;
		if (pycfg_quote_str(&k, key, '\'', err) < 0)
			return -1;
		buf_printf(&e, "{%s: %s}", buf_str(&k), lit);
		int rc = pycfg_set_expr(cfg, name, buf_str(&e), err);
		buf_free(&e);
		buf_free(&k);
		return rc;
	}
	const char *d = buf_str(&cfg->text);
	char *val = xstrndup(d + a->value_start, a->value_end - a->value_start);
	struct dict_view v;
	if (dict_scan(cfg->file, val, strlen(val), &v) != 0) {
		free(val);
		return not_a_dict(cfg, a, err);
	}
	const struct dict_entry *e = dict_find(&v, key);
	struct buf nv = BUF_INIT;
	int rc = 0;
	size_t vs = e ? value_start(val, e) : 0;
	if (lit && e && e->value_end - vs == strlen(lit) && !strncmp(val + vs, lit, strlen(lit)))
		rc = 0; /* already that value */
	else if (lit)
		dict_with(cfg, val, &v, key, lit, &nv), rc = 1;
	else if (e)
		dict_without(val, &v, key, &nv), rc = 1;
	if (rc == 1)
		rc = pycfg_set_expr(cfg, name, buf_str(&nv), err);
	buf_free(&nv);
	dict_view_free(&v);
	free(val);
	return rc;
}

int pycfg_dict_set_str(struct pycfg *cfg, const char *name, const char *key, const char *value,
		       struct rdm_error *err)
{
	struct buf lit = BUF_INIT;
	const struct pycfg_assign *a = pycfg_get(cfg, name);
	char q = '\'';
	if (a) { /* the quote style of the dict's keys */
		const char *d = buf_str(&cfg->text);
		for (size_t i = a->value_start; i < a->value_end; i++)
			if (d[i] == '"' || d[i] == '\'') {
				q = d[i];
				break;
			}
	}
	if (pycfg_quote_str(&lit, value, q, err) < 0)
		return -1;
	int rc = dict_edit(cfg, name, key, buf_str(&lit), err);
	buf_free(&lit);
	return rc;
}

int pycfg_dict_remove(struct pycfg *cfg, const char *name, const char *key, struct rdm_error *err)
{
	return dict_edit(cfg, name, key, NULL, err);
}

int pycfg_dict_get_str(const struct pycfg *cfg, const char *name, const char *key, char **out)
{
	*out = NULL;
	const struct pycfg_assign *a = pycfg_get(cfg, name);
	if (!a)
		return 0;
	const char *d = buf_str(&cfg->text);
	char *val = xstrndup(d + a->value_start, a->value_end - a->value_start);
	struct dict_view v;
	int rc = -1;
	if (dict_scan(cfg->file, val, strlen(val), &v) == 0) {
		const struct dict_entry *e = dict_find(&v, key);
		rc = 0;
		if (e) {
			size_t vs = value_start(val, e);
			*out = xstrndup(val + vs, e->value_end - vs);
			rc = 1;
		}
		dict_view_free(&v);
	}
	free(val);
	return rc;
}
