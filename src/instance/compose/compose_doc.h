/* Internal to the compose_* files: the parsed document and its node tree.
 * The tree is built from libyaml events (not the document API) because
 * editing needs what the document API throws away: which node is an alias,
 * the anchor names, and the exact byte span of every scalar. */
#ifndef RDM_INSTANCE_COMPOSE_DOC_H
#define RDM_INSTANCE_COMPOSE_DOC_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/compose/compose.h"

#define CT_NONE ((size_t)-1)

enum ct_kind { CT_SCALAR, CT_SEQ, CT_MAP, CT_ALIAS };
enum ct_style { CT_PLAIN, CT_SINGLE, CT_DOUBLE, CT_LITERAL, CT_FOLDED };

struct ct_node {
	enum ct_kind kind;
	enum ct_style style; /* scalars */
	bool flow;           /* collections: {...} / [...] */
	bool tagged;
	size_t prop_start;   /* byte offset where the node starts (anchor/tag included) */
	size_t start;        /* byte offset of the content (after anchor and tag) */
	size_t end;          /* scalars, aliases, flow collections: byte offset just
	                        after the content; block collections: CT_NONE (use
	                        ct_content_end) */
	char *anchor;        /* anchor defined on this node, or NULL */
	char *value;         /* scalar value (decoded), NUL-terminated */
	size_t vlen;
	size_t *kids;        /* SEQ: items; MAP: key, value, key, value, ... */
	size_t nkids, capkids;
	size_t target;       /* ALIAS: the anchored node */
	size_t parent;       /* enclosing collection, CT_NONE for the root */
};

/* One key/value pair of a mapping as seen after merge keys are applied. */
struct ct_pair {
	size_t key, value;   /* node indexes (value NOT resolved through aliases) */
	size_t container;    /* the mapping node that holds the pair in the file */
	bool via_alias, via_merge;
	const char *anchor;  /* innermost anchor crossed to reach the pair */
};

struct ct_pairs {
	struct ct_pair *v;
	size_t n, cap;
};

struct compose_service_priv {
	size_t key;          /* node of the service name */
	size_t value;        /* node of the service's value (may be an alias) */
	size_t map;          /* resolved mapping node of the service, CT_NONE if null */
};

struct compose_doc {
	char *name;
	char *data;
	size_t len;
	size_t *c2b;         /* libyaml character index -> byte offset */
	size_t nchars;
	size_t *line_starts; /* byte offset of each line's first byte */
	size_t nlines;
	const char *eol;     /* "\r\n" or "\n": the file's own line ending */
	struct ct_node *nodes;
	size_t n_nodes, cap_nodes;
	size_t root;         /* CT_NONE for an empty stream */
	size_t services;     /* resolved `services:` mapping node or CT_NONE */
	struct compose_service *svc;
	struct compose_service_priv *svc_priv;
	size_t n_svc;
	char **pool;         /* strings owned by the document (wiped on free) */
	size_t n_pool, cap_pool;
};

/* compose_tree.c */
int ct_build(struct compose_doc *doc, struct rdm_error *err);
size_t ct_byte_of_char(const struct compose_doc *doc, size_t index);
unsigned ct_line_of(const struct compose_doc *doc, size_t off);
unsigned ct_column_of(const struct compose_doc *doc, size_t off);
size_t ct_line_start(const struct compose_doc *doc, size_t off);
/* err->where = "name:line:col" of byte offset off. */
void ct_where(const struct compose_doc *doc, struct rdm_error *err, size_t off);
void ct_doc_release(struct compose_doc *doc);
char *ct_pool_add(struct compose_doc *doc, char *s);

/* compose_map.c */
size_t ct_resolve(const struct compose_doc *doc, size_t n);
bool ct_is_null(const struct compose_doc *doc, size_t n);
/* Resolved pairs of a mapping, merge keys applied; flags start from the way
 * the mapping itself was reached. */
int ct_map_pairs(const struct compose_doc *doc, size_t map, bool via_alias,
                 bool via_merge, const char *anchor, struct ct_pairs *out,
                 struct rdm_error *err);
const struct ct_pair *ct_pairs_find(const struct compose_doc *doc,
                                    const struct ct_pairs *p, const char *key);
void ct_pairs_free(struct ct_pairs *p);
int ct_check_duplicates(const struct compose_doc *doc, size_t map, struct rdm_error *err);
/* Byte offset just after the last character of node n (block collections:
 * of their last descendant). */
size_t ct_content_end(const struct compose_doc *doc, size_t n);
bool ct_is_merge_key(const struct compose_doc *doc, size_t key);

/* compose_read.c */
int compose_read_services(struct compose_doc *doc, struct rdm_error *err);

#endif
