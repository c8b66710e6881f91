/* Every command that reads an instance calls this first (undo excepted):
 * an interrupted change set is finished or rolled back before anything is
 * read (plan_recover_pending), and what was done is said on stderr. */
#ifndef RDM_CMD_RECOVER_H
#define RDM_CMD_RECOVER_H
#include "cli.h"
#include "util/error.h"

/* Recover the instance in dir. Strict (lenient = 0; config, the S3
 * commands): a set that cannot be recovered automatically is an error in
 * err (what the files hold and the one command that repairs it); returns
 * -1. Lenient (check, dashboard): never an error; a set left pending, a
 * busy lock or a state folder this user cannot write are reported by the
 * instance check instead. Returns 0 to go on. */
int cmd_recover_instance(const struct rdm_globals *g, const char *dir, int lenient, struct rdm_error *err);
/* The same, without the note about an unfinished change with server steps
 * (a setup interrupted or stopped) that cmd_recover_instance adds: for
 * `setup` itself, which handles that change. */
int cmd_recover_files(const struct rdm_globals *g, const char *dir, int lenient, struct rdm_error *err);

#endif
