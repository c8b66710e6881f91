/* What Python's ast.literal_eval() makes of a text, without Python.
 *
 * invenio-config's environment loader runs ast.literal_eval on every
 * INVENIO_* variable and keeps the raw text only when that raises
 * SyntaxError or ValueError (shared FACTS.md §5, §10): `0x1F` becomes the
 * int 31, `True` a bool, `'abc'` the str abc, `[1]` a list. To check what
 * the app really gets, rdm-s3 evaluates the value the same way:
 *
 *   - the text is left-stripped of spaces and tabs (Python >= 3.10) and
 *     parsed in eval mode: one expression, comments, blank lines and line
 *     continuations allowed, CR and CRLF read as newlines;
 *   - accepted: str and bytes literals (every prefix but f/t, implicit
 *     concatenation, every escape: \x \u \U octal, unknown escapes kept),
 *     int (0x/0o/0b, underscores; decimal ones with more than 4300 digits
 *     are a SyntaxError), float, imaginary numbers, True/False/None, `...`,
 *     tuples, lists, dicts, sets, set(), one unary + or - on a number, and
 *     real +/- imaginary (1+2j);
 *   - everything else raises, as the real one does: names, calls, other
 *     operators, f-strings, comprehensions; tokenizer errors (unterminated
 *     strings, bad escapes, leading zeros, more than 200 nested brackets)
 *     are SyntaxErrors;
 *   - an unhashable dict key or set element ({[1]: 2}) raises TypeError,
 *     which invenio-config does not catch: the app does not start. Errors
 *     are found in the order Python converts (parse first, then left to
 *     right, a dict key hashed after its value is converted).
 * Two things need Python itself, and say so (PYLIT_UNKNOWN): \N{NAME}
 * escapes (the Unicode name table), and a TypeError followed by text that
 * this reader does not parse (only Python knows whether it is a syntax
 * error, which would come first). Checked against the real ast.literal_eval
 * by tests/unit/test_pyliteral.c and tests/integration/test_invenio_loader.sh. */
#ifndef RDM_INSTANCE_PYLITERAL_H
#define RDM_INSTANCE_PYLITERAL_H

enum pylit_outcome {
	PYLIT_VALUE,       /* returns a value of `type` */
	PYLIT_NOT_LITERAL, /* SyntaxError or ValueError: the loader keeps the text */
	PYLIT_TYPE_ERROR,  /* TypeError: not caught by invenio-config */
	PYLIT_UNKNOWN,     /* only Python can tell (see above) */
};

enum pylit_type {
	PYLIT_STR = 0,
	PYLIT_BYTES,
	PYLIT_INT,
	PYLIT_FLOAT,
	PYLIT_COMPLEX,
	PYLIT_BOOL,
	PYLIT_NONE,
	PYLIT_ELLIPSIS,
	PYLIT_TUPLE,
	PYLIT_LIST,
	PYLIT_DICT,
	PYLIT_SET,
};

struct pylit {
	enum pylit_outcome outcome;
	enum pylit_type type; /* PYLIT_VALUE only */
	/* str(value) where rdm-s3 can know it: PYLIT_STR the string itself
	 * (NULL when it holds a NUL character or a lone surrogate, which a C
	 * string cannot carry); PYLIT_INT its decimal digits (NULL beyond
	 * 4300 digits); PYLIT_BOOL / PYLIT_NONE "True", "False", "None";
	 * else NULL. May be a secret: pylit_free wipes it. */
	char *text;
	/* For the outcomes other than PYLIT_VALUE: why, in a few words
	 * ("a name", "leading zeros in a decimal integer", ...); static. */
	const char *why;
};

/* Evaluate src (NUL-terminated; its bytes as the environment holds them:
 * invalid UTF-8 is not a literal, as Python fails to encode it). */
void pyliteral_eval(const char *src, struct pylit *out);
void pylit_free(struct pylit *p);
/* Python's name of the type: "str", "int", "NoneType", ... */
const char *pylit_type_name(enum pylit_type t);

#endif
