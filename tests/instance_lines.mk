# tests/instance_lines.mk (included from Makefile.am)
