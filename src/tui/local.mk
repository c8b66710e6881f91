# src/tui: sources of this layer (see Makefile.am)
