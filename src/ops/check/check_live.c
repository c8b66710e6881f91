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
#include "util/creds_file.h"
#include "util/secret.h"
#include "util/xalloc.h"

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
	struct creds_file creds;
	struct live_strings strings;
};

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static struct check_setting given(const char *value, const char *where)
{
	struct check_setting s = { value, value ? where : NULL, 0 };
	return s;
}

/* An option when given, else the instance's setting. */
static struct check_setting pick(struct live_probe *p, const char *opt, const char *opt_name,
				 enum setting_id id)
{
	if (opt)
		return given(opt, opt_name);
	return live_instance_setting(&p->inst, id);
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
	t->endpoint = pick(p, p->opt.endpoint, "--endpoint", SET_S3_ENDPOINT_URL);
	t->region = pick(p, p->opt.region, "--region", SET_S3_REGION_NAME);
	t->bucket = pick(p, p->opt.bucket, "--bucket", SET_BUCKET);
	if (p->opt.origin) {
		t->origin = p->opt.origin;
		t->origin_from = "--origin";
	} else if (f->instance.site_ui_url.value)
		t->origin = live_keep(&p->strings, check_url_origin(f->instance.site_ui_url.value));
	if (f->instance.load_error && !p->opt.endpoint) {
		/* Its S3_ENDPOINT_URL is unknown: probing boto3's default (AWS)
		 * would check a server the instance may not use at all. */
		t->unknown_endpoint = "the instance configuration could not be read (see the instance check)";
		return;
	}
	target_endpoint(p, t);
}

/* Which keys to check with. An explicit --credentials-file wins (the
 * operator asked for it); otherwise the instance's own keys, which are what
 * the app uses and so what the checks must prove; otherwise AWS_* from the
 * environment (endpoint-only checks). None at all: anonymous, and the
 * auth check says so. */
static int creds_resolve(struct live_probe *p, struct check_target *t, struct rdm_error *err)
{
	if (p->opt.credentials_file) {
		if (creds_file_read(p->opt.credentials_file, &p->creds, NULL, err) != 0)
			return -1;
		char *where = live_keep(&p->strings, xasprintf("--credentials-file %s",
								p->opt.credentials_file));
		t->access_key_id = given(p->creds.access_key_id, where);
		t->secret_where = where;
		return 0;
	}
	struct check_setting ak = live_instance_setting(&p->inst, SET_S3_ACCESS_KEY_ID);
	struct check_setting sk = live_instance_setting(&p->inst, SET_S3_SECRET_ACCESS_KEY);
	if (ak.value && *ak.value && sk.value && *sk.value) {
		p->creds.access_key_id = xstrdup(ak.value);
		p->creds.secret_access_key = xstrdup(sk.value);
		t->access_key_id = ak;
		t->secret_where = sk.where;
		t->creds_from_instance = 1;
		return 0;
	}
	const char *eak = env_nonempty("AWS_ACCESS_KEY_ID"), *esk = env_nonempty("AWS_SECRET_ACCESS_KEY");
	if (eak && esk) {
		const char *tok = env_nonempty("AWS_SESSION_TOKEN");
		p->creds.access_key_id = xstrdup(eak);
		p->creds.secret_access_key = xstrdup(esk);
		p->creds.session_token = tok ? xstrdup(tok) : NULL;
		t->access_key_id = given(p->creds.access_key_id, "environment variable AWS_ACCESS_KEY_ID");
		t->secret_where = "environment variable AWS_SECRET_ACCESS_KEY";
	}
	return 0;
}

static long url_expiry(struct live_probe *p)
{
	struct check_setting e = live_instance_setting(&p->inst, SET_S3_URL_EXPIRATION);
	char *end;
	long v = e.value ? strtol(e.value, &end, 10) : 0;
	return e.value && *end == '\0' && v >= 1 && v <= 604800 ? v : 60;
}

static int client_make(struct live_probe *p, const struct check_target *t, struct rdm_error *err)
{
	struct s3_credentials cr = { p->creds.access_key_id, p->creds.secret_access_key,
				     p->creds.session_token };
	char *text = s3_endpoint_to_string(&p->ep);
	char *source = t->secret_where ? xasprintf("%s%s", t->creds_from_instance ? "S3_SECRET_ACCESS_KEY at " : "",
						   t->secret_where) : NULL;
	struct s3_client_config cfg = {
		.endpoint = text,
		.region = t->region.value,
		.creds = cr.access_key_id ? &cr : NULL,
		.addressing = p->opt.path_style == 1 || (p->opt.path_style < 0 && !p->ep.is_aws)
				      ? S3_ADDRESSING_PATH : S3_ADDRESSING_AUTO,
		.ca_file = p->opt.ca_file,
		.connect_timeout_ms = p->opt.timeout_ms,
		.timeout_ms = p->opt.timeout_ms,
		.clock_offset = p->clock_offset,
		/* A check measures: one attempt, no backoff hiding a failure. */
		.retry = { .max_attempts = 1 },
		.creds_source = source,
	};
	p->client = s3_client_new(&cfg, err);
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
	creds_file_free(&p->creds);
	live_strings_free(&p->strings);
}

static int live_start_network(struct live_probe *p, unsigned needs, struct check_facts *f,
			      struct rdm_error *err)
{
	if (p->opt.no_canary)
		needs &= ~(unsigned)CHECK_NEED_CANARY; /* read-only, whatever the selection */
	if (client_make(p, &f->target, err) != 0)
		return -1;
	if (live_net_start(&p->net, &p->ep, needs, p->opt.ca_file, p->opt.timeout_ms, err) != 0)
		return -1;
	if (!(needs & S3_NEEDS))
		return 0;
	struct live_s3_input in = {
		.client = p->client,
		.bucket = f->target.bucket.value,
		.origin = f->target.origin,
		.have_creds = p->creds.access_key_id != NULL,
		.needs = needs,
		.url_expiry = url_expiry(p),
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
	target_fill(p, f);
	if (creds_resolve(p, &f->target, err) != 0 ||
	    (p->have_ep && live_start_network(p, needs, f, err) != 0)) {
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
		rdm_error_set(err, "the check timeout must not be negative");
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
