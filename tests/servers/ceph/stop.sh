#!/bin/bash
# Stop the Ceph daemons that start.sh started from STATE_DIR (radosgw, osd,
# mon: only recorded pids whose command line names STATE_DIR) and remove it.
# Usage: stop.sh STATE_DIR [--keep]
#   default: SIGKILL (the memstore data is thrown away anyway; < 1 s)
#   --keep : graceful SIGTERM, keep STATE_DIR/log for inspection
set -euo pipefail
TS_KIND=ceph
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"
if [ "${2:-}" = --keep ]; then
	ts_stop "${1:?usage: stop.sh STATE_DIR [--keep]}" TERM --keep
else
	ts_stop "${1:?usage: stop.sh STATE_DIR [--keep]}" KILL
fi
