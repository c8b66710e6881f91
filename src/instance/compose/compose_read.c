/* Read the services of a compose file from the node tree: image, command,
 * ports, environment and extends, each value with file:line and whether it
 * was reached through an alias or a merge key. Fields rdm-s3 reads must have
 * the shape compose requires (a list where a value is expected is an error
 * naming the line); everything else in the file is left alone. */
#include "config.h"
#include "instance/compose/compose_doc.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct growing {
	void *v;
	size_t n, cap;
};

static void set_value(struct compose_doc *doc, size_t node, const struct ct_pair *how,
                      struct compose_value *out)
{
	size_t r = ct_resolve(doc, node);
	const struct ct_node *s = &doc->nodes[r];
	memset(out, 0, sizeof *out);
	out->is_null = ct_is_null(doc, r);
	out->text = out->is_null ? "" : s->value;
	out->origin.kind = INST_ORIGIN_FILE;
	out->origin.file = doc->name;
	out->origin.line = ct_line_of(doc, s->start);
	out->column = ct_column_of(doc, s->start);
	out->via_alias = how->via_alias;
	out->via_merge = how->via_merge;
	out->anchor = how->anchor;
	if (doc->nodes[node].kind == CT_ALIAS) {
		out->via_alias = true;
		out->anchor = s->anchor;
	}
}

static int shape_error(struct compose_doc *doc, size_t node, struct rdm_error *err,
                       const char *what, const char *svc, const char *fix)
{
	rdm_error_set(err, _("%s of service %s %s"), _(what), svc,
	              doc->nodes[ct_resolve(doc, node)].kind == CT_SCALAR
	                      ? _("has the wrong shape: a single value where a list or mapping belongs")
	                      : _("must be a single value, not a list or mapping"));
	ct_where(doc, err, doc->nodes[node].prop_start);
	rdm_error_remedy(err, "%s", _(fix));
	return -1;
}

static bool is_scalar(const struct compose_doc *doc, size_t node)
{
	return doc->nodes[ct_resolve(doc, node)].kind == CT_SCALAR;
}

/* A pair's "how" refined by the value itself being an alias. */
static struct ct_pair via_value(const struct compose_doc *doc, const struct ct_pair *p)
{
	struct ct_pair h = *p;
	if (doc->nodes[p->value].kind == CT_ALIAS) {
		h.via_alias = true;
		h.anchor = doc->nodes[ct_resolve(doc, p->value)].anchor;
	}
	return h;
}

static int read_command(struct compose_doc *doc, const struct ct_pair *p,
                        struct compose_service *svc, struct rdm_error *err)
{
	size_t r = ct_resolve(doc, p->value);
	if (doc->nodes[r].kind == CT_SCALAR) {
		set_value(doc, p->value, p, &svc->command);
		return 0;
	}
	if (doc->nodes[r].kind != CT_SEQ)
		return shape_error(doc, p->value, err, N_("command"), svc->name,
		                   N_("write `command: server /data` or `command: [\"server\", \"/data\"]`"));
	struct ct_pair h = via_value(doc, p);
	struct buf joined = BUF_INIT;
	for (size_t i = 0; i < doc->nodes[r].nkids; i++) {
		size_t item = doc->nodes[r].kids[i];
		if (!is_scalar(doc, item)) {
			buf_free(&joined);
			return shape_error(doc, item, err, N_("an element of command"), svc->name,
			                   N_("each element of the exec form must be one string"));
		}
		if (i)
			buf_putc(&joined, ' ');
		buf_puts(&joined, doc->nodes[ct_resolve(doc, item)].value);
	}
	set_value(doc, p->value, p, &svc->command);
	svc->command.via_alias = h.via_alias;
	svc->command.anchor = h.anchor;
	svc->command.is_null = false;
	svc->command.text = ct_pool_add(doc, buf_detach(&joined));
	svc->command_exec_form = true;
	return 0;
}

