/* Making and reading secrets (secret_io.h). */
#include "config.h"
#include "util/secret_io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* The longest secret taken: a secret key is a few dozen characters; more is
 * the wrong input (a file, a binary), and reading it all would hold it in
 * memory and write it into the instance's files. */
#define SECRET_MAX 1024

char *secret_generate(size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char *s = xmalloc(len + 1);
	size_t n = 0;
	while (n < len) {
		unsigned char r[64];
		ssize_t got = getrandom(r, sizeof r, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			secret_free(s);
			return NULL;
		}
		for (ssize_t i = 0; i < got && n < len; i++)
			if (r[i] < 248) /* 248 = 4 * 62 */
				s[n++] = alphabet[r[i] % 62];
		secure_wipe(r, sizeof r);
	}
	s[n] = '\0';
	return s;
}

/* Everything on fd (one line on a terminal), at most SECRET_MAX + 1 bytes. */
static int read_all(int fd, int tty, struct buf *b)
{
	for (;;) {
		char chunk[256];
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (b->len + (size_t)n > SECRET_MAX + 1)
			n = (ssize_t)(SECRET_MAX + 1 - b->len);
		buf_append(b, chunk, (size_t)n);
		secure_wipe(chunk, sizeof chunk);
		if ((tty && memchr(b->data, '\n', b->len)) || b->len > SECRET_MAX)
			break;
	}
	return 0;
}

/* What is wrong with the value read (-1 with err naming the problem). */
static int input_problem(const struct buf *b, struct rdm_error *err)
{
	if (b->len > SECRET_MAX)
		return rdm_error_set(err, _("the value is longer than %d bytes; a secret key is a few dozen characters "
				     "(was the right input given?)"), SECRET_MAX);
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if (c == '\0')
			return rdm_error_set(err, _("the value contains a NUL byte (at byte %zu); it would cut the secret "
					     "short"), i + 1);
		if (c == '\n')
			return rdm_error_set(err, _("the value has more than one line; a secret is one line"));
		if (c < ' ' || c == 0x7f)
			return rdm_error_set(err, _("the value contains a control character (0x%02X at byte %zu)"), c, i + 1);
	}
	return 0;
}

static int finish(struct buf *b, char **out, struct rdm_error *err)
{
	if (b->len <= SECRET_MAX && b->len && b->data[b->len - 1] == '\n')
		b->len--;
	if (b->len <= SECRET_MAX && b->len && b->data[b->len - 1] == '\r')
		b->len--;
	if (b->data)
		b->data[b->len] = '\0';
	if (input_problem(b, err) != 0) {
		buf_free_secret(b);
		return -1;
	}
	*out = b->data ? b->data : xstrdup("");
	return 0;
}

int secret_read_fd(int fd, char **out, struct rdm_error *err)
{
	struct buf b = BUF_INIT_SECRET; /* wiped as it grows */
	struct termios old, quiet;
	*out = NULL;
	int tty = isatty(fd) && tcgetattr(fd, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	int rc = read_all(fd, tty, &b);
	if (tty)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (rc != 0) {
		buf_free_secret(&b);
		return rdm_error_set(err, _("cannot read the secret: %s"), strerror(errno));
	}
	return finish(&b, out, err);
}

int secret_read_file(const char *path, char **out, struct rdm_error *err)
{
	struct stat st;
	struct buf b = BUF_INIT_SECRET;
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rdm_error_set(err, _("cannot read %s: %s"), path, strerror(errno));
	if (fstat(fd, &st) == 0 && (st.st_mode & 077)) {
		close(fd);
		rdm_error_set(err, _("%s is readable by other users; a secret file must not be"), path);
		rdm_error_where(err, "%s", path);
		rdm_error_remedy(err, "chmod 600 %s", path);
		return -1;
	}
	int rc = read_all(fd, 0, &b);
	close(fd);
	if (rc != 0) {
		buf_free_secret(&b);
		return rdm_error_set(err, _("cannot read %s: %s"), path, strerror(errno));
	}
	rc = finish(&b, out, err);
	if (rc != 0)
		rdm_error_where(err, "%s", path);
	return rc;
}
