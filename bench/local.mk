# bench/: benchmark scripts (not tests, not run by make check). Shipped in
# the tarball so that the README's figures can be reproduced.
EXTRA_DIST += bench/README bench/lib.sh bench/check-vs-peers.sh \
	bench/dashboard-idle.sh bench/tui-vs-dialog.sh bench/ptyrun.c bench/rotate-downtime.sh