/* Long syntax `- target: 9000 \n published: "9000"` -> "9000:9000". */
static int read_long_port(struct compose_doc *doc, size_t item, const struct ct_pair *how,
                          struct compose_value *out, const char *svc, struct rdm_error *err)
{
	struct ct_pairs pairs = { 0 };
	if (ct_map_pairs(doc, ct_resolve(doc, item), how->via_alias, how->via_merge, how->anchor,
	                 &pairs, err))
		return -1;
	static const char *const fields[] = { "host_ip", "published", "target", "protocol" };
	static const char *const seps[] = { ":", ":", "", "/" };
	struct buf b = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < 4 && rc == 0; i++) {
		const struct ct_pair *f = ct_pairs_find(doc, &pairs, fields[i]);
		if (!f || ct_is_null(doc, f->value))
			continue;
		if (!is_scalar(doc, f->value)) {
			rc = shape_error(doc, f->value, err, N_("a port field"), svc,
			                 N_("write each port field as a single value"));
			break;
		}
		if (i == 3)
			buf_puts(&b, seps[i]);
		buf_puts(&b, doc->nodes[ct_resolve(doc, f->value)].value);
		if (i < 3)
			buf_puts(&b, seps[i]);
	}
	ct_pairs_free(&pairs);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	set_value(doc, item, how, out);
	out->is_null = false;
	out->text = ct_pool_add(doc, buf_detach(&b));
	return 0;
}

static int read_ports(struct compose_doc *doc, const struct ct_pair *p,
                      struct compose_service *svc, struct rdm_error *err)
{
	size_t r = ct_resolve(doc, p->value);
	if (ct_is_null(doc, r))
		return 0;
	if (doc->nodes[r].kind != CT_SEQ)
		return shape_error(doc, p->value, err, N_("ports"), svc->name,
		                   N_("write ports as a list: `ports:` then `- \"9000:9000\"` lines"));
	struct ct_pair h = via_value(doc, p);
	struct growing g = { 0 };
	for (size_t i = 0; i < doc->nodes[r].nkids; i++) {
		size_t item = doc->nodes[r].kids[i];
		g.v = xgrow(g.v, &g.cap, g.n + 1, sizeof(struct compose_value));
		struct compose_value *v = (struct compose_value *)g.v + g.n;
		int kind = doc->nodes[ct_resolve(doc, item)].kind;
		if (kind == CT_SCALAR) {
			set_value(doc, item, &h, v);
		} else if (kind != CT_MAP || read_long_port(doc, item, &h, v, svc->name, err)) {
			free(g.v);
			return kind == CT_MAP ? -1
			                      : shape_error(doc, item, err, N_("a port"), svc->name,
			                                    N_("write each port as \"HOST:CONTAINER\" or "
			                                    "as a mapping with target/published"));
		}
		g.n++;
	}
	svc->ports = g.v;
	svc->n_ports = g.n;
	return 0;
}

/* Long syntax `- type: volume \n source: x \n target: /y` -> "x:/y". */
static int read_long_volume(struct compose_doc *doc, size_t item, const struct ct_pair *how,
                            struct compose_value *out, const char *svc, struct rdm_error *err)
{
	struct ct_pairs pairs = { 0 };
	if (ct_map_pairs(doc, ct_resolve(doc, item), how->via_alias, how->via_merge, how->anchor,
	                 &pairs, err))
		return -1;
	const struct ct_pair *src = ct_pairs_find(doc, &pairs, "source");
	const struct ct_pair *dst = ct_pairs_find(doc, &pairs, "target");
	int rc = 0;
	if ((src && !is_scalar(doc, src->value)) || (dst && !is_scalar(doc, dst->value)))
		rc = shape_error(doc, item, err, N_("a volume"), svc,
		                 N_("write each volume field as a single value"));
	if (rc == 0) {
		set_value(doc, item, how, out);
		out->is_null = false;
		out->text = ct_pool_add(doc, xasprintf("%s:%s",
		        src ? doc->nodes[ct_resolve(doc, src->value)].value : "",
		        dst ? doc->nodes[ct_resolve(doc, dst->value)].value : ""));
	}
	ct_pairs_free(&pairs);
	return rc;
}

