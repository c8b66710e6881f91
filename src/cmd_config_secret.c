/* rdm-s3 config set-secret KEY [--generate] [--dry-run]: the value comes
 * from standard input (not echoed on a terminal) or is generated; it never
 * appears in argv, on the screen or in a log. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_config.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/secret_io.h"
#include "util/xalloc.h"

/* The value from standard input (not echoed on a terminal). */
static char *read_secret(const char *key, struct rdm_error *err)
{
	char *v;
	if (isatty(STDIN_FILENO)) {
		fprintf(stderr, _("Value for %s (not shown): "), key);
		fflush(stderr);
	}
	int rc = secret_read_fd(STDIN_FILENO, &v, err);
	if (isatty(STDIN_FILENO))
		fputc('\n', stderr);
	return rc == 0 ? v : NULL;
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
			return cli_usage_error("config", _("config set-secret: unexpected argument (give one KEY; the "
					       "value is read from standard input)"));
	}
	struct config_assign a = { name ? settings_key_find(name) : NULL, NULL };
	if (!name)
		return cli_usage_error("config", _("config set-secret needs a KEY"));
	if (!a.key || !a.key->secret)
		return cli_usage_error("config", _("config set-secret: '%s' is not a secret key (secret keys: "
				       "storage.secret-access-key, minio.root-password, rustfs.secret-key)"), name);
	struct rdm_error err = RDM_ERROR_INIT;
	a.value = generate ? secret_generate(SECRET_GENERATED_LEN) : read_secret(name, &err);
	if (!a.value && !generate) {
		fprintf(stderr, _("rdm-s3: invalid value for %s: %s\n  fix: give the secret alone, on one line, on "
				  "standard input (or use --generate)\n"), name, err.message);
		rdm_error_clear(&err);
		return RDM_EXIT_USAGE;
	}
	if (!a.value) {
		fprintf(stderr, _("rdm-s3: cannot get random bytes from the kernel\n"));
		return RDM_EXIT_FAILED;
	}
	if (!*a.value) {
		secret_free(a.value);
		return cli_usage_error("config", _("config set-secret: no value on standard input (or use --generate)"));
	}
	int rc = cmd_config_apply(g, "set-secret", &a, 1, dry_run);
	if (rc == 0 && generate && !dry_run && g->verbosity >= 0)
		printf(_("A new %s was generated and written; it is not shown (see the files, or "
			 "`rdm-s3 config show --show-secrets` on a terminal).\n"), name);
	secret_free(a.value);
	return rc;
}
