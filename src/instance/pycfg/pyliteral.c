/* ast.literal_eval without Python (pyliteral.h): a parser for the literal
 * subset of Python's expression grammar that builds a small tree, then an
 * evaluation in the order of ast.literal_eval's _convert.
 *
 * Parsing stops at the first token outside the subset (a call, an
 * operator, a keyword...): the node being read becomes "foreign" and the
 * input is not a literal. Whether Python would raise SyntaxError or
 * ValueError there does not matter to invenio-config (both keep the text)
 * except when a TypeError would come first; then only Python can tell. A
 * plain name is a valid expression, so it is read as a node that raises
 * ValueError, and parsing goes on. */
#include "config.h"
#include "instance/pycfg/pyliteral.h"

#include <stdlib.h>
#include <string.h>

#include "instance/pycfg/pyliteral_int.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Longer chains of unary signs or +/- may exhaust CPython's recursion
 * limit while it builds the tree (measured: about 3000 on 3.11), a
 * RecursionError that invenio-config does not catch. */
#define PYLIT_MAX_CHAIN 100

enum pnode_kind {
	PN_CONST,
	PN_TUPLE,
	PN_LIST,
	PN_SET,
	PN_DICT,    /* kids: key, value, key, value ... (odd: cut short) */
	PN_BAD,     /* valid syntax that literal_eval refuses (ValueError) */
	PN_FOREIGN, /* where parsing stopped */
};

struct pnode {
	enum pnode_kind kind;
	enum pylit_type type; /* PN_CONST */
	int signed_num;       /* a number with a unary sign */
	int sum;              /* a complex made of real +/- imaginary (a BinOp) */
	int unrepresentable;
	char *text;
	struct pnode **kids;
	size_t n, cap;
};

struct pparser {
	struct plex lx;
	struct ptok tok;
	int failed;       /* parsing stopped (foreign text) */
	int syntax_error; /* a SyntaxError for sure */
	int unknown;      /* a \N{...} escape */
	int deep;         /* a chain longer than PYLIT_MAX_CHAIN */
	const char *why;
};

static const char *const keywords[] = {
	"and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
	"else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
	"nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", NULL
};

const char *pylit_type_name(enum pylit_type t)
{
	static const char *const names[] = { "str", "bytes", "int", "float", "complex", "bool",
					     "NoneType", "ellipsis", "tuple", "list", "dict", "set" };
	return (size_t)t < sizeof names / sizeof *names ? names[t] : "?";
}

static struct pnode *node_new(enum pnode_kind kind)
{
	struct pnode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	return n;
}

static void node_free(struct pnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		node_free(n->kids[i]);
	free(n->kids);
	secret_free(n->text);
	free(n);
}

static void node_add(struct pnode *parent, struct pnode *kid)
{
	parent->kids = xgrow(parent->kids, &parent->cap, parent->n + 1, sizeof *parent->kids);
	parent->kids[parent->n++] = kid;
}

static void advance(struct pparser *p)
{
	plex_next(&p->lx, &p->tok);
	if (p->tok.kind == PT_ERROR) {
		p->syntax_error = 1;
		p->why = p->tok.why;
	}
}

static int at_op(const struct pparser *p, char op)
{
	return p->tok.kind == PT_OP && p->tok.op == op;
}

static struct pnode *foreign(struct pparser *p, const char *why)
{
	p->failed = 1;
	if (!p->why)
		p->why = p->tok.kind == PT_STOP ? p->tok.why : why;
	return node_new(PN_FOREIGN);
}

/* The element just read is followed by something the subset does not
 * have: that element is where parsing stopped. */
static void stop_after(struct pparser *p, struct pnode **slot)
{
	node_free(*slot);
	*slot = foreign(p, _("an expression that is not a literal"));
}

static struct pnode *parse_expr(struct pparser *p);

/* ---- atoms ------------------------------------------------------------------ */

