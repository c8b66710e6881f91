# src/ops/conn/local.mk: the one connection/credential resolver (endpoint,
# region, CA, credentials, with provenance) for every command that talks S3.
librdms3_a_SOURCES += \
	src/ops/conn/conn.h
