# tests/instance.mk (included from Makefile.am)
