/* Docker compose interpolation in values: "$$" is a literal '$', "${VAR}"
 * and "$VAR" are references (with ":-", "-", ":?", "?", ":+", "+" forms).
 * rdm-s3 only needs to tell a literal from a lone reference (e.g. a secret
 * moved to .env); anything else is reported as mixed. */
#include "config.h"
#include "instance/compose/compose.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

static bool name_start(char c) { return c == '_' || isalpha((unsigned char)c); }
static bool name_char(char c) { return c == '_' || isalnum((unsigned char)c); }

struct interp_scan {
	struct buf literal;
	size_t refs;
	char *name;     /* of the last reference */
	char *dflt;     /* its ":-"/"-" default */
};

/* Parse "${...}" starting at p[0] == '$', p[1] == '{'; returns the length
 * consumed, 0 when malformed (then compose would reject it; we keep it as
 * text). */
static size_t scan_braced(const char *p, struct interp_scan *sc)
{
	size_t i = 2;
	if (!name_start(p[i]))
		return 0;
	while (name_char(p[i]))
		i++;
	size_t name_end = i;
	size_t op = i, op_len = 0;
	if (p[i] == ':' && strchr("-?+", p[i + 1]) && p[i + 1])
		op_len = 2;
	else if (p[i] && strchr("-?+", p[i]))
		op_len = 1;
	else if (p[i] != '}')
		return 0;
	i += op_len;
	size_t arg = i;
	for (int depth = 1; p[i]; i++) {
		if (p[i] == '{')
			depth++;
		else if (p[i] == '}' && --depth == 0)
			break;
	}
	if (p[i] != '}')
		return 0;
	free(sc->name);
	free(sc->dflt);
	sc->name = xstrndup(p + 2, name_end - 2);
	sc->dflt = NULL;
	if (op_len && p[op + op_len - 1] == '-')
		sc->dflt = xstrndup(p + arg, i - arg);
	sc->refs++;
	return i + 1;
}

enum compose_interp compose_interp_classify(const char *text, char **out, char **dflt)
{
	struct interp_scan sc = { BUF_INIT, 0, NULL, NULL };
	bool literal_chars = false;
	for (const char *p = text; *p;) {
		size_t used = 0;
		if (p[0] == '$' && p[1] == '$') {
			buf_putc(&sc.literal, '$');
			literal_chars = true;
			p += 2;
			continue;
		}
		if (p[0] == '$' && p[1] == '{')
			used = scan_braced(p, &sc);
		else if (p[0] == '$' && name_start(p[1])) {
			used = 1;
			while (name_char(p[used]))
				used++;
			free(sc.name);
			free(sc.dflt);
			sc.name = xstrndup(p + 1, used - 1);
			sc.dflt = NULL;
			sc.refs++;
		}
		if (used) {
			p += used;
			continue;
		}
		buf_putc(&sc.literal, *p++);
		literal_chars = true;
	}
	enum compose_interp kind = sc.refs == 0 ? COMPOSE_INTERP_LITERAL
	                           : (sc.refs == 1 && !literal_chars) ? COMPOSE_INTERP_REF
	                                                              : COMPOSE_INTERP_MIXED;
	*out = NULL;
	if (dflt)
		*dflt = NULL;
	if (kind == COMPOSE_INTERP_LITERAL) {
		*out = buf_detach(&sc.literal);
	} else if (kind == COMPOSE_INTERP_REF) {
		*out = sc.name;
		sc.name = NULL;
		if (dflt) {
			*dflt = sc.dflt;
			sc.dflt = NULL;
		}
	}
	buf_free_secret(&sc.literal);
	free(sc.name);
	free(sc.dflt);
	return kind;
}
