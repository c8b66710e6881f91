/* Reading invenio.cfg: walk the logical lines of the module and record every
 * top-level assignment of an upper-case name, the rdm-s3 marked block and
 * the upstream CSP append statement. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define CSP_APPEND "APP_DEFAULT_SECURE_HEADERS['content_security_policy']['default-src'].append(S3_ENDPOINT_URL)"
#define BLOCK_BEGIN_PREFIX "# --- rdm-s3:"

struct logical {
	struct pytok *t; /* tokens of one logical line, comments included */
	size_t n, cap;
};

bool pycfg_name_valid(const char *name)
{
	bool letter = false;
	if (!name || !*name || (*name >= '0' && *name <= '9'))
		return false;
	for (const char *p = name; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			letter = true;
		else if (*p != '_' && !(*p >= '0' && *p <= '9'))
			return false;
	}
	return letter;
}

static bool tok_is(const char *d, const struct pytok *t, const char *s)
{
	size_t n = strlen(s);
	return t->end - t->start == n && memcmp(d + t->start, s, n) == 0;
}

static bool tok_name_valid(const char *d, const struct pytok *t)
{
	if (t->kind != PYTOK_NAME)
		return false;
	char *name = xstrndup(d + t->start, t->end - t->start);
	bool ok = pycfg_name_valid(name);
	free(name);
	return ok;
}

/* The CSP append, compared with blanks, comments and quote style ignored. */
static bool is_csp_append(const char *d, const struct logical *l)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		const struct pytok *t = &l->t[i];
		if (t->kind == PYTOK_COMMENT)
			continue;
		size_t at = b.len;
		buf_append(&b, d + t->start, t->end - t->start);
		if (t->kind == PYTOK_STRING && !t->str_flags && !t->triple)
			for (size_t k = at; k < b.len; k++)
				if (b.data[k] == '"')
					b.data[k] = '\'';
	}
	bool yes = strcmp(buf_str(&b), CSP_APPEND) == 0 ||
		   strcmp(buf_str(&b), "APP_DEFAULT_SECURE_HEADERS['content_security_policy']"
				       "['default-src'].append(S3_ENDPOINT_URL,)") == 0;
	buf_free(&b);
	return yes;
}

/* Strings only (optionally inside one pair of parentheses): their joined
 * value, or -1 when one cannot be decoded (bytes, f-strings, \N{...}). */
static int join_strings(const char *d, const struct pytok *v, size_t m, struct buf *out)
{
	size_t i = 0, end = m;
	if (m >= 3 && tok_is(d, &v[0], "(") && tok_is(d, &v[m - 1], ")")) {
		i = 1;
		end = m - 1;
	}
	if (i >= end)
		return -1;
	for (; i < end; i++) {
		if (v[i].kind != PYTOK_STRING)
			return -1;
		if ((v[i].str_flags & (PYSTR_BYTES | PYSTR_FMT)) || pystr_decode(d, &v[i], out) < 0)
			return -1;
	}
	return 0;
}

static void classify_number(const char *d, const struct pytok *num, bool neg, struct pycfg_assign *a)
{
	char *txt = xstrndup(d + num->start, num->end - num->start);
	bool hex = txt[0] == '0' && (txt[1] == 'x' || txt[1] == 'X');
	if (strpbrk(txt, "jJ")) {
		a->type = PYCFG_OTHER;
		a->why = _("a complex number");
		free(txt);
		return;
	}
	a->type = !hex && strpbrk(txt, ".eE") ? PYCFG_FLOAT : PYCFG_INT;
	a->simple = true;
	a->value = neg ? xasprintf("-%s", txt) : xstrdup(txt);
	free(txt);
}

static const char *other_why(const char *d, const struct pytok *v, size_t m)
{
	if (tok_is(d, &v[0], "{"))
		return "a dict";
	if (tok_is(d, &v[0], "["))
		return "a list";
	if (tok_is(d, &v[0], "("))
		return _("a parenthesised expression");
	if (m > 2 && v[0].kind == PYTOK_NAME && tok_is(d, &v[m - 1], ")") && v[m - 1].depth == 1)
		return _("a function call"); /* f(...), os.environ.get(...) */
	if (v[0].kind == PYTOK_NAME && tok_is(d, &v[0], "lambda"))
		return "a lambda";
	return _("an expression");
}

