# src/instance/settings/local.mk (included from src/instance/local.mk): the
# effective storage configuration with provenance and conflicts, and the
# config keys that edit it.
librdms3_a_SOURCES += \
	src/instance/settings/settings.c src/instance/settings/settings.h src/instance/settings/settings_int.h \
	src/instance/settings/settings_read.c src/instance/settings/settings_conflicts.c src/instance/settings/settings_git.c \
	src/instance/settings/settings_edit.c src/instance/settings/settings_edit.h src/instance/settings/settings_edit_int.h \
	src/instance/settings/settings_edit_apply.c src/instance/settings/settings_edit_creds.c \
	src/instance/settings/settings_edit_extra.c \
	src/instance/settings/settings_text.c
