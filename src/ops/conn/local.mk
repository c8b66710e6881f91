# src/ops/conn/local.mk: the one connection/credential resolver (endpoint,
# region, CA, credentials, with provenance) for every command that talks S3.
librdms3_a_SOURCES += \
	src/ops/conn/conn.c src/ops/conn/conn.h src/ops/conn/conn_int.h src/ops/conn/conn_instance.c