static void classify_string(const char *d, const struct pytok *s, struct pycfg_assign *a)
{
	struct buf b = BUF_INIT;
	if (s->str_flags & (PYSTR_BYTES | PYSTR_FMT)) {
		a->type = PYCFG_OTHER;
		a->why = s->str_flags & PYSTR_BYTES ? _("a bytes literal") : "an f-string";
		return;
	}
	a->type = PYCFG_STR;
	if (pystr_decode(d, s, &b) == 0)
		a->value = buf_detach(&b);
	else
		a->why = _("a string with an escape rdm-s3 cannot decode (\\N{...} or \\0)");
	buf_free_secret(&b);
	if (a->why)
		return;
	if (s->str_flags & PYSTR_RAW)
		a->why = _("a raw string (r'...')");
	else if (s->triple)
		a->why = _("a triple-quoted string");
	else if (s->end_line > s->line)
		a->why = _("a multi-line value");
	else {
		a->simple = true;
		a->quote = s->quote;
	}
}

/* Decide what the value tokens v[0..m) are. */
static void classify_value(const char *d, const struct pytok *v, size_t m, struct pycfg_assign *a)
{
	a->type = PYCFG_OTHER;
	if (m == 0) {
		a->why = _("an incomplete assignment");
		return;
	}
	bool multi = v[m - 1].end_line > a->line; /* the statement, not just the value */
	if (m == 1 && v[0].kind == PYTOK_STRING) {
		classify_string(d, &v[0], a);
	} else if (m == 1 && v[0].kind == PYTOK_NUMBER) {
		classify_number(d, &v[0], false, a);
	} else if (m == 2 && (tok_is(d, &v[0], "-") || tok_is(d, &v[0], "+")) && v[1].kind == PYTOK_NUMBER) {
		classify_number(d, &v[1], tok_is(d, &v[0], "-"), a);
		a->simple = a->simple && !multi;
	} else if (m == 1 && (tok_is(d, &v[0], "True") || tok_is(d, &v[0], "False"))) {
		a->type = PYCFG_BOOL;
		a->value = xstrndup(d + v[0].start, v[0].end - v[0].start);
		a->simple = true;
	} else if (m == 1 && tok_is(d, &v[0], "None")) {
		a->type = PYCFG_NONE;
		a->value = xstrdup("None");
		a->simple = true;
	} else {
		struct buf b = BUF_INIT;
		if (join_strings(d, v, m, &b) == 0) {
			a->type = PYCFG_STR;
			a->value = buf_detach(&b);
			a->why = tok_is(d, &v[0], "(") ? (multi ? _("a parenthesised multi-line string")
								: _("a parenthesised string"))
						       : _("an implicit concatenation of strings");
		} else {
			a->why = other_why(d, v, m);
		}
		buf_free_secret(&b);
	}
	if (a->simple && multi) {
		a->simple = false;
		a->quote = 0;
		a->why = "a multi-line value";
	}
}

static struct pycfg_assign *new_assign(struct pycfg *cfg, size_t *cap)
{
	cfg->assigns = xgrow(cfg->assigns, cap, cfg->n_assigns + 1, sizeof(*cfg->assigns));
	struct pycfg_assign *a = &cfg->assigns[cfg->n_assigns++];
	memset(a, 0, sizeof(*a));
	return a;
}

