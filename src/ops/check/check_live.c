/* The live probe (check_live.h): what one run sets up and tears down, and
 * where the target and the credentials come from. The facts themselves
 * are gathered by check_live_instance.c, check_live_net.c and
 * check_live_s3.c. */
#include "config.h"
#include "ops/check/check_live.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ops/check/check_live_int.h"
#include "ops/check/check_util.h"
#include "ops/conn/conn.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define S3_NEEDS (CHECK_NEED_AUTH | CHECK_NEED_BUCKET | CHECK_NEED_REGION | CHECK_NEED_CORS | \
		  CHECK_NEED_PRESIGN | CHECK_NEED_CANARY | CHECK_NEED_MINIO_HEALTH)

struct live_probe {
	struct check_probe base;
	struct check_live_options opt; /* strings owned */
	long clock_offset;
	/* One run, between begin and end: */
	struct live_instance inst;
	struct live_net net;
	struct live_s3 s3;
	struct s3_endpoint ep;
	int have_ep;
	struct s3_client *client;
	struct conn conn;            /* endpoint, region, CA, keys (ops/conn) */
	struct live_strings strings;
};

static struct check_setting given(const char *value, const char *where)
{
	struct check_setting s = { value, value ? where : NULL, 0 };
	return s;
}

/* A value of the resolved connection as the facts carry it: from the
 * instance, where its setting is written ("invenio.cfg:73"); else the
 * resolver's words ("--endpoint", "environment variable AWS_REGION"). */
static struct check_setting from_conn(struct live_probe *p, const char *value, enum conn_from from,
				      const char *source, enum setting_id id)
{
	if (from == CONN_FROM_INSTANCE)
		return live_instance_setting(&p->inst, id);
	return given(value, source);
}

static void target_endpoint(struct live_probe *p, struct check_target *t)
{
	const char *text = t->endpoint.value;
	char *aws = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	if (!text) /* boto3's default: Amazon S3 in the signing region */
		text = aws = s3_endpoint_aws_for_region(t->region.value ? t->region.value : "us-east-1");
	p->have_ep = s3_endpoint_parse(text, &p->ep, &err) == 0;
	rdm_error_clear(&err);
	free(aws);
	if (!p->have_ep)
		return; /* dns skips "no endpoint"; client-compat says what is wrong */
	t->host = p->ep.host;
	t->port = (unsigned)p->ep.port;
	t->https = strcmp(p->ep.scheme, "https") == 0;
	t->server = p->ep.is_aws ? CHECK_SERVER_AWS : CHECK_SERVER_UNKNOWN;
}

static void target_fill(struct live_probe *p, struct check_facts *f)
{
	struct check_target *t = &f->target;
	const struct conn *c = &p->conn;
	t->endpoint = from_conn(p, c->endpoint, c->endpoint_from, c->endpoint_source, SET_S3_ENDPOINT_URL);
	t->region = from_conn(p, c->region, c->region_from, c->region_source, SET_S3_REGION_NAME);
	t->bucket = p->opt.bucket ? given(p->opt.bucket, "--bucket") : live_instance_setting(&p->inst, SET_BUCKET);
	if (p->opt.origin) {
		t->origin = p->opt.origin;
		t->origin_from = "--origin";
	} else if (f->instance.site_ui_url.value)
		t->origin = live_keep(&p->strings, check_url_origin(f->instance.site_ui_url.value));
	/* Which keys: an explicit --credentials-file, else the instance's own
	 * (what the app signs with, so what the checks must prove), else AWS_*
	 * from the environment; none: anonymous, and the auth check says so. */
	if (c->creds_from == CONN_FROM_INSTANCE) {
		t->access_key_id = live_instance_setting(&p->inst, SET_S3_ACCESS_KEY_ID);
		t->secret_where = live_instance_setting(&p->inst, SET_S3_SECRET_ACCESS_KEY).where;
		t->creds_from_instance = 1;
	} else if (c->creds_from == CONN_FROM_ENV) {
		t->access_key_id = given(c->access_key_id, _("environment variable AWS_ACCESS_KEY_ID"));
		t->secret_where = _("environment variable AWS_SECRET_ACCESS_KEY");
	} else if (c->access_key_id) {
		t->access_key_id = given(c->access_key_id, c->creds_source);
		t->secret_where = c->creds_source;
	}
	if (f->instance.load_error && !p->opt.endpoint) {
		/* Its S3_ENDPOINT_URL is unknown: probing boto3's default (AWS)
		 * would check a server the instance may not use at all. */
		t->unknown_endpoint = _("the instance configuration could not be read (see the instance check)");
		return;
	}
	target_endpoint(p, t);
}

