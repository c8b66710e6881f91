/* The command table: one line per command, each defined in its cmd_*.c. */
#include "config.h"
#include "cli.h"

extern const struct rdm_command cmd_help;

const struct rdm_command *const rdm_commands[] = {
	&cmd_help,
	NULL,
};
