#!/bin/bash
# Stop the MinIO that start.sh started from STATE_DIR (only pids recorded
# there whose command line names STATE_DIR) and remove STATE_DIR.
# Usage: stop.sh STATE_DIR [--keep]   (--keep: keep data and logs)
set -euo pipefail
TS_KIND=minio
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"
ts_stop "${1:?usage: stop.sh STATE_DIR [--keep]}" TERM "${2:-}"
