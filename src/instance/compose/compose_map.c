/* Mappings as compose sees them: aliases resolved, `<<:` merge keys applied
 * (explicit keys win over merged ones; among merged mappings the earlier
 * wins), duplicate keys rejected (libyaml does not detect them). */
#include "config.h"
#include "instance/compose/compose_doc.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

/* Merge keys can nest (a merged mapping merging others); bound the work so
 * that a hostile file cannot make lookups exponential. */
#define CT_MERGE_DEPTH 16
#define CT_MERGE_BUDGET 100000

size_t ct_resolve(const struct compose_doc *doc, size_t n)
{
	if (n != CT_NONE && doc->nodes[n].kind == CT_ALIAS)
		return doc->nodes[n].target;
	return n;
}

bool ct_is_null(const struct compose_doc *doc, size_t n)
{
	n = ct_resolve(doc, n);
	if (n == CT_NONE)
		return true;
	const struct ct_node *s = &doc->nodes[n];
	if (s->kind != CT_SCALAR || s->style != CT_PLAIN || s->tagged)
		return false;
	return !strcmp(s->value, "") || !strcmp(s->value, "~") || !strcmp(s->value, "null") ||
	       !strcmp(s->value, "Null") || !strcmp(s->value, "NULL");
}

bool ct_is_merge_key(const struct compose_doc *doc, size_t key)
{
	const struct ct_node *k = &doc->nodes[key];
	return k->kind == CT_SCALAR && k->style == CT_PLAIN && !k->tagged &&
	       !strcmp(k->value, "<<");
}

static const char *key_text(const struct compose_doc *doc, size_t key)
{
	const struct ct_node *k = &doc->nodes[ct_resolve(doc, key)];
	return k->kind == CT_SCALAR ? k->value : NULL;
}

static bool has_explicit_key(const struct compose_doc *doc, size_t map, const char *key)
{
	const struct ct_node *m = &doc->nodes[map];
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		const char *k = key_text(doc, m->kids[i]);
		if (k && !ct_is_merge_key(doc, m->kids[i]) && !strcmp(k, key))
			return true;
	}
	return false;
}

const struct ct_pair *ct_pairs_find(const struct compose_doc *doc, const struct ct_pairs *p,
                                    const char *key)
{
	for (size_t i = 0; i < p->n; i++) {
		const char *k = key_text(doc, p->v[i].key);
		if (k && !strcmp(k, key))
			return &p->v[i];
	}
	return NULL;
}

static void pairs_push(struct ct_pairs *p, const struct ct_pair *pair)
{
	p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
	p->v[p->n++] = *pair;
}

