#!/bin/bash
# ensure.sh KIND: print the sourceable variables of the local S3 server of
# kind KIND (minio, ceph, s3rver, s3rver-tls, moto) that is SHARED by all tests of
# one `make check` run, starting it on first use.
#
#   eval "$("$top_srcdir/tests/servers/ensure.sh" minio)" || skip_or_fail
#   . "$SECRETS_FILE"     # SECRET_KEY (and ADMIN_SECRET_KEY for ceph)
#
# State lives in $RDM_S3_TEST_RUN/servers/KIND (set by make check); a flock
# on servers/KIND.lock makes parallel tests wait for one start instead of
# starting two. Tests share the server, so they must use unique bucket
# names. tests/servers/stop-all.sh (the last test of the run) stops them.
# A failed start is remembered for the rest of the run (servers/KIND.failed),
# so that every later test fails fast with the same message instead of
# retrying a slow build. Exit status: as start.sh (0, 1, 2, 3), 64 usage.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kind=${1:-}
TS_KIND="ensure $kind"
# shellcheck source=lib.sh
. "$here/lib.sh"

case $kind in
minio) start=("$here/minio/start.sh") ;;
ceph) start=("$here/ceph/start.sh") ;;
s3rver) start=("$here/s3rver/start.sh") ;;
s3rver-tls) start=("$here/s3rver/start.sh" --tls) ;;
moto) start=("$here/moto/start.sh") ;;
*) ts_die "$TS_EXIT_USAGE" "usage: ensure.sh minio|ceph|s3rver|s3rver-tls|moto" ;;
esac
[ -n "${RDM_S3_TEST_RUN:-}" ] ||
	ts_die "$TS_EXIT_USAGE" "RDM_S3_TEST_RUN is not set (make check sets it; outside it, use $kind/start.sh)"

base="$RDM_S3_TEST_RUN/servers"
D="$base/$kind"
mkdir -p "$base"
exec 9>"$base/$kind.lock"
if ! flock -n 9; then
	ts_log "waiting for another test that is starting the shared $kind server"
	flock -w "${RDM_S3_ENSURE_TIMEOUT:-3900}" 9 ||
		ts_die "$TS_EXIT_FAILED" "gave up waiting for the lock $base/$kind.lock"
fi

if [ -f "$base/$kind.failed" ]; then
	status=$(head -n 1 "$base/$kind.failed")
	ts_log "the shared $kind server failed to start earlier in this run (exit $status):"
	tail -n +2 "$base/$kind.failed" >&2
	exit "$status"
fi

if [ -f "$D/server.env" ] && ts_running "$D"; then
	touch "$D/last-used"
	cat "$D/server.env"
	exit 0
fi
if [ -d "$D" ]; then # died (watchdog, crash): clean up and start anew
	ts_log "the shared $kind server in $D is not running any more; restarting it"
	kd=${kind%-tls}
	"$here/$kd/stop.sh" "$D" >&2 9>&- || rm -rf "$D"
fi

set +e
# 9>&-: the daemons must not inherit the lock, or they would hold it forever
"${start[@]}" "$D" >"$base/$kind.out" 2>"$base/$kind.start.log" 9>&-
status=$?
set -e
cat "$base/$kind.start.log" >&2
if [ "$status" -ne 0 ]; then
	{
		echo "$status"
		tail -n 40 "$base/$kind.start.log"
	} >"$base/$kind.failed"
	exit "$status"
fi
cat "$base/$kind.out"
