/* cors: a preflight from the instance's own origin (SITE_UI_URL) on a file
 * URL. GET must be allowed (JS previewers fetch files: critical when not);
 * PUT should be allowed with ETag exposed (the v13 multipart uploader PUTs
 * parts straight to S3 and reads their ETags: warning when not). */
#include "config.h"
#include "ops/check/check_list.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"

static const char *const cors_deps[] = { "region", NULL };

enum preflight_answer { PREFLIGHT_ALLOWED, PREFLIGHT_DENIED, PREFLIGHT_NO_ANSWER };

/* The Fetch standard's rules, reduced to what S3 servers answer: a 2xx
 * answer, the origin echoed (or "*"), and the method listed unless it is a
 * CORS-safelisted one (GET). *why gets a reason when denied. */
static enum preflight_answer preflight_judge(const struct check_preflight *p, const char *origin,
					     const char *method, const char **why)
{
	*why = NULL;
	if (!p->done || p->status.transport != S3_TRANSPORT_OK)
		return PREFLIGHT_NO_ANSWER;
	if (!check_s3_ok(&p->status)) {
		*why = "the preflight was refused";
		return PREFLIGHT_DENIED;
	}
	if (!p->allow_origin) {
		*why = "no Access-Control-Allow-Origin in the answer";
		return PREFLIGHT_DENIED;
	}
	if (strcasecmp(p->allow_origin, "*") != 0 && strcasecmp(p->allow_origin, origin) != 0) {
		*why = "Access-Control-Allow-Origin names another origin";
		return PREFLIGHT_DENIED;
	}
	int safelisted = strcasecmp(method, "GET") == 0;
	if (!check_header_list_has(p->allow_methods, method, 1) && !(safelisted && !p->allow_methods)) {
		*why = "the method is not in Access-Control-Allow-Methods";
		return PREFLIGHT_DENIED;
	}
	return PREFLIGHT_ALLOWED;
}

static char *cors_remedy(const struct check_facts *f, const char *origin)
{
	if (f->target.server == CHECK_SERVER_MINIO)
		return xasprintf("MinIO has no bucket CORS: set MINIO_API_CORS_ALLOW_ORIGIN=%s in the "
				 "environment of the s3 service in docker-services.yml (unset means *) "
				 "and restart the s3 service", origin);
	return xasprintf("add a CORS rule for %s on bucket %s (methods GET, HEAD, PUT; "
			 "ExposeHeaders ETag): `rdm-s3 cors set %s FILE`", origin,
			 f->target.bucket.value ? f->target.bucket.value : "BUCKET",
			 f->target.bucket.value ? f->target.bucket.value : "BUCKET");
}

static void cors_check_put(const struct check_facts *f, struct check_result *r, const char *origin,
			   const char *remedy)
{
	const struct check_cors_facts *c = &f->cors;
	const char *why;
	enum preflight_answer put = preflight_judge(&c->put, origin, "PUT", &why);
	if (put == PREFLIGHT_NO_ANSWER) {
		check_result_note(r, CHECK_UNKNOWN, NULL, "the PUT preflight got no answer");
	} else if (put == PREFLIGHT_DENIED) {
		check_result_note(r, CHECK_WARN, remedy, "browser uploads from %s are refused (%s): "
				  "the v13 multipart uploader PUTs parts straight to S3", origin, why);
	} else {
		const struct check_preflight *e = c->put.expose_known ? &c->put : &c->get;
		if (e->expose_known && !check_header_list_has(e->expose_headers, "ETag", 1))
			check_result_note(r, CHECK_WARN, "add ETag to the ExposeHeaders of the CORS rule",
					  "PUT is allowed but ETag is not exposed: the multipart "
					  "uploader cannot read the parts' ETags");
	}
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

/* The instance's compose MinIO is configured to refuse the origin, but the
 * server answering allows it: it runs with other settings (not restarted
 * since the change, or another server), and previews break at the next
 * restart. Only an explicit setting counts (unset means "*"). */
static void cors_minio_config(const struct check_facts *f, struct check_result *r,
			      const char *origin)
{
	const struct check_setting *c = &f->instance.minio_cors_allow_origin;
	if (f->target.server != CHECK_SERVER_MINIO || !f->instance.present || !f->instance.found ||
	    !c->value || (c->where && strcmp(c->where, "default") == 0) ||
	    minio_list_allows(c->value, origin))
		return;
	char *remedy = xasprintf("add %s to MINIO_API_CORS_ALLOW_ORIGIN (%s), then restart the s3 "
				 "service", origin, c->where ? c->where : "docker-services.yml");
	check_result_note(r, CHECK_WARN, remedy, "the running MinIO allows %s, but "
			  "MINIO_API_CORS_ALLOW_ORIGIN in the instance (%s) does not: previews "
			  "break when MinIO restarts with it", origin, c->value);
	free(remedy);
}

static void cors_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_cors_facts *c = &f->cors;
	const char *origin = f->target.origin, *why;
	if (f->instance.present && f->instance.found)
		check_result_setting(r, "SITE_UI_URL", &f->instance.site_ui_url);
	if (f->target.server == CHECK_SERVER_MINIO && f->instance.found)
		check_result_setting(r, "MINIO_API_CORS_ALLOW_ORIGIN", &f->instance.minio_cors_allow_origin);
	if (!origin) {
		check_result_skip(r, 0, "skipped: no browser origin known (SITE_UI_URL not set; "
				  "pass --origin URL)");
		return;
	}
	if (!c->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, "no CORS preflight was made");
		return;
	}
	r->latency_seconds = c->latency;
	char *remedy = cors_remedy(f, origin);
	enum preflight_answer get = preflight_judge(&c->get, origin, "GET", &why);
	if (get == PREFLIGHT_NO_ANSWER)
		check_result_note(r, CHECK_UNKNOWN, NULL, "the GET preflight got no answer");
	else if (get == PREFLIGHT_DENIED)
		check_result_note(r, CHECK_CRIT, remedy, "browsers on %s may not fetch files (%s): "
				  "previews (PDF, images) fail", origin, why);
	cors_check_put(f, r, origin, remedy);
	free(remedy);
	if (get == PREFLIGHT_ALLOWED)
		cors_minio_config(f, r, origin);
	if (c->rules_drift && f->target.server != CHECK_SERVER_MINIO) /* MinIO has no bucket CORS */
		check_result_note(r, CHECK_WARN, "make them agree: `rdm-s3 config set storage.bucket-cors-rules=JSON` "
				  "(the rules the bucket should have), or `rdm-s3 cors set BUCKET FILE`",
				  "%s (%s)", c->rules_drift, c->rules_where ? c->rules_where : "S3_BUCKET_CORS_RULES");
	if (!r->message) {
		const struct check_preflight *e = c->put.expose_known ? &c->put : &c->get;
		check_result_note(r, CHECK_OK, NULL, "browsers on %s may GET and PUT files%s", origin,
				  e->expose_known ? ", ETag exposed" : " (ETag exposure not verified)");
	}
}

const struct check check_cors = {
	.id = "cors",
	.title = "CORS for the site's origin",
	.depends_on = cors_deps,
	.needs = CHECK_NEED_CORS | CHECK_NEED_INSTANCE,
	.verdict = cors_verdict,
};
