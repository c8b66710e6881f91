# src/instance/plan/local.mk (included from src/instance/local.mk): change
# plans (every file a command changes, written atomically), their backups
# and `rdm-s3 undo`.
librdms3_a_SOURCES += \
	src/instance/plan/backup.c src/instance/plan/backup.h src/instance/plan/backup_int.h \
	src/instance/plan/backup_state.c src/instance/plan/backup_clean.c \
	src/instance/plan/plan.c src/instance/plan/plan.h src/instance/plan/plan_int.h \
	src/instance/plan/plan_apply.c src/instance/plan/plan_undo.c src/instance/plan/plan_recover.c
