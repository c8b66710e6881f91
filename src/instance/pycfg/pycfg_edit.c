/* Editing invenio.cfg: rewrite simple literals in place, add settings to the
 * rdm-s3 marked block, remove settings. Every edit builds new bytes, reads
 * them back, checks the result, and only then replaces the document. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/lines_text.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define CSP_STMT_HEAD "APP_DEFAULT_SECURE_HEADERS['content_security_policy']['default-src'].append("

int pycfg_reread(const struct pycfg *cfg, struct buf *nb, struct pycfg *out,
		 struct rdm_error *err)
{
	int rc = pycfg_parse(out, cfg->file, buf_str(nb), nb->len, err);
	buf_free_secret(nb);
	if (rc < 0)
		rdm_error_prefix(err, _("internal error: the edited %s does not read back"), cfg->file);
	return rc;
}

void pycfg_replace(struct pycfg *cfg, struct pycfg *with)
{
	pycfg_free(cfg);
	*cfg = *with;
	memset(with, 0, sizeof(*with));
}

static bool same_value(const struct pycfg_assign *a, const struct pycfg_value *v)
{
	if (a->type != v->type || !a->simple)
		return false;
	if (v->type == PYCFG_NONE)
		return true;
	return a->value && strcmp(a->value, v->text ? v->text : "") == 0;
}

static int refuse(const struct pycfg *cfg, const struct pycfg_assign *a, const char *verb,
		  struct rdm_error *err)
{
	rdm_error_set(err, _("cannot %s %s: its value in %s is %s, not a simple literal"), verb,
		      a->name, cfg->file, a->why ? a->why : _("not a literal"));
	if (a->end_line > a->line)
		rdm_error_where(err, _("%s:%u (to line %u)"), cfg->file, a->line, a->end_line);
	else
		rdm_error_where(err, "%s:%u", cfg->file, a->line);
	rdm_error_remedy(err, _("edit it by hand or replace it with a simple literal on one line "
			      "(like %s = 'value' or a plain number), then run rdm-s3 again"), a->name);
	return -1;
}

static size_t offset_of_line(const struct pycfg *cfg, unsigned line)
{
	const char *d = buf_str(&cfg->text);
	size_t off = 0;
	for (unsigned l = 1; l < line && off < cfg->text.len; l++)
		off = lines_line_next(d, cfg->text.len, off);
	return off;
}

/* nb = the text with stmt (no line ending) added to the marked block, which
 * is created at the end of the file when absent. before_csp: put it ahead of
 * a CSP append inside the block (settings must be defined before it). */
int pycfg_block_insert(const struct pycfg *cfg, const char *stmt, bool before_csp, struct buf *nb,
		       struct rdm_error *err)
{
	const char *d = buf_str(&cfg->text);
	size_t len = cfg->text.len;
	if (cfg->block_problem_line) {
		rdm_error_set(err, _("the rdm-s3 block markers in %s are incomplete or repeated"), cfg->file);
		rdm_error_where(err, "%s:%u", cfg->file, cfg->block_problem_line);
		rdm_error_remedy(err, _("keep exactly one '%s' line and one '%s' line after it, or remove both"),
				 PYCFG_BLOCK_BEGIN, PYCFG_BLOCK_END);
		return -1;
	}
	if (cfg->block_begin_line) {
		size_t pos = cfg->block_end;
		if (before_csp && cfg->csp_append_line > cfg->block_begin_line &&
		    cfg->csp_append_line < cfg->block_end_line)
			pos = offset_of_line(cfg, cfg->csp_append_line);
		buf_append(nb, d, pos);
		buf_puts(nb, stmt);
		buf_puts(nb, cfg->eol);
		buf_append(nb, d + pos, len - pos);
		return 0;
	}
	buf_append(nb, d, len);
	size_t head = cfg->bom ? LINES_BOM_LEN : 0;
	if (len > head && !cfg->final_eol)
		buf_puts(nb, cfg->eol);
	if (nb->len > head) { /* separate the block from the last line by a blank line */
		size_t last = lines_line_start(nb->data, nb->len - 1);
		if (!lines_blank(nb->data, last, lines_line_end(nb->data, nb->len, last)))
			buf_puts(nb, cfg->eol);
	}
	buf_printf(nb, "%s%s%s%s%s", PYCFG_BLOCK_BEGIN, cfg->eol, stmt, cfg->eol, PYCFG_BLOCK_END);
	if (cfg->final_eol || len <= head)
		buf_puts(nb, cfg->eol);
	return 0;
}

