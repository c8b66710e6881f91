# src/ops/setup/local.mk: setup: survey, draft, validation, live questions,
# the plan builder (edits table) and setup's server steps.
librdms3_a_SOURCES += \
	src/ops/setup/setup.h src/ops/setup/setup_edit.h src/ops/setup/setup_int.h src/ops/setup/setup_probe.h \
	src/ops/setup/setup_steps.h \
	src/ops/setup/setup_draft.c src/ops/setup/setup_survey.c src/ops/setup/setup_service.c \
	src/ops/setup/setup_validate.c src/ops/setup/setup_live.c src/ops/setup/setup_probe.c \
	src/ops/setup/setup_plan.c src/ops/setup/setup_edits.c \
	src/ops/setup/step_conn.c src/ops/setup/step_bucket.c src/ops/setup/step_cors.c \
	src/ops/setup/step_restart.c src/ops/setup/step_location.c src/ops/setup/step_verify.c
