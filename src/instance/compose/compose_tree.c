/* Build the node tree of a compose file from libyaml events, with the byte
 * span of every node. libyaml marks count characters (not bytes), so a
 * character -> byte table translates them; the input encoding is forced to
 * UTF-8 so that a BOM counts as one character like any other. */
#include "config.h"
#include "instance/compose/compose_doc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Nesting deeper than this is no compose file; it also bounds the walks. */
#define CT_MAX_DEPTH 256

struct ct_builder {
	struct compose_doc *doc;
	size_t *stack;
	size_t depth, cap;
	struct { char *name; size_t node; } *anchors;
	size_t n_anchors, cap_anchors;
	int documents;
};

static void index_bytes(struct compose_doc *doc)
{
	size_t n = 0;
	for (size_t i = 0; i < doc->len; i++)
		if (((unsigned char)doc->data[i] & 0xC0) != 0x80)
			n++;
	doc->c2b = xmalloc((n + 1) * sizeof *doc->c2b);
	n = 0;
	for (size_t i = 0; i < doc->len; i++)
		if (((unsigned char)doc->data[i] & 0xC0) != 0x80)
			doc->c2b[n++] = i;
	doc->c2b[n] = doc->len;
	doc->nchars = n;

	/* Lines end at "\n", "\r\n" or a lone "\r" (as libyaml counts them). */
	size_t cap = 0;
	doc->line_starts = xgrow(NULL, &cap, 16, sizeof *doc->line_starts);
	doc->line_starts[0] = 0;
	doc->nlines = 1;
	doc->eol = "\n";
	bool seen_eol = false;
	for (size_t i = 0; i < doc->len; i++) {
		char c = doc->data[i];
		if (c != '\n' && c != '\r')
			continue;
		if (c == '\r' && i + 1 < doc->len && doc->data[i + 1] == '\n')
			i++;
		if (!seen_eol) {
			doc->eol = (doc->data[i] == '\n' && i > 0 && doc->data[i - 1] == '\r')
			                   ? "\r\n" : "\n";
			seen_eol = true;
		}
		doc->line_starts = xgrow(doc->line_starts, &cap, doc->nlines + 1,
		                         sizeof *doc->line_starts);
		doc->line_starts[doc->nlines++] = i + 1;
	}
}

size_t ct_byte_of_char(const struct compose_doc *doc, size_t index)
{
	return index <= doc->nchars ? doc->c2b[index] : doc->len;
}

static size_t line_index(const struct compose_doc *doc, size_t off)
{
	size_t lo = 0, hi = doc->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

unsigned ct_line_of(const struct compose_doc *doc, size_t off)
{
	return (unsigned)line_index(doc, off) + 1;
}

size_t ct_line_start(const struct compose_doc *doc, size_t off)
{
	return doc->line_starts[line_index(doc, off)];
}

unsigned ct_column_of(const struct compose_doc *doc, size_t off)
{
	unsigned col = 1;
	for (size_t i = ct_line_start(doc, off); i < off && i < doc->len; i++)
		if (((unsigned char)doc->data[i] & 0xC0) != 0x80)
			col++;
	return col;
}

void ct_where(const struct compose_doc *doc, struct rdm_error *err, size_t off)
{
	rdm_error_where(err, "%s:%u:%u", doc->name, ct_line_of(doc, off), ct_column_of(doc, off));
}

char *ct_pool_add(struct compose_doc *doc, char *s)
{
	doc->pool = xgrow(doc->pool, &doc->cap_pool, doc->n_pool + 1, sizeof *doc->pool);
	doc->pool[doc->n_pool++] = s;
	return s;
}

/* Skip `&anchor` and `!tag` (and the blanks/comments after them) to reach
 * the content of a node. */
static size_t skip_properties(const struct compose_doc *doc, size_t p)
{
	const char *d = doc->data;
	while (p < doc->len && (d[p] == '&' || d[p] == '!')) {
		while (p < doc->len && !strchr(" \t\r\n", d[p]))
			p++;
		for (;;) {
			while (p < doc->len && strchr(" \t\r\n", d[p]))
				p++;
			if (p < doc->len && d[p] == '#') {
				while (p < doc->len && d[p] != '\n' && d[p] != '\r')
					p++;
				continue;
			}
			break;
		}
	}
	return p;
}

static size_t new_node(struct ct_builder *b, enum ct_kind kind, const yaml_event_t *ev,
                       const yaml_char_t *anchor, const yaml_char_t *tag)
{
	struct compose_doc *doc = b->doc;
	doc->nodes = xgrow(doc->nodes, &doc->cap_nodes, doc->n_nodes + 1, sizeof *doc->nodes);
	size_t idx = doc->n_nodes++;
	struct ct_node *n = &doc->nodes[idx];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->target = CT_NONE;
	n->parent = b->depth ? b->stack[b->depth - 1] : CT_NONE;
	n->prop_start = ct_byte_of_char(doc, ev->start_mark.index);
	n->end = ct_byte_of_char(doc, ev->end_mark.index);
	n->start = (anchor || tag) ? skip_properties(doc, n->prop_start) : n->prop_start;
	n->tagged = tag != NULL;
	n->anchor = anchor ? xstrdup((const char *)anchor) : NULL;
	if (b->depth) {
		struct ct_node *p = &doc->nodes[n->parent];
		p->kids = xgrow(p->kids, &p->capkids, p->nkids + 1, sizeof *p->kids);
		p->kids[p->nkids++] = idx;
	} else {
		doc->root = idx;
	}
	if (anchor) {
		b->anchors = xgrow(b->anchors, &b->cap_anchors, b->n_anchors + 1, sizeof *b->anchors);
		b->anchors[b->n_anchors].name = n->anchor;
		b->anchors[b->n_anchors++].node = idx;
	}
	return idx;
}

static enum ct_style scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: return CT_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return CT_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE: return CT_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE: return CT_FOLDED;
	default: return CT_PLAIN;
	}
}

