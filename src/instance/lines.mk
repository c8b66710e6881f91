# src/instance/lines.mk (included from Makefile.am): pycfg/, dotenv/, ini/
# Line-oriented instance files: invenio.cfg (Python), .env (docker compose
# dotenv), .invenio / .invenio.private (configparser INI).
librdms3_a_SOURCES += \
	src/instance/lines_text.c src/instance/lines_text.h \
	src/instance/pycfg/pycfg.h src/instance/pycfg/pycfg_int.h \
	src/instance/pycfg/pycfg_lex.c src/instance/pycfg/pycfg_literal.c \
	src/instance/pycfg/pycfg_scan.c src/instance/pycfg/pycfg_edit.c src/instance/pycfg/pycfg_expr.c \
	src/instance/pycfg/pycfg_json.c \
	src/instance/dotenv/dotenv.h src/instance/dotenv/dotenv_int.h \
	src/instance/dotenv/dotenv.c src/instance/dotenv/dotenv_edit.c \
	src/instance/ini/ini.h src/instance/ini/ini_int.h \
	src/instance/ini/ini.c src/instance/ini/ini_edit.c