static struct pnode *parse_number(struct pparser *p)
{
	struct pnode *n = node_new(PN_CONST);
	const struct ptok *t = &p->tok;
	n->type = t->num == PNUM_INT ? PYLIT_INT : t->num == PNUM_FLOAT ? PYLIT_FLOAT : PYLIT_COMPLEX;
	if (t->num == PNUM_INT)
		n->text = pylit_int_decimal(p->lx.text + t->digits_start, t->end - t->digits_start, t->base, 0);
	advance(p);
	return n;
}

/* Adjacent strings are one constant; bytes and str do not mix. */
static struct pnode *parse_strings(struct pparser *p)
{
	struct pnode *n = node_new(PN_CONST);
	struct buf b = BUF_INIT;
	int bytes = p->tok.bytes;
	n->type = bytes ? PYLIT_BYTES : PYLIT_STR;
	while (p->tok.kind == PT_STRING) {
		if (p->tok.bytes != bytes) {
			p->syntax_error = 1;
			p->why = _("bytes and str literals mixed");
			break;
		}
		buf_append(&b, p->tok.value.data ? p->tok.value.data : "", p->tok.value.len);
		n->unrepresentable |= p->tok.unrepresentable;
		p->unknown |= p->tok.unknown;
		advance(p);
	}
	if (p->syntax_error) {
		buf_free_secret(&b);
		node_free(n);
		return foreign(p, p->why);
	}
	n->text = bytes ? (buf_free_secret(&b), NULL) : buf_detach(&b);
	if (n->text == NULL && !bytes)
		n->text = xstrdup("");
	return n;
}

static int is_word(const struct pparser *p, const char *w)
{
	size_t len = p->tok.end - p->tok.start;
	return strlen(w) == len && !memcmp(p->lx.text + p->tok.start, w, len);
}

static struct pnode *parse_name(struct pparser *p)
{
	static const char *const consts[] = { "True", "False", "None" };
	for (size_t i = 0; i < 3; i++)
		if (is_word(p, consts[i])) {
			struct pnode *n = node_new(PN_CONST);
			n->type = i < 2 ? PYLIT_BOOL : PYLIT_NONE;
			n->text = xstrdup(consts[i]);
			advance(p);
			return n;
		}
	for (size_t i = 0; keywords[i]; i++)
		if (is_word(p, keywords[i]))
			return foreign(p, "a keyword");
	int set = is_word(p, "set");
	advance(p);
	if (set && at_op(p, '(')) { /* set() is the one call literal_eval accepts */
		advance(p);
		if (!at_op(p, ')'))
			return foreign(p, "a call");
		advance(p);
		return node_new(PN_SET);
	}
	return node_new(PN_BAD); /* a name: ValueError */
}

/* Elements up to closer (an op, or 0 for the end of the line); the caller
 * reads the closer. A trailing comma is fine. */
static void parse_seq(struct pparser *p, struct pnode *c, char closer)
{
	for (;;) {
		int end = closer ? at_op(p, closer) : p->tok.kind == PT_NEWLINE || p->tok.kind == PT_END;
		if (end && (c->n || closer))
			return;
		node_add(c, parse_expr(p));
		if (p->failed || p->syntax_error)
			return;
		if (at_op(p, ',')) {
			advance(p);
			continue;
		}
		end = closer ? at_op(p, closer) : p->tok.kind == PT_NEWLINE || p->tok.kind == PT_END;
		if (!end)
			stop_after(p, &c->kids[c->n - 1]);
		return;
	}
}

static struct pnode *parse_paren(struct pparser *p)
{
	advance(p);
	if (at_op(p, ')')) {
		advance(p);
		return node_new(PN_TUPLE);
	}
	struct pnode *e = parse_expr(p);
	if (p->failed || p->syntax_error)
		return e;
	if (at_op(p, ')')) {
		advance(p);
		return e;
	}
	if (!at_op(p, ',')) {
		stop_after(p, &e);
		return e;
	}
	struct pnode *t = node_new(PN_TUPLE);
	node_add(t, e);
	advance(p);
	parse_seq(p, t, ')');
	if (!p->failed && !p->syntax_error)
		advance(p);
	return t;
}

