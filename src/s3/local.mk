# src/s3: sources of this layer (see Makefile.am)
