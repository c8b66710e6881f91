/* Reading S3_CONFIG_EXTRA's text without Python, and the region remedy
 * (check_util.h). */
#include "config.h"
#include "ops/check/check_util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"
#include "util/i18n.h"

/* Whether a Python dict literal or dict(...) call sets key to want (string
 * value, any quotes, case-insensitive). A tolerant scan, not a parser. */
int check_extra_sets(const char *text, const char *key, const char *want)
{
	size_t klen = strlen(key), wlen = strlen(want);
	for (const char *p = text ? strstr(text, key) : NULL; p; p = strstr(p + 1, key)) {
		const char *q = p + klen;
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		if (*q == '"' || *q == '\'')
			q++;
		while (isspace((unsigned char)*q))
			q++;
		if (*q != ':' && *q != '=')
			continue;
		q++;
		while (isspace((unsigned char)*q))
			q++;
		if (*q != '"' && *q != '\'')
			continue;
		char quote = *q++;
		if (strncasecmp(q, want, wlen) == 0 && q[wlen] == quote)
			return 1;
	}
	return 0;
}

int check_extra_checksums_off(const char *text)
{
	return check_extra_sets(text, "request_checksum_calculation", "when_required");
}

char *check_region_remedy(const struct check_facts *f, const char *region)
{
	const char *where = f->target.region.where;
	if ((where && !strcmp(where, "--region")) || !f->instance.found)
		return xasprintf(_("use --region %s"), region);
	return xasprintf(_("`rdm-s3 config set storage.region=%s` (S3_REGION_NAME%s%s%s)"), region,
			 where ? ", now from " : "", where ? where : "", where ? "" : _(" is not set"));
}
