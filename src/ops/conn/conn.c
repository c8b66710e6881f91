/* The connection resolver (conn.h): the request and the environment here;
 * what an instance contributes in conn_instance.c. */
#include "config.h"
#include "ops/conn/conn.h"
#include "ops/conn/conn_int.h"

#include <stdlib.h>
#include <string.h>

#include "instance/instance.h"
#include "instance/settings/settings.h"
#include "s3/model/endpoint.h"
#include "util/creds_file.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

void conn_free(struct conn *c)
{
	free(c->instance_dir);
	free(c->endpoint);
	free(c->endpoint_source);
	free(c->region);
	free(c->region_source);
	free(c->ca_file);
	free(c->ca_source);
	free(c->access_key_id);
	secret_free(c->secret_access_key);
	secret_free(c->session_token);
	free(c->creds_source);
	free(c->bucket);
	free(c->bucket_source);
	free(c->origin);
	free(c->origin_source);
	free(c->service);
	memset(c, 0, sizeof *c);
}

const char *conn_env(char *const *envp, const char *name)
{
	size_t n = strlen(name);
	for (char *const *e = envp ? envp : environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return (*e)[n + 1] ? *e + n + 1 : NULL;
	return NULL;
}

void conn_set(char **slot, char **source, const char *value, char *where)
{
	free(*slot);
	free(*source);
	*slot = value ? xstrdup(value) : NULL;
	*source = value ? where : NULL;
	if (!value)
		free(where);
}

void conn_set_creds(struct conn *c, const char *ak, const char *sk, const char *token, char *where,
		    enum conn_from from)
{
	c->creds_from = from;
	free(c->access_key_id);
	secret_free(c->secret_access_key);
	secret_free(c->session_token);
	free(c->creds_source);
	c->access_key_id = xstrdup(ak);
	c->secret_access_key = xstrdup(sk);
	c->session_token = token ? xstrdup(token) : NULL;
	c->creds_source = where;
}

static int creds_from_env(const struct conn_request *rq, struct conn *c, struct rdm_error *err)
{
	const char *ak = conn_env(rq->envp, "AWS_ACCESS_KEY_ID"), *sk = conn_env(rq->envp, "AWS_SECRET_ACCESS_KEY");
	if (!ak && !sk)
		return 0;
	if (!ak || !sk) {
		rdm_error_set(err, _("%s is set but %s is not"), ak ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
			      ak ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
		rdm_error_remedy(err, _("set both (or neither) in the environment"));
		return -1;
	}
	conn_set_creds(c, ak, sk, conn_env(rq->envp, "AWS_SESSION_TOKEN"),
		       xstrdup("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"), CONN_FROM_ENV);
	return 0;
}

static void region_from_env(const struct conn_request *rq, struct conn *c)
{
	const char *name = conn_env(rq->envp, "AWS_REGION") ? "AWS_REGION" : "AWS_DEFAULT_REGION";
	const char *v = conn_env(rq->envp, name);
	if (!c->region && v) {
		conn_set(&c->region, &c->region_source, v, xasprintf(_("environment variable %s"), name));
		c->region_from = CONN_FROM_ENV;
	}
}

/* What the request itself says: options and in-memory credentials. */
static int from_request(const struct conn_request *rq, struct conn *c, struct rdm_error *err)
{
	c->clock_offset = rq->clock_offset;
	c->path_style = rq->path_style;
	if (rq->endpoint) {
		conn_set(&c->endpoint, &c->endpoint_source, rq->endpoint, xstrdup("--endpoint"));
		c->endpoint_from = CONN_FROM_REQUEST;
	}
	if (rq->region) {
		conn_set(&c->region, &c->region_source, rq->region, xstrdup("--region"));
		c->region_from = CONN_FROM_REQUEST;
	}
	if (rq->ca_file) {
		conn_set(&c->ca_file, &c->ca_source, rq->ca_file, xstrdup("--ca-file"));
		c->ca_from = CONN_FROM_REQUEST;
	}
	int any = rq->creds_from == CONN_CREDS_AUTO || rq->creds_from == CONN_CREDS_APP;
	if (rq->creds && rq->creds->access_key_id && (any || rq->creds_from == CONN_CREDS_GIVEN)) {
		conn_set_creds(c, rq->creds->access_key_id, rq->creds->secret_access_key ? rq->creds->secret_access_key : "",
			       rq->creds->session_token, xstrdup(rq->creds_label ? rq->creds_label : _("given")),
			       CONN_FROM_REQUEST);
		return 0;
	}
	if (rq->credentials_file && any) {
		struct creds_file cf;
		if (creds_file_read(rq->credentials_file, &cf, &c->creds_file_loose, err) != 0)
			return -1;
		conn_set_creds(c, cf.access_key_id, cf.secret_access_key, cf.session_token,
			       xasprintf("--credentials-file %s", rq->credentials_file), CONN_FROM_REQUEST);
		creds_file_free(&cf);
	}
	return 0;
}

/* Amazon S3 (no endpoint: boto's default; or an amazonaws.com host). The
 * region its host names is left to the client, which signs for it. */
static void endpoint_facts(struct conn *c)
{
	if (!c->endpoint) {
		c->server = S3_SERVER_AWS;
		return;
	}
	struct s3_endpoint ep;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (s3_endpoint_parse(c->endpoint, &ep, &ignored) == 0) {
		if (ep.is_aws)
			c->server = S3_SERVER_AWS;
		s3_endpoint_free(&ep);
	}
	rdm_error_clear(&ignored);
}

int conn_resolve_settings(const struct conn_request *rq, const struct settings *s, struct conn *out,
			  struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	int explicit_inst = s && rq->instance_explicit;
	if (from_request(rq, out, err) != 0)
		goto fail;
	if (explicit_inst && conn_from_settings(rq, s, out, err) != 0)
		goto fail;
	region_from_env(rq, out);
	int env_ok = rq->creds_from == CONN_CREDS_AUTO || rq->creds_from == CONN_CREDS_APP;
	if (!out->access_key_id && env_ok && creds_from_env(rq, out, err) != 0)
		goto fail;
	if (s && !explicit_inst && conn_from_settings(rq, s, out, err) != 0)
		goto fail;
	endpoint_facts(out);
	if (s && out->server != S3_SERVER_AWS && settings_app_uses_minio(s) && s->minio_service &&
	    (!rq->endpoint || conn_endpoint_is_service(s, out->endpoint))) {
		out->server = S3_SERVER_MINIO;
		out->service = xstrdup(s->minio_service);
	}
	return 0;
fail:
	conn_free(out);
	return -1;
}

int conn_resolve(const struct conn_request *rq, struct conn *out, struct rdm_error *err)
{
	struct instance inst;
	struct settings s;
	memset(out, 0, sizeof *out);
	if (!rq->instance_dir)
		return conn_resolve_settings(rq, NULL, out, err);
	struct settings_opts so = { rq->envp ? rq->envp : environ, 0 };
	if (inst_load(&inst, rq->instance_dir, err) != 0) {
		inst_free(&inst);
		return -1;
	}
	int rc = settings_read(&s, &inst, &so, err);
	if (rc == 0)
		rc = conn_resolve_settings(rq, &s, out, err);
	settings_free(&s);
	inst_free(&inst);
	return rc;
}

struct s3_client *conn_client_new(const struct conn *c, const struct conn_client_opts *o, struct rdm_error *err)
{
	static const struct conn_client_opts none = { 0 };
	if (!o)
		o = &none;
	struct s3_credentials cr = { c->access_key_id, c->secret_access_key, c->session_token };
	struct s3_client_config cfg = {
		.endpoint = c->endpoint,
		.region = c->region,
		.creds = c->access_key_id ? &cr : NULL,
		.addressing = c->path_style ? S3_ADDRESSING_PATH : S3_ADDRESSING_AUTO,
		.ca_file = c->ca_file,
		.connect_timeout_ms = o->connect_timeout_ms,
		.timeout_ms = o->timeout_ms,
		.transport = o->transport,
		.clock_offset = c->clock_offset,
		.retry = o->retry,
		.log = o->log,
		.log_ctx = o->log_ctx,
		.log_level = o->log_level,
		.server = c->server,
	};
	return s3_client_new(&cfg, err);
}

void conn_describe(const struct conn *c, struct buf *out)
{
	if (c->instance_dir)
		buf_printf(out, _("instance %s\n"), c->instance_dir);
	buf_printf(out, _("endpoint %s from %s\n"), c->endpoint ? c->endpoint : _("(Amazon S3)"),
		   c->endpoint_source ? c->endpoint_source : _("the default"));
	if (c->region)
		buf_printf(out, _("region %s from %s\n"), c->region, c->region_source ? c->region_source : "?");
	if (c->ca_file)
		buf_printf(out, _("CA file %s from %s\n"), c->ca_file, c->ca_source ? c->ca_source : "?");
	if (c->access_key_id)
		buf_printf(out, _("using access key %s from %s (secret %s)\n"), c->access_key_id,
			   c->creds_source ? c->creds_source : "?", secret_mask(c->secret_access_key));
}
