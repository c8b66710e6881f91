# tests/instance_yaml.mk (included from Makefile.am)
