# src/s3/admin/local.mk (included from src/s3/local.mk): key management
# beside S3, on the same signer and transport: MinIO's admin API (with its
# encrypted bodies), the Ceph RGW admin ops API and Amazon IAM.
librdms3_a_SOURCES += \
	src/s3/admin/admin_call.h src/s3/admin/admin_call.c src/s3/admin/admin_explain.c \
	src/s3/admin/admin_secret.h src/s3/admin/admin_secret.c \
	src/s3/admin/madmin_sio.h src/s3/admin/madmin_sio.c \
	src/s3/admin/madmin_crypt.h src/s3/admin/madmin_crypt.c \
	src/s3/admin/minio_admin.h src/s3/admin/minio_admin.c \
	src/s3/admin/rgw_admin.h src/s3/admin/rgw_admin.c \
	src/s3/admin/iam.h src/s3/admin/iam.c

# libargon2 derives the key of MinIO's Argon2id-encrypted answers.
AM_CFLAGS += $(ARGON2_CFLAGS)
RDM_LIBS += $(ARGON2_LIBS)
