# src/ops/rotate/local.mk: credential rotation (rdm-s3 rotate): the survey,
# the plan and rotation's server steps on the change engine.
librdms3_a_SOURCES += \
	src/ops/rotate/rotate.h src/ops/rotate/rotate_int.h \
	src/ops/rotate/rotate_target.c src/ops/rotate/rotate_survey.c src/ops/rotate/rotate_plan.c \
	src/ops/rotate/rotate_create.c src/ops/rotate/rotate_steps.c src/ops/rotate/rotate_text.c
