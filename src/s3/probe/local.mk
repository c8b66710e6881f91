# src/s3/probe/local.mk (included from src/s3/local.mk): the network probes of the
# health checks (DNS, TCP, TLS, server clock, MinIO health); see probe.h.
librdms3_a_SOURCES += \
	src/s3/probe/probe.h src/s3/probe/probe_int.h \
	src/s3/probe/probe_util.c src/s3/probe/probe_resolve.c src/s3/probe/probe_net.c \
	src/s3/probe/probe_tls.c src/s3/probe/probe_http.c src/s3/probe/probe_run.c

# The TLS probe uses libssl directly (configure only asks pkg-config for
# libcrypto; libssl comes with the same libssl-dev package). The resolver
# runs getaddrinfo in a thread.
PROBE_LIBS = -lssl -lpthread
RDM_LIBS += $(PROBE_LIBS)
