# src/instance/deps/local.mk (included from src/instance/local.mk): the
# instance's Python dependencies (Pipfile, pyproject.toml): the s3 extra.
librdms3_a_SOURCES += src/instance/deps/deps.c src/instance/deps/deps.h