static int read_volumes(struct compose_doc *doc, const struct ct_pair *p,
                        struct compose_service *svc, struct rdm_error *err)
{
	size_t r = ct_resolve(doc, p->value);
	if (ct_is_null(doc, r))
		return 0;
	if (doc->nodes[r].kind != CT_SEQ)
		return shape_error(doc, p->value, err, N_("volumes"), svc->name,
		                   N_("write volumes as a list: `volumes:` then `- NAME:/PATH` lines"));
	struct ct_pair h = via_value(doc, p);
	struct growing g = { 0 };
	for (size_t i = 0; i < doc->nodes[r].nkids; i++) {
		size_t item = doc->nodes[r].kids[i];
		g.v = xgrow(g.v, &g.cap, g.n + 1, sizeof(struct compose_value));
		struct compose_value *v = (struct compose_value *)g.v + g.n;
		int kind = doc->nodes[ct_resolve(doc, item)].kind;
		if (kind == CT_SCALAR) {
			set_value(doc, item, &h, v);
		} else if (kind != CT_MAP || read_long_volume(doc, item, &h, v, svc->name, err)) {
			free(g.v);
			return kind == CT_MAP ? -1
			                      : shape_error(doc, item, err, N_("a volume"), svc->name,
			                                    N_("write each volume as SOURCE:TARGET or as a "
			                                    "mapping with source/target"));
		}
		g.n++;
	}
	svc->volumes = g.v;
	svc->n_volumes = g.n;
	return 0;
}

static int env_push(struct compose_doc *doc, struct growing *g, const char *key, size_t node,
                    const struct ct_pair *how, const char *svc, struct rdm_error *err)
{
	struct compose_env *env = g->v;
	for (size_t i = 0; i < g->n; i++) {
		if (strcmp(env[i].key, key))
			continue;
		rdm_error_set(err, _("environment variable %s of service %s is set twice "
		              "(first at line %u)"), key, svc, env[i].value.origin.line);
		ct_where(doc, err, doc->nodes[node].prop_start);
		rdm_error_remedy(err, _("keep only one of lines %u and %u"), env[i].value.origin.line,
		                 ct_line_of(doc, doc->nodes[node].prop_start));
		return -1;
	}
	g->v = xgrow(g->v, &g->cap, g->n + 1, sizeof *env);
	env = g->v;
	env[g->n].key = key;
	set_value(doc, node, how, &env[g->n].value);
	g->n++;
	return 0;
}

static int read_env_map(struct compose_doc *doc, size_t map, const struct ct_pair *how,
                        struct compose_service *svc, struct growing *g, struct rdm_error *err)
{
	struct ct_pairs pairs = { 0 };
	if (ct_map_pairs(doc, map, how->via_alias, how->via_merge, how->anchor, &pairs, err))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < pairs.n && rc == 0; i++) {
		const struct ct_pair *p = &pairs.v[i];
		if (!is_scalar(doc, p->key))
			rc = shape_error(doc, p->key, err, N_("an environment variable name"), svc->name,
			                 N_("write `NAME: value`"));
		else if (!is_scalar(doc, p->value))
			rc = shape_error(doc, p->value, err, N_("an environment value"), svc->name,
			                 N_("write `NAME: value` on one line; quote the value if it "
			                 "contains `: ` or ` #`"));
		else
			rc = env_push(doc, g, doc->nodes[ct_resolve(doc, p->key)].value, p->value, p,
			              svc->name, err);
	}
	ct_pairs_free(&pairs);
	return rc;
}

static int read_env_list(struct compose_doc *doc, size_t seq, const struct ct_pair *how,
                         struct compose_service *svc, struct growing *g, struct rdm_error *err)
{
	for (size_t i = 0; i < doc->nodes[seq].nkids; i++) {
		size_t item = doc->nodes[seq].kids[i];
		if (!is_scalar(doc, item))
			return shape_error(doc, item, err, N_("an environment entry"), svc->name,
			                   N_("write list entries as `- NAME=value` (quoted as a whole "
			                   "if needed: `- \"NAME=a: b\"`)"));
		const char *text = doc->nodes[ct_resolve(doc, item)].value;
		const char *eq = strchr(text, '=');
		char *key = ct_pool_add(doc, eq ? xstrndup(text, (size_t)(eq - text)) : xstrdup(text));
		size_t before = g->n;
		if (env_push(doc, g, key, item, how, svc->name, err))
			return -1;
		struct compose_value *v = &((struct compose_env *)g->v)[before].value;
		v->is_null = !eq;
		v->text = eq ? ct_pool_add(doc, xstrdup(eq + 1)) : "";
	}
	return 0;
}

