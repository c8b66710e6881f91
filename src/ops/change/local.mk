# src/ops/change/local.mk: the change engine: file plan + server steps,
# journal in .rdm-s3/changes/, runner with rollback, resume and undo.
librdms3_a_SOURCES += \
	src/ops/change/change.h src/ops/change/step.h src/ops/change/change_int.h src/ops/change/journal.h \
	src/ops/change/fields.c src/ops/change/journal.c src/ops/change/change.c src/ops/change/run.c \
	src/ops/change/change_files.c src/ops/change/resume.c src/ops/change/undo.c
