/* Test hooks: environment variables that make rdm-s3 fail on purpose, for
 * the tests. They exist only in test builds (configure --enable-test-hooks,
 * which `make check`, bootstrap and CI use); in other builds every function
 * here returns the production value whatever the environment says, so an
 * installed rdm-s3 cannot be made to kill itself half way through a change
 * or to sign with a wrong clock by a stray variable.
 *
 *   RDM_S3_FAULT_AT=N        die (SIGKILL) right before step N of a change
 *   RDM_S3_FAULT=KIND        what happens at that step instead: stop
 *                            (SIGSTOP), enospc (its write fails as on a full
 *                            disk), sync-eio (its file is renamed into place,
 *                            then the folder sync fails)
 *   RDM_S3_CLOCK_OFFSET=S    act as if this machine's clock were S seconds off
 *   RDM_S3_LOCALEDIR=DIR     read the message catalogs from DIR (DIR/de/
 *                            LC_MESSAGES/rdm-s3.mo) instead of the installed
 *                            ones, so that tests run translated from the
 *                            build tree
 */
#ifndef RDM_CMD_HOOKS_H
#define RDM_CMD_HOOKS_H
#include <stdio.h>

#include "instance/plan/plan.h"
#include "util/error.h"

/* Whether the hooks are compiled in: configure's RDM_TEST_HOOKS (a test
 * compiles cmd_hooks.c with RDM_HOOKS_LIVE 0 to prove the other build). */
#ifndef RDM_HOOKS_LIVE
#define RDM_HOOKS_LIVE RDM_TEST_HOOKS
#endif

/* 1 in a test build. */
int cmd_hooks_enabled(void);
/* RDM_S3_FAULT_AT, or 0. */
unsigned cmd_hook_fault_at(void);
/* RDM_S3_FAULT, or PLAN_FAULT_KILL. */
enum plan_fault cmd_hook_fault_kind(void);
/* RDM_S3_CLOCK_OFFSET in seconds (0 when unset or not a test build); -1
 * with err when the value is not a whole number of seconds within a year. */
int cmd_hook_clock_offset(long *out, struct rdm_error *err);
/* Where the message catalogs are: RDM_S3_LOCALEDIR in a test build, else
 * installed (configure's localedir). */
const char *cmd_hook_localedir(const char *installed);
/* For --version: a line saying this is a test build, or NULL (the tests
 * check it, and nobody should install such a build). */
const char *cmd_hooks_version_note(void);
/* Not a test build: say on out that any of the variables set is ignored. */
void cmd_hooks_warn_ignored(FILE *out);

/* The help line of commands that honour RDM_S3_CLOCK_OFFSET: empty in
 * builds without the hooks. */
#if RDM_HOOKS_LIVE
#define CMD_HOOKS_HELP_CLOCK(what) \
	"Test build: RDM_S3_CLOCK_OFFSET=SECONDS " what " as if this machine's clock\n" \
	"were that far off (to see how clock skew is diagnosed).\n"
#else
#define CMD_HOOKS_HELP_CLOCK(what) ""
#endif

#endif
