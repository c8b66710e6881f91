# src/ops/fix/local.mk: the dashboard's fixes: one check's remedy as a
# change (built on setup's edits and steps), and their own step types.
librdms3_a_SOURCES += \
	src/ops/fix/fix.h src/ops/fix/fix_int.h src/ops/fix/fix_steps.h \
	src/ops/fix/fix.c src/ops/fix/fix_modes.c src/ops/fix/step_mode.c
