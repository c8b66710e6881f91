/* CORS rules between the S3 model (JSON, XML) and the Python list that
 * invenio-s3's S3_BUCKET_CORS_RULES holds (boto's CORSRules). */
#include "config.h"
#include "ops/config/config_change.h"

#include <string.h>

#include "instance/pycfg/pycfg.h"
#include "util/xalloc.h"

static void py_str(struct buf *out, const char *s)
{
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (pycfg_quote_str(out, s, '\'', &ignored) < 0)
		buf_puts(out, "''"); /* invalid UTF-8: s3_cors_validate would have refused it */
	rdm_error_clear(&ignored);
}

static void py_list(struct buf *out, const char *name, const struct s3_strlist *l, int *first)
{
	if (!l->n)
		return;
	buf_printf(out, "%s'%s': [", *first ? "" : ", ", name);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_puts(out, ", ");
		py_str(out, l->items[i]);
	}
	buf_putc(out, ']');
	*first = 0;
}

char *config_cors_python(const struct s3_cors *c)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '[');
	for (size_t i = 0; i < c->n_rules; i++) {
		const struct s3_cors_rule *r = &c->rules[i];
		int first = 1;
		buf_puts(&b, i ? ", {" : "{");
		if (r->id) {
			buf_puts(&b, "'ID': ");
			py_str(&b, r->id);
			first = 0;
		}
		py_list(&b, "AllowedOrigins", &r->allowed_origins, &first);
		py_list(&b, "AllowedMethods", &r->allowed_methods, &first);
		py_list(&b, "AllowedHeaders", &r->allowed_headers, &first);
		py_list(&b, "ExposeHeaders", &r->expose_headers, &first);
		if (r->max_age_seconds >= 0)
			buf_printf(&b, "%s'MaxAgeSeconds': %ld", first ? "" : ", ", r->max_age_seconds);
		buf_putc(&b, '}');
	}
	buf_putc(&b, ']');
	return buf_detach(&b);
}

int config_cors_from_python(const char *expr, struct s3_cors *out, struct rdm_error *err)
{
	struct buf json = BUF_INIT;
	int rc = pycfg_literal_json("S3_BUCKET_CORS_RULES", expr, &json, err);
	if (rc == 0)
		rc = s3_cors_from_json(buf_str(&json), json.len, out, err);
	buf_free(&json);
	return rc;
}
