# tests/s3_ops.mk (included from Makefile.am)
