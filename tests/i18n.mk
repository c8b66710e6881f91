# tests/i18n.mk (included from Makefile.am): translations. The catalogues
# of po/ compiled into tests/locale/LANG/LC_MESSAGES/rdm-s3.mo for the tests
# (the test build reads them through RDM_S3_LOCALEDIR / the screen test's
# bindtextdomain); the marked strings against po/POTFILES.in and the
# catalogues' format; the binary's report, help and errors in German and
# French and the fallback to English; the wizard, menu and dashboard in
# German against golden screens (tests/data/i18n-de/).
TEST_CATALOGS = tests/locale/de/LC_MESSAGES/rdm-s3.mo tests/locale/fr/LC_MESSAGES/rdm-s3.mo
check_DATA = $(TEST_CATALOGS)
tests/locale/de/LC_MESSAGES/rdm-s3.mo: $(top_srcdir)/po/de.po
	@$(MKDIR_P) tests/locale/de/LC_MESSAGES
	$(AM_V_GEN)$(MSGFMT) --check -o $@ $(top_srcdir)/po/de.po
tests/locale/fr/LC_MESSAGES/rdm-s3.mo: $(top_srcdir)/po/fr.po
	@$(MKDIR_P) tests/locale/fr/LC_MESSAGES
	$(AM_V_GEN)$(MSGFMT) --check -o $@ $(top_srcdir)/po/fr.po
CLEANFILES += $(TEST_CATALOGS)
AM_TESTS_ENVIRONMENT += \
	RDM_S3_TEST_LOCALEDIR='$(abs_top_builddir)/tests/locale'; export RDM_S3_TEST_LOCALEDIR;

TESTS += tests/unit/test_potfiles.sh tests/integration/test_i18n.sh
EXTRA_DIST += tests/unit/test_potfiles.sh tests/integration/test_i18n.sh

check_PROGRAMS += tests/unit/test_i18n_screens
TESTS += tests/unit/test_i18n_screens
tests_unit_test_i18n_screens_SOURCES = tests/unit/test_i18n_screens.c $(FAKE_SETUP_SOURCES) \
	$(SCREEN_GOLDEN_SOURCES) $(INST_TEST_UTIL) $(DASHBOARD_FIXTURE)
tests_unit_test_i18n_screens_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_i18n_screens_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/data/i18n-de

# Whether every message of the sources is translated in every catalogue of
# po/LINGUAS (0 untranslated, 0 fuzzy). Not part of `make check`: a new
# message shows in English until a translator adds it, and must not break
# the build; run this before a release (`make -C po update-po` merges new
# messages into the catalogues first).
po-check:
	@cd $(top_srcdir) && fail=0; \
	$(XGETTEXT) --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 \
	  -o $(abs_top_builddir)/po-check.pot -f po/POTFILES.in || exit 1; \
	for lang in `sed 's/#.*//' po/LINGUAS`; do \
	  $(MSGMERGE) --quiet --no-fuzzy-matching -o $(abs_top_builddir)/po-check.po po/$$lang.po \
	    $(abs_top_builddir)/po-check.pot || exit 1; \
	  stats=`$(MSGFMT) --check --statistics -o /dev/null $(abs_top_builddir)/po-check.po 2>&1`; \
	  echo "po/$$lang.po: $$stats"; \
	  case "$$stats" in *untranslated*|*fuzzy*) fail=1;; esac; \
	done; rm -f $(abs_top_builddir)/po-check.pot $(abs_top_builddir)/po-check.po; exit $$fail
.PHONY: po-check
