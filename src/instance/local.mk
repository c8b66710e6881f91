# src/instance: instance discovery, effective configuration, change plans
librdms3_a_SOURCES += \
	src/instance/origin.c src/instance/origin.h