int pycfg_set(struct pycfg *cfg, const char *name, const struct pycfg_value *v,
	      struct rdm_error *err)
{
	if (!pycfg_name_valid(name))
		return rdm_error_set(err, _("'%s' is not an upper-case setting name"), name);
	const struct pycfg_assign *a = pycfg_get(cfg, name);
	if (a && !a->simple)
		return refuse(cfg, a, _("change"), err);
	if (a && same_value(a, v))
		return 0;
	struct buf lit = BUF_INIT_SECRET, nb = BUF_INIT_SECRET;
	char q = a && a->type == PYCFG_STR && a->quote ? a->quote : '\'';
	if (pycfg_literal(&lit, v, q, err) < 0) {
		rdm_error_prefix(err, _("cannot write %s"), name);
		buf_free_secret(&lit);
		return -1;
	}
	int rc = 0;
	if (a) {
		lines_splice(&nb, buf_str(&cfg->text), cfg->text.len, a->value_start, a->value_end,
			     lit.data, lit.len);
	} else {
		char *stmt = xasprintf("%s = %s", name, buf_str(&lit));
		rc = pycfg_block_insert(cfg, stmt, true, &nb, err);
		secret_free(stmt);
	}
	buf_free_secret(&lit);
	struct pycfg tmp;
	if (rc < 0 || pycfg_reread(cfg, &nb, &tmp, err) < 0) {
		buf_free_secret(&nb);
		return -1;
	}
	const struct pycfg_assign *b = pycfg_get(&tmp, name);
	if (!b || !same_value(b, v) || tmp.n_assigns != cfg->n_assigns + (a ? 0 : 1)) {
		pycfg_free(&tmp);
		rdm_error_set(err, _("internal error: %s did not read back after editing %s"), name, cfg->file);
		return -1;
	}
	pycfg_replace(cfg, &tmp);
	return 1;
}

int pycfg_set_str(struct pycfg *cfg, const char *name, const char *value, struct rdm_error *err)
{
	struct pycfg_value v = { PYCFG_STR, value };
	return pycfg_set(cfg, name, &v, err);
}

/* The marked block holds nothing but blank lines: remove it, and the blank
 * line that block_insert put before it. Returns true when nb was built. */
static bool drop_empty_block(const struct pycfg *cfg, struct buf *nb)
{
	const char *d = buf_str(&cfg->text);
	size_t len = cfg->text.len;
	if (!cfg->block_begin_line || !cfg->block_end_line || cfg->block_problem_line)
		return false;
	size_t p = lines_line_next(d, len, cfg->block_begin);
	while (p < cfg->block_end) {
		if (!lines_blank(d, p, lines_line_end(d, len, p)))
			return false;
		p = lines_line_next(d, len, p);
	}
	size_t start = cfg->block_begin, end = lines_line_next(d, len, cfg->block_end);
	if (start > 0) {
		size_t prev = lines_line_start(d, start - 1);
		if (lines_blank(d, prev, lines_line_end(d, len, prev)) && prev > (cfg->bom ? 3u : 0u))
			start = prev;
	}
	start = lines_cut_start(d, len, start, end, 0);
	lines_splice(nb, d, len, start, end, "", 0);
	return true;
}

