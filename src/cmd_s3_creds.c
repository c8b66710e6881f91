/* Where the S3 commands get their endpoint, region and credentials from:
 * options, environment, a credentials file; the instance's part is in
 * cmd_s3_instance.c. */
#include "config.h"
#include "cmd_s3.h"
#include "cmd_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/creds_file.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

void cmd_s3_conn_free(struct cmd_s3_conn *conn)
{
	free(conn->endpoint);
	free(conn->region);
	free(conn->ca_file);
	free(conn->access_key_id);
	secret_free(conn->secret_access_key);
	secret_free(conn->session_token);
	free(conn->creds_source);
	free(conn->instance_dir);
	free(conn->endpoint_source);
	free(conn->region_source);
	memset(conn, 0, sizeof *conn);
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

int cmd_s3_creds_file_read(const char *path, struct cmd_s3_conn *conn, int *group_readable,
			   struct rdm_error *err)
{
	struct creds_file cf;
	if (creds_file_read(path, &cf, group_readable, err) != 0)
		return -1;
	/* What the file names replaces what conn had; the rest stays. */
	free(conn->access_key_id);
	conn->access_key_id = cf.access_key_id;
	secret_free(conn->secret_access_key);
	conn->secret_access_key = cf.secret_access_key;
	if (cf.session_token) {
		secret_free(conn->session_token);
		conn->session_token = cf.session_token;
	}
	free(conn->creds_source);
	conn->creds_source = xasprintf("--credentials-file %s", path);
	return 0;
}

static int creds_from_env(struct cmd_s3_conn *conn, struct rdm_error *err)
{
	const char *ak = env_nonempty("AWS_ACCESS_KEY_ID"), *sk = env_nonempty("AWS_SECRET_ACCESS_KEY");
	if (!ak && !sk)
		return 0;
	if (!ak || !sk) {
		rdm_error_set(err, _("%s is set but %s is not"), ak ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
			      ak ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
		rdm_error_remedy(err, _("set both (or neither) in the environment"));
		return -1;
	}
	conn->access_key_id = xstrdup(ak);
	conn->secret_access_key = xstrdup(sk);
	const char *tok = env_nonempty("AWS_SESSION_TOKEN");
	conn->session_token = tok ? xstrdup(tok) : NULL;
	conn->creds_source = xstrdup("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
	return 0;
}

int cmd_s3_conn_resolve(const struct rdm_globals *g, struct cmd_s3_conn *conn,
			struct rdm_error *err)
{
	memset(conn, 0, sizeof *conn);
	conn->endpoint = g->endpoint ? xstrdup(g->endpoint) : NULL;
	conn->region = g->region ? xstrdup(g->region) : NULL;
	conn->region_source = g->region ? xstrdup("--region") : NULL;
	conn->ca_file = g->ca_file ? xstrdup(g->ca_file) : NULL;
	conn->path_style = g->path_style;
	if (cmd_clock_offset_from_env(&conn->clock_offset, err) != 0)
		goto fail;
	if (g->credentials_file && cmd_s3_creds_file_read(g->credentials_file, conn, NULL, err) != 0) {
		cmd_s3_conn_free(conn);
		return -2; /* the file cannot be used: a data error, not a usage one */
	}
	/* An instance named on the command line comes before the environment;
	 * one found by looking around comes after it. */
	int explicit_instance = g->n_instances > 0;
	if (explicit_instance && cmd_s3_conn_from_instance(g, conn, err) != 0)
		goto fail;
	if (!conn->region) {
		const char *name = env_nonempty("AWS_REGION") ? "AWS_REGION" : "AWS_DEFAULT_REGION";
		const char *region = env_nonempty(name);
		conn->region = region ? xstrdup(region) : NULL;
		conn->region_source = region ? xstrdup(name) : NULL;
	}
	if (!conn->access_key_id && creds_from_env(conn, err) != 0)
		goto fail;
	if (!explicit_instance && cmd_s3_conn_from_instance(g, conn, err) != 0)
		goto fail;
	return 0;
fail:
	cmd_s3_conn_free(conn);
	return -1;
}
