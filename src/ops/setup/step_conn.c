/* How setup's steps connect (setup_steps.h). */
#include "config.h"
#include "ops/setup/setup_steps.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

#define STEP_TIMEOUT_MS 30000L

void step_conn_init(struct step_conn *c, const char *endpoint, const char *region, int root)
{
	c->endpoint = endpoint ? xstrdup(endpoint) : NULL;
	c->region = region ? xstrdup(region) : NULL;
	c->root = root;
}

void step_conn_save(const struct step_conn *c, struct change_fields *f)
{
	change_fields_add(f, "endpoint", c->endpoint);
	change_fields_add(f, "region", c->region);
	change_fields_add(f, "credentials", c->root ? "root" : "app");
}

int step_conn_load(struct step_conn *c, const struct change_fields *f, const char *kind, struct rdm_error *err)
{
	const char *ep = change_fields_need(f, kind, "endpoint", err);
	const char *cr = change_fields_need(f, kind, "credentials", err);
	if (!ep || !cr)
		return -1;
	step_conn_init(c, ep, change_fields_get(f, "region"), !strcmp(cr, "root"));
	return 0;
}

void step_conn_free(struct step_conn *c)
{
	free(c->endpoint);
	free(c->region);
	memset(c, 0, sizeof *c);
}

struct s3_client *step_client(const struct step_conn *sc, const struct change_ctx *ctx,
			      struct change_step_result *r)
{
	struct conn_request rq = {
		.instance_dir = ctx->instance_dir,
		.instance_explicit = 1,
		.endpoint = sc->endpoint,
		.region = sc->region,
		.ca_file = ctx->ca_file,
		.creds_from = sc->root ? CONN_CREDS_SERVER_ROOT : CONN_CREDS_APP,
		.envp = ctx->envp,
		.clock_offset = ctx->clock_offset,
	};
	struct conn c;
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *cl = NULL;
	if (conn_resolve(&rq, &c, &err) == 0) {
		long t = ctx->timeout_ms ? ctx->timeout_ms : STEP_TIMEOUT_MS;
		struct conn_client_opts o = { .connect_timeout_ms = t, .timeout_ms = t };
		cl = conn_client_new(&c, &o, &err);
		conn_free(&c);
	}
	if (!cl)
		change_step_result_fail(r, err.message, err.remedy, _("cannot connect to %s"), sc->endpoint);
	rdm_error_clear(&err);
	return cl;
}

int step_fail(struct change_step_result *r, const struct s3_status *st, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *summary = s3_status_summary(st);
	change_step_result_fail(r, st->explanation, st->remedy, "%s: %s", buf_str(&b), summary);
	free(summary);
	buf_free(&b);
	return -1;
}

const char *step_conn_words(const struct step_conn *c, enum change_phase phase)
{
	if (phase < CHANGE_PHASE_FILES)
		return c->root ? _("with the root credentials that work today") : _("with the keys that work today");
	return c->root ? _("with the new root credentials") : _("with the app's new keys");
}
