# src/instance/local.mk (included from Makefile.am): instance discovery and
# the files' provenance. Subfolders, each with its fragment: compose/
# (docker-services.yml; included from Makefile.am), pycfg/ dotenv/ ini/
# (lines.mk), plan/ (change plans, backups, undo), settings/ (the effective
# configuration and its editor).
librdms3_a_SOURCES += \
	src/instance/origin.c src/instance/origin.h \
	src/instance/instance.c src/instance/instance.h src/instance/instance_git.c

include $(srcdir)/src/instance/plan/local.mk
include $(srcdir)/src/instance/settings/local.mk
include $(srcdir)/src/instance/deps/local.mk
