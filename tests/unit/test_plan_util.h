/* Helpers shared by the instance-engine tests (atomic files, plans,
 * settings): scratch folders under $RDM_S3_TEST_RUN, whole-file reads and
 * writes, and running a piece of a test as an unprivileged user. */
#ifndef RDM_TEST_PLAN_UTIL_H
#define RDM_TEST_PLAN_UTIL_H
#include <stddef.h>
#include <sys/types.h>

/* A fresh empty folder $RDM_S3_TEST_RUN/<name>-<pid>-<n> (allocated). */
char *tu_scratch(const char *name);
/* Run argv (execvp, no shell) in folder dir (NULL: here) with standard
 * input and output on /dev/null; its exit status, or -1. */
int tu_run(const char *dir, char *const argv[]);
/* rm -rf (by tu_run of rm, only inside $RDM_S3_TEST_RUN). */
void tu_remove_tree(const char *dir);
void tu_write(const char *path, const char *text, mode_t mode);
/* Whole file as a NUL-terminated string, or NULL if missing (allocated). */
char *tu_read(const char *path);
/* "dir/name" (allocated). */
char *tu_join(const char *dir, const char *name);
/* Number of entries in dir whose name contains `part`. */
int tu_count_entries(const char *dir, const char *part);
/* Copy every regular file of src (not recursive) into dst. */
void tu_copy_dir(const char *src, const char *dst);
/* Run fn(ctx) in a child process; when running as root the child first
 * drops to uid/gid 65534 so that permission checks apply. Returns the
 * child's exit status (fn's return value), or -1 if it died. */
int tu_run_unprivileged(int (*fn)(void *ctx), void *ctx);
/* The tests' rule for prerequisites: returns 1 when CI=true (the caller
 * then fails), 0 when a skip is allowed. */
int tu_ci(void);

#endif
