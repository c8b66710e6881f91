# src/util: buffers, strings, secrets, errors, atomic files, diff, child processes
librdms3_a_SOURCES += \
	src/util/xalloc.c src/util/xalloc.h \
	src/util/buf.c src/util/buf.h \
	src/util/secret.c src/util/secret.h \
	src/util/error.c src/util/error.h \
	src/util/i18n.h \
	src/util/atomic_file.c src/util/atomic_file.h src/util/atomic_file_int.h src/util/file_read.c \
	src/util/diff.c src/util/diff.h \
	src/util/creds_file.c src/util/creds_file.h \
	src/util/spawn.c src/util/spawn.h \
	src/util/secret_io.c src/util/secret_io.h
