# src/s3/model/local.mk (included from Makefile.am): the S3 data model: XML
# responses, CORS (XML/JSON), errors and their explanations, bucket names,
# endpoints and request URLs. Also the libFuzzer target of the XML parser.
librdms3_a_SOURCES += \
	src/s3/model/status.h \
	src/s3/model/xml.h src/s3/model/xml.c \
	src/s3/cors/cors.h src/s3/cors/cors.c src/s3/cors/cors_json.c src/s3/cors/cors_match.c \
	src/s3/model/s3_error.h src/s3/model/s3_error.c src/s3/model/s3_time.c \
	src/s3/model/s3_explain_int.h src/s3/model/s3_explain.c src/s3/model/s3_explain_net.c \
	src/s3/model/bucket_name.h src/s3/model/bucket_name.c \
	src/s3/model/endpoint.h src/s3/model/endpoint.c

# ---- fuzzing (clang + libFuzzer; never part of `all` or `check`) ---------
# The fuzzer is compiled from the sources directly with clang, so it does
# not depend on how the library itself was configured (gcc, sanitizers).
FUZZ_S3_XML_SRCS = \
	$(srcdir)/tests/fuzz/fuzz_s3_xml.c \
	$(srcdir)/src/s3/model/xml.c $(srcdir)/src/s3/cors/cors.c $(srcdir)/src/s3/cors/cors_json.c \
	$(srcdir)/src/s3/cors/cors_match.c $(srcdir)/src/s3/model/s3_error.c $(srcdir)/src/s3/model/s3_time.c \
	$(srcdir)/src/s3/model/s3_explain.c $(srcdir)/src/s3/model/s3_explain_net.c \
	$(srcdir)/src/s3/model/bucket_name.c $(srcdir)/src/s3/model/endpoint.c \
	$(srcdir)/src/s3/sigv4/sigv4_encode.c \
	$(srcdir)/src/util/xalloc.c $(srcdir)/src/util/buf.c $(srcdir)/src/util/error.c \
	$(srcdir)/src/util/secret.c
FUZZ_SEEDS = $(srcdir)/tests/data/s3
# Time of the XML fuzzer in `make fuzz-run` (CI); override: FUZZ_SECONDS=300
FUZZ_SECONDS = 30
EXTRA_DIST += tests/fuzz/fuzz_s3_xml.c
CLEANFILES += tests/fuzz/fuzz_s3_xml
.PHONY: fuzz fuzz-run fuzz-s3-xml fuzz-s3-xml-run

# `fuzz` and `fuzz-run` only collect prerequisites (no recipe) so that every
# area can add its own targets to them.
if HAVE_CLANG
fuzz: fuzz-s3-xml
fuzz-run: fuzz-s3-xml-run
fuzz-s3-xml: tests/fuzz/fuzz_s3_xml

tests/fuzz/fuzz_s3_xml: $(FUZZ_S3_XML_SRCS) config.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(CLANG) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) \
	  $(XML_CFLAGS) $(JANSSON_CFLAGS) $(FUZZ_S3_XML_SRCS) -o $@ \
	  $(XML_LIBS) $(JANSSON_LIBS)

# New inputs go to the scratch corpus (first directory); the canned
# responses in tests/data/s3 are read-only seeds.
fuzz-s3-xml-run: tests/fuzz/fuzz_s3_xml
	@rm -rf tests/run/fuzz-s3-xml && $(MKDIR_P) tests/run/fuzz-s3-xml
	ASAN_OPTIONS=detect_leaks=1 ./tests/fuzz/fuzz_s3_xml -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	  tests/run/fuzz-s3-xml $(FUZZ_SEEDS)
else
fuzz fuzz-run fuzz-s3-xml fuzz-s3-xml-run:
	@echo "$@: clang was not found when configure ran; install it (apt-get install clang libclang-rt-14-dev) and re-run configure" >&2; exit 1
endif