void ct_pairs_free(struct ct_pairs *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

struct collect_ctx {
	const struct compose_doc *doc;
	long budget;
	struct rdm_error *err;
};

static int collect(struct collect_ctx *c, size_t map, const struct ct_pair *how,
                   struct ct_pairs *out, int depth);

static int merge_error(struct collect_ctx *c, size_t at, const char *what)
{
	rdm_error_set(c->err, "%s", _(what));
	ct_where(c->doc, c->err, c->doc->nodes[at].prop_start);
	rdm_error_remedy(c->err, _("`<<:` takes a mapping (`<<: *name`) or a list of them "
	                 "(`<<: [*a, *b]`), defined with `&name` before this line"));
	return -1;
}

/* Add the pairs merged from one source node (after explicit keys of `map`
 * and pairs already collected, which take precedence). */
static int merge_from(struct collect_ctx *c, size_t map, size_t src, const struct ct_pair *how,
                      struct ct_pairs *out, int depth)
{
	struct ct_pair sub_how = *how;
	sub_how.via_merge = true;
	if (c->doc->nodes[src].kind == CT_ALIAS) {
		sub_how.via_alias = true;
		sub_how.anchor = c->doc->nodes[ct_resolve(c->doc, src)].anchor;
	}
	size_t r = ct_resolve(c->doc, src);
	if (c->doc->nodes[r].kind != CT_MAP)
		return merge_error(c, src, N_("a merge key (`<<:`) must name a mapping"));
	struct ct_pairs sub = { 0 };
	if (collect(c, r, &sub_how, &sub, depth + 1)) {
		ct_pairs_free(&sub);
		return -1;
	}
	for (size_t i = 0; i < sub.n; i++) {
		const char *k = key_text(c->doc, sub.v[i].key);
		if (k && (has_explicit_key(c->doc, map, k) || ct_pairs_find(c->doc, out, k)))
			continue;
		pairs_push(out, &sub.v[i]);
	}
	ct_pairs_free(&sub);
	return 0;
}

static int collect(struct collect_ctx *c, size_t map, const struct ct_pair *how,
                   struct ct_pairs *out, int depth)
{
	const struct ct_node *m = &c->doc->nodes[map];
	c->budget -= (long)m->nkids + 1;
	if (depth > CT_MERGE_DEPTH || c->budget < 0)
		return merge_error(c, map, N_("merge keys (`<<:`) nest too deeply"));
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		size_t k = m->kids[i], v = m->kids[i + 1];
		if (!ct_is_merge_key(c->doc, k)) {
			struct ct_pair p = *how;
			p.key = k;
			p.value = v;
			p.container = map;
			pairs_push(out, &p);
			continue;
		}
		size_t r = ct_resolve(c->doc, v);
		if (c->doc->nodes[r].kind != CT_SEQ) {
			if (merge_from(c, map, v, how, out, depth))
				return -1;
			continue;
		}
		struct ct_pair seq_how = *how;
		if (c->doc->nodes[v].kind == CT_ALIAS) {
			seq_how.via_alias = true;
			seq_how.anchor = c->doc->nodes[r].anchor;
		}
		for (size_t j = 0; j < c->doc->nodes[r].nkids; j++)
			if (merge_from(c, map, c->doc->nodes[r].kids[j], &seq_how, out, depth))
				return -1;
	}
	return 0;
}

int ct_map_pairs(const struct compose_doc *doc, size_t map, bool via_alias, bool via_merge,
                 const char *anchor, struct ct_pairs *out, struct rdm_error *err)
{
	struct collect_ctx c = { doc, CT_MERGE_BUDGET, err };
	struct ct_pair how = { CT_NONE, CT_NONE, CT_NONE, via_alias, via_merge, anchor };
	out->n = 0;
	if (collect(&c, map, &how, out, 0)) {
		ct_pairs_free(out);
		return -1;
	}
	return 0;
}

struct key_ref {
	const char *text;
	size_t len;
	size_t off;
};

static int key_ref_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

int ct_check_duplicates(const struct compose_doc *doc, size_t map, struct rdm_error *err)
{
	const struct ct_node *m = &doc->nodes[map];
	if (m->nkids < 4)
		return 0;
	struct key_ref *refs = xmalloc((m->nkids / 2) * sizeof *refs);
	size_t n = 0;
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		size_t k = ct_resolve(doc, m->kids[i]);
		if (doc->nodes[k].kind != CT_SCALAR || ct_is_merge_key(doc, m->kids[i]))
			continue;
		refs[n++] = (struct key_ref){ doc->nodes[k].value, doc->nodes[k].vlen,
		                              doc->nodes[m->kids[i]].prop_start };
	}
	qsort(refs, n, sizeof *refs, key_ref_cmp);
	int rc = 0;
	for (size_t i = 1; i < n && rc == 0; i++) {
		if (refs[i].len != refs[i - 1].len || memcmp(refs[i].text, refs[i - 1].text, refs[i].len))
			continue;
		rdm_error_set(err, _("duplicate key \"%s\" (first at line %u)"), refs[i].text,
		              ct_line_of(doc, refs[i - 1].off));
		ct_where(doc, err, refs[i].off);
		rdm_error_remedy(err, _("keep only one of lines %u and %u: YAML readers silently "
		                 "use just one of them, and docker compose refuses the file"),
		                 ct_line_of(doc, refs[i - 1].off), ct_line_of(doc, refs[i].off));
		rc = -1;
	}
	free(refs);
	return rc;
}

size_t ct_content_end(const struct compose_doc *doc, size_t n)
{
	for (;;) {
		const struct ct_node *node = &doc->nodes[n];
		if (node->kind == CT_SCALAR || node->kind == CT_ALIAS || node->flow)
			return node->end;
		if (node->nkids == 0)
			return node->start;
		n = node->kids[node->nkids - 1];
	}
}
