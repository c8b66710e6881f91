/* .env: the KEY=VALUE file that docker compose reads beside the compose
 * files (and that `pipenv run` loads with python-dotenv).
 *
 * Reading follows docker compose's dotenv rules (compose-go): optional
 * `export ` prefix, indented keys, `KEY: value` accepted, unquoted values end
 * at ` #` (a '#' after whitespace) and are right-trimmed, single quotes are
 * literal (only \' is an escape), double quotes take \n \r \t \" \\ \$ ...
 * escapes, quoted values may span lines; `$VAR`/`${VAR}` interpolation is
 * noted (`interpolated`), never expanded. A UTF-8 BOM and CRLF endings are
 * accepted and kept. Duplicate keys: the last wins, the earlier ones have
 * `overridden` set.
 *
 * Editing splices bytes into a copy of the text: set in place keeping the
 * `export ` prefix, indentation, quoting style and any trailing comment; add
 * appends at the end with the file's line ending and a final newline; remove
 * deletes the line. Values are quoted so that docker compose and
 * python-dotenv read the same string: bare when safe, else single quotes,
 * else double quotes with \\ \" \n \t escapes (never for a '$': compose
 * would interpolate it), else single quotes with \' escapes; a value that
 * none of these carries unchanged through both readers (e.g. '$' with a
 * "\\" pair or a control character) is refused. Nothing here touches the
 * disk; a new file created from scratch must be written 0600 by the caller.
 */
#ifndef RDM_INSTANCE_DOTENV_H
#define RDM_INSTANCE_DOTENV_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/origin.h"
#include "util/buf.h"
#include "util/error.h"

enum dotenv_quote {
	DOTENV_BARE = 0,
	DOTENV_SINGLE,
	DOTENV_DOUBLE,
	DOTENV_INHERITED, /* `KEY` alone on a line: taken from the environment */
};

struct dotenv_entry {
	char *key;
	char *value;        /* decoded as docker compose does; NULL if INHERITED; may be a secret */
	enum dotenv_quote quote;
	bool exported;      /* `export ` prefix */
	bool interpolated;  /* bare/double-quoted value with '$' (compose would expand it) */
	/* The value reads differently with python-dotenv (pipenv) than with
	 * docker compose (e.g. "\\" in single quotes). */
	bool ambiguous;
	/* A bare value that starts with '#', e.g. `KEY=   # comment`: compose
	 * and python-dotenv both read "# comment" as the value, not a comment. */
	bool hash_value;
	bool overridden;    /* a later line sets the same key */
	unsigned line;      /* 1-based line of the key */
	unsigned end_line;  /* last line (quoted values may span lines) */
	size_t line_start;  /* offset of the line start */
	size_t line_end;    /* offset before the line ending of end_line */
	size_t value_start, value_end; /* raw value text (with quotes) */
	struct inst_origin origin;
};

struct dotenv {
	char *file;       /* ".env": name for messages and origins */
	struct buf text;  /* current content (may hold secrets) */
	struct dotenv_entry *entries; /* file order, duplicates included */
	size_t n_entries;
	bool bom;
	const char *eol;  /* "\n" or "\r\n" (first line ending; default "\n") */
	bool final_eol;   /* ends with a line ending (or empty) */
};

/* Parse; errors (unterminated quote, bad key character, NUL byte, invalid
 * UTF-8, text after a closing quote) name file:line and a fix. On error the
 * document is empty (dotenv_free is safe). */
int dotenv_parse(struct dotenv *env, const char *file, const char *data, size_t len,
		 struct rdm_error *err);
/* An empty document for a file that does not exist yet. */
void dotenv_init_empty(struct dotenv *env, const char *file);
/* Wipes text and values, frees fields. */
void dotenv_free(struct dotenv *env);

/* The entry in effect for key (the last one), or NULL. */
const struct dotenv_entry *dotenv_get(const struct dotenv *env, const char *key);
size_t dotenv_count(const struct dotenv *env, const char *key);
/* [A-Za-z_][A-Za-z0-9_]* (what rdm-s3 writes; reading accepts compose's wider set). */
bool dotenv_key_valid(const char *key);

/* Set key to value (1 changed, 0 already that value, -1 error with env
 * unchanged). When the key appears several times, the last line is edited
 * and the earlier ones stay (they are overridden anyway). */
int dotenv_set(struct dotenv *env, const char *key, const char *value, struct rdm_error *err);
/* Remove every line setting key (1 removed, 0 absent, -1 error). */
int dotenv_remove(struct dotenv *env, const char *key, struct rdm_error *err);

/* The portable source form of value (appended to out): bare, 'single' or
 * "double". prefer: the style to keep when it can represent the value
 * (DOTENV_BARE lets the function pick). -1 with err for values that cannot
 * be written portably (control characters, invalid UTF-8, ...). */
int dotenv_quote_value(struct buf *out, const char *value, enum dotenv_quote prefer,
		       struct rdm_error *err);

#endif
