# src/s3/sigv4.mk (included from Makefile.am)
