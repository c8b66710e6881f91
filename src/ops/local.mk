# src/ops/local.mk (included from Makefile.am): recipes and engines. Each
# concept has its own subfolder and fragment.
include $(srcdir)/src/ops/check/local.mk
include $(srcdir)/src/ops/conn/local.mk
include $(srcdir)/src/ops/config/local.mk
include $(srcdir)/src/ops/bucket/local.mk
include $(srcdir)/src/ops/change/local.mk
include $(srcdir)/src/ops/setup/local.mk
include $(srcdir)/src/ops/rotate/local.mk
include $(srcdir)/src/ops/fix/local.mk
# Every server-step type, for reading change journals back.
librdms3_a_SOURCES += src/ops/step_registry.c src/ops/step_registry.h
