/* Internal to the compose editor: an edit is one splice (replace the bytes
 * [start, end) of the original by `text`), found by walking the node tree. */
#ifndef RDM_INSTANCE_COMPOSE_EDIT_H
#define RDM_INSTANCE_COMPOSE_EDIT_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/compose/compose_doc.h"
#include "instance/compose/compose_quote.h"
#include "util/buf.h"

struct ce_splice {
	size_t start, end;
	struct buf text;
	bool noop;           /* the file already says so */
	const char *anchor;  /* anchor whose bytes are edited (for messages), or NULL */
};

/* What to edit: service, variable, and the compose text to write (NULL to
 * remove the variable). */
struct ce_target {
	const struct compose_doc *doc;
	size_t svc;          /* index into doc->svc */
	const char *key;
	const char *raw;
	size_t map;          /* resolved mapping of the service */
	struct ct_pair env;  /* the `environment` pair; env.key == CT_NONE if absent */
	bool force_own;      /* add the key to the service's own mapping even when
	                        it comes through `<<:` (COMPOSE_SHARED_OVERRIDE) */
};

/* compose_edit_text.c: small text helpers */
size_t ce_after_line(const struct compose_doc *doc, size_t off);
bool ce_blank_before(const struct compose_doc *doc, size_t off);
void ce_indent(const struct compose_doc *doc, size_t off, struct buf *out);
size_t ce_indent_step(const struct compose_doc *doc, const struct ce_target *t);
enum cq_style ce_style_of(const struct compose_doc *doc, size_t node);
bool ce_in_flow(const struct compose_doc *doc, size_t node);
/* Insert `line` (without line ending) as a new line after the line holding
 * byte `after`, with the file's line ending. */
void ce_insert_line(const struct compose_doc *doc, size_t after, const struct buf *line,
                    struct ce_splice *sp);
/* Remove whole lines from the line holding `from` to the line holding
 * `to` (inclusive), keeping a missing final newline missing. */
void ce_remove_lines(const struct compose_doc *doc, size_t from, size_t to, struct ce_splice *sp);
int ce_add_env_block(const struct ce_target *t, struct ce_splice *sp, struct rdm_error *err);
int ce_fill_null_env(const struct ce_target *t, struct ce_splice *sp, struct rdm_error *err);

/* compose_edit_remove.c */
int ce_remove_entry(const struct ce_target *t, size_t container, size_t first, size_t last,
                    struct ce_splice *sp, struct rdm_error *err);

/* compose_verify.c: every value rdm-s3 reads is the same in a and b. */
bool ce_same_service(const struct compose_service *a, const struct compose_service *b);
/* compose_verify.c: apply the splice, parse again, check that only the
 * intended value changed, apply the shared-anchor policy, fill `out`.
 * Returns 0, -1 on error, or 1 when refused because other services would
 * change too (err is set then as well). */
int ce_finish(const struct ce_target *t, struct ce_splice *sp, enum compose_shared_policy policy,
              struct compose_edit *out, struct rdm_error *err);

#endif