/* The one resolver (ops/conn): options, the instance's settings (the
 * instance is what is checked, so its keys, the app's, come before the
 * environment's), S3_CA_BUNDLE unless --ca-file. Only the app's keys: a
 * check proves what the app signs with, never MinIO's root user. */
static int conn_make(struct live_probe *p, struct rdm_error *err)
{
	struct conn_request rq = {
		.instance_dir = p->opt.instance_dir,
		.instance_explicit = 1,
		.endpoint = p->opt.endpoint,
		.region = p->opt.region,
		.ca_file = p->opt.ca_file,
		.path_style = p->opt.path_style == 1,
		.credentials_file = p->opt.credentials_file,
		.creds_from = CONN_CREDS_APP,
		.clock_offset = p->clock_offset,
	};
	const struct settings *s = p->inst.loaded ? &p->inst.settings : NULL;
	if (conn_resolve_settings(&rq, s, &p->conn, err) == 0)
		return 0;
	if (!s || rq.credentials_file)
		return -1;
	/* Half a key pair in the instance: the instance check reports it;
	 * the other checks run without keys rather than not at all. */
	rdm_error_clear(err);
	rq.creds_from = CONN_CREDS_NONE;
	return conn_resolve_settings(&rq, s, &p->conn, err);
}

static long url_expiry(struct live_probe *p)
{
	struct check_setting e = live_instance_setting(&p->inst, SET_S3_URL_EXPIRATION);
	char *end;
	long v = e.value ? strtol(e.value, &end, 10) : 0;
	return e.value && *end == '\0' && v >= 1 && v <= 604800 ? v : 60;
}

static int client_make(struct live_probe *p, const struct check_facts *f, struct rdm_error *err)
{
	char *text = s3_endpoint_to_string(&p->ep);
	struct conn c = p->conn; /* the same, with the endpoint boto's default resolved */
	c.endpoint = text;
	c.path_style = p->opt.path_style == 1 || (p->opt.path_style < 0 && !p->ep.is_aws);
	const struct check_target *t = &f->target;
	char *source = t->secret_where ? xasprintf("%s%s", t->creds_from_instance ? "S3_SECRET_ACCESS_KEY at " : "",
						   t->secret_where) : NULL;
	struct conn_client_opts o = {
		.connect_timeout_ms = p->opt.timeout_ms,
		.timeout_ms = p->opt.timeout_ms,
		/* A check measures: one attempt, no backoff hiding a failure. */
		.retry = { .max_attempts = 1 },
		.creds_source = source,
	};
	p->client = conn_client_new(&c, &o, err);
	free(text);
	free(source);
	return p->client ? 0 : -1;
}

static void run_free(struct live_probe *p)
{
	live_s3_free(&p->s3); /* joins the thread before the client goes */
	live_net_free(&p->net);
	s3_client_free(p->client);
	p->client = NULL;
	if (p->have_ep)
		s3_endpoint_free(&p->ep);
	p->have_ep = 0;
	live_instance_free(&p->inst);
	conn_free(&p->conn);
	live_strings_free(&p->strings);
}

