/* Process-wide set-up of the libraries behind src/s3 (libcurl, and through
 * it OpenSSL). Called once by main before a command runs, while the
 * process has one thread: `check` runs instances and the dashboard its
 * checks in threads, and libcurl's global initialisation must come first.
 * Tests that never call it still work: libcurl then initialises itself on
 * first use. */
#ifndef RDM_S3_LIBRARY_H
#define RDM_S3_LIBRARY_H

/* Returns 0, or -1 when libcurl could not be initialised. */
int s3_library_init(void);
void s3_library_cleanup(void);

#endif
