/* Internals of the invenio.cfg reader/editor shared by pycfg*.c: a Python
 * tokenizer good enough to find top-level statements, and literal codecs. */
#ifndef RDM_INSTANCE_PYCFG_INT_H
#define RDM_INSTANCE_PYCFG_INT_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/pycfg/pycfg.h"
#include "util/buf.h"
#include "util/error.h"

enum pytok_kind {
	PYTOK_NAME,
	PYTOK_NUMBER,
	PYTOK_STRING,
	PYTOK_OP,
	PYTOK_COMMENT,
	PYTOK_NEWLINE, /* end of a logical line that had tokens */
	PYTOK_EOF,
};

/* String prefix letters, as flags. */
enum { PYSTR_RAW = 1, PYSTR_BYTES = 2, PYSTR_FMT = 4, PYSTR_UNICODE = 8 };

struct pytok {
	enum pytok_kind kind;
	size_t start, end; /* bytes of the token */
	unsigned line, end_line;
	size_t col;        /* bytes from the start of its physical line */
	int depth;         /* bracket depth before the token */
	bool first;        /* first token of its logical line */
	/* PYTOK_STRING only: */
	unsigned str_flags;
	bool triple;
	char quote;
	size_t body_start, body_end; /* between the quotes */
};

struct pylex {
	const char *file;
	const char *data;
	size_t len, pos;
	unsigned line;
	int depth;
	bool logical_open; /* the current logical line has tokens */
	/* where line ls_line starts: found once per line, so that columns
	 * cost O(1) per token (a rescan per token made long lines quadratic) */
	unsigned ls_line;
	size_t ls_pos;
	/* open brackets: char and line, for unbalanced-bracket errors */
	char *open_ch;
	unsigned *open_line;
	size_t n_open, cap_open, cap_open_line;
};

void pylex_init(struct pylex *lx, const char *file, const char *data, size_t len);
void pylex_free(struct pylex *lx);
/* Next token; -1 with err on a lexical error (unterminated string, bad
 * bracket). Comments are returned as tokens; blank lines produce none. */
int pylex_next(struct pylex *lx, struct pytok *t, struct rdm_error *err);

/* Decode the body of a (non-bytes, non-f) string token, appending to out.
 * Returns 0, or -1 when the value cannot be known here (\N{...}, a NUL
 * character, a lone surrogate): the caller keeps value NULL. */
int pystr_decode(const char *data, const struct pytok *t, struct buf *out);

/* Top-level statement scan shared by parse and edit. */
int pycfg_scan(struct pycfg *cfg, struct rdm_error *err);
/* Is name used (as a NAME token) anywhere but as the target of its own
 * top-level assignments? Returns its first such line, or 0. */
unsigned pycfg_name_used_at(const struct pycfg *cfg, const char *name);
/* Literal source text for v (appended to out), quote preference q. */
int pycfg_literal(struct buf *out, const struct pycfg_value *v, char q, struct rdm_error *err);
/* Read the edited bytes nb (wiped and freed here) into out, with cfg's
 * file name; an error here means an edit broke the file (a bug). */
int pycfg_reread(const struct pycfg *cfg, struct buf *nb, struct pycfg *out,
		 struct rdm_error *err);
/* nb = cfg's text with stmt (one statement, no line ending) added to the
 * rdm-s3 marked block (created at the end when absent); before_csp: ahead
 * of a CSP append inside the block. */
int pycfg_block_insert(const struct pycfg *cfg, const char *stmt, bool before_csp, struct buf *nb,
		       struct rdm_error *err);
/* Make cfg the document `with` (moved; cfg's old content is wiped). */
void pycfg_replace(struct pycfg *cfg, struct pycfg *with);

#endif
