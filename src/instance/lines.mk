# src/instance/lines.mk (included from Makefile.am)
