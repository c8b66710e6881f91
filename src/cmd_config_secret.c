/* rdm-s3 config set-secret KEY [--generate] [--dry-run]: the value comes
 * from standard input (not echoed on a terminal) or is generated; it never
 * appears in argv, on the screen or in a log. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <termios.h>
#include <unistd.h>

#include "cmd_config.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define GENERATED_LEN 40

/* 40 characters of [A-Za-z0-9] from the kernel's CSPRNG (rejection
 * sampling, so every character is equally likely): ~238 bits. */
static char *generate_secret(void)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char *s = xmalloc(GENERATED_LEN + 1);
	size_t n = 0;
	while (n < GENERATED_LEN) {
		unsigned char r[64];
		ssize_t got = getrandom(r, sizeof r, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			secret_free(s);
			return NULL;
		}
		for (ssize_t i = 0; i < got && n < GENERATED_LEN; i++)
			if (r[i] < 248) /* 248 = 4 * 62 */
				s[n++] = alphabet[r[i] % 62];
		secure_wipe(r, sizeof r);
	}
	s[n] = '\0';
	return s;
}

/* The longest value taken from standard input: a secret key is a few dozen
 * characters; more is the wrong input (a file, a binary), and reading it
 * all would hold it in memory and write it into invenio.cfg. */
#define SECRET_INPUT_MAX 1024

/* Read at most max + 1 bytes (enough to tell "too long"); one line on a
 * terminal. b is a secret buffer: wiped as it grows. */
static void read_all(int fd, struct buf *b, size_t max)
{
	while (b->len <= max) {
		char *p = buf_reserve(b, 256);
		ssize_t n = read(fd, p, 256);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		if (isatty(fd) && memchr(p, '\n', (size_t)n))
			break; /* a terminal: one line */
	}
}

/* What is wrong with the value read (NULL: nothing), naming the problem. */
static char *input_problem(const struct buf *b)
{
	if (b->len > SECRET_INPUT_MAX)
		return xasprintf(_("the value on standard input is longer than %d bytes; a secret key is a few dozen "
				   "characters (was the right input given?)"), SECRET_INPUT_MAX);
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if (c == '\0')
			return xasprintf(_("the value contains a NUL byte (at byte %zu); it would cut the secret short"),
					 i + 1);
		if (c == '\n')
			return xasprintf(_("the value has more than one line; a secret is one line"));
		if (c < ' ' || c == 0x7f)
			return xasprintf(_("the value contains a control character (0x%02X at byte %zu)"), c, i + 1);
	}
	return NULL;
}

/* The value from standard input: one line on a terminal (echo off),
 * everything otherwise; one trailing newline (LF or CRLF) is dropped.
 * NULL with *problem set when it cannot be a secret. */
static char *read_secret(const char *key, char **problem)
{
	struct buf b = BUF_INIT_SECRET;
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, _("Value for %s (not shown): "), key);
		fflush(stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	read_all(STDIN_FILENO, &b, SECRET_INPUT_MAX);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (b.len && b.data[b.len - 1] == '\n')
		b.len--;
	if (b.len && b.data[b.len - 1] == '\r')
		b.len--;
	if (b.data)
		b.data[b.len] = '\0';
	if ((*problem = input_problem(&b)) != NULL) {
		buf_free_secret(&b);
		return NULL;
	}
	return b.data ? b.data : xstrdup("");
}

int cmd_config_set_secret(const struct rdm_globals *g, int argc, char **argv)
{
	int generate = 0, dry_run = 0;
	const char *name = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--generate"))
			generate = 1;
		else if (!strcmp(argv[i], "--dry-run"))
			dry_run = 1;
		else if (!name && argv[i][0] != '-')
			name = argv[i];
		else
			return cli_usage_error("config", "config set-secret: unexpected argument (give one KEY; the "
					       "value is read from standard input)");
	}
	struct cmd_config_assign a = { name ? settings_key_find(name) : NULL, NULL };
	if (!name)
		return cli_usage_error("config", "config set-secret needs a KEY");
	if (!a.key || !a.key->secret)
		return cli_usage_error("config", "config set-secret: '%s' is not a secret key (secret keys: "
				       "storage.secret-access-key, minio.root-password)", name);
	char *problem = NULL;
	a.value = generate ? generate_secret() : read_secret(name, &problem);
	if (!a.value && problem) {
		fprintf(stderr, _("rdm-s3: invalid value for %s: %s\n  fix: give the secret alone, on one line, on "
				  "standard input (or use --generate)\n"), name, problem);
		free(problem);
		return RDM_EXIT_USAGE;
	}
	if (!a.value) {
		fprintf(stderr, _("rdm-s3: cannot get random bytes from the kernel\n"));
		return RDM_EXIT_FAILED;
	}
	if (!*a.value) {
		secret_free(a.value);
		return cli_usage_error("config", "config set-secret: no value on standard input (or use --generate)");
	}
	int rc = cmd_config_apply(g, "set-secret", &a, 1, dry_run);
	if (rc == 0 && generate && !dry_run && g->verbosity >= 0)
		printf(_("A new %s was generated and written; it is not shown (see the files, or "
			 "`rdm-s3 config show --show-secrets` on a terminal).\n"), name);
	secret_free(a.value);
	return rc;
}