static struct pnode *parse_list(struct pparser *p)
{
	struct pnode *l = node_new(PN_LIST);
	advance(p);
	parse_seq(p, l, ']');
	if (!p->failed && !p->syntax_error)
		advance(p);
	return l;
}

/* The entries after the first key of a dict. */
static void parse_dict_rest(struct pparser *p, struct pnode *d)
{
	for (;;) {
		advance(p); /* ':' */
		node_add(d, parse_expr(p));
		if (p->failed || p->syntax_error || at_op(p, '}'))
			return;
		if (!at_op(p, ',')) {
			stop_after(p, &d->kids[d->n - 1]);
			return;
		}
		advance(p);
		if (at_op(p, '}'))
			return;
		node_add(d, parse_expr(p));
		if (p->failed || p->syntax_error)
			return;
		if (!at_op(p, ':')) {
			stop_after(p, &d->kids[d->n - 1]);
			return;
		}
	}
}

static struct pnode *parse_brace(struct pparser *p)
{
	advance(p);
	if (at_op(p, '}')) {
		advance(p);
		return node_new(PN_DICT);
	}
	struct pnode *first = parse_expr(p);
	struct pnode *c = node_new(at_op(p, ':') ? PN_DICT : PN_SET);
	node_add(c, first);
	if (p->failed || p->syntax_error)
		return c;
	if (c->kind == PN_DICT) {
		parse_dict_rest(p, c);
	} else if (at_op(p, ',')) {
		advance(p);
		parse_seq(p, c, '}');
	} else if (!at_op(p, '}')) {
		stop_after(p, &c->kids[0]);
	}
	if (!p->failed && !p->syntax_error)
		advance(p);
	return c;
}

static struct pnode *parse_atom(struct pparser *p)
{
	switch (p->tok.kind) {
	case PT_NUMBER:
		return parse_number(p);
	case PT_STRING:
		return parse_strings(p);
	case PT_ELLIPSIS: {
		struct pnode *n = node_new(PN_CONST);
		n->type = PYLIT_ELLIPSIS;
		advance(p);
		return n;
	}
	case PT_NAME:
		return parse_name(p);
	case PT_OP:
		if (p->tok.op == '(')
			return parse_paren(p);
		if (p->tok.op == '[')
			return parse_list(p);
		if (p->tok.op == '{')
			return parse_brace(p);
		return foreign(p, _("an operator"));
	default:
		return foreign(p, "an expression that is not a literal");
	}
}

/* ---- signs and complex numbers --------------------------------------------- */

static int is_number(const struct pnode *n, int complex_ok)
{
	return n->kind == PN_CONST && !n->sum && (n->type == PYLIT_INT || n->type == PYLIT_FLOAT ||
				       (complex_ok && n->type == PYLIT_COMPLEX));
}

/* ('+'|'-')* atom: one sign on a number is a literal, anything more
 * (- - 1, -True, -[1]) raises ValueError without looking inside. */
static struct pnode *parse_unary(struct pparser *p)
{
	size_t signs = 0;
	int neg = 0;
	while (at_op(p, '+') || at_op(p, '-')) {
		neg = at_op(p, '-');
		signs++;
		advance(p);
	}
	if (signs > PYLIT_MAX_CHAIN)
		p->deep = 1;
	struct pnode *a = parse_atom(p);
	if (!signs || p->failed || p->syntax_error)
		return a;
	if (signs > 1 || !is_number(a, 1) || a->signed_num) {
		node_free(a);
		return node_new(PN_BAD);
	}
	a->signed_num = 1;
	if (neg && a->text && strcmp(a->text, "0") != 0) {
		char *t = xasprintf("-%s", a->text);
		secret_free(a->text);
		a->text = t;
	}
	return a;
}

