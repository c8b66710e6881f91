/* .invenio and .invenio.private: the INI files invenio-cli reads and writes
 * with Python's configparser (ConfigParser(): `=` or `:` delimiters, full-line
 * `#`/`;` comments, indented continuation lines, option names compared
 * case-insensitively, duplicate sections/options are errors, `%` starts an
 * interpolation).
 *
 * rdm-s3 keeps its own record in a `[rdm-s3]` section of .invenio, e.g.
 *   [rdm-s3]
 *   bucket = default
 * (INI_RDM_SECTION below).
 *
 * Edits splice bytes into a copy of the text: a key set in place keeps its
 * delimiter spacing; a new key goes after the section's last option; a new
 * section is appended at the end after a blank line; everything else stays
 * byte-identical. Nothing here touches the disk.
 */
#ifndef RDM_INSTANCE_INI_H
#define RDM_INSTANCE_INI_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/origin.h"
#include "util/buf.h"
#include "util/error.h"

#define INI_RDM_SECTION "rdm-s3"

struct ini_entry {
	char *section;  /* as written in the file */
	char *key;      /* as written in the file (compare with ini_get) */
	char *value;    /* value as configparser reads it (stripped; continuation
			 * lines joined with '\n'; "" for `key =`) */
	unsigned line;     /* 1-based line of the key */
	unsigned end_line; /* last continuation line */
	size_t line_start; /* offset of the key line */
	size_t line_end;   /* offset before the line ending of end_line */
	size_t value_start, value_end; /* raw value on the key line */
	struct inst_origin origin;
};

struct ini_section {
	char *name;
	unsigned line;       /* line of the [header] */
	size_t header_start; /* offset of the header line */
	size_t body_end;     /* offset after the section's last option (or after
			      * its header line when it has none) */
};

struct ini {
	char *file;      /* ".invenio": name for messages and origins */
	struct buf text; /* current content */
	struct ini_section *sections;
	size_t n_sections;
	struct ini_entry *entries; /* file order */
	size_t n_entries;
	bool bom;
	const char *eol; /* "\n" or "\r\n" */
	bool final_eol;
};

/* Parse; errors (key before any section, unclosed [header, duplicate section
 * or option, NUL byte, invalid UTF-8) name file:line and a fix. On error the
 * document is empty (ini_free is safe). */
int ini_parse(struct ini *ini, const char *file, const char *data, size_t len,
	      struct rdm_error *err);
void ini_init_empty(struct ini *ini, const char *file);
void ini_free(struct ini *ini);

/* Section names match exactly; keys case-insensitively (configparser
 * lower-cases option names). NULL when absent. */
const struct ini_entry *ini_get(const struct ini *ini, const char *section, const char *key);
const char *ini_get_value(const struct ini *ini, const char *section, const char *key);
bool ini_has_section(const struct ini *ini, const char *section);

/* Set section.key = value, creating the section at the end when absent.
 * 1 changed, 0 already that value, -1 error (ini unchanged). Values must be
 * one line without leading/trailing blanks and without '%' (configparser
 * would interpolate it); keys are [A-Za-z0-9_.-]+. */
int ini_set(struct ini *ini, const char *section, const char *key, const char *value,
	    struct rdm_error *err);
/* Remove section.key (1 removed, 0 absent, -1 error). The section header
 * stays even when it becomes empty. */
int ini_remove(struct ini *ini, const char *section, const char *key, struct rdm_error *err);

#endif
