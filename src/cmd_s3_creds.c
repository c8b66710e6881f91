/* Where the S3 commands get their endpoint, region and credentials from:
 * options, environment, a credentials file, and (later) the instance. */
#include "config.h"
#include "cmd_s3.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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
	memset(conn, 0, sizeof *conn);
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

enum cred_field { F_NONE, F_ACCESS, F_SECRET, F_TOKEN };

/* Names accepted in the file, compared without case. */
static enum cred_field field_of(const char *name, size_t len)
{
	static const struct { const char *name; enum cred_field f; } names[] = {
		{ "aws_access_key_id", F_ACCESS }, { "access_key_id", F_ACCESS },
		{ "access_key", F_ACCESS }, { "s3_access_key_id", F_ACCESS },
		{ "minio_root_user", F_ACCESS },
		{ "aws_secret_access_key", F_SECRET }, { "secret_access_key", F_SECRET },
		{ "secret_key", F_SECRET }, { "s3_secret_access_key", F_SECRET },
		{ "minio_root_password", F_SECRET },
		{ "aws_session_token", F_TOKEN }, { "session_token", F_TOKEN },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i].name) == len && strncasecmp(names[i].name, name, len) == 0)
			return names[i].f;
	return F_NONE;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static char *unquote(char *v)
{
	size_t n = strlen(v);
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = '\0';
		return v + 1;
	}
	return v;
}

static void store(struct cmd_s3_conn *conn, enum cred_field f, const char *value)
{
	char **slot = f == F_ACCESS ? &conn->access_key_id
		: f == F_SECRET ? &conn->secret_access_key : &conn->session_token;
	secret_free(*slot);
	*slot = xstrdup(value);
}

/* One line; *in_default tracks INI sections (only [default] counts). */
static void parse_line(char *line, int *in_default, struct cmd_s3_conn *conn)
{
	char *s = trim(line);
	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		char *end = strchr(s, ']');
		*in_default = end && (size_t)(end - s - 1) == 7 && strncmp(s + 1, "default", 7) == 0;
		return;
	}
	if (!*in_default)
		return;
	if (strncmp(s, "export ", 7) == 0)
		s = trim(s + 7);
	char *eq = strchr(s, '=');
	if (!eq)
		return;
	*eq = '\0';
	char *name = trim(s);
	enum cred_field f = field_of(name, strlen(name));
	if (f != F_NONE)
		store(conn, f, unquote(trim(eq + 1)));
}

int cmd_s3_creds_file_read(const char *path, struct cmd_s3_conn *conn, int *group_readable,
			   struct rdm_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		rdm_error_set(err, _("cannot open the credentials file: %s"), strerror(errno));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	struct stat sb;
	*group_readable = fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0;
	struct buf line = BUF_INIT;
	int in_default = 1; /* lines before any [section] count */
	int c;
	do {
		c = getc(f);
		if (c != EOF && c != '\n') {
			buf_putc(&line, (char)c);
			continue;
		}
		if (line.len)
			parse_line(line.data, &in_default, conn);
		secure_wipe(line.data, line.cap);
		buf_truncate(&line, 0);
	} while (c != EOF);
	buf_free_secret(&line);
	fclose(f);
	if (!conn->access_key_id || !conn->secret_access_key) {
		rdm_error_set(err, _("the credentials file has no %s"),
			      conn->access_key_id ? "aws_secret_access_key" : "aws_access_key_id");
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("write [default], aws_access_key_id = ... and "
					"aws_secret_access_key = ... (one per line) into it"));
		return -1;
	}
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

int cmd_s3_conn_from_instance(const struct rdm_globals *g, struct cmd_s3_conn *conn,
			      struct rdm_error *err)
{
	/* HOOK: the instance engine (src/instance) will read S3_ENDPOINT_URL,
	 * S3_REGION_NAME and S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY of the
	 * instance (.env, invenio.cfg, INVENIO_* environment, docker-services
	 * for MinIO) and fill what is still NULL here, setting creds_source to
	 * its provenance ("S3_SECRET_ACCESS_KEY from .env:4"). Until then, an
	 * explicit --instance is refused rather than silently ignored. */
	(void)conn;
	if (g->n_instances > 0) {
		rdm_error_set(err, _("reading the S3 settings of an instance (--instance) is not "
				     "supported by this command yet"));
		rdm_error_remedy(err, _("pass --endpoint, --region and the credentials "
					"(environment or --credentials-file) instead"));
		return -1;
	}
	return 0;
}

static int clock_offset_from_env(struct cmd_s3_conn *conn, struct rdm_error *err)
{
	/* A testing aid: pretend this machine's clock is off by N seconds. */
	const char *v = env_nonempty("RDM_S3_CLOCK_OFFSET");
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < -86400L * 365 || n > 86400L * 365)
		return rdm_error_set(err, _("RDM_S3_CLOCK_OFFSET must be a number of seconds, not '%s'"), v);
	conn->clock_offset = n;
	return 0;
}

int cmd_s3_conn_resolve(const struct rdm_globals *g, struct cmd_s3_conn *conn,
			struct rdm_error *err)
{
	memset(conn, 0, sizeof *conn);
	conn->endpoint = g->endpoint ? xstrdup(g->endpoint) : NULL;
	const char *region = g->region ? g->region : env_nonempty("AWS_REGION");
	if (!region)
		region = env_nonempty("AWS_DEFAULT_REGION");
	conn->region = region ? xstrdup(region) : NULL;
	conn->ca_file = g->ca_file ? xstrdup(g->ca_file) : NULL;
	conn->path_style = g->path_style;
	if (clock_offset_from_env(conn, err) != 0)
		goto fail;
	if (g->credentials_file) {
		int loose = 0;
		if (cmd_s3_creds_file_read(g->credentials_file, conn, &loose, err) != 0)
			goto fail;
		if (loose)
			fprintf(stderr, _("rdm-s3: warning: %s is readable by other users; "
					  "run: chmod 600 %s\n"), g->credentials_file, g->credentials_file);
	} else if (creds_from_env(conn, err) != 0) {
		goto fail;
	}
	if (cmd_s3_conn_from_instance(g, conn, err) != 0)
		goto fail;
	return 0;
fail:
	cmd_s3_conn_free(conn);
	return -1;
}
