# src/ops/bucket/local.mk: the bucket an instance uses, made to exist.
librdms3_a_SOURCES += \
	src/ops/bucket/bucket_ensure.h src/ops/bucket/bucket_ensure.c