static int read_environment(struct compose_doc *doc, const struct ct_pair *p,
                            struct compose_service *svc, struct rdm_error *err)
{
	size_t r = ct_resolve(doc, p->value);
	if (ct_is_null(doc, r))
		return 0;
	struct ct_pair h = via_value(doc, p);
	struct growing g = { 0 };
	int rc;
	if (doc->nodes[r].kind == CT_MAP) {
		svc->env_style = COMPOSE_ENV_MAP;
		rc = read_env_map(doc, r, &h, svc, &g, err);
	} else if (doc->nodes[r].kind == CT_SEQ) {
		svc->env_style = COMPOSE_ENV_LIST;
		rc = read_env_list(doc, r, &h, svc, &g, err);
	} else {
		rc = shape_error(doc, p->value, err, N_("environment"), svc->name,
		                 N_("write `environment:` followed by `NAME: value` lines "
		                 "or `- NAME=value` lines"));
	}
	svc->env = g.v;
	svc->n_env = g.n;
	return rc;
}

static int read_extends(struct compose_doc *doc, const struct ct_pair *p,
                        struct compose_service *svc, struct rdm_error *err)
{
	size_t r = ct_resolve(doc, p->value);
	if (doc->nodes[r].kind == CT_SCALAR) {
		set_value(doc, p->value, p, &svc->extends_service);
		return 0;
	}
	const char *fix = "write `extends:` with `file: docker-services.yml` and `service: NAME`";
	if (doc->nodes[r].kind != CT_MAP)
		return shape_error(doc, p->value, err, N_("extends"), svc->name, fix);
	struct ct_pair h = via_value(doc, p);
	struct ct_pairs pairs = { 0 };
	if (ct_map_pairs(doc, r, h.via_alias, h.via_merge, h.anchor, &pairs, err))
		return -1;
	const struct ct_pair *f = ct_pairs_find(doc, &pairs, "file");
	const struct ct_pair *s = ct_pairs_find(doc, &pairs, "service");
	int rc = 0;
	if ((f && !is_scalar(doc, f->value)) || (s && !is_scalar(doc, s->value)))
		rc = shape_error(doc, (f && !is_scalar(doc, f->value)) ? f->value : s->value, err,
		                 N_("extends"), svc->name, fix);
	if (rc == 0 && f)
		set_value(doc, f->value, f, &svc->extends_file);
	if (rc == 0 && s)
		set_value(doc, s->value, s, &svc->extends_service);
	ct_pairs_free(&pairs);
	return rc;
}

static int read_service(struct compose_doc *doc, const struct ct_pair *sp,
                        struct compose_service *svc, struct rdm_error *err)
{
	size_t map = doc->svc_priv[doc->n_svc].map;
	if (map == CT_NONE)
		return 0;
	struct ct_pair h = via_value(doc, sp);
	struct ct_pairs pairs = { 0 };
	if (ct_map_pairs(doc, map, h.via_alias, h.via_merge, h.anchor, &pairs, err))
		return -1;
	int rc = 0;
	for (size_t i = 0; i < pairs.n && rc == 0; i++) {
		const struct ct_pair *p = &pairs.v[i];
		const char *k = is_scalar(doc, p->key) ? doc->nodes[ct_resolve(doc, p->key)].value : "";
		if (!strcmp(k, "image")) {
			if (!is_scalar(doc, p->value))
				rc = shape_error(doc, p->value, err, N_("image"), svc->name,
				                 N_("write `image: NAME:TAG`"));
			else
				set_value(doc, p->value, p, &svc->image);
		} else if (!strcmp(k, "command")) {
			rc = read_command(doc, p, svc, err);
		} else if (!strcmp(k, "ports")) {
			rc = read_ports(doc, p, svc, err);
		} else if (!strcmp(k, "volumes")) {
			rc = read_volumes(doc, p, svc, err);
		} else if (!strcmp(k, "environment")) {
			rc = read_environment(doc, p, svc, err);
		} else if (!strcmp(k, "extends")) {
			rc = read_extends(doc, p, svc, err);
		}
	}
	ct_pairs_free(&pairs);
	return rc;
}

