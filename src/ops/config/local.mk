# src/ops/config/local.mk: the config-change recipe (config set,
# set-secret, setup's edits) and CORS rules between JSON and Python.
librdms3_a_SOURCES += \
	src/ops/config/config_change.h src/ops/config/config_change.c src/ops/config/config_cors.c
