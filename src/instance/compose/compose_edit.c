/* Editing environment variables of a compose service: find the node, build
 * one splice that keeps the entry's style, then hand over to ce_finish()
 * (compose_verify.c), which parses the result again and checks it. */
#include "config.h"
#include "instance/compose/compose_edit.h"

#include <stdlib.h>
#include <string.h>

#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static void anchor_of(const struct compose_doc *doc, const struct ct_pair *how, size_t node,
                      struct ce_splice *sp)
{
	sp->anchor = how->anchor;
	if (doc->nodes[node].kind == CT_ALIAS)
		sp->anchor = doc->nodes[ct_resolve(doc, node)].anchor;
}

/* Replace the scalar `node` (resolved) by `text` written in its own style. */
static void replace_scalar(const struct compose_doc *doc, size_t node, const char *text,
                           struct ce_splice *sp)
{
	size_t r = ct_resolve(doc, node);
	const struct ct_node *v = &doc->nodes[r];
	sp->start = v->start;
	sp->end = v->end;
	if (v->start == v->end && v->start > 0 && !strchr(" \t", doc->data[v->start - 1]))
		buf_putc(&sp->text, ' '); /* `KEY:` had no value at all */
	cq_emit(&sp->text, text, ce_style_of(doc, r), ce_in_flow(doc, r));
}

static void entry_text(const struct ce_target *t, struct buf *out)
{
	buf_puts(out, t->key);
	buf_putc(out, '=');
	buf_puts(out, t->raw);
}

static int edit_map(const struct ce_target *t, size_t map, struct ce_splice *sp,
                    struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	struct ct_pairs pairs = { 0 };
	if (ct_map_pairs(doc, map, t->env.via_alias, t->env.via_merge, t->env.anchor, &pairs, err))
		return -1;
	const struct ct_pair *p = ct_pairs_find(doc, &pairs, t->key);
	if (p && t->force_own && p->via_merge)
		p = NULL; /* an own key next to `<<:` overrides the merged one */
	int rc = 0;
	if (p) {
		anchor_of(doc, p, p->value, sp);
		const struct ct_node *v = &doc->nodes[ct_resolve(doc, p->value)];
		if (!t->raw) {
			const struct ct_node *c = &doc->nodes[p->container];
			size_t j = 0;
			while (j + 1 < c->nkids && c->kids[j] != p->key)
				j += 2;
			rc = ce_remove_entry(t, p->container, j, j + 1, sp, err);
		} else if (!ct_is_null(doc, p->value) && !strcmp(v->value, t->raw)) {
			sp->noop = true;
		} else {
			replace_scalar(doc, p->value, t->raw, sp);
		}
	} else if (!t->raw) {
		sp->noop = true;
	} else {
		/* Append after the last entry of this mapping, in the style of the
		 * last written value. */
		const struct ct_node *m = &doc->nodes[map];
		struct buf line = BUF_INIT;
		enum cq_style style = m->nkids ? ce_style_of(doc, m->kids[m->nkids - 1]) : CQ_PLAIN;
		if (m->nkids && ct_is_merge_key(doc, m->kids[m->nkids - 2]))
			style = CQ_PLAIN;
		if (m->flow) {
			sp->start = sp->end = m->nkids ? ct_content_end(doc, m->kids[m->nkids - 1])
			                               : m->start + 1;
			buf_puts(&sp->text, m->nkids ? ", " : "");
		} else {
			ce_indent(doc, doc->nodes[m->kids[m->nkids - 2]].prop_start, &line);
		}
		struct buf *out = m->flow ? &sp->text : &line;
		cq_emit(out, t->key, CQ_PLAIN, m->flow);
		buf_puts(out, ": ");
		cq_emit(out, t->raw, style, m->flow);
		if (!m->flow)
			ce_insert_line(doc, ct_content_end(doc, m->kids[m->nkids - 1]), &line, sp);
		buf_free_secret(&line);
		sp->anchor = t->env.anchor;
	}
	ct_pairs_free(&pairs);
	return rc;
}

static bool item_has_key(const char *item, const char *key)
{
	size_t n = strlen(key);
	return !strncmp(item, key, n) && (item[n] == '=' || item[n] == '\0');
}

