#!/bin/bash
# Install InvenioRDM's configuration loader from PyPI (invenio-config, which
# brings Flask, and python-dotenv, the .env reader `pipenv run` uses) once
# into a Python virtual environment ~/.cache/rdm-s3/invenio-loader-<pins>
# and print INVENIO_PYTHON=<the venv's python>. For the tests only: rdm-s3
# never needs Python. Re-installs when the pins change.
# Exit 0 ok, 2 python3/venv missing or pip failed.
# Environment: RDM_S3_PYTHON (python3 to build the venv with), RDM_S3_CACHE.
set -euo pipefail
TS_KIND=invenio-loader
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../servers/lib.sh
. "$here/../servers/lib.sh"

PINS="invenio-config==1.1.1 python-dotenv==1.0.1"
dir="$RDM_S3_CACHE/invenio-loader-1.1.1"
python=${RDM_S3_PYTHON:-python3}
hint="install Python 3 with venv and pip (Debian: apt-get install python3 python3-venv python3-pip)"

command -v "$python" >/dev/null 2>&1 || ts_die "$TS_EXIT_MISSING" "'$python' not found: $hint"
installed() {
	[ "$(cat "$dir/.installed" 2>/dev/null)" = "$PINS" ] && [ -x "$dir/bin/python" ]
}
if ! installed; then
	mkdir -p "$(dirname "$dir")"
	exec 8>"$dir.lock"
	flock -w 600 8 || ts_die "$TS_EXIT_MISSING" "gave up waiting for another install (lock $dir.lock)"
	if ! installed; then
		log="$dir.install.log"
		ts_log "installing $PINS from PyPI into $dir (log: $log)"
		rm -rf "$dir"
		# shellcheck disable=SC2086
		if ! { "$python" -m venv "$dir" &&
			timeout 900 "$dir/bin/pip" install --disable-pip-version-check -q $PINS; } >"$log" 2>&1; then
			ts_log_tail "$log"
			rm -rf "$dir"
			ts_die "$TS_EXIT_MISSING" "could not install $PINS (is PyPI reachable? $hint); log: $log"
		fi
		printf '%s\n' "$PINS" >"$dir/.installed"
	fi
fi
ts_emit INVENIO_PYTHON "$dir/bin/python"
