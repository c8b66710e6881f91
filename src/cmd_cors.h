/* The parts of `rdm-s3 cors` that live in their own files. */
#ifndef RDM_CMD_CORS_H
#define RDM_CMD_CORS_H
#include "cli.h"

/* rdm-s3 cors test BUCKET --origin URL [--method M] [--key K] [--header H]...
 * argv[0] is "cors", argv[1] "test". Returns an exit code. */
int cmd_cors_test(const struct rdm_globals *g, int argc, char **argv);

#endif
