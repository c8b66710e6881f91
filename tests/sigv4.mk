# tests/sigv4.mk (included from Makefile.am): tests of the SigV4 signer.
# The vectors in tests/data/sigv4/ (see its README) are listed as
# directories: EXTRA_DIST copies them recursively.
SIGV4_VECIO = tests/unit/sigv4_vecio.c tests/unit/sigv4_vecio.h

check_PROGRAMS += tests/unit/test_sigv4_suite tests/unit/test_sigv4_s3 \
	tests/unit/test_sigv4_encode tests/unit/test_sigv4_api tests/unit/test_sigv4_curl
TESTS += tests/unit/test_sigv4_suite tests/unit/test_sigv4_s3 \
	tests/unit/test_sigv4_encode tests/unit/test_sigv4_api tests/unit/test_sigv4_curl

tests_unit_test_sigv4_suite_SOURCES = tests/unit/test_sigv4_suite.c $(SIGV4_VECIO)
tests_unit_test_sigv4_suite_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sigv4_suite_LDADD = $(TEST_LIBS)

tests_unit_test_sigv4_s3_SOURCES = tests/unit/test_sigv4_s3.c $(SIGV4_VECIO)
tests_unit_test_sigv4_s3_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sigv4_s3_LDADD = $(TEST_LIBS)

tests_unit_test_sigv4_encode_SOURCES = tests/unit/test_sigv4_encode.c
tests_unit_test_sigv4_encode_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sigv4_encode_LDADD = $(TEST_LIBS)

tests_unit_test_sigv4_api_SOURCES = tests/unit/test_sigv4_api.c
tests_unit_test_sigv4_api_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sigv4_api_LDADD = $(TEST_LIBS)

# The differential test runs its own loopback listener in a thread.
tests_unit_test_sigv4_curl_SOURCES = tests/unit/test_sigv4_curl.c
tests_unit_test_sigv4_curl_CFLAGS = $(TEST_CFLAGS) -pthread
tests_unit_test_sigv4_curl_LDADD = $(TEST_LIBS) -lpthread

EXTRA_DIST += tests/data/sigv4/README tests/data/sigv4/s3-examples.txt \
	tests/data/sigv4/aws-sig-v4-test-suite tests/data/sigv4/aws-c-auth-v4

# ---- fuzzing (clang + libFuzzer; never part of `all` or `check`) ---------
# Built from the sources directly with clang, like the XML fuzzer in
# src/s3/model.mk, so it does not depend on how the library was configured.
FUZZ_SIGV4_SRCS = $(srcdir)/tests/fuzz/fuzz_sigv4.c \
	$(srcdir)/src/s3/sigv4/sigv4_encode.c $(srcdir)/src/s3/sigv4/sigv4_canonical.c \
	$(srcdir)/src/s3/sigv4/sigv4_crypto.c $(srcdir)/src/s3/sigv4/sigv4_sign.c \
	$(srcdir)/src/util/xalloc.c $(srcdir)/src/util/buf.c $(srcdir)/src/util/error.c \
	$(srcdir)/src/util/secret.c
# Total time of `make fuzz-sigv4-run`; override: make fuzz-sigv4-run FUZZ_SIGV4_SECONDS=300
FUZZ_SIGV4_SECONDS = 30
EXTRA_DIST += tests/fuzz/fuzz_sigv4.c
CLEANFILES += tests/fuzz/fuzz_sigv4
.PHONY: fuzz-sigv4 fuzz-sigv4-run

if HAVE_CLANG
fuzz: fuzz-sigv4
fuzz-run: fuzz-sigv4-run
fuzz-sigv4: tests/fuzz/fuzz_sigv4

tests/fuzz/fuzz_sigv4: $(FUZZ_SIGV4_SRCS) config.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(CLANG) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) \
	  $(CRYPTO_CFLAGS) $(FUZZ_SIGV4_SRCS) -o $@ $(CRYPTO_LIBS)

fuzz-sigv4-run: tests/fuzz/fuzz_sigv4
	@rm -rf tests/run/fuzz-sigv4 && $(MKDIR_P) tests/run/fuzz-sigv4
	ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz/fuzz_sigv4 -max_total_time=$(FUZZ_SIGV4_SECONDS) \
	  -max_len=4096 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 tests/run/fuzz-sigv4
else
fuzz-sigv4 fuzz-sigv4-run:
	@echo "$@: clang was not found when configure ran; install it (apt-get install clang libclang-rt-14-dev) and re-run configure" >&2; exit 1
endif
