/* Text-level helpers of the compose editor: lines, indentation, styles, and
 * the two edits that create structure (a new `environment:` block, or
 * entries under an empty one). New text copies the indentation and line
 * ending the file already uses. */
#include "config.h"
#include "instance/compose/compose_edit.h"
#include "util/i18n.h"

#include <string.h>

size_t ce_after_line(const struct compose_doc *doc, size_t off)
{
	const char *d = doc->data;
	for (size_t i = off; i < doc->len; i++) {
		if (d[i] == '\n')
			return i + 1;
		if (d[i] == '\r')
			return (i + 1 < doc->len && d[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return doc->len;
}

bool ce_blank_before(const struct compose_doc *doc, size_t off)
{
	for (size_t i = ct_line_start(doc, off); i < off; i++)
		if (doc->data[i] != ' ' && doc->data[i] != '\t')
			return false;
	return true;
}

void ce_indent(const struct compose_doc *doc, size_t off, struct buf *out)
{
	size_t ls = ct_line_start(doc, off);
	if (ce_blank_before(doc, off)) {
		buf_append(out, doc->data + ls, off - ls);
		return;
	}
	for (unsigned c = ct_column_of(doc, off); c > 1; c--)
		buf_putc(out, ' ');
}

size_t ce_indent_step(const struct compose_doc *doc, const struct ce_target *t)
{
	const struct ct_node *m = &doc->nodes[t->map];
	size_t key = doc->svc_priv[t->svc].key;
	if (m->flow || m->nkids == 0)
		return 2;
	unsigned inner = ct_column_of(doc, doc->nodes[m->kids[0]].prop_start);
	unsigned outer = ct_column_of(doc, doc->nodes[key].prop_start);
	return inner > outer ? inner - outer : 2;
}

enum cq_style ce_style_of(const struct compose_doc *doc, size_t node)
{
	const struct ct_node *n = &doc->nodes[ct_resolve(doc, node)];
	if (n->kind != CT_SCALAR || ct_is_null(doc, node))
		return CQ_PLAIN;
	return n->style == CT_SINGLE ? CQ_SINGLE : n->style == CT_PLAIN ? CQ_PLAIN : CQ_DOUBLE;
}

bool ce_in_flow(const struct compose_doc *doc, size_t node)
{
	size_t p = doc->nodes[node].parent;
	return p != CT_NONE && doc->nodes[p].flow;
}

static bool ends_with_eol(const struct compose_doc *doc, size_t at)
{
	return at > 0 && (doc->data[at - 1] == '\n' || doc->data[at - 1] == '\r');
}

void ce_insert_line(const struct compose_doc *doc, size_t after, const struct buf *line,
                    struct ce_splice *sp)
{
	size_t at = ce_after_line(doc, after);
	sp->start = sp->end = at;
	if (ends_with_eol(doc, at)) {
		buf_append(&sp->text, buf_str(line), line->len);
		buf_puts(&sp->text, doc->eol);
	} else { /* last line without a newline: keep it without one */
		buf_puts(&sp->text, doc->eol);
		buf_append(&sp->text, buf_str(line), line->len);
	}
}

void ce_remove_lines(const struct compose_doc *doc, size_t from, size_t to, struct ce_splice *sp)
{
	sp->start = ct_line_start(doc, from);
	sp->end = ce_after_line(doc, to);
	if (!ends_with_eol(doc, sp->end) && sp->start > 0) {
		/* Removing the unterminated last line: drop the line ending before
		 * it instead, so the file still ends without one. */
		sp->start--;
		if (sp->start > 0 && doc->data[sp->start] == '\n' && doc->data[sp->start - 1] == '\r')
			sp->start--;
	}
}

/* List or map for a new environment block: what the file's other services
 * use (most of them), map style when undecided; list items take the quote
 * character of the first list entry found. */
static enum compose_env_style file_env_style(const struct compose_doc *doc, enum cq_style *quote)
{
	int maps = 0, lists = 0;
	*quote = CQ_DOUBLE;
	bool quote_found = false;
	for (size_t i = 0; i < doc->n_svc; i++) {
		const struct compose_service *s = &doc->svc[i];
		maps += s->env_style == COMPOSE_ENV_MAP;
		lists += s->env_style == COMPOSE_ENV_LIST;
		if (s->env_style != COMPOSE_ENV_LIST || quote_found || s->n_env == 0)
			continue;
		const struct ct_node *seq = NULL;
		struct ct_pairs p = { 0 };
		if (doc->svc_priv[i].map != CT_NONE &&
		    !ct_map_pairs(doc, doc->svc_priv[i].map, false, false, NULL, &p, NULL)) {
			const struct ct_pair *e = ct_pairs_find(doc, &p, "environment");
			if (e)
				seq = &doc->nodes[ct_resolve(doc, e->value)];
		}
		if (seq && seq->kind == CT_SEQ && seq->nkids) {
			*quote = ce_style_of(doc, seq->kids[0]);
			quote_found = true;
		}
		ct_pairs_free(&p);
	}
	return lists > maps ? COMPOSE_ENV_LIST : COMPOSE_ENV_MAP;
}

/* "KEY: value" or "- KEY=value" (quoted as needed) into out. */
static void emit_entry(const struct ce_target *t, enum compose_env_style style,
                       enum cq_style quote, bool flow, struct buf *out)
{
	if (style == COMPOSE_ENV_LIST) {
		struct buf item = BUF_INIT;
		buf_puts(&item, t->key);
		buf_putc(&item, '=');
		buf_puts(&item, t->raw);
		buf_puts(out, "- ");
		cq_emit(out, buf_str(&item), quote, flow);
		buf_free_secret(&item);
		return;
	}
	cq_emit(out, t->key, CQ_PLAIN, flow);
	buf_puts(out, ": ");
	cq_emit(out, t->raw, CQ_PLAIN, flow);
}

int ce_add_env_block(const struct ce_target *t, struct ce_splice *sp, struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	const struct ct_node *m = &doc->nodes[t->map];
	if (m->flow) {
		size_t at = m->nkids ? ct_content_end(doc, m->kids[m->nkids - 1]) : m->start + 1;
		sp->start = sp->end = at;
		buf_puts(&sp->text, m->nkids ? ", environment: {" : "environment: {");
		emit_entry(t, COMPOSE_ENV_MAP, CQ_PLAIN, true, &sp->text);
		buf_putc(&sp->text, '}');
		return 0;
	}
	enum cq_style quote;
	enum compose_env_style style = file_env_style(doc, &quote);
	size_t last_key = m->kids[m->nkids - 2];
	struct buf indent = BUF_INIT, lines = BUF_INIT;
	ce_indent(doc, doc->nodes[last_key].prop_start, &indent);
	buf_append(&lines, buf_str(&indent), indent.len);
	buf_puts(&lines, "environment:");
	buf_puts(&lines, doc->eol);
	buf_append(&lines, buf_str(&indent), indent.len);
	for (size_t i = ce_indent_step(doc, t); i > 0; i--)
		buf_putc(&lines, ' ');
	emit_entry(t, style, quote, false, &lines);
	ce_insert_line(doc, ct_content_end(doc, m->kids[m->nkids - 1]), &lines, sp);
	buf_free(&indent);
	buf_free_secret(&lines);
	(void)err;
	return 0;
}

int ce_fill_null_env(const struct ce_target *t, struct ce_splice *sp, struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	size_t r = ct_resolve(doc, t->env.value);
	const struct ct_node *v = &doc->nodes[r];
	if (r != t->env.value || t->env.container != t->map) {
		rdm_error_set(err, _("the empty environment of service %s is shared with other "
		              "services through an alias or a merge key"), doc->svc[t->svc].name);
		ct_where(doc, err, doc->nodes[t->env.key].prop_start);
		rdm_error_remedy(err, _("write `environment:` with its own entries in service %s"),
		                 doc->svc[t->svc].name);
		return -1;
	}
	sp->start = v->start;
	sp->end = v->end;
	if (v->end > v->start)
		while (sp->start > 0 && doc->data[sp->start - 1] == ' ')
			sp->start--;
	if (ce_in_flow(doc, r)) {
		buf_puts(&sp->text, " {");
		emit_entry(t, COMPOSE_ENV_MAP, CQ_PLAIN, true, &sp->text);
		buf_putc(&sp->text, '}');
		return 0;
	}
	enum cq_style quote;
	enum compose_env_style style = file_env_style(doc, &quote);
	buf_puts(&sp->text, doc->eol);
	ce_indent(doc, doc->nodes[t->env.key].prop_start, &sp->text);
	for (size_t i = ce_indent_step(doc, t); i > 0; i--)
		buf_putc(&sp->text, ' ');
	emit_entry(t, style, quote, false, &sp->text);
	return 0;
}
