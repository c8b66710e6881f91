# src/instance/compose/local.mk (included from Makefile.am)
# docker-services.yml / docker-compose*.yml: libyaml reader with provenance
# and the byte-splicing editor (src/instance/compose/*.{c,h}); the public API
# is src/instance/compose/compose.h, the other headers are internal.
COMPOSE_SRCS = \
	src/instance/compose/compose.c src/instance/compose/compose.h \
	src/instance/compose/compose_doc.h \
	src/instance/compose/compose_tree.c \
	src/instance/compose/compose_map.c \
	src/instance/compose/compose_read.c \
	src/instance/compose/compose_quote.c src/instance/compose/compose_quote.h \
	src/instance/compose/compose_interp.c \
	src/instance/compose/compose_edit.c src/instance/compose/compose_edit.h \
	src/instance/compose/compose_edit_text.c \
	src/instance/compose/compose_edit_remove.c \
	src/instance/compose/compose_edit_block.c \
	src/instance/compose/compose_verify.c
librdms3_a_SOURCES += $(COMPOSE_SRCS)

# ---- libFuzzer target of the reader/splicer (clang; never in all/check) ----
# Compiled from the sources directly, so it does not depend on how the
# library was configured (gcc, sanitizers).
#   make fuzz-compose       build tests/fuzz/fuzz_compose
#   make fuzz-compose-run   short run for CI (FUZZ_COMPOSE_RUNS inputs)
FUZZ_COMPOSE_SRCS = $(srcdir)/tests/fuzz/fuzz_compose.c \
	$(filter %.c,$(addprefix $(srcdir)/,$(COMPOSE_SRCS))) \
	$(srcdir)/src/instance/origin.c \
	$(srcdir)/src/util/xalloc.c $(srcdir)/src/util/buf.c \
	$(srcdir)/src/util/error.c $(srcdir)/src/util/secret.c \
	$(srcdir)/src/util/file_read.c $(srcdir)/src/util/atomic_file.c
FUZZ_COMPOSE_RUNS = 20000
EXTRA_DIST += tests/fuzz/fuzz_compose.c
CLEANFILES += tests/fuzz/fuzz_compose
.PHONY: fuzz-compose fuzz-compose-run fuzz-instance-run

if HAVE_CLANG
# `make fuzz` / `make fuzz-run` (src/s3/model/local.mk) collect every area's
# targets; `make fuzz-instance-run` runs only the instance engine's three.
fuzz: fuzz-compose
fuzz-run: fuzz-compose-run
fuzz-instance-run: fuzz-compose-run fuzz-lines-run
fuzz-compose: tests/fuzz/fuzz_compose

tests/fuzz/fuzz_compose: $(FUZZ_COMPOSE_SRCS) config.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(CLANG) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) \
	  $(YAML_CFLAGS) $(FUZZ_COMPOSE_SRCS) -o $@ $(YAML_LIBS)

# New inputs go to a scratch corpus (first directory); the fixtures are
# read-only seeds. A run is bounded by a number of inputs, not by time.
fuzz-compose-run: tests/fuzz/fuzz_compose
	@rm -rf tests/run/fuzz-compose-corpus && $(MKDIR_P) tests/run/fuzz-compose-corpus
	ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz/fuzz_compose -runs=$(FUZZ_COMPOSE_RUNS) \
	  -max_len=4096 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	  tests/run/fuzz-compose-corpus $(srcdir)/tests/data/instance/compose/input
else
fuzz-compose fuzz-compose-run fuzz-instance-run:
	@echo "$@: clang was not found when configure ran; install it (apt-get install clang) and re-run configure" >&2; exit 1
endif