static int edit_list(const struct ce_target *t, size_t seq, struct ce_splice *sp,
                     struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	const struct ct_node *s = &doc->nodes[seq];
	struct buf item = BUF_INIT;
	if (t->raw)
		entry_text(t, &item);
	int rc = 0;
	size_t j = 0;
	while (j < s->nkids && !item_has_key(doc->nodes[ct_resolve(doc, s->kids[j])].value, t->key))
		j++;
	if (j < s->nkids) {
		anchor_of(doc, &t->env, s->kids[j], sp);
		const char *cur = doc->nodes[ct_resolve(doc, s->kids[j])].value;
		if (!t->raw)
			rc = ce_remove_entry(t, seq, j, j, sp, err);
		else if (!strcmp(cur, buf_str(&item)))
			sp->noop = true;
		else
			replace_scalar(doc, s->kids[j], buf_str(&item), sp);
	} else if (!t->raw) {
		sp->noop = true;
	} else if (s->flow) {
		sp->start = sp->end = s->nkids ? ct_content_end(doc, s->kids[s->nkids - 1]) : s->start + 1;
		buf_puts(&sp->text, s->nkids ? ", " : "");
		cq_emit(&sp->text, buf_str(&item),
		        s->nkids ? ce_style_of(doc, s->kids[s->nkids - 1]) : CQ_DOUBLE, true);
		sp->anchor = t->env.anchor;
	} else {
		/* Copy the last item's "<indent>-<space>" and quote character. */
		size_t last = s->kids[s->nkids - 1];
		size_t at = doc->nodes[last].prop_start, dash = at;
		while (dash > 0 && (doc->data[dash - 1] == ' ' || doc->data[dash - 1] == '\t'))
			dash--;
		if (dash > 0 && doc->data[dash - 1] == '-')
			dash--;
		struct buf line = BUF_INIT;
		ce_indent(doc, dash, &line);
		if (doc->data[dash] == '-' && at > dash + 1)
			buf_append(&line, doc->data + dash, at - dash);
		else
			buf_puts(&line, "- ");
		cq_emit(&line, buf_str(&item), ce_style_of(doc, last), false);
		ce_insert_line(doc, ct_content_end(doc, last), &line, sp);
		buf_free_secret(&line);
		sp->anchor = t->env.anchor;
	}
	buf_free_secret(&item);
	return rc;
}

static int locate(struct ce_target *t, struct ce_splice *sp, struct rdm_error *err)
{
	const struct compose_doc *doc = t->doc;
	const struct compose_service *svc = &doc->svc[t->svc];
	t->map = doc->svc_priv[t->svc].map;
	t->env.key = CT_NONE;
	if (t->map == CT_NONE) {
		if (!t->raw) {
			sp->noop = true;
			return 0;
		}
		rdm_error_set(err, _("service %s is empty: there is nowhere to add %s"), svc->name, t->key);
		ct_where(doc, err, doc->nodes[doc->svc_priv[t->svc].key].prop_start);
		rdm_error_remedy(err, _("give the service its settings (at least `image:`) first"));
		return -1;
	}
	struct ct_pairs pairs = { 0 };
	size_t sv = doc->svc_priv[t->svc].value;
	bool va = doc->nodes[sv].kind == CT_ALIAS;
	if (ct_map_pairs(doc, t->map, va, false, va ? doc->nodes[t->map].anchor : NULL, &pairs, err))
		return -1;
	const struct ct_pair *e = ct_pairs_find(doc, &pairs, "environment");
	if (e)
		t->env = *e;
	ct_pairs_free(&pairs);
	if (e && doc->nodes[t->env.value].kind == CT_ALIAS) {
		t->env.via_alias = true;
		t->env.anchor = doc->nodes[ct_resolve(doc, t->env.value)].anchor;
	}
	size_t env = e ? ct_resolve(doc, t->env.value) : CT_NONE;
	if (env != CT_NONE && doc->nodes[env].kind == CT_MAP)
		return edit_map(t, env, sp, err);
	if (env != CT_NONE && doc->nodes[env].kind == CT_SEQ)
		return edit_list(t, env, sp, err);
	if (!t->raw) {
		sp->noop = true;
		return 0;
	}
	return e ? ce_fill_null_env(t, sp, err) : ce_add_env_block(t, sp, err);
}

/* The service has its own `environment:` mapping (not shared through an
 * alias or a merge key), so a key added there concerns it alone. */