/* unary (('+'|'-') unary)*: a real number plus or minus an imaginary
 * constant is a complex literal; any other sum raises ValueError. */
static struct pnode *parse_expr(struct pparser *p)
{
	struct pnode *left = parse_unary(p);
	size_t ops = 0;
	while (!p->failed && !p->syntax_error && (at_op(p, '+') || at_op(p, '-'))) {
		advance(p);
		struct pnode *right = parse_unary(p);
		int complex = ops == 0 && is_number(left, 0) && is_number(right, 1) &&
			      right->type == PYLIT_COMPLEX && !right->signed_num;
		int stopped = p->failed || p->syntax_error;
		node_free(left);
		node_free(right);
		left = node_new(stopped ? PN_FOREIGN : complex ? PN_CONST : PN_BAD);
		left->type = PYLIT_COMPLEX;
		left->sum = 1;
		if (++ops > PYLIT_MAX_CHAIN)
			p->deep = 1;
	}
	return left;
}

/* ---- evaluation --------------------------------------------------------------- */

enum ev { EV_OK, EV_VALUE_ERROR, EV_TYPE_ERROR };

/* literal_eval's _convert: elements left to right; a dict key is hashed
 * after its value is converted, a set element right after it is. */
static enum ev eval(const struct pnode *n, int *hashable)
{
	enum ev r = EV_OK;
	int h = 1, all = 1;
	*hashable = 0;
	switch (n->kind) {
	case PN_CONST:
		*hashable = 1;
		return EV_OK;
	case PN_BAD:
	case PN_FOREIGN:
		return EV_VALUE_ERROR;
	case PN_TUPLE:
	case PN_LIST:
		for (size_t i = 0; i < n->n && r == EV_OK; i++) {
			r = eval(n->kids[i], &h);
			all &= h;
		}
		*hashable = n->kind == PN_TUPLE && all;
		return r;
	case PN_SET:
		for (size_t i = 0; i < n->n && r == EV_OK; i++)
			if ((r = eval(n->kids[i], &h)) == EV_OK && !h)
				r = EV_TYPE_ERROR;
		return r;
	case PN_DICT:
		for (size_t i = 0; i < n->n && r == EV_OK; i += 2) {
			r = eval(n->kids[i], &h);
			int hv;
			if (r == EV_OK && i + 1 < n->n)
				r = eval(n->kids[i + 1], &hv);
			if (r == EV_OK && !h)
				r = EV_TYPE_ERROR;
		}
		return r;
	}
	return EV_VALUE_ERROR;
}

static struct pnode *parse_top(struct pparser *p)
{
	advance(p);
	if (p->tok.kind == PT_END || p->tok.kind == PT_NEWLINE) {
		p->syntax_error = 1;
		p->why = _("no expression");
		return node_new(PN_FOREIGN);
	}
	struct pnode *e = parse_expr(p);
	if (!p->failed && !p->syntax_error && at_op(p, ',')) {
		struct pnode *t = node_new(PN_TUPLE);
		node_add(t, e);
		advance(p);
		parse_seq(p, t, 0);
		e = t;
	}
	if (p->failed || p->syntax_error)
		return e;
	if (p->tok.kind == PT_NEWLINE) {
		advance(p);
		if (p->tok.kind != PT_END && !p->syntax_error) {
			p->syntax_error = 1; /* eval mode takes one expression */
			p->why = _("more than one expression");
		}
	} else if (p->tok.kind != PT_END && !p->syntax_error) {
		stop_after(p, e->kind == PN_TUPLE && e->n ? &e->kids[e->n - 1] : &e);
	}
	return e;
}

/* After parsing stopped: a tokenizer error further on is a SyntaxError
 * for sure (Python tokenizes everything before it evaluates anything). */
static void scan_rest(struct pparser *p)
{
	while (!p->syntax_error && p->tok.kind != PT_END && p->tok.kind != PT_STOP)
		advance(p);
}

