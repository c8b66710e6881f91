/* The client object: endpoint, region, credentials, clock, transport. */
#include "config.h"
#include "s3/client.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "s3/client_internal.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static char *dup_nonempty(const char *s) { return s && *s ? xstrdup(s) : NULL; }

static int client_set_endpoint(struct s3_client *c, const struct s3_client_config *cfg,
			       struct rdm_error *err)
{
	char *aws = NULL;
	const char *url = cfg->endpoint;
	if (!url || !*url)
		url = aws = s3_endpoint_aws_for_region(cfg->region && *cfg->region ? cfg->region : "us-east-1");
	int rc = s3_endpoint_parse(url, &c->ep, err);
	free(aws);
	if (rc != 0)
		return -1;
	return 0;
}

static void client_set_region(struct s3_client *c, const struct s3_client_config *cfg)
{
	if (cfg->region && *cfg->region)
		c->region = xstrdup(cfg->region);
	else if (c->ep.is_aws && c->ep.aws_region)
		c->region = xstrdup(c->ep.aws_region);
	c->signing_region = xstrdup(c->region ? c->region : "us-east-1");
}

struct s3_client *s3_client_new(const struct s3_client_config *cfg, struct rdm_error *err)
{
	struct s3_client *c = xcalloc(1, sizeof *c);
	if (client_set_endpoint(c, cfg, err) != 0)
		goto fail;
	client_set_region(c, cfg);
	if (cfg->creds && cfg->creds->access_key_id && *cfg->creds->access_key_id) {
		c->creds.access_key_id = xstrdup(cfg->creds->access_key_id);
		c->creds.secret_access_key = xstrdup(cfg->creds->secret_access_key);
		c->creds.session_token = dup_nonempty(cfg->creds->session_token);
	} else {
		c->anonymous = 1;
	}
	c->addressing = cfg->path_style ? S3_ADDRESSING_PATH : cfg->addressing;
	if (cfg->transport) {
		c->transport = cfg->transport;
	} else {
		struct s3_http_options o = { .ca_file = cfg->ca_file,
					     .connect_timeout_ms = cfg->connect_timeout_ms,
					     .timeout_ms = cfg->timeout_ms };
		if (!(c->transport = s3_transport_curl_new(&o, err)))
			goto fail;
		c->owns_transport = 1;
	}
	c->http.transport = c->transport;
	c->http.retry = cfg->retry;
	c->http.log = cfg->log;
	c->http.log_ctx = cfg->log_ctx;
	c->http.log_level = cfg->log_level;
	c->clock = cfg->clock;
	c->clock_ctx = cfg->clock_ctx;
	c->clock_offset = cfg->clock_offset;
	c->server_hint = cfg->server;
	c->creds_source = cfg->creds_source && *cfg->creds_source ? xstrdup(cfg->creds_source) : NULL;
	if (c->server_hint == S3_SERVER_UNKNOWN && c->ep.is_aws)
		c->server_hint = S3_SERVER_AWS;
	return c;
fail:
	s3_client_free(c);
	return NULL;
}

void s3_client_free(struct s3_client *c)
{
	if (!c)
		return;
	s3_endpoint_free(&c->ep);
	free(c->region);
	free(c->signing_region);
	free(c->creds_source);
	free((char *)c->creds.access_key_id);
	secret_free((char *)c->creds.secret_access_key);
	secret_free((char *)c->creds.session_token);
	if (c->owns_transport)
		s3_transport_free(c->transport);
	free(c);
}

const char *s3_client_region(const struct s3_client *c) { return c->region; }
const char *s3_client_secret_key(const struct s3_client *c)
{
	return c->anonymous ? NULL : c->creds.secret_access_key;
}
void s3_client_set_clock_offset(struct s3_client *c, long seconds) { c->clock_offset = seconds; }

time_t s3_client_now(const struct s3_client *c)
{
	time_t now = c->clock ? c->clock(c->clock_ctx) : time(NULL);
	return now + c->clock_offset;
}

enum s3_server_kind s3_client_server_kind(const struct s3_client *c)
{
	return c->server_hint != S3_SERVER_UNKNOWN ? c->server_hint : c->server_seen;
}

int s3_client_has_credentials(const struct s3_client *c)
{
	return !c->anonymous;
}

/* Servers name themselves: "MinIO", "AmazonS3", "Ceph Object Gateway (...)". */
static enum s3_server_kind kind_from_header(const char *server)
{
	if (!server)
		return S3_SERVER_UNKNOWN;
	if (strncasecmp(server, "MinIO", 5) == 0)
		return S3_SERVER_MINIO;
	if (strncasecmp(server, "AmazonS3", 8) == 0)
		return S3_SERVER_AWS;
	if (strstr(server, "Ceph") || strstr(server, "RGW") || strstr(server, "rgw"))
		return S3_SERVER_CEPH;
	return S3_SERVER_UNKNOWN;
}

void s3_client_note_server(struct s3_client *c, const struct s3_op *op)
{
	enum s3_server_kind seen = kind_from_header(s3_http_response_header(&op->resp, "Server"));
	if (seen != S3_SERVER_UNKNOWN)
		c->server_seen = seen;
}

void s3_client_explain(struct s3_client *c, const struct s3_op *op, struct s3_status *st)
{
	s3_client_note_server(c, op);
	struct s3_explain_ctx ctx = {
		.operation = op->operation,
		.bucket = op->bucket,
		.region = c->signing_region,
		.endpoint_host = op->host,
		.server = s3_client_server_kind(c),
		.creds_source = c->creds_source,
	};
	s3_status_explain(st, &ctx);
}

int s3_client_bad_body(const struct s3_client *c, const struct s3_op *op, struct s3_status *st,
		       const struct rdm_error *why)
{
	st->body_malformed = 1;
	free(st->explanation);
	free(st->remedy);
	st->explanation = xasprintf(_("%s answered HTTP %ld, but the answer is not an S3 %s response%s%s."),
				    op->host ? op->host : _("The server"), st->http_status, op->operation,
				    why && why->message ? ": " : "", why && why->message ? why->message : "");
	st->remedy = xstrdup(_("Check that the endpoint is the S3 API (for MinIO the API port, usually "
			     "9000, not the console port 9001) and that no proxy or login page answers "
			     "in its place."));
	return -1;
}
