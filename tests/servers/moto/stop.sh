#!/bin/bash
# Stop the moto server that start.sh started from STATE_DIR (only recorded
# pids whose command line names STATE_DIR) and remove STATE_DIR.
# Usage: stop.sh STATE_DIR [--keep]
set -euo pipefail
TS_KIND=moto
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"
ts_stop "${1:?usage: stop.sh STATE_DIR [--keep]}" TERM "${2:-}"
