# src/instance/local.mk (included from Makefile.am)
# src/instance: instance discovery, effective configuration, change plans
librdms3_a_SOURCES += \
	src/instance/origin.c src/instance/origin.h \
	src/instance/backup.c src/instance/backup.h \
	src/instance/plan.c src/instance/plan.h src/instance/plan_int.h \
	src/instance/plan_apply.c src/instance/plan_undo.c \
	src/instance/instance.c src/instance/instance.h src/instance/instance_git.c \
	src/instance/settings.c src/instance/settings.h src/instance/settings_int.h \
	src/instance/settings_read.c src/instance/settings_conflicts.c src/instance/settings_git.c \
	src/instance/settings_edit.c src/instance/settings_edit.h src/instance/settings_edit_int.h \
	src/instance/settings_edit_apply.c src/instance/settings_edit_creds.c
