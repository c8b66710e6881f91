# tests/dashboard.mk (included from Makefile.am): `rdm-s3 dashboard`.
# Model without a screen, the worker thread with a fake probe, headless
# screen tests against golden dumps (tests/data/dashboard/), and one
# end-to-end run of the binary in tmux against a local s3rver.
DASHBOARD_FIXTURE = tests/unit/test_dashboard_fixture.c tests/unit/test_dashboard_fixture.h
# The one golden-screen helper of every screen test.
SCREEN_GOLDEN_SOURCES = tests/helpers/screen_golden.c tests/helpers/screen_golden.h
DASHBOARD_TESTS = \
	tests/unit/test_dashboard_model \
	tests/unit/test_dashboard_worker \
	tests/unit/test_dashboard_view

check_PROGRAMS += $(DASHBOARD_TESTS)
TESTS += $(DASHBOARD_TESTS)

tests_unit_test_dashboard_model_SOURCES = tests/unit/test_dashboard_model.c $(DASHBOARD_FIXTURE)
tests_unit_test_dashboard_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dashboard_model_LDADD = $(TEST_LIBS)

tests_unit_test_dashboard_worker_SOURCES = tests/unit/test_dashboard_worker.c
tests_unit_test_dashboard_worker_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dashboard_worker_LDADD = $(TEST_LIBS)

tests_unit_test_dashboard_view_SOURCES = tests/unit/test_dashboard_view.c $(DASHBOARD_FIXTURE) \
	$(SCREEN_GOLDEN_SOURCES)
tests_unit_test_dashboard_view_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dashboard_view_LDADD = $(TEST_LIBS)

EXTRA_DIST += tests/data/dashboard

# The command line without a screen; end-to-end in tmux (needs the binary,
# tmux and node for s3rver).
TESTS += tests/integration/test_dashboard_cli.sh tests/integration/test_dashboard_tmux.sh
EXTRA_DIST += tests/integration/test_dashboard_cli.sh tests/integration/test_dashboard_tmux.sh

# The main menu (`rdm-s3` without a command): its model, and its screens
# through the real front end, headless, with a key script (golden screens
# in tests/data/menu/); the command line without a terminal; tmux.
check_PROGRAMS += tests/unit/test_menu_model tests/unit/test_menu_screens
TESTS += tests/unit/test_menu_model tests/unit/test_menu_screens
tests_unit_test_menu_model_SOURCES = tests/unit/test_menu_model.c
tests_unit_test_menu_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_menu_model_LDADD = $(TEST_LIBS)
tests_unit_test_menu_screens_SOURCES = tests/unit/test_menu_screens.c $(SCREEN_GOLDEN_SOURCES) \
	$(INST_TEST_UTIL) $(FAKE_SETUP_SOURCES)
tests_unit_test_menu_screens_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_menu_screens_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/data/menu
TESTS += tests/integration/test_menu_cli.sh
EXTRA_DIST += tests/integration/test_menu_cli.sh
TESTS += tests/integration/test_menu_tmux.sh
EXTRA_DIST += tests/integration/test_menu_tmux.sh