static int refuse_used(const struct pycfg *cfg, const char *name, unsigned line, struct rdm_error *err)
{
	rdm_error_set(err, _("cannot remove %s: %s still uses it"), name, cfg->file);
	rdm_error_where(err, "%s:%u", cfg->file, line);
	rdm_error_remedy(err, _("remove or change that use first (for S3_ENDPOINT_URL: the "
			      "content-security-policy append statement), or set a new value instead"));
	return -1;
}

int pycfg_remove(struct pycfg *cfg, const char *name, struct rdm_error *err)
{
	if (!pycfg_count(cfg, name))
		return 0;
	for (size_t i = 0; i < cfg->n_assigns; i++)
		if (strcmp(cfg->assigns[i].name, name) == 0 && !cfg->assigns[i].simple)
			return refuse(cfg, &cfg->assigns[i], _("remove"), err);
	unsigned used = pycfg_name_used_at(cfg, name);
	if (used)
		return refuse_used(cfg, name, used, err);
	const char *d = buf_str(&cfg->text);
	size_t len = cfg->text.len, done = 0;
	struct buf nb = BUF_INIT_SECRET;
	for (size_t i = 0; i < cfg->n_assigns; i++) {
		const struct pycfg_assign *a = &cfg->assigns[i];
		if (strcmp(a->name, name) != 0)
			continue;
		size_t start = a->stmt_start, end = lines_line_next(d, len, a->stmt_end);
		start = lines_cut_start(d, len, start, end, 0);
		buf_append(&nb, d + done, start - done);
		done = end;
	}
	buf_append(&nb, d + done, len - done);
	struct pycfg tmp, tmp2;
	if (pycfg_reread(cfg, &nb, &tmp, err) < 0)
		return -1;
	if (pycfg_count(&tmp, name)) {
		pycfg_free(&tmp);
		return rdm_error_set(err, _("internal error: %s is still set after removing it"), name);
	}
	if (drop_empty_block(&tmp, &nb)) {
		if (pycfg_reread(&tmp, &nb, &tmp2, err) < 0) {
			pycfg_free(&tmp);
			return -1;
		}
		pycfg_replace(&tmp, &tmp2);
	}
	pycfg_replace(cfg, &tmp);
	return 1;
}

int pycfg_ensure_csp_append(struct pycfg *cfg, struct rdm_error *err)
{
	if (cfg->csp_append_line)
		return 0;
	static const char *const needed[] = { "APP_DEFAULT_SECURE_HEADERS", "S3_ENDPOINT_URL" };
	size_t limit = cfg->block_begin_line ? cfg->block_end : cfg->text.len;
	for (size_t i = 0; i < 2; i++) {
		const struct pycfg_assign *a = pycfg_get(cfg, needed[i]);
		if (!a || a->stmt_start > limit) {
			rdm_error_set(err, _("cannot add the S3 endpoint to the content security policy: "
				      "%s is not set before the rdm-s3 block in %s"), needed[i], cfg->file);
			rdm_error_where(err, "%s", cfg->file);
			rdm_error_remedy(err, _("set %s first (the upstream invenio.cfg defines it), or add the "
					 "append statement by hand"), needed[i]);
			return -1;
		}
	}
	struct buf nb = BUF_INIT_SECRET;
	char *stmt = xasprintf("%s%s    S3_ENDPOINT_URL%s)", CSP_STMT_HEAD, cfg->eol, cfg->eol);
	int rc = pycfg_block_insert(cfg, stmt, false, &nb, err);
	free(stmt);
	struct pycfg tmp;
	if (rc < 0 || pycfg_reread(cfg, &nb, &tmp, err) < 0) {
		buf_free_secret(&nb);
		return -1;
	}
	if (!tmp.csp_append_line || tmp.n_assigns != cfg->n_assigns) {
		pycfg_free(&tmp);
		return rdm_error_set(err, _("internal error: the CSP append did not read back in %s"), cfg->file);
	}
	pycfg_replace(cfg, &tmp);
	return 1;
}
