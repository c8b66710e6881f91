# src/instance/yaml.mk (included from Makefile.am)
