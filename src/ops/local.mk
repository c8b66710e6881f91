# src/ops/local.mk (included from Makefile.am): recipes and engines. Each
# concept has its own subfolder and fragment.
include $(srcdir)/src/ops/check/local.mk
