# tests/sigv4.mk (included from Makefile.am)
