#include "config.h"
#include "util/secret.h"

#include <stdlib.h>
#include <string.h>

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