static bool can_override(const struct ce_target *t)
{
	const struct compose_doc *doc = t->doc;
	if (t->env.key == CT_NONE || t->env.container != t->map || t->env.via_alias ||
	    t->env.via_merge || doc->nodes[t->env.value].kind == CT_ALIAS ||
	    doc->nodes[doc->svc_priv[t->svc].value].kind == CT_ALIAS)
		return false;
	return doc->nodes[t->env.value].kind == CT_MAP;
}

static bool valid_key(const char *k)
{
	if (!*k || *k == '-' || *k == '.')
		return false;
	for (; *k; k++)
		if (!(*k == '_' || *k == '.' || *k == '-' || (*k >= '0' && *k <= '9') ||
		      (*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z')))
			return false;
	return true;
}

static int env_edit(const struct compose_doc *doc, const char *service, const char *key,
                    const char *raw, enum compose_shared_policy policy, struct compose_edit *out,
                    struct rdm_error *err)
{
	compose_edit_free(out);
	if (!valid_key(key)) {
		rdm_error_set(err, _("\"%s\" is not a usable environment variable name"), key);
		rdm_error_remedy(err, _("use letters, digits, '_', '.' and '-' only"));
		return -1;
	}
	if (raw && !cq_valid_utf8(raw)) {
		rdm_error_set(err, _("the new value of %s is not valid UTF-8 text"), key);
		rdm_error_remedy(err, _("use UTF-8 text (generated secrets should be ASCII)"));
		return -1;
	}
	struct ce_target t = { .doc = doc, .svc = doc->n_svc, .key = key, .raw = raw };
	for (size_t i = 0; i < doc->n_svc; i++)
		if (!strcmp(doc->svc[i].name, service))
			t.svc = i;
	if (t.svc == doc->n_svc) {
		rdm_error_set(err, _("%s has no service \"%s\""), doc->name, service);
		rdm_error_where(err, "%s", doc->name);
		rdm_error_remedy(err, _("check the service name (the MinIO service is called s3 "
		                 "upstream) or add the service to %s"), doc->name);
		return -1;
	}
	struct ce_splice sp = { 0 };
	int rc = locate(&t, &sp, err);
	if (rc == 0)
		rc = ce_finish(&t, &sp, policy, out, err);
	if (rc == 1 && policy == COMPOSE_SHARED_OVERRIDE && raw && can_override(&t)) {
		rdm_error_clear(err);
		buf_free_secret(&sp.text);
		sp = (struct ce_splice){ 0 };
		t.force_own = true;
		rc = locate(&t, &sp, err);
		if (rc == 0)
			rc = ce_finish(&t, &sp, COMPOSE_SHARED_REFUSE, out, err);
	}
	buf_free_secret(&sp.text);
	return rc ? -1 : 0;
}

/* '$' -> "$$": compose must not interpolate a literal value. */
static char *escape_dollars(const char *value)
{
	struct buf b = BUF_INIT;
	for (const char *p = value; *p; p++) {
		if (*p == '$')
			buf_putc(&b, '$');
		buf_putc(&b, *p);
	}
	return buf_detach(&b);
}

int compose_env_set(const struct compose_doc *doc, const char *service, const char *key,
                    const char *value, enum compose_shared_policy policy,
                    struct compose_edit *out, struct rdm_error *err)
{
	char *raw = escape_dollars(value);
	int rc = env_edit(doc, service, key, raw, policy, out, err);
	secret_free(raw);
	return rc;
}

int compose_env_set_ref(const struct compose_doc *doc, const char *service, const char *key,
                        const char *var, enum compose_shared_policy policy,
                        struct compose_edit *out, struct rdm_error *err)
{
	char *raw = xasprintf("${%s}", var), *name;
	/* valid when compose reads ${var} back as a reference to var itself */
	bool ok = compose_interp_classify(raw, &name, NULL) == COMPOSE_INTERP_REF && !strcmp(name, var);
	free(name);
	if (!ok) {
		free(raw);
		compose_edit_free(out);
		rdm_error_set(err, _("\"%s\" is not a valid variable name for ${...}"), var);
		rdm_error_remedy(err, _("use letters, digits and '_' (not starting with a digit)"));
		return -1;
	}
	int rc = env_edit(doc, service, key, raw, policy, out, err);
	free(raw);
	return rc;
}

int compose_env_unset(const struct compose_doc *doc, const char *service, const char *key,
                      enum compose_shared_policy policy, struct compose_edit *out,
                      struct rdm_error *err)
{
	return env_edit(doc, service, key, NULL, policy, out, err);
}
