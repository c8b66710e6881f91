#include "config.h"
#include "util/secret.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int secret_protect_process(void)
{
	struct rlimit none = { 0, 0 };
	int rc = setrlimit(RLIMIT_CORE, &none);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		rc = -1;
	return rc;
}

void secure_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

void secret_free(char *s)
{
	if (!s)
		return;
	secure_wipe(s, strlen(s));
	free(s);
}

const char *secret_mask(const char *s)
{
	/* Even the length is withheld: a mask of fixed width. */
	return (s && *s) ? "********" : "(empty)";
}
