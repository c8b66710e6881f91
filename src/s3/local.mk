# src/s3: transport, client and operations (owner: S3 transport/operations).
# The signer and the data model have their own fragments (sigv4.mk, model.mk).
librdms3_a_SOURCES += \
	src/s3/http.h src/s3/http_response.c src/s3/http_retry.c src/s3/http_curl.c \
	src/s3/curl_common.h src/s3/curl_common.c src/s3/s3_library.h src/s3/s3_library.c \
	src/s3/http_fake.h src/s3/http_fake.c \
	src/s3/client.h src/s3/client_internal.h src/s3/client.c src/s3/client_request.c \
	src/s3/ops_bucket.c src/s3/ops_cors.c src/s3/ops_object.c src/s3/presign.c


# The network probes of the health checks (DNS, TCP, TLS, clock, MinIO health).
include $(srcdir)/src/s3/probe.mk
