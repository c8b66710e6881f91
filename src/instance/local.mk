# src/instance: sources of this layer (see Makefile.am)
