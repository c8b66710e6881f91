# src/s3/model.mk (included from Makefile.am)
