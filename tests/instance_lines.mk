# tests/instance_lines.mk (included from Makefile.am)
# Tests of the line-oriented instance files: invenio.cfg, .env, .invenio.
LINES_TEST_UTIL = tests/unit/test_lines_util.c tests/unit/test_lines_util.h

check_PROGRAMS += tests/unit/test_pycfg tests/unit/test_pycfg_edit tests/unit/test_pycfg_block
tests_unit_test_pycfg_SOURCES = tests/unit/test_pycfg.c $(LINES_TEST_UTIL)
tests_unit_test_pycfg_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pycfg_LDADD = $(TEST_LIBS)
tests_unit_test_pycfg_edit_SOURCES = tests/unit/test_pycfg_edit.c $(LINES_TEST_UTIL)
tests_unit_test_pycfg_edit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pycfg_edit_LDADD = $(TEST_LIBS)
tests_unit_test_pycfg_block_SOURCES = tests/unit/test_pycfg_block.c $(LINES_TEST_UTIL)
tests_unit_test_pycfg_block_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pycfg_block_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_pycfg tests/unit/test_pycfg_edit tests/unit/test_pycfg_block
check_PROGRAMS += tests/unit/test_pycfg_dict
tests_unit_test_pycfg_dict_SOURCES = tests/unit/test_pycfg_dict.c $(LINES_TEST_UTIL)
tests_unit_test_pycfg_dict_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_pycfg_dict_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_pycfg_dict

EXTRA_DIST += tests/data/instance/cfg tests/data/instance/dotenv tests/data/instance/ini

check_PROGRAMS += tests/unit/test_dotenv tests/unit/test_dotenv_edit tests/unit/test_ini
tests_unit_test_dotenv_SOURCES = tests/unit/test_dotenv.c $(LINES_TEST_UTIL)
tests_unit_test_dotenv_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dotenv_LDADD = $(TEST_LIBS)
tests_unit_test_dotenv_edit_SOURCES = tests/unit/test_dotenv_edit.c $(LINES_TEST_UTIL)
tests_unit_test_dotenv_edit_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dotenv_edit_LDADD = $(TEST_LIBS)
tests_unit_test_ini_SOURCES = tests/unit/test_ini.c $(LINES_TEST_UTIL)
tests_unit_test_ini_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_ini_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_dotenv tests/unit/test_dotenv_edit tests/unit/test_ini

# ---- fuzzing (clang + libFuzzer; never part of `all` or `check`) ---------
# Built from the sources directly with clang (independent of how the library
# was configured). `make fuzz` builds them (together with the other areas'
# targets); `make fuzz-lines-run` gives each FUZZ_LINES_SECONDS (CI).
FUZZ_LINES_COMMON = \
	$(srcdir)/src/instance/lines_text.c $(srcdir)/src/instance/origin.c \
	$(srcdir)/src/util/xalloc.c $(srcdir)/src/util/buf.c $(srcdir)/src/util/error.c \
	$(srcdir)/src/util/secret.c
FUZZ_PYCFG_SRCS = $(srcdir)/tests/fuzz/fuzz_pycfg.c \
	$(srcdir)/src/instance/pycfg/pycfg_lex.c $(srcdir)/src/instance/pycfg/pycfg_literal.c \
	$(srcdir)/src/instance/pycfg/pycfg_scan.c $(srcdir)/src/instance/pycfg/pycfg_edit.c \
	$(FUZZ_LINES_COMMON)
FUZZ_DOTENV_SRCS = $(srcdir)/tests/fuzz/fuzz_dotenv.c \
	$(srcdir)/src/instance/dotenv/dotenv.c $(srcdir)/src/instance/dotenv/dotenv_edit.c \
	$(FUZZ_LINES_COMMON)
FUZZ_LINES_SECONDS = 20
FUZZ_LINES_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS)
EXTRA_DIST += tests/fuzz/fuzz_pycfg.c tests/fuzz/fuzz_dotenv.c
CLEANFILES += tests/fuzz/fuzz_pycfg tests/fuzz/fuzz_dotenv
.PHONY: fuzz-lines fuzz-lines-run

if HAVE_CLANG
fuzz: fuzz-lines
fuzz-run: fuzz-lines-run
fuzz-lines: tests/fuzz/fuzz_pycfg tests/fuzz/fuzz_dotenv

tests/fuzz/fuzz_pycfg: $(FUZZ_PYCFG_SRCS) config.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(CLANG) $(FUZZ_LINES_FLAGS) $(FUZZ_PYCFG_SRCS) -o $@

tests/fuzz/fuzz_dotenv: $(FUZZ_DOTENV_SRCS) config.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(CLANG) $(FUZZ_LINES_FLAGS) $(FUZZ_DOTENV_SRCS) -o $@

# Short runs for CI: new inputs go to scratch corpora; the fixtures in
# tests/data/instance are read-only seeds. invenio.cfg gets inputs up to
# 256 KiB: a lexer that is quadratic on long lines then hits -timeout.
fuzz-lines-run: fuzz-lines
	@for t in pycfg:cfg:262144 dotenv:dotenv:16384; do \
	  name=$${t%%:*}; rest=$${t#*:}; maxlen=$${rest#*:}; seeds=$(srcdir)/tests/data/instance/$${rest%%:*}; \
	  rm -rf tests/run/fuzz-$$name && $(MKDIR_P) tests/run/fuzz-$$name || exit 1; \
	  echo "fuzz_$$name: $(FUZZ_LINES_SECONDS)s"; \
	  ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz/fuzz_$$name \
	    -max_total_time=$(FUZZ_LINES_SECONDS) -max_len=$$maxlen -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 tests/run/fuzz-$$name $$seeds || exit 1; \
	done
else
fuzz-lines fuzz-lines-run:
	@echo "$@: clang was not found when configure ran; install it (apt-get install clang) and re-run configure" >&2; exit 1
endif
