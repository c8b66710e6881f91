# src/model: sources of this layer (see Makefile.am)
# The screens' state machines (no curses, no I/O): the dashboard, the
# main menu.
librdms3_a_SOURCES += \
	src/model/dashboard_model.c src/model/dashboard_model.h \
	src/model/menu_model.c src/model/menu_model.h
