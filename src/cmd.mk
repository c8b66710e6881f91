# src/: the command line (cli.c parses, each cmd_*.c is one command)
librdms3_a_SOURCES += \
	src/cli.c src/cli.h src/commands.c \
	src/cmd_help.c src/cmd_common.c src/cmd_common.h
