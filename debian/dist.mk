# debian/dist.mk (included from Makefile.am): the Debian packaging goes
# into the release tarball, so that `dpkg-buildpackage -us -uc -b` works in
# an unpacked tarball as in a git clone (.ci/deb does the former).
EXTRA_DIST += debian/changelog debian/control debian/copyright debian/rules \
	debian/source/format debian/dist.mk .ci/deb
