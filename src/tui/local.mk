# src/tui: sources of this layer (see Makefile.am)
# The dashboard: view (draw a model), worker thread (runs the checks),
# event loop (terminal, signals, ppoll on keys and the worker's pipe).
librdms3_a_SOURCES += \
	src/tui/dash_view.c src/tui/dash_view.h src/tui/dash_view_int.h \
	src/tui/dash_view_detail.c src/tui/dash_text.c \
	src/tui/dash_worker.c src/tui/dash_worker.h \
	src/tui/dash_loop.c src/tui/dash_loop.h