static void set_outcome(struct pylit *out, enum pylit_outcome o, const char *why)
{
	out->outcome = o;
	out->why = why;
}

void pyliteral_eval(const char *src, struct pylit *out)
{
	struct pparser p;
	memset(&p, 0, sizeof p);
	memset(out, 0, sizeof *out);
	if (plex_init(&p.lx, src ? src : "") != 0) {
		set_outcome(out, PYLIT_NOT_LITERAL, "not UTF-8 text");
		return;
	}
	ptok_init(&p.tok);
	struct pnode *top = parse_top(&p);
	if (p.failed)
		scan_rest(&p);
	int h;
	enum ev r = p.syntax_error ? EV_VALUE_ERROR : eval(top, &h);
	if (p.deep && !p.syntax_error)
		set_outcome(out, PYLIT_UNKNOWN, _("an expression deep enough to exhaust Python's recursion limit"));
	else if (r == EV_VALUE_ERROR)
		set_outcome(out, PYLIT_NOT_LITERAL, p.why ? p.why : "an expression that is not a literal");
	else if (p.failed || p.unknown)
		set_outcome(out, PYLIT_UNKNOWN, p.unknown ? _("a \\N{...} escape (Python's Unicode names)")
					   : _("a TypeError, unless the text after it is a syntax error"));
	else if (r == EV_TYPE_ERROR)
		set_outcome(out, PYLIT_TYPE_ERROR, _("an unhashable dict key or set element"));
	else {
		out->outcome = PYLIT_VALUE;
		out->type = top->kind == PN_CONST ? top->type
			    : top->kind == PN_TUPLE ? PYLIT_TUPLE
			    : top->kind == PN_LIST ? PYLIT_LIST
			    : top->kind == PN_DICT ? PYLIT_DICT : PYLIT_SET;
		if (top->kind == PN_CONST && !top->unrepresentable) {
			out->text = top->text;
			top->text = NULL;
		}
	}
	node_free(top);
	ptok_free(&p.tok);
	plex_free(&p.lx);
}

/* Base conversion on limbs of 10^9, least significant first (quadratic:
 * inputs whose decimal form is longer than Python prints are refused
 * first, by their digit count). */
char *pylit_int_decimal(const char *digits, size_t n, int base, int negative)
{
	size_t max_in = base == 16 ? 3574 : base == 8 ? 4764 : base == 2 ? 14286 : PYLIT_INT_MAX_DIGITS;
	size_t cap = n / 8 + 2, used = 1, count = 0;
	for (size_t i = 0; i < n; i++)
		count += digits[i] != '_';
	if (count > max_in)
		return NULL;
	unsigned long *limb = xcalloc(cap, sizeof *limb);
	for (size_t i = 0; i < n; i++) {
		char c = digits[i];
		if (c == '_')
			continue;
		unsigned long carry = (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		for (size_t k = 0; k < used; k++) {
			unsigned long long v = (unsigned long long)limb[k] * (unsigned)base + carry;
			limb[k] = (unsigned long)(v % 1000000000ULL);
			carry = (unsigned long)(v / 1000000000ULL);
		}
		if (carry) {
			limb = xgrow(limb, &cap, used + 1, sizeof *limb);
			limb[used++] = carry;
		}
	}
	struct buf b = BUF_INIT;
	int zero = used == 1 && limb[0] == 0;
	buf_printf(&b, "%s%lu", negative && !zero ? "-" : "", limb[used - 1]);
	for (size_t k = used - 1; k-- > 0;)
		buf_printf(&b, "%09lu", limb[k]);
	secure_wipe(limb, cap * sizeof *limb); /* the digits of a secret, maybe */
	free(limb);
	if (b.len - (size_t)(negative && !zero) > PYLIT_INT_MAX_DIGITS) {
		buf_free_secret(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void pylit_free(struct pylit *p)
{
	secret_free(p->text);
	memset(p, 0, sizeof *p);
}
