/* invenio.cfg: read and edit the top-level `NAME = literal` assignments of a
 * Python configuration module without a Python interpreter.
 *
 * A careful lexer (strings of every kind, comments, brackets, line joins)
 * finds the top-level statements; only upper-case names are recorded, since
 * Flask keeps only those. Docstrings, ''' strings, comments and indented code
 * are never assignments. Edits splice bytes into a copy of the text, so
 * everything else (comments, CRLF, a BOM, a missing final newline) stays
 * byte-identical; nothing here touches the disk.
 *
 * Editing rules:
 *  - set: a simple one-line literal is rewritten in place (quote style of
 *    the line kept when possible, spacing around '=' and a trailing comment
 *    kept); a missing name goes into ONE marked block at the end of the file
 *      # --- rdm-s3: S3 storage settings (managed by rdm-s3) ---
 *      S3_REGION_NAME = 'eu-west-1'
 *      # --- end rdm-s3 ---
 *    (reused when present); a computed value (expression, dict, multi-line,
 *    parenthesised string, r-string, ...) is refused with file:line and a fix.
 *  - remove: every assignment of the name must be a simple literal; refused
 *    when the name is still used by other code (e.g. the CSP append).
 *  - Each edit re-reads its result and checks the value reads back before the
 *    document is changed; on error the document is unchanged.
 */
#ifndef RDM_INSTANCE_PYCFG_H
#define RDM_INSTANCE_PYCFG_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/origin.h"
#include "util/buf.h"
#include "util/error.h"

#define PYCFG_BLOCK_BEGIN "# --- rdm-s3: S3 storage settings (managed by rdm-s3) ---"
#define PYCFG_BLOCK_END "# --- end rdm-s3 ---"

enum pycfg_type {
	PYCFG_STR,   /* 'text', "text", u'text' (and read-only: r'..', 'a' 'b') */
	PYCFG_INT,   /* 300, -1, 0x1F, 1_000 */
	PYCFG_FLOAT, /* 1.5, 1e3 */
	PYCFG_BOOL,  /* True / False */
	PYCFG_NONE,  /* None */
	PYCFG_OTHER, /* anything else: expression, dict, list, call, name, ... */
};

/* One top-level assignment `NAME = ...` of an upper-case NAME. */
struct pycfg_assign {
	char *name;
	enum pycfg_type type;
	/* true: one-line `NAME = literal` (optionally a trailing comment) that
	 * pycfg_set/pycfg_remove may rewrite. */
	bool simple;
	/* Decoded value: string contents for PYCFG_STR (also for read-only
	 * r-strings and implicit concatenations), the literal text for
	 * INT/FLOAT, "True"/"False"/"None". NULL when it cannot be known
	 * without running Python (PYCFG_OTHER). May be a secret. */
	char *value;
	/* Why it is not simple, for messages ("an expression", "a multi-line
	 * value", ...); static string, NULL when simple. */
	const char *why;
	unsigned line;     /* 1-based line of NAME */
	unsigned end_line; /* last line of the statement */
	size_t stmt_start, stmt_end;   /* bytes: line start .. before its line ending */
	size_t value_start, value_end; /* bytes: the raw value text */
	char quote;    /* '\'' or '"' for a simple PYCFG_STR, else 0 */
	bool in_block; /* inside the rdm-s3 marked block */
	bool overridden; /* a later top-level assignment of the name wins */
	struct inst_origin origin; /* file:line */
};

struct pycfg {
	char *file;      /* name for messages and origins, e.g. "invenio.cfg" */
	struct buf text; /* current content; edits replace it (may hold secrets) */
	struct pycfg_assign *assigns; /* every top-level assignment, file order */
	size_t n_assigns;
	bool bom;        /* starts with a UTF-8 byte order mark */
	const char *eol; /* "\n" or "\r\n": the first line ending (default "\n") */
	bool final_eol;  /* text ends with a line ending (or is empty) */
	/* APP_DEFAULT_SECURE_HEADERS['content_security_policy']['default-src']
	 * .append(S3_ENDPOINT_URL): 1-based line of its first line, 0 if absent. */
	unsigned csp_append_line;
	/* The marked block: lines of the begin/end markers, 0 when absent. */
	unsigned block_begin_line, block_end_line;
	size_t block_begin, block_end; /* offsets of the two marker lines */
	/* A marker without its partner or a second begin marker: the line of
	 * the offending marker (adding settings is refused), else 0. */
	unsigned block_problem_line;
};

