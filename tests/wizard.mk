# tests/wizard.mk (included from Makefile.am): the setup wizard. Its model
# and its screens on a fake engine (tests/helpers/fake_setup_engine.c:
# answers from memory, no server).
FAKE_SETUP_SOURCES = tests/helpers/fake_setup_engine.c tests/helpers/fake_setup_engine.h

check_PROGRAMS += tests/unit/test_setup_model
TESTS += tests/unit/test_setup_model
tests_unit_test_setup_model_SOURCES = tests/unit/test_setup_model.c $(FAKE_SETUP_SOURCES)
tests_unit_test_setup_model_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_setup_model_LDADD = $(TEST_LIBS)

check_PROGRAMS += tests/unit/test_wizard_screens
TESTS += tests/unit/test_wizard_screens
tests_unit_test_wizard_screens_SOURCES = tests/unit/test_wizard_screens.c $(FAKE_SETUP_SOURCES) \
	$(SCREEN_GOLDEN_SOURCES) $(INST_TEST_UTIL)
tests_unit_test_wizard_screens_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_wizard_screens_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/data/wizard

# The wizard on the fake engine on a real terminal, for the tmux test of
# its terminal handling (built with the tests, not a test itself).
check_PROGRAMS += tests/helpers/fake_wizard
tests_helpers_fake_wizard_SOURCES = tests/helpers/fake_wizard.c $(FAKE_SETUP_SOURCES)
tests_helpers_fake_wizard_CFLAGS = $(TEST_CFLAGS)
tests_helpers_fake_wizard_LDADD = $(TEST_LIBS)
TESTS += tests/integration/test_wizard_tmux.sh
EXTRA_DIST += tests/integration/test_wizard_tmux.sh

# The wizard end to end on the real engine and a real MinIO (tmux).
TESTS += tests/integration/test_wizard_minio.sh
EXTRA_DIST += tests/integration/test_wizard_minio.sh
TESTS += tests/integration/test_wizard_other.sh
EXTRA_DIST += tests/integration/test_wizard_other.sh

# The dashboard's f (fix flows) end to end: the missing bucket and the
# placeholders fixed on a real MinIO (tmux).
TESTS += tests/integration/test_dashboard_fix_tmux.sh
EXTRA_DIST += tests/integration/test_dashboard_fix_tmux.sh