/* Record `NAME = ...`, `NAME += ...` or `NAME: T = ...` (t[0] is NAME). */
static void record_assign(struct pycfg *cfg, const struct logical *l, size_t *cap)
{
	const char *d = cfg->text.data;
	size_t len = cfg->text.len;
	struct pytok *v = xmalloc((l->n + 1) * sizeof(*v));
	size_t m = 0, k = 1;
	while (k < l->n && l->t[k].kind == PYTOK_COMMENT)
		k++;
	if (k >= l->n) {
		free(v);
		return;
	}
	const struct pytok *op = &l->t[k];
	bool plain = tok_is(d, op, "=");
	bool annotated = tok_is(d, op, ":");
	bool augmented = !plain && !annotated && op->kind == PYTOK_OP && d[op->end - 1] == '=' &&
			 op->end - op->start >= 2 && !tok_is(d, op, "==") && !tok_is(d, op, "!=") &&
			 !tok_is(d, op, "<=") && !tok_is(d, op, ">=");
	bool extra = false; /* a second '=' or a ';' at depth 0 */
	if (!plain && !annotated && !augmented) {
		free(v);
		return;
	}
	for (size_t i = k + 1; i < l->n; i++) {
		if (l->t[i].kind == PYTOK_COMMENT)
			continue;
		if (l->t[i].depth == 0 && (tok_is(d, &l->t[i], "=") || tok_is(d, &l->t[i], ";")))
			extra = true;
		v[m++] = l->t[i];
	}
	if (annotated && !extra) { /* `NAME: int` alone assigns nothing */
		free(v);
		return;
	}
	struct pycfg_assign *a = new_assign(cfg, cap);
	a->name = xstrndup(d + l->t[0].start, l->t[0].end - l->t[0].start);
	a->line = l->t[0].line;
	a->end_line = l->t[l->n - 1].end_line;
	a->stmt_start = l->t[0].start;
	a->stmt_end = lines_line_end(d, len, l->t[l->n - 1].end);
	a->value_start = m ? v[0].start : op->end;
	a->value_end = m ? v[m - 1].end : op->end;
	if (plain && !extra) {
		classify_value(d, v, m, a);
	} else {
		a->type = PYCFG_OTHER;
		a->why = augmented ? _("an augmented assignment (like +=)")
			 : annotated ? _("an annotated assignment")
				     : _("a chained assignment or several statements on one line");
	}
	inst_origin_set_file(&a->origin, cfg->file, a->line);
	free(v);
}

static void note_marker(struct pycfg *cfg, const struct pytok *t)
{
	const char *d = cfg->text.data;
	size_t e = t->end;
	while (e > t->start && (d[e - 1] == ' ' || d[e - 1] == '\t'))
		e--;
	size_t n = e - t->start;
	bool begin = n >= strlen(BLOCK_BEGIN_PREFIX) &&
		     memcmp(d + t->start, BLOCK_BEGIN_PREFIX, strlen(BLOCK_BEGIN_PREFIX)) == 0;
	bool end = n == strlen(PYCFG_BLOCK_END) && memcmp(d + t->start, PYCFG_BLOCK_END, n) == 0;
	if (begin && !cfg->block_begin_line) {
		cfg->block_begin_line = t->line;
		cfg->block_begin = t->start;
	} else if (end && cfg->block_begin_line && !cfg->block_end_line) {
		cfg->block_end_line = t->line;
		cfg->block_end = t->start;
	} else if ((begin || end) && !cfg->block_problem_line) {
		cfg->block_problem_line = t->line;
	}
}

static void process_logical(struct pycfg *cfg, const struct logical *l, size_t *cap)
{
	const char *d = cfg->text.data;
	if (l->n == 0 || l->t[0].col != 0)
		return; /* indented: inside a def, if, class ... never top level */
	if (is_csp_append(d, l)) {
		if (!cfg->csp_append_line)
			cfg->csp_append_line = l->t[0].line;
		return;
	}
	if (l->n >= 2 && tok_name_valid(d, &l->t[0]))
		record_assign(cfg, l, cap);
}

static void finish_scan(struct pycfg *cfg)
{
	if (cfg->block_begin_line && !cfg->block_end_line && !cfg->block_problem_line)
		cfg->block_problem_line = cfg->block_begin_line;
	for (size_t i = 0; i < cfg->n_assigns; i++) {
		struct pycfg_assign *a = &cfg->assigns[i];
		a->in_block = cfg->block_begin_line && a->line > cfg->block_begin_line &&
			      (!cfg->block_end_line || a->line < cfg->block_end_line);
		for (size_t j = i + 1; j < cfg->n_assigns && !a->overridden; j++)
			a->overridden = strcmp(cfg->assigns[j].name, a->name) == 0;
	}
}

