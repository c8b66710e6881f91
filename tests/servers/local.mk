# tests/servers/local.mk (included from Makefile.am)
