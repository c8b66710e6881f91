# src/s3/http/local.mk (included from src/s3/local.mk): the HTTP transport
# (libcurl, retries, the response record) and the fake transport of the tests.
librdms3_a_SOURCES += \
	src/s3/http/http.h src/s3/http/http_response.c src/s3/http/http_retry.c src/s3/http/http_curl.c \
	src/s3/http/curl_common.h src/s3/http/curl_common.c \
	src/s3/http/http_fake.h src/s3/http/http_fake.c
