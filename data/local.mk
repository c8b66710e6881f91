# data/: files installed under $(pkgdatadir)
