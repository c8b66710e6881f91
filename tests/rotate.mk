# `rdm-s3 rotate` end to end on the real local servers (MinIO started by
# the test, the shared Ceph RGW and moto), with the docker shim on PATH.
ROTATE_TESTS = tests/integration/test_rotate_minio.sh tests/integration/test_rotate_other.sh \
	tests/integration/test_rotate_kill.sh
TESTS += $(ROTATE_TESTS)
EXTRA_DIST += $(ROTATE_TESTS)
