/* Reading a credentials file (see creds_file.h). Every line is wiped after
 * parsing: it may hold a secret. */
#include "config.h"
#include "util/creds_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

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

static void store(struct creds_file *c, enum cred_field f, const char *value)
{
	char **slot = f == F_ACCESS ? &c->access_key_id
		: f == F_SECRET ? &c->secret_access_key : &c->session_token;
	secret_free(*slot);
	*slot = xstrdup(value);
}

/* One line; *in_default tracks INI sections (only [default] counts). */
static void parse_line(char *line, int *in_default, struct creds_file *c)
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
		store(c, f, unquote(trim(eq + 1)));
}

void creds_file_free(struct creds_file *c)
{
	if (!c)
		return;
	free(c->access_key_id);
	secret_free(c->secret_access_key);
	secret_free(c->session_token);
	memset(c, 0, sizeof *c);
}

/* stdio reads through a buffer of its own; ours is wiped after fclose. */
#define READ_BUF 4096

/* Whether the open file may be used as a private one: a regular file that
 * only its owner can read or write. */
static int check_private(FILE *f, const char *path, struct rdm_error *err)
{
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rdm_error_set(err, _("the credentials file is not a regular file"));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	if ((sb.st_mode & 077) != 0) {
		rdm_error_set(err, _("the admin credentials file can be read or written by others "
				     "(mode %03o); it must be private (0600)"),
			      (unsigned)(sb.st_mode & 0777));
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("chmod 600 %s"), path);
		return -1;
	}
	return 0;
}

static int read_file(const char *path, int require_private, struct creds_file *out,
		     int *group_readable, struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "r");
	if (!f) {
		rdm_error_set(err, _("cannot open the credentials file: %s"), strerror(errno));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	if (require_private && check_private(f, path, err) != 0) {
		fclose(f);
		return -1;
	}
	char *iobuf = xcalloc(READ_BUF, 1);
	setvbuf(f, iobuf, _IOFBF, READ_BUF);
	struct stat sb;
	if (group_readable)
		*group_readable = fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0;
	struct buf line = BUF_INIT;
	int in_default = 1; /* lines before any [section] count */
	int ch;
	do {
		ch = getc(f);
		if (ch != EOF && ch != '\n') {
			buf_putc(&line, (char)ch);
			continue;
		}
		if (line.len)
			parse_line(line.data, &in_default, out);
		secure_wipe(line.data, line.cap);
		buf_truncate(&line, 0);
	} while (ch != EOF);
	buf_free_secret(&line);
	fclose(f);
	secure_wipe(iobuf, READ_BUF);
	free(iobuf);
	if (!out->access_key_id || !out->secret_access_key) {
		rdm_error_set(err, _("the credentials file has no %s"),
			      out->access_key_id ? "aws_secret_access_key" : "aws_access_key_id");
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, _("write [default], aws_access_key_id = ... and "
					"aws_secret_access_key = ... (one per line) into it"));
		creds_file_free(out);
		return -1;
	}
	return 0;
}

int creds_file_read(const char *path, struct creds_file *out, int *group_readable,
		    struct rdm_error *err)
{
	return read_file(path, 0, out, group_readable, err);
}

int creds_file_read_private(const char *path, struct creds_file *out, struct rdm_error *err)
{
	return read_file(path, 1, out, NULL, err);
}
