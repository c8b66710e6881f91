# src/: the command line, the layer above all others: cli.c parses the
# global options, commands.c holds the table, each cmd_*.c is one command
# (plus the plumbing several commands share).
librdms3_a_SOURCES += \
	src/cli.c src/cli.h src/commands.c \
	src/cmd_help.c src/cmd_common.c src/cmd_common.h src/cmd_recover.c src/cmd_recover.h \
	src/cmd_hooks.c src/cmd_hooks.h
# the main menu (`rdm-s3` without a command) and the setup wizard's entry
librdms3_a_SOURCES += src/cmd_menu.c src/cmd_menu.h src/cmd_setup_wizard.c src/cmd_setup_wizard.h
# health checks and the live dashboard
librdms3_a_SOURCES += \
	src/cmd_check.c src/cmd_check.h src/cmd_check_run.c src/cmd_dashboard.c
# the instance's configuration
librdms3_a_SOURCES += \
	src/cmd_config.c src/cmd_config.h src/cmd_config_show.c src/cmd_config_secret.c \
	src/cmd_undo.c
# setup: the engine's first front end
librdms3_a_SOURCES += \
	src/cmd_setup.c src/cmd_setup.h src/cmd_setup_out.c
# rotate: the app's S3 key replaced on the same engine
librdms3_a_SOURCES += src/cmd_rotate.c src/cmd_rotate.h src/cmd_rotate_out.c
# S3: bucket, cors, presign, and their connection and JSON plumbing
librdms3_a_SOURCES += \
	src/cmd_json.c src/cmd_json.h src/cmd_s3.c src/cmd_s3.h src/cmd_s3_conn.c \
	src/cmd_bucket.c src/cmd_cors.c src/cmd_cors.h src/cmd_cors_test.c src/cmd_presign.c
