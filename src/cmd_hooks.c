/* The test hooks (see cmd_hooks.h). The only place that reads them. */
#include "config.h"
#include "cmd_hooks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

static const char *env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

#if RDM_HOOKS_LIVE
int cmd_hooks_enabled(void) { return 1; }

unsigned cmd_hook_fault_at(void)
{
	const char *v = env_set("RDM_S3_FAULT_AT");
	return v ? (unsigned)strtoul(v, NULL, 10) : 0;
}

enum plan_fault cmd_hook_fault_kind(void)
{
	const char *v = env_set("RDM_S3_FAULT");
	if (v && !strcmp(v, "stop"))
		return PLAN_FAULT_STOP;
	if (v && !strcmp(v, "enospc"))
		return PLAN_FAULT_ENOSPC;
	if (v && !strcmp(v, "sync-eio"))
		return PLAN_FAULT_SYNC_EIO;
	return PLAN_FAULT_KILL;
}

int cmd_hook_clock_offset(long *out, struct rdm_error *err)
{
	const char *v = env_set("RDM_S3_CLOCK_OFFSET");
	*out = 0;
	if (!v)
		return 0;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < -86400L * 365 || n > 86400L * 365) {
		rdm_error_set(err, _("RDM_S3_CLOCK_OFFSET must be a whole number of seconds (at most a "
				     "year either way), not '%s'"), v);
		return -1;
	}
	*out = n;
	return 0;
}

const char *cmd_hook_localedir(const char *installed)
{
	const char *v = env_set("RDM_S3_LOCALEDIR");
	return v ? v : installed;
}

void cmd_hooks_warn_ignored(FILE *out) { (void)out; }
#else
int cmd_hooks_enabled(void) { return 0; }
unsigned cmd_hook_fault_at(void) { return 0; }
enum plan_fault cmd_hook_fault_kind(void) { return PLAN_FAULT_KILL; }

int cmd_hook_clock_offset(long *out, struct rdm_error *err)
{
	(void)err;
	*out = 0;
	return 0;
}

const char *cmd_hook_localedir(const char *installed) { return installed; }

void cmd_hooks_warn_ignored(FILE *out)
{
	static const char *const hook_vars[] = { "RDM_S3_FAULT_AT", "RDM_S3_FAULT", "RDM_S3_CLOCK_OFFSET",
						 "RDM_S3_LOCALEDIR" };
	for (size_t i = 0; i < sizeof hook_vars / sizeof *hook_vars; i++)
		if (env_set(hook_vars[i]))
			fprintf(out, _("rdm-s3: warning: %s is ignored: test hooks exist only in test builds "
				       "(configure --enable-test-hooks)\n"), hook_vars[i]);
}
#endif

const char *cmd_hooks_version_note(void)
{
	return cmd_hooks_enabled() ? "test build: hooks RDM_S3_FAULT_AT, RDM_S3_FAULT, RDM_S3_CLOCK_OFFSET, "
				     "RDM_S3_LOCALEDIR are live (do not install)"
				   : NULL;
}
