#!/bin/bash
# Install the pinned s3rver (package.json + package-lock.json beside this
# script) once with `npm ci` into ~/.cache/rdm-s3/s3rver-3.7.1 and print
# S3RVER_MODULES=<node_modules dir>. Re-installs when the lock file changes.
# Exit 0 ok, 2 node/npm missing or npm ci failed.
# Environment: RDM_S3_NODE, RDM_S3_NPM (commands), RDM_S3_CACHE.
set -euo pipefail
TS_KIND=s3rver
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

S3RVER_VERSION=3.7.1
dir="$RDM_S3_CACHE/s3rver-$S3RVER_VERSION"
node=${RDM_S3_NODE:-node}
npm=${RDM_S3_NPM:-npm}
hint="install Node.js >= 10 and npm (Debian: apt-get install nodejs npm)"

command -v "$node" >/dev/null 2>&1 || ts_die "$TS_EXIT_MISSING" "'$node' not found: s3rver runs on Node.js; $hint"
want=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
installed() {
	[ "$(cat "$dir/.installed" 2>/dev/null)" = "$want" ] &&
		[ -f "$dir/node_modules/s3rver/package.json" ]
}
if installed; then
	ts_emit S3RVER_MODULES "$dir/node_modules"
	exit 0
fi

command -v "$npm" >/dev/null 2>&1 || ts_die "$TS_EXIT_MISSING" "'$npm' not found: s3rver $S3RVER_VERSION is installed from the npm registry; $hint"
mkdir -p "$dir"
exec 8>"$dir.lock"
flock -w 600 8 || ts_die "$TS_EXIT_MISSING" "gave up waiting for another s3rver install (lock $dir.lock)"
if ! installed; then
	log="$dir.install.log"
	ts_log "installing s3rver $S3RVER_VERSION from npm into $dir (npm ci; log: $log)"
	rm -rf "$dir/node_modules" "$dir/.installed"
	cp "$here/package.json" "$here/package-lock.json" "$dir/"
	if ! (cd "$dir" && timeout 600 "$npm" ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
		ts_log_tail "$log"
		ts_die "$TS_EXIT_MISSING" "npm ci of s3rver $S3RVER_VERSION failed (is the npm registry reachable?); log: $log"
	fi
	printf '%s\n' "$want" >"$dir/.installed"
	ts_log "s3rver $S3RVER_VERSION installed"
fi
ts_emit S3RVER_MODULES "$dir/node_modules"
