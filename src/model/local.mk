# src/model: sources of this layer (see Makefile.am)
# The screens' state machines (no curses, no I/O): the dashboard, the
# main menu, the setup wizard (over the engine's draft, through the table
# of engine calls in setup_engine.h), the rotation walkthrough.
librdms3_a_SOURCES += \
	src/model/dashboard_model.c src/model/dashboard_model.h \
	src/model/menu_model.c src/model/menu_model.h \
	src/model/setup_engine.c src/model/setup_engine.h \
	src/model/setup_model.c src/model/setup_model.h src/model/setup_model_int.h \
	src/model/setup_model_input.c src/model/setup_model_live.c \
	src/model/rotate_walk.c src/model/rotate_walk.h
