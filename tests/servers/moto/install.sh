#!/bin/bash
# Install the pinned moto (Amazon S3/IAM emulator, PyPI) once into a Python
# virtual environment ~/.cache/rdm-s3/moto-<version> and print
# MOTO_PYTHON=<the venv's python>. Re-installs when the pin changes.
# Exit 0 ok, 2 python3/venv missing or pip failed.
# Environment: RDM_S3_PYTHON (python3 to build the venv with), RDM_S3_CACHE.
set -euo pipefail
TS_KIND=moto
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

MOTO_VERSION=5.2.5
dir="$RDM_S3_CACHE/moto-$MOTO_VERSION"
python=${RDM_S3_PYTHON:-python3}
hint="install Python 3 with venv and pip (Debian: apt-get install python3 python3-venv python3-pip)"
want="moto[server]==$MOTO_VERSION"

command -v "$python" >/dev/null 2>&1 || ts_die "$TS_EXIT_MISSING" "'$python' not found: moto runs on Python; $hint"
installed() {
	[ "$(cat "$dir/.installed" 2>/dev/null)" = "$want" ] && [ -x "$dir/bin/python" ]
}
if installed; then
	ts_emit MOTO_PYTHON "$dir/bin/python"
	exit 0
fi

mkdir -p "$(dirname "$dir")"
exec 8>"$dir.lock"
flock -w 600 8 || ts_die "$TS_EXIT_MISSING" "gave up waiting for another moto install (lock $dir.lock)"
if ! installed; then
	log="$dir.install.log"
	ts_log "installing $want from PyPI into $dir (log: $log)"
	rm -rf "$dir"
	if ! { "$python" -m venv "$dir" &&
		timeout 900 "$dir/bin/pip" install --disable-pip-version-check -q "$want"; } >"$log" 2>&1; then
		ts_log_tail "$log"
		rm -rf "$dir"
		ts_die "$TS_EXIT_MISSING" "could not install $want (is PyPI reachable? $hint); log: $log"
	fi
	printf '%s\n' "$want" >"$dir/.installed"
	ts_log "moto $MOTO_VERSION installed"
fi
ts_emit MOTO_PYTHON "$dir/bin/python"
