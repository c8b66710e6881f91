/* cors: what a browser on the instance's own origin (SITE_UI_URL, or
 * --origin) may do with the bucket, judged as Chromium judges it
 * (s3_cors_browser_judge): the preflight when one is needed, then the
 * answer to the request itself.
 *  - GET must be allowed (previews and downloads fetch files): critical.
 *  - PUT with the headers InvenioRDM's uploader sends on every part
 *    (Content-Type: application/octet-stream and Content-MD5, FACTS.md
 *    §10) should be allowed: a warning (the uploader that needs it is off
 *    by default in v13).
 *  - The uploader never reads ETag (invenio-s3 lists the parts on the
 *    server at completion), so an unexposed ETag is only an INFO. */
#include "config.h"
#include "ops/check/check_list.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ops/check/check_util.h"
#include "s3/cors/cors.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const cors_deps[] = { "region", NULL };
static const char *const upload_headers[] = { "content-md5", "content-type" };

enum preflight_answer { PREFLIGHT_ALLOWED, PREFLIGHT_DENIED, PREFLIGHT_NO_ANSWER };

/* The browser's verdict on one method; v is filled unless NO_ANSWER. */
static enum preflight_answer judge(const struct check_preflight *p, const char *origin, const char *method,
				   struct s3_preflight_verdict *v)
{
	memset(v, 0, sizeof *v);
	if (!p->done || p->status.transport != S3_TRANSPORT_OK)
		return PREFLIGHT_NO_ANSWER;
	struct s3_preflight pre = { .http_status = p->status.http_status, .allow_origin = p->allow_origin,
				    .allow_methods = p->allow_methods, .allow_headers = p->allow_headers,
				    .expose_headers = p->expose_headers };
	struct s3_actual_view act = { p->actual_status, p->actual_allow_origin, p->actual_expose_headers };
	int put = !strcmp(method, "PUT");
	s3_cors_browser_judge(&pre, p->actual_done ? &act : NULL, origin, method, put ? upload_headers : NULL,
			      put ? 2 : 0, v);
	return v->allowed ? PREFLIGHT_ALLOWED : PREFLIGHT_DENIED;
}

/* MinIO's matching of MINIO_API_CORS_ALLOW_ORIGIN: a comma-separated list,
 * each entry compared with the Origin with '*' matching any run of
 * characters (case-insensitive, as origins are). */
static int glob_match(const char *pat, size_t n, const char *s)
{
	if (n == 0)
		return *s == '\0';
	if (*pat == '*')
		return glob_match(pat + 1, n - 1, s) || (*s && glob_match(pat, n, s + 1));
	return *s && tolower((unsigned char)*pat) == tolower((unsigned char)*s) &&
	       glob_match(pat + 1, n - 1, s + 1);
}

static int minio_list_allows(const char *list, const char *origin)
{
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n && glob_match(p, n, origin))
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* MINIO_API_CORS_ALLOW_ORIGIN as the instance sets it explicitly, or NULL
 * (unset means "*"). */
static const char *minio_setting(const struct check_facts *f)
{
	const struct check_setting *c = &f->instance.minio_cors_allow_origin;
	if (!f->instance.present || !f->instance.found || !c->value || (c->where && !strcmp(c->where, "default")))
		return NULL;
	return c->value;
}

/* The whole new list, as `config set minio.cors-allow-origin=` takes it:
 * the origins already there plus this one (replacing would lock out the
 * others). */
static char *minio_list_with(const char *list, const char *origin)
{
	struct buf b = BUF_INIT;
	for (const char *p = list ? list : ""; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n)
			buf_printf(&b, "%.*s,", (int)n, p);
		p += strcspn(p, ",");
	}
	buf_puts(&b, origin);
	return buf_detach(&b);
}

static char *minio_remedy(const struct check_facts *f, const char *origin)
{
	const char *now = minio_setting(f);
	if (now && minio_list_allows(now, origin))
		return xasprintf(_("MINIO_API_CORS_ALLOW_ORIGIN (%s) already allows %s: the running MinIO has other "
				 "settings; restart the s3 service (docker compose up -d s3)"), now, origin);
	char *list = minio_list_with(now, origin);
	char *r = xasprintf(_("MinIO has no bucket CORS; its server-wide MINIO_API_CORS_ALLOW_ORIGIN must list %s "
			    "(%s now): `rdm-s3 config set minio.cors-allow-origin=%s`, then restart the s3 "
			    "service (docker compose up -d s3)"), origin, now ? now : _("unset, which means *"), list);
	free(list);
	return r;
}

/* The fix rdm-s3 can apply for an origin browsers are refused: MinIO's
 * server-wide list (not when it lists the origin already: then MinIO runs
 * with other settings), else the bucket's rules. */
static unsigned cors_fix(const struct check_facts *f, const char *origin)
{
	if (f->target.server != CHECK_SERVER_MINIO)
		return CHECK_FIX_CORS_ORIGIN;
	const char *now = minio_setting(f);
	return now && minio_list_allows(now, origin) ? 0 : CHECK_FIX_MINIO_CORS;
}

static char *cors_remedy(const struct check_facts *f, const char *origin)
{
	if (f->target.server == CHECK_SERVER_MINIO)
		return minio_remedy(f, origin);
	const char *b = f->target.bucket.value ? f->target.bucket.value : "BUCKET";
	return xasprintf(_("add a CORS rule for %s on bucket %s: methods GET, HEAD, PUT; AllowedHeaders "
			 "content-type and content-md5 (or *); `rdm-s3 cors set %s FILE`"), origin, b, b);
}

