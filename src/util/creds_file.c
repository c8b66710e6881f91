/* Reading a credentials file (see creds_file.h). Every line is wiped after
 * parsing: it may hold a secret. */
#include "config.h"
#include "util/creds_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

/* A credentials file is a few lines. */
#define CREDS_FILE_MAX (64 * 1024)

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

/* Refuse a file that group or others may read or write, as ssh refuses
 * such a private key; `admin`: the administrator's keys of rotate. */
static int refuse_open_mode(const char *path, mode_t mode, int admin, struct rdm_error *err)
{
	if (admin)
		rdm_error_set(err, _("the admin credentials file can be read or written by others (mode %03o); it "
				     "must be private (0600)"), (unsigned)(mode & 0777));
	else
		rdm_error_set(err, _("the credentials file may be read by other users (mode %04o); rdm-s3 does not "
				     "use a secret others can read, as ssh refuses such a private key"),
			      (unsigned)(mode & 07777));
	rdm_error_where(err, "%s", path);
	rdm_error_remedy(err, _("chmod 600 %s (and consider the key exposed if others did read it)"), path);
	return -1;
}

/* The file, whole, into a secret buffer with read(2): stdio would keep a
 * copy in its own buffer that nobody wipes. Refused when others may read
 * it; `admin` also wants a regular file. */
static int read_private(const char *path, int admin, struct buf *text, int *group_readable, struct rdm_error *err)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rdm_error_set(err, _("cannot open the credentials file: %s"), strerror(errno));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	int have = fstat(fd, &sb) == 0;
	if (admin && (!have || !S_ISREG(sb.st_mode))) {
		close(fd);
		rdm_error_set(err, _("the credentials file is not a regular file"));
		rdm_error_where(err, "%s", path);
		return -1;
	}
	int loose = have && S_ISREG(sb.st_mode) && (sb.st_mode & 077) != 0;
	if (group_readable)
		*group_readable = loose;
	if (loose) {
		close(fd);
		return refuse_open_mode(path, sb.st_mode, admin, err);
	}
	for (;;) {
		char *p = buf_reserve(text, 4096);
		ssize_t n = read(fd, p, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rdm_error_set(err, _("cannot read the credentials file: %s"), strerror(errno));
			rdm_error_where(err, "%s", path);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		text->len += (size_t)n;
		if (text->len > CREDS_FILE_MAX) {
			rdm_error_set(err, _("the credentials file is larger than %d KiB: not a credentials file"),
				      CREDS_FILE_MAX / 1024);
			rdm_error_where(err, "%s", path);
			close(fd);
			return -1;
		}
	}
	text->data[text->len] = '\0';
	close(fd);
	return 0;
}

static int read_file(const char *path, int admin, struct creds_file *out, int *group_readable,
		     struct rdm_error *err)
{
	struct buf text = BUF_INIT_SECRET;
	memset(out, 0, sizeof *out);
	if (read_private(path, admin, &text, group_readable, err) != 0) {
		buf_free_secret(&text);
		return -1;
	}
	int in_default = 1; /* lines before any [section] count */
	for (char *line = text.data, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		parse_line(line, &in_default, out);
		if (!nl)
			break;
	}
	buf_free_secret(&text);
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