/* Parse data (len bytes; NUL bytes, invalid UTF-8, unterminated strings and
 * unbalanced brackets are errors naming file:line and a fix). file is the
 * name used in messages and origins. On success the caller frees with
 * pycfg_free; on error cfg is left empty (pycfg_free is still safe). */
int pycfg_parse(struct pycfg *cfg, const char *file, const char *data, size_t len,
		struct rdm_error *err);
/* Wipes the text and values (they may hold secrets) and frees. NULL-safe
 * for fields; cfg itself is not freed. */
void pycfg_free(struct pycfg *cfg);

/* The assignment in effect (the last one), or NULL. */
const struct pycfg_assign *pycfg_get(const struct pycfg *cfg, const char *name);
/* How many top-level assignments the name has (>1: duplicates; the last
 * wins, the others have `overridden` set). */
size_t pycfg_count(const struct pycfg *cfg, const char *name);
/* True when NAME is a valid upper-case config name ([A-Z_][A-Z0-9_]*, with
 * at least one letter). */
bool pycfg_name_valid(const char *name);

/* A value to write. For PYCFG_STR text is the string (valid UTF-8; it is
 * quoted and escaped here); for INT/FLOAT the literal text (checked); BOOL
 * "True"/"False"; NONE ignores text. PYCFG_OTHER is refused. */
struct pycfg_value {
	enum pycfg_type type;
	const char *text;
};

/* Return 1 when the text changed, 0 when the setting already had exactly
 * that value (nothing changed), -1 on error (err filled; cfg unchanged).
 * New text is in cfg->text; call again for more edits. */
int pycfg_set(struct pycfg *cfg, const char *name, const struct pycfg_value *v,
	      struct rdm_error *err);
int pycfg_set_str(struct pycfg *cfg, const char *name, const char *value,
		  struct rdm_error *err);
/* Remove every assignment of name (1 removed, 0 absent, -1 refused). An
 * emptied marked block is removed with its markers. */
int pycfg_remove(struct pycfg *cfg, const char *name, struct rdm_error *err);
/* Make sure the CSP append statement exists: when absent, it goes into the
 * marked block after the settings (S3_ENDPOINT_URL must be set by then, else
 * an error). 1 added, 0 already present, -1 error. */
int pycfg_ensure_csp_append(struct pycfg *cfg, struct rdm_error *err);

/* Set name to a Python expression written by rdm-s3 (e.g. a list of CORS
 * rules): replaces the whole value of the assignment in effect, or adds
 * `NAME = expr` to the marked block. 1 changed, 0 already so, -1 error. */
int pycfg_set_expr(struct pycfg *cfg, const char *name, const char *expr, struct rdm_error *err);
/* One entry of a dict display `NAME = {...}` (S3_CONFIG_EXTRA): set key to
 * the string value (the entry's value replaced, or a new entry added in
 * the dict's layout: one per line or all on one line), or remove it; every
 * other entry stays byte-identical. A missing NAME is created as
 * {'key': 'value'}. A value that is not a {...} display (dict(...), a
 * name, a ** spread) is refused with file:line and a fix. 1 changed, 0
 * already so, -1 error. */
int pycfg_dict_set_str(struct pycfg *cfg, const char *name, const char *key, const char *value,
		       struct rdm_error *err);
int pycfg_dict_remove(struct pycfg *cfg, const char *name, const char *key, struct rdm_error *err);
/* The source text of key's value in NAME's dict display (allocated): 1
 * found, 0 absent (or NAME unset), -1 NAME is not a {...} display. */
int pycfg_dict_get_str(const struct pycfg *cfg, const char *name, const char *key, char **out);

/* A Python literal expression (strs, numbers, True/False/None, lists,
 * dicts, trailing commas allowed) as JSON text, appended to out; file
 * names it in errors. -1 for anything else (names, calls, operators). */
int pycfg_literal_json(const char *file, const char *expr, struct buf *out, struct rdm_error *err);

/* Python source form of a str value (escaped, quoted with quote, '\'' or
 * '"'; the other quote is used when it avoids escapes). Appends to out.
 * -1 (err set) for invalid UTF-8. */
int pycfg_quote_str(struct buf *out, const char *value, char quote, struct rdm_error *err);

#endif
