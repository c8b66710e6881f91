/* `rdm-s3` without a command (see cmd_menu.c). */
#ifndef RDM_CMD_MENU_H
#define RDM_CMD_MENU_H

struct rdm_globals;

/* Runs the main menu when stdin and stdout are a terminal (or the
 * headless mode is asked for) and the options name at most one instance.
 * Returns the exit status, or -1 when the menu does not apply (main then
 * prints the usage). Outside an instance folder it prints the usage and
 * why, and returns RDM_EXIT_USAGE. Needs libcurl initialised. */
int cmd_menu(const struct rdm_globals *g);

#endif
