/* `rdm-s3 setup` on a terminal: the wizard (src/tui/wizard/). The command
 * file of `setup` (which also runs `--non-interactive`) calls this when
 * stdin and stdout are a terminal (or RDM_S3_NO_DISPLAY is set) and no
 * --non-interactive was given. */
#ifndef RDM_CMD_SETUP_WIZARD_H
#define RDM_CMD_SETUP_WIZARD_H

struct rdm_globals;

/* Whether the wizard can run here: stdin and stdout are a terminal, or
 * RDM_S3_NO_DISPLAY asks for the headless screen. */
int cmd_setup_wizard_possible(void);

/* Runs the wizard on the instance folder dir (absolute). Returns the exit
 * status: 0 set up (or left before Apply: nothing changed), 1 the change
 * failed and was rolled back, or could not start (message printed),
 * 128+N after signal N. Needs libcurl initialised. */
int cmd_setup_wizard(const struct rdm_globals *g, const char *dir, long timeout_ms);

#endif
