# tests/s3_model.mk (included from Makefile.am)
