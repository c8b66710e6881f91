/* Unified diffs of two in-memory texts, for `--dry-run` and the review
 * screen: `--- a/FILE` / `+++ b/FILE` headers (`/dev/null` for a side that
 * does not exist), `@@ -l,n +l,n @@` hunks with 3 lines of context, and
 * `\ No newline at end of file` as GNU diff and git print them, so the
 * output can be applied with `patch -p1` or `git apply`.
 *
 * Lines are compared byte for byte including their line ending, so a CRLF
 * file diffs correctly and a missing final newline is a change. The edit
 * script is Myers' O(ND) shortest one (the files are small; memory is
 * O(D^2) for D changed lines).
 *
 * Secrets: the caller lists every secret value (each spelling it may have
 * in the file, e.g. raw and quoted); every occurrence in the printed lines
 * is replaced by "********". The diff itself is computed on the real
 * bytes, so masking never hides that a line changed. */
#ifndef RDM_UTIL_DIFF_H
#define RDM_UTIL_DIFF_H
#include <stddef.h>

#include "util/buf.h"

struct diff_text {
	const char *data; /* borrowed */
	size_t len;
	int exists;       /* 0: the file does not exist (shown as /dev/null) */
};

struct diff_opts {
	const char *const *secrets; /* borrowed; n_secrets strings to mask */
	size_t n_secrets;
	unsigned context;           /* lines of context; 0 means 3 */
};

/* Append the diff of old → new, labelled a/name and b/name, to out.
 * Appends nothing and returns 0 when the texts are equal; otherwise returns
 * the number of hunks. opts may be NULL. */
int diff_unified(struct buf *out, const char *name, const struct diff_text *old_text,
		 const struct diff_text *new_text, const struct diff_opts *opts);

#endif
