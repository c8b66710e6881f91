# src/model: sources of this layer (see Makefile.am)
# The dashboard's state (no curses, no I/O).
librdms3_a_SOURCES += \
	src/model/dashboard_model.c src/model/dashboard_model.h
