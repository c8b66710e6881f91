/* Internal to util/atomic_file.c and util/file_read.c: path pieces and the
 * error reports both use. */
#ifndef RDM_UTIL_ATOMIC_FILE_INT_H
#define RDM_UTIL_ATOMIC_FILE_INT_H
#include "util/error.h"

/* The folder of path (allocated; "." when none). */
char *atomic_path_dir(const char *path);
/* The last component of path (points into path). */
const char *atomic_path_base(const char *path);
/* Fill err for a failed system call with a remedy that fits errno; -1. */
int atomic_fail_io(struct rdm_error *err, const char *path, const char *what, int e);
/* path is a symbolic link: an error naming its target; -1. */
int atomic_refuse_link(const char *path, struct rdm_error *err);

#endif
