# src/ops: sources of this layer (see Makefile.am)
