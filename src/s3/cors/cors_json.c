#include "config.h"
#include "s3/cors/cors.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* The JSON keys, in the order the AWS console shows them. */
static const char *const list_keys[] = { "AllowedHeaders", "AllowedMethods", "AllowedOrigins",
					 "ExposeHeaders" };

static struct s3_strlist *rule_list(struct s3_cors_rule *r, size_t k)
{
	struct s3_strlist *lists[] = { &r->allowed_headers, &r->allowed_methods,
				       &r->allowed_origins, &r->expose_headers };
	return lists[k];
}

static const struct s3_strlist *rule_list_c(const struct s3_cors_rule *r, size_t k)
{
	return rule_list((struct s3_cors_rule *)r, k);
}

static int json_rule_error(struct rdm_error *err, size_t no, const char *key, const char *what)
{
	rdm_error_set(err, _("CORS rule %zu: %s: %s"), no, key, what);
	rdm_error_remedy(err, "%s",
			 _("each rule is an object with the lists AllowedOrigins, AllowedMethods, "
			   "AllowedHeaders, ExposeHeaders (strings), MaxAgeSeconds (a whole number) "
			   "and an optional ID (a string)"));
	return -1;
}

static int read_list(json_t *v, struct s3_strlist *l, size_t no, const char *key,
		     struct rdm_error *err)
{
	if (!json_is_array(v))
		return json_rule_error(err, no, key, _("must be a list of strings"));
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		if (!json_is_string(item))
			return json_rule_error(err, no, key, _("must be a list of strings"));
		s3_strlist_add(l, json_string_value(item));
	}
	return 0;
}

static int read_key(const char *key, json_t *v, struct s3_cors_rule *r, size_t no,
		    struct rdm_error *err)
{
	for (size_t k = 0; k < sizeof list_keys / sizeof *list_keys; k++)
		if (strcmp(key, list_keys[k]) == 0)
			return read_list(v, rule_list(r, k), no, key, err);
	if (strcmp(key, "MaxAgeSeconds") == 0) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 0x7fffffff)
			return json_rule_error(err, no, key, _("must be a whole number of seconds >= 0"));
		r->max_age_seconds = (long)json_integer_value(v);
		return 0;
	}
	if (strcmp(key, "ID") == 0) {
		if (!json_is_string(v))
			return json_rule_error(err, no, key, _("must be a string"));
		free(r->id);
		r->id = xstrdup(json_string_value(v));
		return 0;
	}
	return json_rule_error(err, no, key, _("unknown key (keys are case-sensitive)"));
}

static int read_rule(json_t *obj, size_t no, struct s3_cors *out, struct rdm_error *err)
{
	if (!json_is_object(obj)) {
		rdm_error_set(err, _("CORS rule %zu is not a JSON object"), no);
		rdm_error_remedy(err, "%s", _("write each rule as {\"AllowedOrigins\": [...], ...}"));
		return -1;
	}
	struct s3_cors_rule *r = s3_cors_add_rule(out);
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (read_key(key, v, r, no, err))
			return -1;
	}
	return 0;
}

/* The rule array of either accepted shape, or NULL with err set. */
static json_t *rules_array(json_t *root, struct rdm_error *err)
{
	if (json_is_array(root))
		return root;
	if (json_is_object(root)) {
		json_t *rules = json_object_get(root, "CORSRules");
		if (json_is_array(rules) && json_object_size(root) == 1)
			return rules;
	}
	rdm_error_set(err, "%s", _("the CORS JSON must be a list of rules or {\"CORSRules\": [...]}"));
	rdm_error_remedy(err, "%s",
			 _("e.g. [{\"AllowedOrigins\": [\"https://rdm.example.org\"], "
			   "\"AllowedMethods\": [\"GET\", \"HEAD\"]}]"));
	return NULL;
}

int s3_cors_from_json(const char *text, size_t len, struct s3_cors *out, struct rdm_error *err)
{
	s3_cors_free(out);
	json_error_t jerr;
	json_t *root = json_loadb(text ? text : "", text ? len : 0, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		rdm_error_set(err, _("the CORS JSON is not valid (line %d, column %d: %s)"), jerr.line,
			      jerr.column, jerr.text);
		rdm_error_remedy(err, "%s", _("check the JSON syntax (commas, quotes, brackets)"));
		return -1;
	}
	json_t *rules = rules_array(root, err);
	int rc = rules ? 0 : -1;
	size_t i;
	json_t *obj;
	if (rules) {
		json_array_foreach(rules, i, obj) {
			if ((rc = read_rule(obj, i + 1, out, err)))
				break;
		}
	}
	json_decref(root);
	if (rc)
		s3_cors_free(out);
	return rc;
}

static json_t *list_json(const struct s3_strlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->items[i]));
	return a;
}

static json_t *rule_json(const struct s3_cors_rule *r)
{
	json_t *o = json_object();
	if (r->id)
		json_object_set_new(o, "ID", json_string(r->id));
	for (size_t k = 0; k < sizeof list_keys / sizeof *list_keys; k++) {
		const struct s3_strlist *l = rule_list_c(r, k);
		/* Origins and methods are required, so they are shown even when
		 * empty; the optional lists only when they have entries. */
		if (l->n || strcmp(list_keys[k], "AllowedMethods") == 0 ||
		    strcmp(list_keys[k], "AllowedOrigins") == 0)
			json_object_set_new(o, list_keys[k], list_json(l));
	}
	if (r->max_age_seconds >= 0)
		json_object_set_new(o, "MaxAgeSeconds", json_integer(r->max_age_seconds));
	return o;
}

void s3_cors_to_json(const struct s3_cors *c, enum s3_cors_json_style style, struct buf *out)
{
	json_t *rules = json_array();
	for (size_t i = 0; i < c->n_rules; i++)
		json_array_append_new(rules, rule_json(&c->rules[i]));
	json_t *root = rules;
	if (style == S3_CORS_JSON_AWSCLI) {
		root = json_object();
		json_object_set_new(root, "CORSRules", rules);
	}
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		abort(); /* only on out of memory */
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	json_decref(root);
}
