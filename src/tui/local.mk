# src/tui: the terminal front end (see Makefile.am). Only this layer
# includes curses.
# shell/: the terminal, key sources, the view stack and its loop, the
# worker, shared drawing and screen dumps.
librdms3_a_SOURCES += \
	src/tui/shell/term.c src/tui/shell/term.h \
	src/tui/shell/keys.h src/tui/shell/keys_tty.c src/tui/shell/keys_script.c \
	src/tui/shell/view.h src/tui/shell/loop.c src/tui/shell/loop.h \
	src/tui/shell/worker.c src/tui/shell/worker.h \
	src/tui/shell/draw.c src/tui/shell/draw.h \
	src/tui/shell/dump.c src/tui/shell/dump.h
# widget/: input and display widgets and the modal boxes.
librdms3_a_SOURCES += \
	src/tui/widget/field.c src/tui/widget/field.h \
	src/tui/widget/list.c src/tui/widget/list.h \
	src/tui/widget/pane.c src/tui/widget/pane.h \
	src/tui/widget/modal.c src/tui/widget/modal.h \
	src/tui/widget/text_screen.c src/tui/widget/text_screen.h
# dash/: the dashboard (view of the dashboard model, check runs on the worker).
librdms3_a_SOURCES += \
	src/tui/dash/dash_view.c src/tui/dash/dash_view.h src/tui/dash/dash_view_int.h \
	src/tui/dash/dash_view_detail.c \
	src/tui/dash/dash_job.c src/tui/dash/dash_job.h \
	src/tui/dash/dash_screen.c src/tui/dash/dash_screen.h
# The app: the only file that knows every view.
librdms3_a_SOURCES += src/tui/app.c src/tui/app.h
# menu/: the main menu of `rdm-s3` (model in src/model/menu_model.c).
librdms3_a_SOURCES += \
	src/tui/menu/menu_screen.c src/tui/menu/menu_screen.h src/tui/menu/menu_int.h \
	src/tui/menu/menu_draw.c src/tui/menu/menu_jobs.c src/tui/menu/menu_jobs.h
# wizard/: `rdm-s3 setup` (model in src/model/setup_model.c, the engine
# through src/model/setup_engine.h).
librdms3_a_SOURCES += \
	src/tui/wizard/wizard_screen.c src/tui/wizard/wizard_screen.h src/tui/wizard/wizard_int.h \
	src/tui/wizard/wizard_jobs.c src/tui/wizard/wizard_draw.c \
	src/tui/wizard/wizard_draw_input.c src/tui/wizard/wizard_draw_apply.c
# rotate/: the rotation walkthrough (model in src/model/rotate_walk.c).
librdms3_a_SOURCES += src/tui/rotate/rotate_screen.c src/tui/rotate/rotate_screen.h
