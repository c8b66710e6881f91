/* Adding structure to a compose file: a whole service, or an entry of a
 * top-level mapping such as `volumes:`. Like every compose edit this splices
 * new lines into the original bytes (re-indented to the file's own
 * indentation, with its line ending), so everything around them stays
 * byte-identical, and the result is parsed again and compared with the
 * original before it is handed out. */
#include "config.h"
#include "instance/compose/compose_edit.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

static bool empty_plain(const struct compose_doc *doc, size_t n)
{
	const struct ct_node *v = &doc->nodes[n];
	return v->kind == CT_SCALAR && v->style == CT_PLAIN && v->vlen == 0 && !v->anchor && !v->tagged;
}

/* Byte offset just after the last thing written for node n. An implicit
 * null (`name:` and nothing) is marked by libyaml where the next token
 * starts, so the key's end counts there. */
static size_t written_end(const struct compose_doc *doc, size_t n)
{
	for (;;) {
		const struct ct_node *node = &doc->nodes[n];
		if (node->kind == CT_SCALAR || node->kind == CT_ALIAS || node->flow)
			return node->end;
		if (node->nkids == 0)
			return node->start;
		size_t last = node->kids[node->nkids - 1];
		if (node->kind == CT_MAP && empty_plain(doc, last))
			return doc->nodes[node->kids[node->nkids - 2]].end;
		n = last;
	}
}

static unsigned col(const struct compose_doc *doc, size_t node)
{
	return ct_column_of(doc, doc->nodes[node].prop_start);
}

/* Indentation of the services' keys and the step one level down. */
static void service_layout(const struct compose_doc *doc, size_t *indent, size_t *step)
{
	*indent = col(doc, doc->svc_priv[0].key) - 1;
	*step = 2;
	for (size_t i = 0; i < doc->n_svc; i++) {
		size_t m = doc->svc_priv[i].map;
		if (m == CT_NONE || doc->nodes[m].flow || !doc->nodes[m].nkids)
			continue;
		unsigned inner = col(doc, doc->nodes[m].kids[0]), outer = col(doc, doc->svc_priv[i].key);
		if (inner > outer)
			*step = inner - outer;
		return;
	}
}

static void spaces(struct buf *b, size_t n)
{
	while (n--)
		buf_putc(b, ' ');
}

/* block: two spaces per level, the service key at level 1. */
static int reindent(const struct compose_doc *doc, const char *block, size_t indent, size_t step, struct buf *out,
		    struct rdm_error *err)
{
	for (const char *p = block; *p;) {
		size_t n = strcspn(p, "\n"), s = strspn(p, " ");
		if (s > n)
			s = n;
		if (s < n) {
			if (s % 2 || s < 2)
				return rdm_error_set(err, _("internal error: a service block must be indented by two "
							  "spaces per level"));
			spaces(out, indent + (s / 2 - 1) * step);
			buf_append(out, p + s, n - s);
		}
		buf_puts(out, doc->eol);
		p += n + (p[n] == '\n');
	}
	return 0;
}

static int refuse(const struct compose_doc *doc, size_t node, struct rdm_error *err, const char *why,
		  const char *fix)
{
	rdm_error_set(err, "%s", why);
	if (node != CT_NONE)
		ct_where(doc, err, doc->nodes[node].prop_start);
	else
		rdm_error_where(err, "%s", doc->name);
	rdm_error_remedy(err, "%s", fix);
	return -1;
}

/* Splice text in at off (a line start, or the end of a file that may lack
 * its final line ending), parse, hand out. */
static int splice(const struct compose_doc *doc, size_t off, const struct buf *text, struct compose_edit *out,
		  struct rdm_error *err)
{
	compose_edit_free(out);
	buf_append(&out->content, doc->data, off);
	if (off == doc->len && off && doc->data[off - 1] != '\n' && doc->data[off - 1] != '\r')
		buf_puts(&out->content, doc->eol);
	out->line = ct_line_of(doc, off) + (off == doc->len && off && doc->data[off - 1] != '\n');
	buf_append(&out->content, text->data, text->len);
	buf_append(&out->content, doc->data + off, doc->len - off);
	if (compose_doc_parse(&out->doc, doc->name, out->content.data, out->content.len, err) != 0) {
		rdm_error_prefix(err, _("internal error: %s does not read back after the edit: "), doc->name);
		compose_edit_free(out);
		return -1;
	}
	out->changed = true;
	return 0;
}

static bool others_unchanged(const struct compose_doc *a, const struct compose_doc *b)
{
	for (size_t i = 0; i < a->n_svc; i++) {
		const struct compose_service *x = compose_doc_find_service(b, a->svc[i].name);
		if (!x || !ce_same_service(&a->svc[i], x))
			return false;
	}
	return true;
}

