/* What `rdm-s3 config` and `rdm-s3 undo` share: opening the instance named
 * by --instance (or found from the current folder), printing an error
 * report, the fault-injection hook of the tests, and `config show`. */
#ifndef RDM_CMD_CONFIG_H
#define RDM_CMD_CONFIG_H
#include "cli.h"
#include "instance/instance.h"
#include "instance/plan/plan.h"
#include "instance/settings/settings_edit.h"
#include "ops/config/config_change.h"
#include "util/error.h"

/* Find and load the instance. On failure prints the error and returns an
 * exit code (RDM_EXIT_FAILED when there is no instance, RDM_EXIT_DATAERR
 * when a file cannot be read), else 0. */
int cmd_config_open(const struct rdm_globals *g, struct instance *inst);
/* Only find the instance folder (*dir allocated); same errors. */
int cmd_config_find(const struct rdm_globals *g, char **dir);
/* "rdm-s3: WHERE: MESSAGE" and "  fix: REMEDY" on stderr. */
void cmd_config_print_error(const struct rdm_error *err);
/* RDM_S3_FAULT_AT (test builds only, cmd_hooks.h): kill -9 before that
 * step of a write; 0 in other builds. */
unsigned cmd_config_fault_at(void);
/* RDM_S3_FAULT (test builds only): what happens at RDM_S3_FAULT_AT: `kill`
 * (default, SIGKILL), `stop` (SIGSTOP), `enospc` (what that step writes fails
 * as on a full disk) or `sync-eio` (the folder sync after its rename fails). */
enum plan_fault cmd_config_fault_kind(void);
/* `rdm-s3 config show [--show-secrets]` (argv[0] is "show"). */
int cmd_config_show(const struct rdm_globals *g, int argc, char **argv);
/* `rdm-s3 config set-secret KEY [--generate] [--dry-run]` (argv[0] is "set-secret"). */
int cmd_config_set_secret(const struct rdm_globals *g, int argc, char **argv);

/* Prepare every value (ops/config: the keys' rules, bucket names, CORS
 * rules JSON to Python), then apply them all to the instance as one
 * change: print the diff when dry_run, else write with backups. Prints
 * errors; returns an exit code. */
int cmd_config_apply(const struct rdm_globals *g, const char *sub, struct config_assign *a, size_t n,
		     int dry_run);

#endif
