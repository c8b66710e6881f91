# src/s3/sigv4/local.mk (included from Makefile.am): the SigV4 signer.
librdms3_a_SOURCES += \
	src/s3/sigv4/sigv4.h \
	src/s3/sigv4/sigv4_internal.h \
	src/s3/sigv4/sigv4_encode.c \
	src/s3/sigv4/sigv4_canonical.c \
	src/s3/sigv4/sigv4_crypto.c \
	src/s3/sigv4/sigv4_sign.c
