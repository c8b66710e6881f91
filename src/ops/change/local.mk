# src/ops/change/local.mk: the change engine: file plan + server steps,
# journal in .rdm-s3/changes/, runner with rollback, resume and undo.
librdms3_a_SOURCES += \
	src/ops/change/change.h src/ops/change/step.h