static int live_start_network(struct live_probe *p, unsigned needs, struct check_facts *f,
			      struct rdm_error *err)
{
	if (p->opt.no_canary)
		needs &= ~(unsigned)CHECK_NEED_CANARY; /* read-only, whatever the selection */
	if (client_make(p, f, err) != 0)
		return -1;
	if (live_net_start(&p->net, &p->ep, needs, p->conn.ca_file, p->opt.timeout_ms, err) != 0)
		return -1;
	if (!(needs & S3_NEEDS))
		return 0;
	struct live_s3_input in = {
		.client = p->client,
		.bucket = f->target.bucket.value,
		.origin = f->target.origin,
		.have_creds = p->conn.access_key_id != NULL,
		.needs = needs,
		.url_expiry = url_expiry(p),
		.cors_rules = live_instance_setting(&p->inst, SET_S3_BUCKET_CORS_RULES).value,
		/* invenio-s3 leaves botocore's default checksums on unless
		 * S3_CONFIG_EXTRA turns them down: try that upload too. */
		.boto_canary = f->instance.found && !p->ep.is_aws &&
			       !check_extra_checksums_off(f->instance.s3_config_extra.value),
		.https = f->target.https,
	};
	return live_s3_start(&p->s3, &in, err);
}

static int live_begin(struct check_probe *base, unsigned needs, struct check_facts *f,
		      struct rdm_error *err)
{
	struct live_probe *p = (struct live_probe *)base;
	f->target.now = time(NULL) + p->clock_offset;
	p->net.clock_offset = p->clock_offset;
	live_instance_read(&p->inst, p->opt.instance_dir, &f->instance);
	if (conn_make(p, err) != 0) {
		run_free(p);
		return -1;
	}
	target_fill(p, f);
	if (p->have_ep && live_start_network(p, needs, f, err) != 0) {
		run_free(p);
		return -1;
	}
	return 0;
}

static void live_gather(struct check_probe *base, unsigned needs, struct check_facts *f)
{
	struct live_probe *p = (struct live_probe *)base;
	/* The instance was read in begin: nothing to wait for. */
	live_net_gather(&p->net, needs, f);
	if (needs & S3_NEEDS)
		live_s3_gather(&p->s3, needs, f);
	if ((needs & CHECK_NEED_CORS) && f->cors.rules_drift)
		f->cors.rules_where = live_instance_setting(&p->inst, SET_S3_BUCKET_CORS_RULES).where;
}

static void live_end(struct check_probe *base, struct check_facts *f)
{
	(void)f;
	run_free((struct live_probe *)base);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct check_probe *check_live_probe_new(const struct check_live_options *opt,
					 struct rdm_error *err)
{
	if (opt->timeout_ms < 0) {
		rdm_error_set(err, _("the check timeout must not be negative"));
		return NULL;
	}
	struct live_probe *p = xcalloc(1, sizeof *p);
	p->base.begin = live_begin;
	p->base.gather = live_gather;
	p->base.end = live_end;
	p->opt = *opt;
	p->opt.instance_dir = dup_or_null(opt->instance_dir);
	p->opt.endpoint = dup_or_null(opt->endpoint);
	p->opt.bucket = dup_or_null(opt->bucket);
	p->opt.region = dup_or_null(opt->region);
	p->opt.ca_file = dup_or_null(opt->ca_file);
	p->opt.credentials_file = dup_or_null(opt->credentials_file);
	p->opt.origin = dup_or_null(opt->origin);
	if (!p->opt.timeout_ms)
		p->opt.timeout_ms = CHECK_LIVE_DEFAULT_TIMEOUT_MS;
	return &p->base;
}

void check_live_probe_set_clock_offset(struct check_probe *base, long seconds)
{
	((struct live_probe *)base)->clock_offset = seconds;
}

void check_live_probe_free(struct check_probe *base)
{
	if (!base)
		return;
	struct live_probe *p = (struct live_probe *)base;
	free((char *)p->opt.instance_dir);
	free((char *)p->opt.endpoint);
	free((char *)p->opt.bucket);
	free((char *)p->opt.region);
	free((char *)p->opt.ca_file);
	free((char *)p->opt.credentials_file);
	free((char *)p->opt.origin);
	free(p);
}
