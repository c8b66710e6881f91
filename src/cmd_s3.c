/* Shared plumbing of the S3 commands: arguments, client, log, failures. */
#include "config.h"
#include "cmd_s3.h"
#include "cmd_common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

static const struct cmd_s3_opt *find_opt(const struct cmd_s3_opt *opts, const char *arg, size_t len)
{
	for (size_t i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len && strncmp(opts[i].name, arg, len) == 0)
			return &opts[i];
	return NULL;
}

static int take_opt(const char *command, const struct cmd_s3_opt *o, const char *value)
{
	switch (o->kind) {
	case CMD_OPT_FLAG:
		*o->flag = 1;
		break;
	case CMD_OPT_VALUE:
		*o->value = value;
		break;
	case CMD_OPT_LIST:
		if (*o->n_list >= o->max_list)
			return cli_usage_error(command, _("too many %s options (at most %zu)"), o->name,
					       o->max_list);
		o->list[(*o->n_list)++] = value;
		break;
	}
	return 0;
}

int cmd_s3_args_parse(const char *command, int argc, char **argv, int first,
		      const struct cmd_s3_opt *opts, size_t min_pos, size_t max_pos,
		      struct cmd_s3_args *out)
{
	int only_pos = 0;
	memset(out, 0, sizeof *out);
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (!only_pos && !strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (only_pos || a[0] != '-' || !strcmp(a, "-")) {
			if (out->n_pos >= max_pos || out->n_pos >= CMD_S3_MAX_POS)
				return cli_usage_error(command, _("unexpected argument '%s'"), a);
			out->pos[out->n_pos++] = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const struct cmd_s3_opt *o = find_opt(opts, a, len);
		/* --timeout is an option of every S3 command. */
		struct cmd_s3_opt timeout[] = { { "--timeout", CMD_OPT_VALUE, NULL, &out->timeout, NULL, NULL, 0 },
						{ NULL, 0, NULL, NULL, NULL, NULL, 0 } };
		if (!o)
			o = find_opt(timeout, a, len);
		if (!o)
			return cli_usage_error(command, _("unknown option '%.*s'"), (int)len, a);
		if (o->kind == CMD_OPT_FLAG && eq)
			return cli_usage_error(command, _("option '%s' takes no value"), o->name);
		const char *value = eq ? eq + 1 : NULL;
		if (o->kind != CMD_OPT_FLAG && !value) {
			if (i + 1 >= argc)
				return cli_usage_error(command, _("option '%s' needs a value"), o->name);
			value = argv[++i];
		}
		int rc = take_opt(command, o, value);
		if (rc)
			return rc;
	}
	if (out->n_pos < min_pos)
		return cli_usage_error(command, _("missing argument(s): see the usage"));
	return 0;
}

static void log_to_stderr(void *ctx, int level, const char *line)
{
	(void)ctx;
	(void)level;
	fprintf(stderr, "rdm-s3: %s\n", line);
}

/* Jitter for retry waits, so that many clients that failed together do
 * not retry together. Not for anything secret. */
static unsigned long jitter_rng(void *ctx)
{
	unsigned long *x = ctx;
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* -v: where each setting came from (the secret only masked). */
static void print_sources(const struct conn *conn)
{
	struct buf b = BUF_INIT;
	conn_describe(conn, &b);
	for (const char *p = buf_str(&b); *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "rdm-s3: %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	buf_free(&b);
}

int cmd_s3_open(struct cmd_s3 *c, const struct rdm_globals *g, const char *name,
		const char *timeout, int need)
{
	struct rdm_error err = RDM_ERROR_INIT;
	memset(c, 0, sizeof *c);
	c->g = g;
	c->name = name;
	long timeout_ms;
	int rc = cmd_parse_timeout(name, timeout, CMD_S3_DEFAULT_TIMEOUT_S * 1000L, &timeout_ms);
	if (rc)
		return rc;
	int resolved = cmd_s3_conn_resolve(g, &c->conn, &err);
	if (resolved != 0) {
		char *text = rdm_error_format(&err);
		fprintf(stderr, "rdm-s3: %s: %s\n", name, text);
		free(text);
		rdm_error_clear(&err);
		return resolved == -2 ? RDM_EXIT_DATAERR : RDM_EXIT_USAGE;
	}
	if ((need & CMD_S3_NEED_CREDS) && !c->conn.access_key_id) {
		fprintf(stderr, _("rdm-s3: %s: no S3 credentials.\n"
				  "  fix: run the command inside the InvenioRDM instance folder (or give\n"
				  "  --instance DIR) whose S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY to use, set\n"
				  "  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or\n"
				  "  pass --credentials-file FILE (a 0600 file with aws_access_key_id = ... and\n"
				  "  aws_secret_access_key = ... under [default]). Secrets are never read from\n"
				  "  the command line.\n"), name);
		return RDM_EXIT_USAGE;
	}
	c->rng_state = ((unsigned long)time(NULL) << 16) ^ (unsigned long)getpid() ^ 0x9e3779b9UL;
	if (g->verbosity > 0)
		print_sources(&c->conn);
	struct conn_client_opts co = {
		.timeout_ms = timeout_ms,
		.log = g->verbosity > 0 ? log_to_stderr : NULL, .log_level = g->verbosity,
		.retry = { .max_attempts = (need & CMD_S3_ONE_ATTEMPT) ? 1 : 0,
			   .rng = jitter_rng, .rng_ctx = &c->rng_state },
		.creds_source = c->conn.creds_source, /* remedies name where to fix a key */
	};
	if (!(c->client = conn_client_new(&c->conn, &co, &err))) {
		char *text = rdm_error_format(&err);
		fprintf(stderr, "rdm-s3: %s: %s\n", name, text);
		free(text);
		rdm_error_clear(&err);
		return RDM_EXIT_USAGE;
	}
	return 0;
}

void cmd_s3_close(struct cmd_s3 *c)
{
	s3_client_free(c->client);
	c->client = NULL;
	conn_free(&c->conn);
}

static const char *transport_name(enum s3_transport_error e)
{
	static const char *const names[] = { NULL, "dns", "refused", "connect", "timeout",
					     "tls_verify", "tls", "too_large", "other" };
	return (size_t)e < sizeof names / sizeof *names ? names[e] : "other";
}

void cmd_s3_json_ok_begin(struct cmd_json *j, struct buf *out)
{
	cmd_json_init(j, out);
	cmd_json_begin_object(j, NULL);
	cmd_json_bool(j, "ok", 1);
}

void cmd_s3_json_status(struct cmd_json *j, const struct s3_status *st)
{
	cmd_json_bool(j, "ok", s3_status_ok(st));
	if (st->http_status)
		cmd_json_int(j, "http_status", st->http_status);
	else
		cmd_json_null(j, "http_status");
	cmd_json_string(j, "code", st->code);
	cmd_json_string(j, "message", st->message);
	cmd_json_string(j, "request_id", st->request_id);
	cmd_json_string(j, "bucket_region", st->bucket_region);
	cmd_json_string(j, "transport", transport_name(st->transport));
	cmd_json_string(j, "transport_detail", st->transport_detail);
	cmd_json_string(j, "explanation", st->explanation);
	cmd_json_string(j, "remedy", st->remedy);
}

int cmd_s3_report_failure(const struct cmd_s3 *c, const struct s3_status *st)
{
	char *summary = s3_status_summary(st);
	fprintf(stderr, "rdm-s3: %s: %s\n", c->name,
		st->explanation ? st->explanation : summary);
	if (st->explanation)
		fprintf(stderr, "  (%s)\n", summary);
	if (st->remedy)
		fprintf(stderr, _("  fix: %s\n"), st->remedy);
	free(summary);
	if (c->g->json) {
		struct buf out = BUF_INIT;
		struct cmd_json j;
		cmd_json_init(&j, &out);
		cmd_json_begin_object(&j, NULL);
		cmd_json_string(&j, "command", c->name);
		cmd_s3_json_status(&j, st);
		cmd_json_end_object(&j);
		cmd_s3_emit(&out);
	}
	if (st->transport != S3_TRANSPORT_OK && st->transport != S3_TRANSPORT_TOO_LARGE)
		return RDM_EXIT_UNAVAILABLE;
	return RDM_EXIT_FAILED;
}


void cmd_s3_emit(struct buf *out)
{
	fwrite(buf_str(out), 1, out->len, stdout);
	fflush(stdout);
	buf_free(out);
}
