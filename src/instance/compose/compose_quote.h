/* Writing one YAML scalar so that it reads back as exactly the given string:
 * plain when that is safe, else single or double quotes. Internal to the
 * compose editor. */
#ifndef RDM_INSTANCE_COMPOSE_QUOTE_H
#define RDM_INSTANCE_COMPOSE_QUOTE_H
#include <stdbool.h>

#include "util/buf.h"

enum cq_style { CQ_PLAIN, CQ_SINGLE, CQ_DOUBLE };

/* Is s valid UTF-8 (the only encoding a compose file can carry)? */
bool cq_valid_utf8(const char *s);
/* Can s be written as a plain scalar that YAML reads back as this string
 * (not null/bool/number, no indicator, ": " or " #", no outer blanks)?
 * `flow`: inside {...} or [...], where ",[]{}" end a plain scalar too. */
bool cq_plain_ok(const char *s, bool flow);
/* Can s be written in single quotes (printable characters only)? */
bool cq_single_ok(const char *s);
/* Append s in the preferred style if it can be represented there, else
 * double-quoted (which can represent anything). Returns the style used. */
enum cq_style cq_emit(struct buf *out, const char *s, enum cq_style preferred, bool flow);

#endif