int pycfg_scan(struct pycfg *cfg, struct rdm_error *err)
{
	struct pylex lx;
	struct logical l = { NULL, 0, 0 };
	struct pytok t;
	size_t cap = 0;
	int rc = 0;
	pylex_init(&lx, cfg->file, cfg->text.data ? cfg->text.data : "", cfg->text.len);
	for (;;) {
		if (pylex_next(&lx, &t, err) < 0) {
			rc = -1;
			break;
		}
		if (t.kind == PYTOK_EOF)
			break;
		if (t.kind == PYTOK_COMMENT && t.first) {
			if (t.col == 0)
				note_marker(cfg, &t);
			continue;
		}
		if (t.kind == PYTOK_NEWLINE) {
			process_logical(cfg, &l, &cap);
			l.n = 0;
			continue;
		}
		l.t = xgrow(l.t, &l.cap, l.n + 1, sizeof(*l.t));
		l.t[l.n++] = t;
	}
	free(l.t);
	pylex_free(&lx);
	if (rc == 0)
		finish_scan(cfg);
	return rc;
}

unsigned pycfg_name_used_at(const struct pycfg *cfg, const char *name)
{
	struct pylex lx;
	struct pytok t;
	unsigned at = 0;
	size_t n = strlen(name);
	pylex_init(&lx, cfg->file, cfg->text.data ? cfg->text.data : "", cfg->text.len);
	while (!at && pylex_next(&lx, &t, NULL) == 0 && t.kind != PYTOK_EOF) {
		if (t.kind != PYTOK_NAME || t.end - t.start != n || memcmp(cfg->text.data + t.start, name, n))
			continue;
		bool target = false;
		for (size_t i = 0; i < cfg->n_assigns && !target; i++)
			target = cfg->assigns[i].stmt_start == t.start;
		if (!target)
			at = t.line;
	}
	pylex_free(&lx);
	return at;
}

static void assigns_free(struct pycfg *cfg)
{
	for (size_t i = 0; i < cfg->n_assigns; i++) {
		free(cfg->assigns[i].name);
		secret_free(cfg->assigns[i].value);
		inst_origin_clear(&cfg->assigns[i].origin);
	}
	free(cfg->assigns);
	cfg->assigns = NULL;
	cfg->n_assigns = 0;
}

void pycfg_free(struct pycfg *cfg)
{
	assigns_free(cfg);
	buf_free_secret(&cfg->text);
	free(cfg->file);
	memset(cfg, 0, sizeof(*cfg));
	cfg->eol = "\n";
}

int pycfg_parse(struct pycfg *cfg, const char *file, const char *data, size_t len,
		struct rdm_error *err)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->eol = "\n";
	if (lines_text_check(file, _("Python configuration file"), data, len, err) < 0)
		return -1;
	cfg->file = xstrdup(file);
	cfg->text.secret = 1; /* may hold secrets: wiped when it grows */
	buf_append(&cfg->text, data, len);
	struct lines_form form;
	lines_form_detect(data, len, &form);
	cfg->bom = form.bom;
	cfg->eol = form.eol;
	cfg->final_eol = form.final_eol;
	if (pycfg_scan(cfg, err) < 0) {
		pycfg_free(cfg);
		return -1;
	}
	return 0;
}

const struct pycfg_assign *pycfg_get(const struct pycfg *cfg, const char *name)
{
	for (size_t i = cfg->n_assigns; i-- > 0;)
		if (strcmp(cfg->assigns[i].name, name) == 0)
			return &cfg->assigns[i];
	return NULL;
}

size_t pycfg_count(const struct pycfg *cfg, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < cfg->n_assigns; i++)
		n += strcmp(cfg->assigns[i].name, name) == 0;
	return n;
}