static void add_scalar(struct ct_builder *b, const yaml_event_t *ev)
{
	size_t idx = new_node(b, CT_SCALAR, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
	struct ct_node *n = &b->doc->nodes[idx];
	n->style = scalar_style(ev->data.scalar.style);
	n->vlen = ev->data.scalar.length;
	n->value = xmalloc(n->vlen + 1);
	memcpy(n->value, ev->data.scalar.value, n->vlen);
	n->value[n->vlen] = '\0';
	if (n->start > n->end) /* an anchored or tagged empty value */
		n->start = n->end;
	if (n->style == CT_LITERAL || n->style == CT_FOLDED) {
		/* The block scalar's mark ends after its trailing line breaks:
		 * keep those out of the span so that replacing the value keeps
		 * the line structure. */
		while (n->end > n->start && strchr(" \t\r\n", b->doc->data[n->end - 1]))
			n->end--;
	}
}

static int add_alias(struct ct_builder *b, const yaml_event_t *ev, struct rdm_error *err)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t target = CT_NONE;
	for (size_t i = b->n_anchors; i-- > 0;) {
		if (!strcmp(b->anchors[i].name, name)) {
			target = b->anchors[i].node;
			break;
		}
	}
	size_t at = ct_byte_of_char(b->doc, ev->start_mark.index);
	if (target == CT_NONE) {
		rdm_error_set(err, _("alias *%s refers to no anchor &%s defined before it"), name, name);
		ct_where(b->doc, err, at);
		rdm_error_remedy(err, _("define `&%s` on the value to share before this line, "
		                 "or write the value here instead of `*%s`"), name, name);
		return -1;
	}
	for (size_t i = 0; i < b->depth; i++) {
		if (b->stack[i] == target) {
			rdm_error_set(err, _("alias *%s is used inside the value it names"), name);
			ct_where(b->doc, err, at);
			rdm_error_remedy(err, _("a value cannot contain itself; remove `*%s` here"), name);
			return -1;
		}
	}
	size_t idx = new_node(b, CT_ALIAS, ev, NULL, NULL);
	b->doc->nodes[idx].target = target;
	return 0;
}

static int open_collection(struct ct_builder *b, const yaml_event_t *ev, bool map,
                           struct rdm_error *err)
{
	const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
	const yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
	bool flow = map ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
	                : ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	if (b->depth >= CT_MAX_DEPTH) {
		rdm_error_set(err, _("the YAML nests more than %d levels deep"), CT_MAX_DEPTH);
		ct_where(b->doc, err, ct_byte_of_char(b->doc, ev->start_mark.index));
		rdm_error_remedy(err, _("this is not a compose file; check that the right file is used"));
		return -1;
	}
	size_t idx = new_node(b, map ? CT_MAP : CT_SEQ, ev, anchor, tag);
	b->doc->nodes[idx].flow = flow;
	b->doc->nodes[idx].end = CT_NONE;
	b->stack = xgrow(b->stack, &b->cap, b->depth + 1, sizeof *b->stack);
	b->stack[b->depth++] = idx;
	return 0;
}