int compose_service_add(const struct compose_doc *doc, const char *name, const char *block, const char *after,
			struct compose_edit *out, struct rdm_error *err)
{
	compose_edit_free(out);
	if (doc->services == CT_NONE || !doc->n_svc)
		return refuse(doc, CT_NONE, err, _("the file has no `services:` with services in it"),
			      _("add the service by hand"));
	if (doc->nodes[doc->services].flow)
		return refuse(doc, doc->services, err, _("`services:` is written in flow style ({...})"),
			      _("add the service by hand, or write `services:` as a block"));
	if (compose_doc_find_service(doc, name))
		return refuse(doc, CT_NONE, err, _("the service is already there"), _("nothing to add"));
	size_t at = doc->n_svc - 1;
	for (size_t i = 0; after && i < doc->n_svc; i++)
		if (!strcmp(doc->svc[i].name, after))
			at = i;
	size_t value = doc->svc_priv[at].value;
	size_t end = ct_is_null(doc, value) ? doc->nodes[doc->svc_priv[at].key].end : written_end(doc, value);
	size_t indent, step;
	service_layout(doc, &indent, &step);
	struct buf text = BUF_INIT;
	int rc = reindent(doc, block, indent, step, &text, err);
	if (rc == 0)
		rc = splice(doc, ce_after_line(doc, end), &text, out, err);
	buf_free(&text);
	if (rc != 0)
		return -1;
	const struct compose_service *added = compose_doc_find_service(out->doc, name);
	if (!added || out->doc->n_svc != doc->n_svc + 1 || !others_unchanged(doc, out->doc)) {
		compose_edit_free(out);
		return refuse(doc, CT_NONE, err, _("internal error: adding the service would change other services"),
			      _("add the service by hand; nothing was changed"));
	}
	out->affected = xcalloc(1, sizeof *out->affected);
	out->affected[0] = xstrdup(name);
	out->n_affected = 1;
	out->line = added->line;
	return 0;
}

/* The top level's indentation step (from `services:` to its services). */
static size_t top_step(const struct compose_doc *doc)
{
	if (doc->services == CT_NONE || !doc->n_svc)
		return 2;
	size_t root = ct_resolve(doc, doc->root);
	unsigned outer = col(doc, doc->nodes[root].kids[0]), inner = col(doc, doc->svc_priv[0].key);
	return inner > outer ? inner - outer : 2;
}

static int entry_after(const struct compose_doc *doc, const struct ct_pair *p, const char *name, struct buf *text,
		       size_t *off, struct rdm_error *err)
{
	size_t v = ct_resolve(doc, p->value);
	if (ct_is_null(doc, p->value)) {
		*off = ce_after_line(doc, doc->nodes[p->key].end);
		spaces(text, top_step(doc));
	} else if (doc->nodes[v].kind != CT_MAP || doc->nodes[v].flow || v != p->value) {
		return refuse(doc, p->key, err, _("this top-level mapping is not a plain block mapping"),
			      _("add the entry by hand"));
	} else {
		*off = ce_after_line(doc, written_end(doc, v));
		spaces(text, col(doc, doc->nodes[v].kids[0]) - 1);
	}
	buf_printf(text, "%s:%s", name, doc->eol);
	return 0;
}

int compose_top_entry_add(const struct compose_doc *doc, const char *key, const char *name, struct compose_edit *out,
			  struct rdm_error *err)
{
	compose_edit_free(out);
	size_t root = doc->root == CT_NONE ? CT_NONE : ct_resolve(doc, doc->root);
	if (root == CT_NONE || doc->nodes[root].kind != CT_MAP || doc->nodes[root].flow)
		return refuse(doc, CT_NONE, err, _("the top level is not a block mapping"), _("add the entry by hand"));
	struct ct_pairs top = { 0 }, inner = { 0 };
	if (ct_map_pairs(doc, root, false, false, NULL, &top, err) != 0)
		return -1;
	const struct ct_pair *p = ct_pairs_find(doc, &top, key);
	struct buf text = BUF_INIT;
	size_t off = doc->len;
	int rc = 0, there = 0;
	if (p && doc->nodes[ct_resolve(doc, p->value)].kind == CT_MAP) {
		rc = ct_map_pairs(doc, ct_resolve(doc, p->value), false, false, NULL, &inner, err);
		there = rc == 0 && ct_pairs_find(doc, &inner, name) != NULL;
	}
	if (rc == 0 && there) {
		buf_append(&out->content, doc->data, doc->len);
		rc = compose_doc_parse(&out->doc, doc->name, doc->data, doc->len, err);
	} else if (rc == 0) {
		if (p) {
			rc = entry_after(doc, p, name, &text, &off, err);
		} else {
			buf_printf(&text, "%s:%s", key, doc->eol);
			spaces(&text, top_step(doc));
			buf_printf(&text, "%s:%s", name, doc->eol);
		}
		if (rc == 0)
			rc = splice(doc, off, &text, out, err);
		if (rc == 0 && (out->doc->n_svc != doc->n_svc || !others_unchanged(doc, out->doc))) {
			compose_edit_free(out);
			rc = refuse(doc, CT_NONE, err, _("internal error: adding the entry would change the services"),
				    _("add the entry by hand; nothing was changed"));
		}
	}
	ct_pairs_free(&inner);
	ct_pairs_free(&top);
	buf_free(&text);
	return rc;
}
