/* Small pieces of command-line handling that several commands share. */
#ifndef RDM_CMD_COMMON_H
#define RDM_CMD_COMMON_H

#include <stddef.h>

#include "util/error.h"

/* --timeout SECONDS (fractions allowed, 0.001 to 3600) into milliseconds.
 * text NULL: *ms = default_ms. A bad value is a usage error of command:
 * the message is printed and RDM_EXIT_USAGE returned; else 0. */
int cmd_parse_timeout(const char *command, const char *text, long default_ms, long *ms);

/* RDM_S3_CLOCK_OFFSET=SECONDS, a test hook (test builds only, see
 * cmd_hooks.h): act as if this machine's clock were that far off. Unset,
 * empty or not a test build: 0. Returns 0, or -1 with err
 * set when the value is not a whole number of seconds within a year. */
int cmd_clock_offset_from_env(long *out, struct rdm_error *err);

/* --only / --skip: each of the n comma-separated lists of check ids into
 * the NULL-terminated array *ids (see check_ids_parse). An unknown id is a
 * usage error of command (printed, RDM_EXIT_USAGE returned); else 0. */
int cmd_parse_check_ids(const char *command, const char *const *lists, size_t n, char ***ids);

#endif