static void close_collection(struct ct_builder *b, const yaml_event_t *ev)
{
	size_t idx = b->stack[--b->depth];
	struct ct_node *n = &b->doc->nodes[idx];
	if (n->flow)
		n->end = ct_byte_of_char(b->doc, ev->end_mark.index);
}

static int syntax_error(struct compose_doc *doc, const yaml_parser_t *p, struct rdm_error *err)
{
	size_t at = ct_byte_of_char(doc, p->problem_mark.index);
	const char *problem = p->problem ? p->problem : "unreadable YAML";
	if (p->error == YAML_READER_ERROR) {
		rdm_error_set(err, _("not valid UTF-8 text (%s)"), problem);
		at = p->problem_offset < doc->len ? p->problem_offset : doc->len;
		ct_where(doc, err, at);
		rdm_error_remedy(err, _("save the file as UTF-8 (without NUL or control characters)"));
		return -1;
	}
	unsigned line = ct_line_of(doc, at);
	unsigned from = p->context ? ct_line_of(doc, ct_byte_of_char(doc, p->context_mark.index))
	                           : line;
	if (p->context)
		rdm_error_set(err, _("YAML syntax error: %s (%s at line %u)"), problem, p->context, from);
	else
		rdm_error_set(err, _("YAML syntax error: %s"), problem);
	ct_where(doc, err, at);
	struct buf lines = BUF_INIT;
	buf_printf(&lines, "line %u column %u", line, ct_column_of(doc, at));
	if (from < line)
		buf_printf(&lines, _(" (in what starts at line %u)"), from);
	rdm_error_remedy(err, _("fix the YAML at %s: indent with spaces only, close every quote "
	                 "and bracket, put a space after each `key:`; `docker compose -f %s "
	                 "config` reports the same place"), buf_str(&lines), doc->name);
	buf_free(&lines);
	return -1;
}

static int handle_event(struct ct_builder *b, const yaml_event_t *ev, struct rdm_error *err)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			rdm_error_set(err, _("the file holds more than one YAML document"));
			ct_where(b->doc, err, ct_byte_of_char(b->doc, ev->start_mark.index));
			rdm_error_remedy(err, _("keep one document per compose file (remove the "
			                 "second `---` part or move it to its own file)"));
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		add_scalar(b, ev);
		return 0;
	case YAML_ALIAS_EVENT:
		return add_alias(b, ev, err);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, ev, false, err);
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, ev, true, err);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_collection(b, ev);
		return 0;
	default:
		return 0;
	}
}

static int check_all_duplicates(struct compose_doc *doc, struct rdm_error *err)
{
	for (size_t i = 0; i < doc->n_nodes; i++)
		if (doc->nodes[i].kind == CT_MAP && ct_check_duplicates(doc, i, err))
			return -1;
	return 0;
}

int ct_build(struct compose_doc *doc, struct rdm_error *err)
{
	index_bytes(doc);
	doc->root = CT_NONE;
	struct ct_builder b = { .doc = doc };
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		abort(); /* out of memory, like xmalloc */
	yaml_parser_set_input_string(&parser, (const unsigned char *)doc->data, doc->len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	int rc = 0;
	for (bool done = false; !done && rc == 0;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(doc, &parser, err);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = handle_event(&b, &ev, err);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(b.stack);
	free(b.anchors);
	if (rc == 0)
		rc = check_all_duplicates(doc, err);
	return rc;
}

void ct_doc_release(struct compose_doc *doc)
{
	for (size_t i = 0; i < doc->n_nodes; i++) {
		struct ct_node *n = &doc->nodes[i];
		if (n->value)
			secure_wipe(n->value, n->vlen);
		free(n->value);
		free(n->anchor);
		free(n->kids);
	}
	free(doc->nodes);
	for (size_t i = 0; i < doc->n_pool; i++)
		secret_free(doc->pool[i]);
	free(doc->pool);
	for (size_t i = 0; i < doc->n_svc; i++) {
		free((void *)doc->svc[i].env);
		free((void *)doc->svc[i].ports);
		free((void *)doc->svc[i].volumes);
	}
	free(doc->svc);
	free(doc->svc_priv);
	free(doc->c2b);
	free(doc->line_starts);
	if (doc->data)
		secure_wipe(doc->data, doc->len);
	free(doc->data);
	free(doc->name);
}
