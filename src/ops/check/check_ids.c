/* --only / --skip id lists: "auth,bucket" (repeatable), validated against
 * the check table so a typo is a usage error, not a silently empty run. */
#include "config.h"
#include "ops/check/check_run.h"

#include <stdlib.h>
#include <string.h>

#include "ops/check/check_util.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static size_t ids_count(char **ids)
{
	size_t n = 0;
	while (ids && ids[n])
		n++;
	return n;
}

static int ids_has(char **ids, const char *id)
{
	for (size_t i = 0; ids && ids[i]; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

static void ids_push(char ***ids, char *id)
{
	size_t n = ids_count(*ids);
	*ids = xrealloc(*ids, (n + 2) * sizeof(**ids));
	(*ids)[n] = id;
	(*ids)[n + 1] = NULL;
}

int check_ids_parse(const struct check *const *table, const char *list, char ***ids,
		    struct rdm_error *err)
{
	const char *p = list ? list : "", *item;
	size_t m;
	while ((item = check_list_next(&p, &m)) != NULL) {
		char *id = xstrndup(item, m);
		if (!check_find(table, id)) {
			char *known = check_table_ids(table);
			rdm_error_set(err, _("unknown check '%s'"), id);
			rdm_error_remedy(err, _("known checks: %s"), known);
			free(known);
			free(id);
			return -1;
		}
		if (ids_has(*ids, id))
			free(id);
		else
			ids_push(ids, id);
	}
	return 0;
}

void check_ids_free(char **ids)
{
	for (size_t i = 0; ids && ids[i]; i++)
		free(ids[i]);
	free(ids);
}
