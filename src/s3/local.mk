# src/s3/local.mk (included from Makefile.am): the S3 client and its
# operations (buckets, CORS, objects, presigned URLs). Each subfolder has its
# own fragment: sigv4/ (the signer), model/ (XML, errors, endpoints, bucket
# names; also included from Makefile.am), cors/ (listed in model/local.mk,
# which its fuzzer shares), http/ (the transport), probe/ (network probes).
librdms3_a_SOURCES += \
	src/s3/s3_library.h src/s3/s3_library.c \
	src/s3/client.h src/s3/client_internal.h src/s3/client.c src/s3/client_request.c \
	src/s3/ops_bucket.c src/s3/ops_cors.c src/s3/ops_object.c src/s3/presign.c

include $(srcdir)/src/s3/http/local.mk
# Key management beside S3: MinIO admin, Ceph RGW admin ops, Amazon IAM.
include $(srcdir)/src/s3/admin/local.mk
# The network probes of the health checks (DNS, TCP, TLS, clock, MinIO health).
include $(srcdir)/src/s3/probe/local.mk
