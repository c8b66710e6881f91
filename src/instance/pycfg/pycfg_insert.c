/* Inserting whole lines into invenio.cfg (pycfg.h): text a caller wrote in
 * the file's own style (the cookiecutter's S3 block), spliced in at a line
 * start. Like every edit it is read back before it replaces the document:
 * every assignment that was there keeps its name and its bytes. */
#include "config.h"
#include "instance/pycfg/pycfg_int.h"

#include <string.h>

#include "util/secret.h"
#include "util/i18n.h"

static bool same_assigns(const struct pycfg *a, const struct pycfg *b)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n_assigns; i++) {
		const struct pycfg_assign *x = &a->assigns[i];
		size_t n = x->value_end - x->value_start;
		while (j < b->n_assigns &&
		       (strcmp(b->assigns[j].name, x->name) || b->assigns[j].value_end - b->assigns[j].value_start != n ||
			memcmp(b->text.data + b->assigns[j].value_start, a->text.data + x->value_start, n)))
			j++;
		if (j++ >= b->n_assigns)
			return false;
	}
	return true;
}

int pycfg_insert_lines(struct pycfg *cfg, size_t at, const char *text, struct rdm_error *err)
{
	const char *d = cfg->text.data ? cfg->text.data : "";
	if (at > cfg->text.len || (at && at < cfg->text.len && d[at - 1] != '\n'))
		return rdm_error_set(err, _("internal error: an insertion into %s must start a line"), cfg->file);
	struct buf nb = BUF_INIT;
	buf_append(&nb, d, at);
	if (at == cfg->text.len && at && d[at - 1] != '\n')
		buf_puts(&nb, cfg->eol);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			buf_puts(&nb, cfg->eol);
		else
			buf_putc(&nb, *p);
	}
	buf_append(&nb, d + at, cfg->text.len - at);
	struct pycfg tmp;
	if (pycfg_reread(cfg, &nb, &tmp, err) < 0)
		return -1;
	if (!same_assigns(cfg, &tmp)) {
		pycfg_free(&tmp);
		return rdm_error_set(err, _("internal error: inserting lines into %s would change its settings"),
				     cfg->file);
	}
	pycfg_replace(cfg, &tmp);
	return 1;
}
