# src/ops/setup/local.mk: setup: survey, draft, validation, live questions,
# the plan builder (edits table) and setup's server steps.
librdms3_a_SOURCES += \
	src/ops/setup/setup.h src/ops/setup/setup_edit.h
