#include "config.h"
#include "util/diff.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define DIFF_MASK "********"

struct line {
	const char *p;
	size_t len; /* including the '\n', if any */
};

struct lines {
	struct line *v;
	size_t n, cap;
};

enum op_kind { OP_SAME, OP_DEL, OP_ADD };

struct op {
	enum op_kind kind;
	size_t a, b; /* index of the line in old (SAME, DEL) / new (SAME, ADD) */
};

struct script {
	struct op *v;
	size_t n, cap;
};

static void lines_split(struct lines *l, const struct diff_text *t)
{
	size_t start = 0;
	l->v = NULL;
	l->n = l->cap = 0;
	if (!t->exists)
		return;
	for (size_t i = 0; i <= t->len; i++) {
		if (i < t->len && t->data[i] != '\n')
			continue;
		size_t end = i < t->len ? i + 1 : i;
		if (end > start) {
			l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
			l->v[l->n].p = t->data + start;
			l->v[l->n++].len = end - start;
		}
		start = end;
	}
}

static int line_eq(const struct line *x, const struct line *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

static void script_push(struct script *s, enum op_kind kind, size_t a, size_t b)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n].kind = kind;
	s->v[s->n].a = a;
	s->v[s->n++].b = b;
}

/* trace[d] holds V after round d-1, for diagonals -d..d (index k + d). */
struct trace {
	long **v;
	size_t n, cap;
};

static long trace_get(const struct trace *t, long d, long k) { return t->v[d][k + d]; }

/* Forward Myers search; fills the trace, returns D. */
static long myers_forward(const struct lines *a, const struct lines *b, struct trace *t)
{
	long n = (long)a->n, m = (long)b->n, max = n + m;
	long *v = xcalloc((size_t)(2 * max + 3), sizeof *v);
	long off = max + 1, d;
	for (d = 0; d <= max; d++) {
		t->v = xgrow(t->v, &t->cap, (size_t)d + 1, sizeof *t->v);
		t->v[d] = xmalloc((size_t)(2 * d + 1) * sizeof **t->v);
		memcpy(t->v[d], v + off - d, (size_t)(2 * d + 1) * sizeof *v);
		t->n = (size_t)d + 1;
		for (long k = -d; k <= d; k += 2) {
			long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
											: v[off + k - 1] + 1;
			long y = x - k;
			while (x < n && y < m && line_eq(&a->v[x], &b->v[y]))
				x++, y++;
			v[off + k] = x;
			if (x >= n && y >= m)
				goto done;
		}
	}
done:
	free(v);
	return d;
}

/* Walk the trace back from (n, m); ops come out reversed, then get flipped. */
static void myers_backtrack(const struct lines *a, const struct lines *b, const struct trace *t, long dmax,
			    struct script *s)
{
	long x = (long)a->n, y = (long)b->n;
	for (long d = dmax; d > 0; d--) {
		long k = x - y;
		long pk = (k == -d || (k != d && trace_get(t, d, k - 1) < trace_get(t, d, k + 1))) ? k + 1 : k - 1;
		long px = trace_get(t, d, pk), py = px - pk;
		while (x > px && y > py) {
			x--, y--;
			script_push(s, OP_SAME, (size_t)x, (size_t)y);
		}
		if (x == px)
			script_push(s, OP_ADD, (size_t)x, (size_t)--y);
		else
			script_push(s, OP_DEL, (size_t)--x, (size_t)y);
	}
	while (x > 0 && y > 0) {
		x--, y--;
		script_push(s, OP_SAME, (size_t)x, (size_t)y);
	}
	for (size_t i = 0, j = s->n ? s->n - 1 : 0; i < j; i++, j--) {
		struct op tmp = s->v[i];
		s->v[i] = s->v[j];
		s->v[j] = tmp;
	}
}

/* Append s[0..n) to out with every listed secret replaced by "********"
 * (longest first, so a secret containing another is masked whole).
 * Empty strings in the list are ignored. */
static void diff_append_masked(struct buf *out, const char *s, size_t n, const char *const *secrets, size_t n_secrets)
{
	size_t i = 0;
	while (i < n) {
		size_t best = 0;
		for (size_t k = 0; k < n_secrets; k++) {
			size_t sl = secrets[k] ? strlen(secrets[k]) : 0;
			if (sl > best && sl <= n - i && memcmp(s + i, secrets[k], sl) == 0)
				best = sl;
		}
		if (best) {
			buf_puts(out, DIFF_MASK);
			i += best;
		} else {
			buf_putc(out, s[i++]);
		}
	}
}