/* 1 when uploads are refused. */
static int cors_check_put(const struct check_facts *f, struct check_result *r, const char *origin,
			  const char *remedy)
{
	struct s3_preflight_verdict v;
	enum preflight_answer put = judge(&f->cors.put, origin, "PUT", &v);
	if (put == PREFLIGHT_NO_ANSWER)
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the PUT preflight got no answer"));
	else if (put == PREFLIGHT_DENIED)
		check_result_note(r, CHECK_WARN, remedy, _("browser uploads from %s are refused (%s): InvenioRDM's "
				  "uploader PUTs every part to S3 with Content-Type and Content-MD5"), origin,
				  v.reason ? v.reason : "refused");
	else if (v.etag_known && !v.etag_exposed)
		check_result_note(r, CHECK_INFO, NULL, _("scripts on %s cannot read ETag (not exposed); "
				  "InvenioRDM's uploader does not need it (invenio-s3 lists the parts)"), origin);
	s3_preflight_verdict_free(&v);
	return put == PREFLIGHT_DENIED;
}

/* The instance's compose MinIO is configured to refuse the origin, but the
 * server answering allows it: it runs with other settings (not restarted
 * since the change, or another server), and previews break at the next
 * restart. Only an explicit setting counts (unset means "*"). */
static void cors_minio_config(const struct check_facts *f, struct check_result *r, const char *origin)
{
	const char *now = minio_setting(f);
	if (f->target.server != CHECK_SERVER_MINIO || !now || minio_list_allows(now, origin))
		return;
	const struct check_setting *c = &f->instance.minio_cors_allow_origin;
	char *list = minio_list_with(now, origin);
	char *remedy = xasprintf(_("add %s to MINIO_API_CORS_ALLOW_ORIGIN (%s): `rdm-s3 config set "
				 "minio.cors-allow-origin=%s`, then restart the s3 service"), origin,
				 c->where ? c->where : "docker-services.yml", list);
	check_result_note(r, CHECK_WARN, remedy, _("the running MinIO allows %s, but "
			  "MINIO_API_CORS_ALLOW_ORIGIN in the instance (%s) does not: previews "
			  "break when MinIO restarts with it"), origin, now);
	r->fixes |= CHECK_FIX_MINIO_CORS;
	free(remedy);
	free(list);
}

/* Which setting gave the origin: SITE_UI_URL, or --origin. */
static void origin_setting(const struct check_facts *f, struct check_result *r)
{
	if (f->target.origin_from) {
		struct check_setting o = { f->target.origin, f->target.origin_from, 0 };
		check_result_setting(r, "origin", &o);
	} else if (f->instance.present && f->instance.found) {
		check_result_setting(r, "SITE_UI_URL", &f->instance.site_ui_url);
	}
}

static void cors_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_cors_facts *c = &f->cors;
	const char *origin = f->target.origin;
	origin_setting(f, r);
	if (f->target.server == CHECK_SERVER_MINIO && f->instance.found)
		check_result_setting(r, "MINIO_API_CORS_ALLOW_ORIGIN", &f->instance.minio_cors_allow_origin);
	if (!origin) {
		check_result_skip(r, 0, _("skipped: no browser origin known (SITE_UI_URL not set; "
				  "pass --origin URL)"));
		return;
	}
	if (!c->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("no CORS preflight was made"));
		return;
	}
	r->latency_seconds = c->latency;
	char *remedy = cors_remedy(f, origin);
	unsigned fix = cors_fix(f, origin);
	struct s3_preflight_verdict v;
	enum preflight_answer get = judge(&c->get, origin, "GET", &v);
	if (get == PREFLIGHT_NO_ANSWER)
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the GET preflight got no answer"));
	else if (get == PREFLIGHT_DENIED) {
		check_result_note(r, CHECK_CRIT, remedy, _("browsers on %s may not fetch files (%s): "
				  "previews (PDF, images) fail"), origin, v.reason ? v.reason : "refused");
		r->fixes |= fix;
	}
	s3_preflight_verdict_free(&v);
	if (cors_check_put(f, r, origin, remedy))
		r->fixes |= fix;
	free(remedy);
	if (get == PREFLIGHT_ALLOWED)
		cors_minio_config(f, r, origin);
	if (c->rules_drift && f->target.server != CHECK_SERVER_MINIO) /* MinIO has no bucket CORS */
		check_result_note(r, CHECK_WARN, _("make them agree: `rdm-s3 config set storage.bucket-cors-rules=JSON` "
				  "(the rules the bucket should have), or `rdm-s3 cors set BUCKET FILE`"),
				  "%s (%s)", c->rules_drift, c->rules_where ? c->rules_where : "S3_BUCKET_CORS_RULES");
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, _("browsers on %s may GET files and upload parts "
				  "(PUT with Content-Type and Content-MD5)"), origin);
}

const struct check check_cors = {
	.id = "cors",
	.title = N_("CORS for the site's origin"),
	.depends_on = cors_deps,
	.needs = CHECK_NEED_CORS | CHECK_NEED_INSTANCE,
	.verdict = cors_verdict,
};
