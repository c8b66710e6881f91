/* Internal to pyliteral*.c: the tokenizer of the literal evaluator.
 * It follows CPython 3.11's tokenizer for the tokens a literal can hold,
 * and stops (PT_STOP) where it would need the rest of Python's grammar. */
#ifndef RDM_INSTANCE_PYLITERAL_INT_H
#define RDM_INSTANCE_PYLITERAL_INT_H
#include <stddef.h>

#include "instance/pycfg/pyliteral.h"
#include "util/buf.h"

#define PYLIT_MAX_DEPTH 200       /* CPython's tokenizer MAXLEVEL */
#define PYLIT_INT_MAX_DIGITS 4300 /* sys.int_info.default_max_str_digits */

enum ptok_kind {
	PT_END,      /* end of input */
	PT_NEWLINE,  /* end of a logical line that had tokens */
	PT_NUMBER,
	PT_STRING,
	PT_NAME,     /* an ASCII identifier or keyword */
	PT_OP,       /* op: ( ) [ ] { } , : + - or '?' for any other operator */
	PT_ELLIPSIS, /* ... */
	PT_ERROR,    /* a SyntaxError, whatever surrounds it (why says which) */
	PT_STOP,     /* text this reader does not follow (an f-string, a
			non-ASCII name, a number glued to a word): not a
			literal, but maybe not a syntax error either */
};

enum pnum_kind { PNUM_INT, PNUM_FLOAT, PNUM_IMAG };

struct ptok {
	enum ptok_kind kind;
	size_t start, end; /* bytes of the token in the lexer's text */
	char op;
	/* PT_NUMBER */
	enum pnum_kind num;
	int base;          /* PNUM_INT: 2, 8, 10 or 16 */
	size_t digits_start; /* PNUM_INT: after a 0x/0o/0b prefix */
	/* PT_STRING */
	int bytes;         /* a b prefix */
	int unrepresentable; /* holds a NUL or a lone surrogate */
	int unknown;       /* holds a \N{...} escape */
	struct buf value;  /* decoded str (not for bytes) */
	const char *why;   /* PT_ERROR, PT_STOP */
};

struct plex {
	char *text;        /* the input, newlines translated, left-stripped */
	size_t n, pos;
	char stack[PYLIT_MAX_DEPTH];
	int depth;
	int line_has_tokens; /* the current logical line has tokens */
	int bol;           /* at a physical line start, no token yet */
};

/* Returns -1 when src is not valid UTF-8 (not a literal), else 0. */
int plex_init(struct plex *lx, const char *src);
void plex_free(struct plex *lx);
/* The next token into t (t->value is reset, t must be initialised with
 * ptok_init once). */
void plex_next(struct plex *lx, struct ptok *t);
void ptok_init(struct ptok *t);
void ptok_free(struct ptok *t);

/* Decimal digits of an integer literal's digits (underscores skipped) in
 * base 2, 8, 10 or 16, with a '-' when negative; NULL beyond 4300 decimal
 * digits. */
char *pylit_int_decimal(const char *digits, size_t n, int base, int negative);

#endif