static void emit_line(struct buf *out, char sign, const struct line *l, const struct diff_opts *o)
{
	size_t len = l->len;
	int has_nl = len > 0 && l->p[len - 1] == '\n';
	buf_putc(out, sign);
	diff_append_masked(out, l->p, has_nl ? len - 1 : len, o->secrets, o->n_secrets);
	buf_putc(out, '\n');
	if (!has_nl)
		buf_puts(out, "\\ No newline at end of file\n");
}

static void emit_range(struct buf *out, char sign, size_t first, size_t count)
{
	/* GNU: an empty range names the line before it; a one-line range
	 * omits the count. first is 0-based. */
	if (count == 0)
		buf_printf(out, "%c%zu,0", sign, first);
	else if (count == 1)
		buf_printf(out, "%c%zu", sign, first + 1);
	else
		buf_printf(out, "%c%zu,%zu", sign, first + 1, count);
}

/* Emit ops [lo, hi) as one hunk. */
static void emit_hunk(struct buf *out, const struct script *s, size_t lo, size_t hi, const struct lines *a,
		      const struct lines *b, const struct diff_opts *o)
{
	size_t na = 0, nb = 0, first_a = s->v[lo].a, first_b = s->v[lo].b;
	for (size_t i = lo; i < hi; i++) {
		na += s->v[i].kind != OP_ADD;
		nb += s->v[i].kind != OP_DEL;
	}
	buf_puts(out, "@@ ");
	emit_range(out, '-', first_a, na);
	buf_putc(out, ' ');
	emit_range(out, '+', first_b, nb);
	buf_puts(out, " @@\n");
	for (size_t i = lo; i < hi; i++) {
		const struct op *op = &s->v[i];
		if (op->kind == OP_SAME)
			emit_line(out, ' ', &a->v[op->a], o);
		else if (op->kind == OP_DEL)
			emit_line(out, '-', &a->v[op->a], o);
		else
			emit_line(out, '+', &b->v[op->b], o);
	}
}

/* Group changes into hunks: context lines around each change, and changes
 * closer than 2*context lines share a hunk. */
static int emit_hunks(struct buf *out, const struct script *s, const struct lines *a, const struct lines *b,
		      const struct diff_opts *o)
{
	size_t ctx = o->context ? o->context : 3, i = 0;
	int hunks = 0;
	while (i < s->n) {
		while (i < s->n && s->v[i].kind == OP_SAME)
			i++;
		if (i == s->n)
			break;
		size_t lo = i > ctx ? i - ctx : 0, end = i, same = 0;
		for (size_t j = i; j < s->n && same <= 2 * ctx; j++) {
			same = s->v[j].kind == OP_SAME ? same + 1 : 0;
			if (s->v[j].kind != OP_SAME)
				end = j + 1;
		}
		size_t hi = end + ctx < s->n ? end + ctx : s->n;
		emit_hunk(out, s, lo, hi, a, b, o);
		hunks++;
		i = end;
	}
	return hunks;
}

int diff_unified(struct buf *out, const char *name, const struct diff_text *old_text,
		 const struct diff_text *new_text, const struct diff_opts *opts)
{
	static const struct diff_opts defaults = { NULL, 0, 3 };
	const struct diff_opts *o = opts ? opts : &defaults;
	struct lines a, b;
	struct trace t = { NULL, 0, 0 };
	struct script s = { NULL, 0, 0 };
	struct buf body = BUF_INIT;
	int hunks;

	lines_split(&a, old_text);
	lines_split(&b, new_text);
	long d = myers_forward(&a, &b, &t);
	myers_backtrack(&a, &b, &t, d, &s);
	hunks = emit_hunks(&body, &s, &a, &b, o);
	/* Creating or deleting an empty file changes no line but is a change. */
	if (hunks > 0 || old_text->exists != new_text->exists) {
		if (old_text->exists)
			buf_printf(out, "--- a/%s\n", name);
		else
			buf_puts(out, "--- /dev/null\n");
		if (new_text->exists)
			buf_printf(out, "+++ b/%s\n", name);
		else
			buf_puts(out, "+++ /dev/null\n");
		buf_append(out, body.data ? body.data : "", body.len);
	}
	buf_free(&body);
	for (size_t i = 0; i < t.n; i++)
		free(t.v[i]);
	free(t.v);
	free(s.v);
	free(a.v);
	free(b.v);
	return hunks;
}
