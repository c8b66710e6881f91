/* Removing an environment entry: its whole line(s) in block style, the item
 * and one comma in flow style. When the entry is the last one of the
 * service's own environment, the `environment:` key goes too (an empty
 * block would read as null). */
#include "config.h"
#include "instance/compose/compose_edit.h"
#include "util/i18n.h"

/* Remove kids [first, last] of a flow collection with one adjacent comma. */
static void remove_flow(const struct compose_doc *doc, const struct ct_node *c, size_t first,
                        size_t last, struct ce_splice *sp)
{
	size_t entry_start = doc->nodes[c->kids[first]].prop_start;
	size_t entry_end = ct_content_end(doc, c->kids[last]);
	if (first == 0 && last + 1 == c->nkids) { /* the only entry: {} remains */
		sp->start = entry_start;
		sp->end = entry_end;
	} else if (first > 0) { /* ", K: v" after the previous entry */
		sp->start = ct_content_end(doc, c->kids[first - 1]);
		sp->end = entry_end;
	} else { /* "K: v, " before the next entry */
		sp->start = entry_start;
		sp->end = doc->nodes[c->kids[last + 1]].prop_start;
	}
}

/* The dash of a block sequence item, or the key of a block mapping pair:
 * where its first line starts. */
static size_t entry_head(const struct compose_doc *doc, const struct ct_node *c, size_t first)
{
	size_t at = doc->nodes[c->kids[first]].prop_start;
	if (c->kind == CT_SEQ)
		while (at > 0 && (doc->data[at - 1] == ' ' || doc->data[at - 1] == '\t' ||
		                  doc->data[at - 1] == '-'))
			at--;
	return at;
}

static int refuse_empty(const struct ce_target *t, size_t at, struct rdm_error *err,
                        const char *why)
{
	rdm_error_set(err, _("cannot remove %s from service %s: %s"), t->key,
	              t->doc->svc[t->svc].name, _(why));
	ct_where(t->doc, err, at);
	rdm_error_remedy(err, _("remove the line by hand, or set the variable to an empty value"));
	return -1;
}

int ce_remove_entry(const struct ce_target *t, size_t container, size_t first, size_t last,
                    struct ce_splice *sp, struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	const struct ct_node *c = &doc->nodes[container];
	if (c->flow) {
		remove_flow(doc, c, first, last, sp);
		return 0;
	}
	bool only = first == 0 && last + 1 == c->nkids;
	if (!only) {
		ce_remove_lines(doc, entry_head(doc, c, first), ct_content_end(doc, c->kids[last]), sp);
		return 0;
	}
	/* The last entry: drop the whole `environment:` of the service when it
	 * is the service's own; an anchored one would become null. */
	size_t env = ct_resolve(doc, t->env.value);
	if (container != env || t->env.container != t->map || t->env.via_alias ||
	    t->env.via_merge || doc->nodes[t->env.value].kind == CT_ALIAS)
		return refuse_empty(t, doc->nodes[c->kids[first]].prop_start, err,
		                    N_("it is the only entry of an environment shared through an "
		                    "anchor"));
	const struct ct_node *m = &doc->nodes[t->map];
	size_t j = 0;
	while (j + 1 < m->nkids && m->kids[j] != t->env.key)
		j += 2;
	if (m->nkids <= 2)
		return refuse_empty(t, doc->nodes[t->env.key].prop_start, err,
		                    N_("the service would be left without any setting"));
	if (m->flow) {
		remove_flow(doc, m, j, j + 1, sp);
		return 0;
	}
	ce_remove_lines(doc, doc->nodes[t->env.key].prop_start, ct_content_end(doc, m->kids[j + 1]),
	                sp);
	return 0;
}
