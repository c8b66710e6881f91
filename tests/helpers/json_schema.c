/* The tests' JSON Schema subset validator (see json_schema.h). */
#include "config.h"
#include "json_schema.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_keywords[] = {
	"$schema", "$id", "title", "description", "$defs", "$ref", "type", "enum", "required",
	"properties", "additionalProperties", "items", "minimum", "maximum", "minLength",
	"pattern", NULL,
};

static int fail_at(char **why, const char *path, const char *what)
{
	if (!*why) {
		size_t n = strlen(path) + strlen(what) + 3;
		*why = malloc(n);
		if (*why)
			snprintf(*why, n, "%s: %s", path, what);
	}
	return -1;
}

/* 1 matches, 0 does not, -1 unknown type name. */
static int type_ok(const char *type, const json_t *v)
{
	if (!type) return -1;
	if (!strcmp(type, "object")) return json_is_object(v);
	if (!strcmp(type, "array")) return json_is_array(v);
	if (!strcmp(type, "string")) return json_is_string(v);
	if (!strcmp(type, "integer")) return json_is_integer(v);
	if (!strcmp(type, "number")) return json_is_number(v);
	if (!strcmp(type, "null")) return json_is_null(v);
	if (!strcmp(type, "boolean")) return json_is_boolean(v);
	return -1;
}

static int validate(const json_t *root, const json_t *schema, const json_t *v, const char *path,
		    char **why);

static int check_type(const json_t *schema, const json_t *v, const char *path, char **why)
{
	const json_t *type = json_object_get(schema, "type"), *t;
	size_t i;
	if (!type)
		return 0;
	if (json_is_string(type)) {
		int ok = type_ok(json_string_value(type), v);
		return ok == 1 ? 0 : fail_at(why, path, ok < 0 ? "schema: unknown type" : "wrong type");
	}
	json_array_foreach(type, i, t) {
		int ok = type_ok(json_string_value(t), v);
		if (ok < 0)
			return fail_at(why, path, "schema: unknown type");
		if (ok)
			return 0;
	}
	return fail_at(why, path, "wrong type");
}

static int check_string(const json_t *schema, const json_t *v, const char *path, char **why)
{
	const json_t *k;
	if ((k = json_object_get(schema, "minLength")) &&
	    (json_int_t)strlen(json_string_value(v)) < json_integer_value(k))
		return fail_at(why, path, "too short");
	if ((k = json_object_get(schema, "pattern"))) {
		regex_t re;
		if (regcomp(&re, json_string_value(k), REG_EXTENDED | REG_NOSUB) != 0)
			return fail_at(why, path, "schema: bad pattern");
		int m = regexec(&re, json_string_value(v), 0, NULL, 0);
		regfree(&re);
		if (m != 0)
			return fail_at(why, path, "does not match pattern");
	}
	return 0;
}

static int check_scalar(const json_t *schema, const json_t *v, const char *path, char **why)
{
	const json_t *e = json_object_get(schema, "enum"), *k;
	size_t i;
	if (e) {
		int found = 0;
		json_array_foreach(e, i, k)
			found |= json_equal(k, v);
		if (!found)
			return fail_at(why, path, "not in enum");
	}
	if (json_is_number(v)) {
		double d = json_number_value(v);
		if ((k = json_object_get(schema, "minimum")) && d < json_number_value(k))
			return fail_at(why, path, "below minimum");
		if ((k = json_object_get(schema, "maximum")) && d > json_number_value(k))
			return fail_at(why, path, "above maximum");
	}
	return json_is_string(v) ? check_string(schema, v, path, why) : 0;
}

static int check_object(const json_t *root, const json_t *schema, const json_t *v, const char *path,
			char **why)
{
	const json_t *req = json_object_get(schema, "required"), *props, *k;
	const char *key;
	json_t *val;
	size_t i;
	char sub[512];
	json_array_foreach(req, i, k)
		if (!json_object_get(v, json_string_value(k)))
			return fail_at(why, path, "required key missing");
	props = json_object_get(schema, "properties");
	json_object_foreach((json_t *)v, key, val) {
		const json_t *ps = props ? json_object_get(props, key) : NULL;
		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		if (!ps) {
			if (json_is_false(json_object_get(schema, "additionalProperties")))
				return fail_at(why, sub, "key not allowed");
			continue;
		}
		if (validate(root, ps, val, sub, why) != 0)
			return -1;
	}
	return 0;
}

static int keywords_known(const json_t *schema, const char *path, char **why)
{
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)schema, key, val) {
		size_t k = 0;
		while (known_keywords[k] && strcmp(known_keywords[k], key) != 0)
			k++;
		if (!known_keywords[k])
			return fail_at(why, path, "schema: keyword the test validator does not implement");
	}
	return 0;
}

static int validate(const json_t *root, const json_t *schema, const json_t *v, const char *path,
		    char **why)
{
	size_t i;
	char sub[512];
	if (keywords_known(schema, path, why) != 0)
		return -1;
	const json_t *ref = json_object_get(schema, "$ref");
	if (ref) {
		const char *name = json_string_value(ref);
		if (!name || strncmp(name, "#/$defs/", 8) != 0)
			return fail_at(why, path, "schema: unsupported $ref");
		const json_t *target = json_object_get(json_object_get(root, "$defs"), name + 8);
		if (!target)
			return fail_at(why, path, "schema: dangling $ref");
		return validate(root, target, v, path, why);
	}
	if (check_type(schema, v, path, why) != 0 || check_scalar(schema, v, path, why) != 0)
		return -1;
	if (json_is_object(v))
		return check_object(root, schema, v, path, why);
	if (json_is_array(v) && json_object_get(schema, "items")) {
		const json_t *item;
		json_array_foreach(v, i, item) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			if (validate(root, json_object_get(schema, "items"), item, sub, why) != 0)
				return -1;
		}
	}
	return 0;
}

int json_schema_validate(const json_t *schema, const json_t *doc, char **why)
{
	*why = NULL;
	return validate(schema, schema, doc, "$", why);
}

json_t *json_schema_load_check_report(void)
{
	const char *dir = getenv("top_srcdir");
	char path[4096];
	json_error_t jerr;
	snprintf(path, sizeof(path), "%s/data/check-report.schema.json", dir ? dir : ".");
	json_t *schema = json_load_file(path, 0, &jerr);
	if (!schema)
		fprintf(stderr, "# %s: %s\n", path, jerr.text);
	return schema;
}
