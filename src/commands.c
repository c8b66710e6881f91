/* The command table: one line per command, each defined in its cmd_*.c. */
#include "config.h"
#include "cli.h"

extern const struct rdm_command cmd_help;
extern const struct rdm_command cmd_bucket, cmd_cors, cmd_presign;
extern const struct rdm_command cmd_config, cmd_undo;
extern const struct rdm_command cmd_dashboard;
extern const struct rdm_command cmd_check;
extern const struct rdm_command cmd_setup, cmd_rotate;

const struct rdm_command *const rdm_commands[] = {
	&cmd_help,
	&cmd_setup, &cmd_rotate,
	&cmd_check, &cmd_dashboard,
	&cmd_config, &cmd_undo,
	&cmd_bucket, &cmd_cors, &cmd_presign,
	NULL,
};
