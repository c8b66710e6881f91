/* Shared helpers of the line-oriented readers (invenio.cfg, .env, .invenio):
 * the form of a text file (BOM, line ending, final newline), checks that it
 * is text at all, and line/offset arithmetic. Lines end with "\n" or
 * "\r\n"; a lone "\r" is refused, because Python and configparser would
 * read it as a line break where docker compose would not. */
#ifndef RDM_INSTANCE_LINES_TEXT_H
#define RDM_INSTANCE_LINES_TEXT_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define LINES_BOM "\xEF\xBB\xBF"
#define LINES_BOM_LEN 3

struct lines_form {
	bool bom;        /* starts with a UTF-8 BOM */
	const char *eol; /* "\r\n" if the first line ending is CRLF, else "\n" */
	bool final_eol;  /* empty, or ends with "\n" */
};

void lines_form_detect(const char *data, size_t len, struct lines_form *form);
/* Refuse NUL bytes, invalid UTF-8 and lone carriage returns, naming
 * file:line and a fix. kind says what the file is ("Python configuration"). */
int lines_text_check(const char *file, const char *kind, const char *data, size_t len,
		     struct rdm_error *err);
/* First invalid byte of s[0..n) as UTF-8, or n when all valid. */
size_t lines_utf8_invalid_at(const char *s, size_t n);

/* 1-based line number of offset off. */
unsigned lines_line_of(const char *data, size_t off);
/* Offset of the start of the line holding off. */
size_t lines_line_start(const char *data, size_t off);
/* Offset of the line ending ("\r\n" or "\n") of the line holding off, or len. */
size_t lines_line_end(const char *data, size_t len, size_t off);
/* Offset just after the line ending of the line holding off, or len. */
size_t lines_line_next(const char *data, size_t len, size_t off);
/* Start of the whole-line region [start, end) to delete. When the region
 * runs to the end of a file without a final line ending, the line ending
 * before it (not before lo) goes too, so that the file still ends without
 * one. */
size_t lines_cut_start(const char *data, size_t len, size_t start, size_t end, size_t lo);
/* True when data[start..end) holds only blanks (space, tab). */
bool lines_blank(const char *data, size_t start, size_t end);

/* out = data with [start, end) replaced by repl (rlen bytes). */
void lines_splice(struct buf *out, const char *data, size_t len, size_t start, size_t end,
		  const char *repl, size_t rlen);

#endif