static int top_error(struct compose_doc *doc, size_t node, struct rdm_error *err,
                     const char *what, const char *fix)
{
	rdm_error_set(err, "%s", _(what));
	ct_where(doc, err, doc->nodes[node].prop_start);
	rdm_error_remedy(err, "%s", _(fix));
	return -1;
}

static int read_service_pairs(struct compose_doc *doc, const struct ct_pairs *pairs,
                              struct rdm_error *err)
{
	doc->svc = xcalloc(pairs->n ? pairs->n : 1, sizeof *doc->svc);
	doc->svc_priv = xcalloc(pairs->n ? pairs->n : 1, sizeof *doc->svc_priv);
	for (size_t i = 0; i < pairs->n; i++) {
		const struct ct_pair *sp = &pairs->v[i];
		if (!is_scalar(doc, sp->key))
			return top_error(doc, sp->key, err, N_("a service name must be a single word"),
			                 N_("write service names as `NAME:`"));
		size_t r = ct_resolve(doc, sp->value);
		if (!ct_is_null(doc, r) && doc->nodes[r].kind != CT_MAP)
			return top_error(doc, sp->value, err, N_("a service must be a mapping"),
			                 N_("write the service's settings indented below `NAME:`"));
		struct compose_service *svc = &doc->svc[doc->n_svc];
		svc->name = doc->nodes[ct_resolve(doc, sp->key)].value;
		svc->line = ct_line_of(doc, doc->nodes[sp->key].prop_start);
		doc->svc_priv[doc->n_svc].key = sp->key;
		doc->svc_priv[doc->n_svc].value = sp->value;
		doc->svc_priv[doc->n_svc].map = ct_is_null(doc, r) ? CT_NONE : r;
		int rc = read_service(doc, sp, svc, err);
		doc->n_svc++; /* counted even on error so that its arrays are freed */
		if (rc)
			return -1;
	}
	return 0;
}

int compose_read_services(struct compose_doc *doc, struct rdm_error *err)
{
	doc->services = CT_NONE;
	if (doc->root == CT_NONE || ct_is_null(doc, doc->root))
		return 0;
	size_t root = ct_resolve(doc, doc->root);
	if (doc->nodes[root].kind != CT_MAP)
		return top_error(doc, doc->root, err, N_("the top level must be a mapping"),
		                 N_("a compose file starts with `services:`"));
	struct ct_pairs top = { 0 };
	if (ct_map_pairs(doc, root, false, false, NULL, &top, err))
		return -1;
	const struct ct_pair *sp = ct_pairs_find(doc, &top, "services");
	size_t services = sp ? ct_resolve(doc, sp->value) : CT_NONE;
	int rc = 0;
	if (services != CT_NONE && !ct_is_null(doc, services) && doc->nodes[services].kind != CT_MAP)
		rc = top_error(doc, sp->value, err, N_("`services:` must be a mapping of service names"),
		               N_("write each service as `NAME:` indented below `services:`"));
	struct ct_pairs pairs = { 0 };
	if (rc == 0 && services != CT_NONE && doc->nodes[services].kind == CT_MAP) {
		doc->services = services;
		struct ct_pair h = via_value(doc, sp);
		rc = ct_map_pairs(doc, services, h.via_alias, h.via_merge, h.anchor, &pairs, err);
		if (rc == 0)
			rc = read_service_pairs(doc, &pairs, err);
	}
	ct_pairs_free(&pairs);
	ct_pairs_free(&top);
	return rc;
}
