#include "config.h"
#include "cmd_common.h"

#include <errno.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd_hooks.h"
#include "ops/check/check_list.h"
#include "ops/check/check_run.h"
#include "util/i18n.h"

int cmd_parse_timeout(const char *command, const char *text, long default_ms, long *ms)
{
	*ms = default_ms;
	if (!text)
		return 0;
	char *end;
	errno = 0;
	double s = strtod(text, &end);
	if (errno || end == text || *end || !(s >= 0.001) || s > 3600)
		return cli_usage_error(command, _("--timeout wants seconds from 0.001 to 3600, not '%s'"),
				       text);
	*ms = (long)(s * 1000.0 + 0.5);
	return 0;
}

int cmd_clock_offset_from_env(long *out, struct rdm_error *err)
{
	return cmd_hook_clock_offset(out, err); /* 0 in builds without test hooks */
}

int cmd_parse_check_ids(const char *command, const char *const *lists, size_t n, char ***ids)
{
	struct rdm_error err = RDM_ERROR_INIT;
	for (size_t i = 0; i < n; i++)
		if (check_ids_parse(check_table, lists[i], ids, &err) != 0) {
			int rc = cli_usage_error(command, "%s%s%s", err.message, err.remedy ? "; " : "",
						 err.remedy ? err.remedy : "");
			rdm_error_clear(&err);
			return rc;
		}
	return 0;
}
