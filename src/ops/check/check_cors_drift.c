/* S3_BUCKET_CORS_RULES against the bucket's live CORS rules: invenio-s3's
 * `invenio s3 create-bucket` (run by invenio-cli's `services setup`) puts the
 * setting's rules on the bucket, so when the two differ, the next run of it
 * replaces what the bucket answers browsers with. Compared as sets (servers
 * may reorder methods and origins); rule IDs are ignored. */
#include "config.h"
#include "ops/check/check_live_int.h"

#include <stdlib.h>
#include <string.h>

#include "ops/config/config_change.h"
#include "s3/model/xml.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void canonical_list(struct buf *out, const char *name, const struct s3_strlist *l)
{
	char **v = xcalloc(l->n + 1, sizeof *v);
	for (size_t i = 0; i < l->n; i++)
		v[i] = l->items[i];
	qsort(v, l->n, sizeof *v, cmp_str);
	buf_printf(out, "%s[", name);
	for (size_t i = 0; i < l->n; i++)
		buf_printf(out, "%s%s", i ? "," : "", v[i]);
	buf_puts(out, "]");
	free(v);
}

static char *canonical(const struct s3_cors *c)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->n_rules; i++) {
		const struct s3_cors_rule *r = &c->rules[i];
		canonical_list(&b, "O", &r->allowed_origins);
		canonical_list(&b, "M", &r->allowed_methods);
		canonical_list(&b, "H", &r->allowed_headers);
		canonical_list(&b, "E", &r->expose_headers);
		buf_printf(&b, "A%ld;", r->max_age_seconds);
	}
	return b.data ? buf_detach(&b) : xstrdup("");
}

char *check_cors_rules_drift(const char *setting, const struct s3_status *st, const char *body, size_t len)
{
	struct s3_cors want = S3_CORS_INIT, live = S3_CORS_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	char *drift = NULL;
	int have_live = s3_status_ok(st), none = !have_live && st->code &&
						  !strcmp(st->code, "NoSuchCORSConfiguration");
	if (config_cors_from_python(setting, &want, &err) != 0) {
		drift = xasprintf(_("S3_BUCKET_CORS_RULES cannot be read as CORS rules (%s)"), err.message);
	} else if (none) {
		drift = xstrdup(_("the bucket has no CORS rules, but S3_BUCKET_CORS_RULES has some: "
				"`invenio s3 create-bucket` would put them"));
	} else if (have_live && s3_xml_parse_cors(body, len, &live, &err) == 0) {
		char *a = canonical(&want), *b = canonical(&live);
		if (strcmp(a, b))
			drift = xstrdup(_("the bucket's CORS rules differ from S3_BUCKET_CORS_RULES: "
					"`invenio s3 create-bucket` would replace them"));
		free(a);
		free(b);
	}
	s3_cors_free(&want);
	s3_cors_free(&live);
	rdm_error_clear(&err);
	return drift;
}
