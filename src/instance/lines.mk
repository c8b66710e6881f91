# src/instance/lines.mk (included from Makefile.am)
# Line-oriented instance files: invenio.cfg (Python), .env (docker compose
# dotenv), .invenio / .invenio.private (configparser INI).
librdms3_a_SOURCES += \
	src/instance/lines_text.c src/instance/lines_text.h \
	src/instance/pycfg.h src/instance/pycfg_int.h \
	src/instance/pycfg_lex.c src/instance/pycfg_literal.c \
	src/instance/pycfg_scan.c src/instance/pycfg_edit.c \
	src/instance/dotenv.h src/instance/dotenv_int.h \
	src/instance/dotenv.c src/instance/dotenv_edit.c \
	src/instance/ini.h src/instance/ini_int.h \
	src/instance/ini.c src/instance/ini_edit.c
