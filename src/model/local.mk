# src/model: sources of this layer (see Makefile.am)
