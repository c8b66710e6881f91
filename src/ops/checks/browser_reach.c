/* browser-reach: InvenioRDM answers downloads with a redirect to a
 * presigned URL on S3_ENDPOINT_URL, so browsers, not the app, must reach
 * that host; the page's content security policy must allow it; and an
 * https site cannot embed previews from a plain-http endpoint. */
#include "config.h"
#include "ops/check/check_list.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check_util.h"
#include "util/i18n.h"

static const char *const browser_reach_deps[] = { "instance", NULL };

static const char reach_remedy[] =
	N_("set S3_ENDPOINT_URL to a name browsers can reach (e.g. https://s3.example.org/ "
	"behind the same reverse proxy as the site); the app must be able to reach it too");

static const char csp_remedy[] =
	N_("after S3_ENDPOINT_URL in invenio.cfg, add:\n"
	"APP_DEFAULT_SECURE_HEADERS['content_security_policy']['default-src'].append(S3_ENDPOINT_URL)");

static void note_reach(struct check_result *r, const struct check_url *ep, const struct check_url *site)
{
	enum check_host_class e = check_host_classify(ep->host);
	enum check_host_class s = check_host_classify(site->host);
	if (e == CHECK_HOST_INTERNAL)
		check_result_note(r, CHECK_WARN, _(reach_remedy), _("S3_ENDPOINT_URL host %s is a "
				  "container-internal name: browsers cannot resolve it, so downloads "
				  "and previews fail"), ep->host);
	else if (e == CHECK_HOST_LOOPBACK && s != CHECK_HOST_LOOPBACK)
		check_result_note(r, CHECK_WARN, _(reach_remedy), _("S3_ENDPOINT_URL host %s is loopback "
				  "while SITE_UI_URL host %s is %s: downloads send browsers to their "
				  "own machine"), ep->host, site->host, check_host_class_name(s));
	else if (e == CHECK_HOST_PRIVATE && s == CHECK_HOST_PUBLIC)
		check_result_note(r, CHECK_WARN, _(reach_remedy), _("S3_ENDPOINT_URL host %s is a private "
				  "address while the site is public: browsers outside your network "
				  "cannot download"), ep->host);
	if (site->scheme && ep->scheme && strcmp(site->scheme, "https") == 0 &&
	    strcmp(ep->scheme, "http") == 0 && e != CHECK_HOST_LOOPBACK)
		check_result_note(r, CHECK_WARN, _("serve the S3 endpoint over https (e.g. through the "
				  "site's reverse proxy)"), _("the site is https but S3_ENDPOINT_URL is "
				  "plain http: browsers block embedded previews as mixed content"));
}

/* 1 allowed, 0 not, -1 unknown. */
static int csp_state(const struct check_instance_facts *in)
{
	if (in->csp_appends_endpoint)
		return 1;
	if (!in->csp_default_src)
		return -1;
	char *self = check_url_origin(in->site_ui_url.value);
	int ok = check_csp_allows(in->csp_default_src, in->s3_endpoint_url.value, self);
	free(self);
	return ok;
}

static void browser_reach_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_instance_facts *in = &f->instance;
	struct check_url ep, site;
	if (!check_instance_usable(in, r))
		return;
	check_result_setting(r, "SITE_UI_URL", &in->site_ui_url);
	check_result_setting(r, "S3_ENDPOINT_URL", &in->s3_endpoint_url);
	if (!in->s3_endpoint_url.value) {
		check_result_skip(r, 0, _("skipped: S3_ENDPOINT_URL is not set (AWS's public endpoint, "
				  "or no S3)"));
		return;
	}
	if (check_url_split(in->s3_endpoint_url.value, &ep) != 0 || !ep.scheme) {
		check_url_clear(&ep); /* zeroed on failure: clearing is harmless */
		check_result_skip(r, 0, _("skipped: S3_ENDPOINT_URL is not a URL (see client-compat)"));
		return;
	}
	if (!in->site_ui_url.value || check_url_split(in->site_ui_url.value, &site) != 0) {
		check_url_clear(&ep);
		check_result_note(r, CHECK_UNKNOWN, _("set SITE_UI_URL to the site's public URL"),
				  _("SITE_UI_URL is not set or not a URL: cannot tell who must reach S3"));
		return;
	}
	note_reach(r, &ep, &site);
	int csp = csp_state(in);
	if (csp == 0)
		check_result_note(r, CHECK_WARN, _(csp_remedy), _("the content security policy "
				  "(default-src) does not allow %s: browsers refuse previews from it"),
				  in->s3_endpoint_url.value);
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, _("browsers on %s can reach %s%s"), site.host, ep.host,
				  csp == 1 ? _(" and the CSP allows it") : _(" (CSP not readable, not checked)"));
	check_url_clear(&ep);
	check_url_clear(&site);
}

const struct check check_browser_reach = {
	.id = "browser-reach",
	.title = N_("Endpoint reachable by browsers"),
	.depends_on = browser_reach_deps,
	.needs = CHECK_NEED_INSTANCE,
	.verdict = browser_reach_verdict,
};
