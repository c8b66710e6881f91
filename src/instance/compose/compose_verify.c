/* After splicing: parse the new content and compare every value rdm-s3
 * reads with the original. Only the edited variable may differ, and only in
 * services that share its bytes; the target must read back as intended.
 * This is the defensive check that makes a splicing bug an error message
 * instead of a broken docker-services.yml. */
#include "config.h"
#include "instance/compose/compose_edit.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_value(const struct compose_value *a, const struct compose_value *b)
{
	return same_text(a->text, b->text) && a->is_null == b->is_null;
}

static bool same_service(const struct compose_service *a, const struct compose_service *b,
                         const char *key)
{
	if (strcmp(a->name, b->name) || !same_value(&a->image, &b->image) ||
	    !same_value(&a->command, &b->command) || !same_value(&a->extends_file, &b->extends_file) ||
	    !same_value(&a->extends_service, &b->extends_service) || a->n_ports != b->n_ports)
		return false;
	for (size_t i = 0; i < a->n_ports; i++)
		if (!same_value(&a->ports[i], &b->ports[i]))
			return false;
	size_t others_a = 0, others_b = 0;
	for (size_t i = 0; i < a->n_env; i++) {
		if (!strcmp(a->env[i].key, key))
			continue;
		others_a++;
		const struct compose_env *e = compose_service_env(b, a->env[i].key);
		if (!e || !same_value(&e->value, &a->env[i].value))
			return false;
	}
	for (size_t i = 0; i < b->n_env; i++)
		others_b += strcmp(b->env[i].key, key) != 0;
	return others_a == others_b;
}

bool ce_same_service(const struct compose_service *a, const struct compose_service *b)
{
	return same_service(a, b, "");
}

static bool key_changed(const struct compose_service *a, const struct compose_service *b,
                        const char *key)
{
	const struct compose_env *x = compose_service_env(a, key), *y = compose_service_env(b, key);
	if (!x || !y)
		return x != y;
	return !same_value(&x->value, &y->value);
}

static int internal_error(const struct ce_target *t, struct rdm_error *err, const char *what)
{
	rdm_error_set(err, _("editing %s of service %s would %s; nothing was changed"), t->key,
	              t->doc->svc[t->svc].name, _(what));
	rdm_error_where(err, "%s", t->doc->name);
	rdm_error_remedy(err, _("this is a bug in rdm-s3: please report it with the file; "
	                 "meanwhile make the change by hand"));
	return -1;
}

/* Fills out->affected; fails when anything else changed. */
static int compare(const struct ce_target *t, const struct compose_doc *nw,
                   struct compose_edit *out, struct rdm_error *err)
{
	const struct compose_doc *old = t->doc;
	if (old->n_svc != nw->n_svc)
		return internal_error(t, err, N_("change the list of services"));
	const struct compose_service *target = &nw->svc[t->svc];
	const struct compose_env *e = compose_service_env(target, t->key);
	if (t->raw ? !e || e->value.is_null || strcmp(e->value.text, t->raw) : e != NULL)
		return internal_error(t, err, N_("not read back as intended"));
	out->affected = xcalloc(nw->n_svc, sizeof *out->affected);
	out->affected[out->n_affected++] = xstrdup(target->name);
	for (size_t i = 0; i < old->n_svc; i++) {
		if (!same_service(&old->svc[i], &nw->svc[i], t->key))
			return internal_error(t, err, N_("change other settings too"));
		if (i != t->svc && key_changed(&old->svc[i], &nw->svc[i], t->key))
			out->affected[out->n_affected++] = xstrdup(nw->svc[i].name);
	}
	if (!key_changed(&old->svc[t->svc], target, t->key))
		return internal_error(t, err, N_("not change it"));
	return 0;
}

static int refuse_shared(const struct ce_target *t, const struct ce_splice *sp,
                         const struct compose_edit *out, struct rdm_error *err)
{
	struct buf others = BUF_INIT;
	for (size_t i = 1; i < out->n_affected; i++)
		buf_printf(&others, "%s%s", i > 1 ? ", " : "", out->affected[i]);
	const char *svc = t->doc->svc[t->svc].name;
	size_t at = sp->start;
	for (size_t i = 0; sp->anchor && i < t->doc->n_nodes; i++)
		if (t->doc->nodes[i].anchor == sp->anchor)
			at = t->doc->nodes[i].prop_start;
	if (sp->anchor)
		rdm_error_set(err, _("%s of service %s is written in the block with anchor &%s "
		              "(line %u), which service(s) %s also use: changing it there changes "
		              "them too"), t->key, svc, sp->anchor, ct_line_of(t->doc, at),
		              buf_str(&others));
	else
		rdm_error_set(err, _("%s of service %s is shared with service(s) %s: changing it "
		              "changes them too"), t->key, svc, buf_str(&others));
	ct_where(t->doc, err, sp->start == sp->end ? at : sp->start); /* insert: the anchor */
	if (t->env.key != CT_NONE && t->doc->nodes[t->env.value].kind == CT_ALIAS && sp->anchor)
		rdm_error_remedy(err, _("allow editing the shared anchor (all of these services "
		                 "change), or in service %s replace `environment: *%s` by a mapping "
		                 "with `<<: *%s` and its own %s"), svc, sp->anchor, sp->anchor, t->key);
	else
		rdm_error_remedy(err, _("allow editing the shared anchor (all of these services "
		                 "change), or give service %s its own %s under its `environment:` "
		                 "(own keys win over `<<:` merged ones)"), svc, t->key);
	buf_free(&others);
	return -1;
}

int ce_finish(const struct ce_target *t, struct ce_splice *sp, enum compose_shared_policy policy,
              struct compose_edit *out, struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	if (sp->noop) {
		sp->start = sp->end = 0;
		buf_truncate(&sp->text, 0);
	}
	size_t n = doc->len - (sp->end - sp->start) + sp->text.len;
	buf_reserve(&out->content, n); /* one allocation: no stray copies of secrets */
	buf_append(&out->content, doc->data, sp->start);
	buf_append(&out->content, buf_str(&sp->text), sp->text.len);
	buf_append(&out->content, doc->data + sp->end, doc->len - sp->end);
	struct rdm_error perr = RDM_ERROR_INIT;
	if (compose_doc_parse(&out->doc, doc->name, buf_str(&out->content), out->content.len,
	                      &perr)) {
		char *what = xasprintf(_("make the file unreadable (%s%s%s)"),
		                       perr.message ? perr.message : "?", perr.where ? " at " : "",
		                       perr.where ? perr.where : "");
		int rc = internal_error(t, err, what);
		free(what);
		rdm_error_clear(&perr);
		compose_edit_free(out);
		return rc;
	}
	const struct compose_env *e = compose_service_env(&out->doc->svc[t->svc], t->key);
	out->line = (e && t->raw) ? e->value.origin.line : 0;
	if (sp->noop)
		return 0;
	out->changed = true;
	int rc = compare(t, out->doc, out, err);
	if (rc == 0 && policy != COMPOSE_SHARED_EDIT_ANCHOR && out->n_affected > 1)
		rc = -refuse_shared(t, sp, out, err); /* 1: refused as shared */
	if (rc)
		compose_edit_free(out);
	return rc;
}

void compose_edit_free(struct compose_edit *e)
{
	buf_free_secret(&e->content);
	compose_doc_free(e->doc);
	for (size_t i = 0; i < e->n_affected; i++)
		free(e->affected[i]);
	free(e->affected);
	*e = (struct compose_edit)COMPOSE_EDIT_INIT;
}
