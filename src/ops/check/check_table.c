/* The registry of health checks, in evaluation order, and its validation. */
#include "config.h"
#include "ops/check/check.h"

#include <string.h>

#include "util/buf.h"

#include "ops/check/check_list.h"
#include "util/i18n.h"

const struct check *const check_table[] = {
	&check_instance,
	&check_dns,
	&check_tcp,
	&check_tls,
	&check_clock,
	&check_auth,
	&check_bucket,
	&check_region,
	&check_cors,
	&check_presign,
	&check_canary,
	&check_minio_health,
	&check_browser_reach,
	&check_wiring,
	&check_client_compat,
	&check_minio_image,
	NULL,
};

const struct check *check_find(const struct check *const *table, const char *id)
{
	for (size_t i = 0; id && table[i]; i++)
		if (strcmp(table[i]->id, id) == 0)
			return table[i];
	return NULL;
}

char *check_table_ids(const struct check *const *table)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; table[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", table[i]->id);
	return buf_detach(&b);
}

static int id_well_formed(const char *id)
{
	if (!id || !*id || *id == '-')
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(id);
}

/* Index of id among the first n entries, or -1. */
static long index_before(const struct check *const *table, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i]->id, id) == 0)
			return (long)i;
	return -1;
}

int check_table_validate(const struct check *const *table, struct rdm_error *err)
{
	for (size_t i = 0; table[i]; i++) {
		const struct check *c = table[i];
		if (!id_well_formed(c->id))
			return rdm_error_set(err, _("check #%zu has a malformed id"), i + 1);
		if (index_before(table, i, c->id) >= 0)
			return rdm_error_set(err, _("check id '%s' is used twice"), c->id);
		if (!c->verdict || !c->title)
			return rdm_error_set(err, _("check '%s' has no verdict or title"), c->id);
		for (size_t d = 0; c->depends_on && c->depends_on[d]; d++)
			if (index_before(table, i, c->depends_on[d]) < 0)
				return rdm_error_set(err,
						     _("check '%s' depends on '%s', which is not an "
						     "earlier check"), c->id, c->depends_on[d]);
	}
	return 0;
}
