/* Scratch copies of data/sample-instance for tests that check a real
 * server: the copy points at the server, uses its keys (as the app's keys
 * and as the compose MinIO's root user, which publishes the server's port
 * for its API), sets S3_CONFIG_EXTRA for boto3,
 * records the bucket in .invenio and keeps its files at mode 0600, so that
 * every instance-level check passes. Made under
 * $RDM_S3_TEST_RUN/check-live/. For cmocka tests (fails the test on error). */
#ifndef RDM_TESTS_SAMPLE_INSTANCE_H
#define RDM_TESTS_SAMPLE_INSTANCE_H

struct sample_instance_spec {
	const char *endpoint, *access_key, *secret_key, *bucket;
};

/* The new folder (allocated); name becomes part of it. */
char *sample_instance_make(const char *name, const struct sample_instance_spec *s);

/* Replaces the text from by to in dir/file (from must occur). */
void sample_instance_edit(const char *dir, const char *file, const char *from, const char *to);

#endif
